"""How report kernels start: over IPC sockets with names of their own, so two kernels never race for a port.

Over TCP, a kernel manager picks free ports and the kernel binds them a moment later; a kernel started in
between can take the same port and die (`ZMQError: Address already in use`). Unix sockets named after a
fresh random prefix cannot collide, and the kernel no longer warns that it runs over unencrypted TCP. A finished report's kernel is
shut down without the interrupt jupyter_client sends first, which only logs a spurious error."""
from __future__ import annotations

import os
import tempfile
import uuid

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from . import forked

KERNEL_MANAGER = "backchannel.site.kernels.IPCKernelManager"  # for papermill's kernel_manager_class
START_ATTEMPTS = 3
START_FAILURES = ("Kernel died before replying to kernel_info", "Address already in use",
                  "Kernel didn't respond in")


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel listens on Unix sockets under a prefix no other kernel uses."""

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

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client interrupts a kernel before asking it to shut down; a report's kernel is idle by
        # then, and the interrupt only makes it log "KeyboardInterrupt caught in kernel" as an error.
        if not self.shutting_down:
            await super()._async_interrupt_kernel()


def failed_to_start(exc: BaseException) -> bool:
    """Whether a papermill failure is a kernel that did not start (worth one more try), not the notebook's error."""
    text = f"{type(exc).__name__}: {exc}"
    return any(sign in text for sign in START_FAILURES)
