"""How report kernels start: over IPC sockets with names of their own, so two kernels never race for a port.

Over TCP, a kernel manager picks free ports and the kernel binds them a moment later; a kernel started in
between can take the same port and die (`ZMQError: Address already in use`). Unix sockets named after a
fresh random prefix cannot collide, and the kernel no longer warns that it runs over unencrypted TCP. A finished report's kernel is
shut down without the interrupt jupyter_client sends first, which only logs a spurious error. The client stops
draining stray start-up messages after 20 ms of silence rather than 200 ms, and the manager checks that a stopped
kernel has gone every 5 ms rather than 100 ms, and the client, which connects before a kernel has bound its sockets,
tries again after 5 ms rather than 100: the kernel is local."""
from __future__ import annotations

import os
import tempfile
import time
import uuid
from queue import Empty

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from . import forked

KERNEL_MANAGER = "backchannel.site.kernels.IPCKernelManager"  # for papermill's kernel_manager_class
START_ATTEMPTS = 3
READY_FLUSH = 0.02  # seconds of silence on IOPub after which a started kernel counts as ready
RECONNECT_MS = 5  # a client that connected before its kernel bound tries again after 5 ms, not zmq's 100
EXIT_POLL = 0.005  # seconds between checks that a stopped kernel has exited
START_FAILURES = ("Kernel died before replying to kernel_info", "Address already in use",
                  "Kernel didn't respond in")


class ReadyClient(AsyncKernelClient):
    """A kernel client that waits for the kernel's reply to kernel_info, then drains IOPub briefly."""

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        # The client connects while the forked kernel is still binding its sockets: with zmq's default, the
        # first try fails and the next comes 100 ms later, which every report would wait for.
        context = super()._context_default()
        context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        return context

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)  # IOPub is connected once a message arrives
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=READY_FLUSH)
            except Empty:
                return


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel listens on Unix sockets under a prefix no other kernel uses."""

    @default("client_factory")
    def _client_factory_default(self) -> type:
        return ReadyClient

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        # /tmp keeps the socket paths far below the 107-byte limit, whatever $HOME is.
        return os.path.join(tempfile.gettempdir(), f"bc-kernel-{uuid.uuid4().hex[:16]}")

    @property
    def kernel_spec(self):
        """The kernel's spec, asking for a kernel forked from a template process where fork is available."""
        spec = super().kernel_spec
        if spec is not None and forked.available():
            spec.metadata.setdefault("kernel_provisioner", {"provisioner_name": forked.PROVISIONER})
        return spec

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        # jupyter_client checks every 100 ms whether a stopped kernel has gone; a forked kernel's exit is known
        # within milliseconds, and each report's build waits for it.
        await super()._async_wait(pollinterval=min(pollinterval, EXIT_POLL))

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client interrupts a kernel before asking it to shut down; a report's kernel is idle by
        # then, and the interrupt only makes it log "KeyboardInterrupt caught in kernel" as an error.
        if not self.shutting_down:
            await super()._async_interrupt_kernel()


def failed_to_start(exc: BaseException) -> bool:
    """Whether a papermill failure is a kernel that did not start (worth one more try), not the notebook's error."""
    text = f"{type(exc).__name__}: {exc}"
    return any(sign in text for sign in START_FAILURES)
