"""Kernels forked from a template process that has already imported pandas, matplotlib, IPython and the library.

A report's kernel normally spends about a second starting Python and importing the same modules as every
other report. Here one template process per build worker pays that once; each kernel is a fresh process
forked from it, with its own namespace, matplotlib state, environment and working directory. The template
takes requests on a Unix socket: for each it forks, the child becomes `python -m ipykernel_launcher -f ...`,
and the template reports the child's pid and, later, its exit status. The build binds that socket before the
template starts and does not wait for its imports: requests queue until the template serves them, while the
build's workers import their own machinery.

`ForkedProvisioner` is a jupyter_client kernel provisioner (registered under the entry point
`backchannel-forked`); where fork is unavailable or the template cannot start, it launches the kernel the
usual way."""
from __future__ import annotations

import atexit
import gc
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

PROVISIONER = "backchannel-forked"
HEAVY_MODULES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "networkx", "matplotlib_inline.backend_inline",
                 "IPython", "IPython.core.debugger", "IPython.core.completerlib", "IPython.extensions.storemagic",
                 "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "debugpy",
                 "tornado.platform.asyncio", "tornado.queues", "sqlite3", "pdb", "pydoc",
                 "IPython.core.magics.execution", "scipy.stats", "backchannel", "backchannel.data.dataset",
                 "backchannel.analysis.charts", "backchannel.analysis.display", "backchannel.analysis.tables")
KERNEL_ARGV = ("-m", "ipykernel_launcher", "-f")


def available() -> bool:
    """Whether kernels can be forked here (POSIX fork; BACKCHANNEL_FORK=0 turns it off)."""
    return hasattr(os, "fork") and os.environ.get("BACKCHANNEL_FORK", "1") != "0"


class ForkedProvisioner(LocalProvisioner):
    """Starts each kernel as a fork of this process's template; falls back to a normal start."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        template = _template() if _forkable(cmd) else None
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            self.process = template.fork(cmd[4:], cwd, env) if template else None
        except OSError:
            self.process = None  # the template has gone (or refused to serve): start this kernel normally
        if self.process is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.pid = self.pgid = self.process.pid  # the child leads a session of its own
        self.cwd = cwd
        return self.connection_info


def _forkable(cmd: list[str]) -> bool:
    """Whether `cmd` starts ipykernel (`python -m ipykernel_launcher -f FILE [options]`), the only kernel the
    template can become."""
    return available() and len(cmd) >= 5 and tuple(cmd[1:4]) == KERNEL_ARGV


class ForkedKernel:
    """A forked kernel process as jupyter_client sees a Popen: poll, wait, signals. Its exit status
    arrives from the template over the request's socket."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, channel: socket.socket):
        self.pid = pid
        self.returncode: int | None = None
        self._channel = channel

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._channel], [], [], 0)[0]:
            message = self._channel.recv(64).decode()
            self.returncode = int(message.split()[1]) if message.startswith("exit ") else -1
            self._channel.close()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class Template:
    """A template process and the socket it takes requests on: started here, or one that another process
    started (`address`), as a build shares one template among its workers. Started with `data_dir`, it reads
    that (valid) package before it forks, so that kernels find it in memory (`dataset.load`)."""

    def __init__(self, address: str | None = None, data_dir: Path | None = None):
        self.process = None
        if address:
            self.address = address
            return
        self.address = os.path.join(tempfile.gettempdir(), f"bc-template-{uuid.uuid4().hex[:16]}")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(self.address)
            listener.listen(64)  # requests wait here while the template imports
            # A session of its own: Ctrl-C stops the build, which closes the template's input; the template
            # itself never sees the interrupt.
            self.process = subprocess.Popen([sys.executable, "-m", "backchannel.site.forked", str(listener.fileno()),
                                             *([str(data_dir)] if data_dir else [])],
                                            stdin=subprocess.PIPE, pass_fds=[listener.fileno()],
                                            start_new_session=True)
        except BaseException:
            self.close()
            raise
        finally:
            listener.close()  # the template holds the socket now; if it exits, requests are refused
        atexit.register(self.close)

    def fork(self, arguments: list[str], cwd: str, env: dict) -> ForkedKernel:
        """Fork a kernel run as `ipykernel_launcher -f FILE [options]` (`arguments` from FILE on)."""
        channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        channel.connect(self.address)
        request = {"arguments": arguments, "cwd": cwd, "env": env}
        channel.sendall(json.dumps(request).encode() + b"\n")
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = channel.recv(64)
            if not chunk:
                raise ConnectionAbortedError("the kernel template closed the request")
            reply += chunk
        return ForkedKernel(int(reply.split()[1]), channel)

    def alive(self) -> bool:
        return os.path.exists(self.address) if self.process is None else self.process.poll() is None

    def close(self) -> None:
        if self.process is None:
            return  # another process's template: it closes it
        if self.process.poll() is None:
            self.process.stdin.close()  # the template exits when its input closes
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        try:
            os.unlink(self.address)
        except OSError:
            pass


_TEMPLATE: dict[int, Template] = {}  # by process id: a forked build worker must not share its parent's


def start_template(data_dir: Path | None = None) -> Template | None:
    """A template for this process and the processes it hands the address to (`use_template`), holding the
    package in `data_dir` read; None if fork is unavailable or the template cannot start."""
    return _template(data_dir) if available() else None


def use_template(address: str | None) -> None:
    """Fork this process's kernels from the template at `address` (started by another process)."""
    if address:
        _TEMPLATE[os.getpid()] = Template(address)


def _template(data_dir: Path | None = None) -> Template | None:
    """This process's template, started on first use; None (so kernels start normally) if it cannot start."""
    template = _TEMPLATE.get(os.getpid())
    if template is None or not template.alive():
        try:
            template = _TEMPLATE[os.getpid()] = Template(data_dir=data_dir)
        except OSError:
            return None
    return template


# The template process itself.

def serve(listener_fd: int, data_dir: str | None = None) -> None:
    """Import the heavy modules (and read the package in `data_dir`), then fork a kernel for each request on the
    listening socket `listener_fd` until standard input closes."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel sets it
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugpy's warning on frozen modules
    import importlib
    import threading

    os.dup2(2, 1)  # the kernels' own output goes where the template's errors go, as a kernel's would
    listener = socket.socket(fileno=listener_fd)
    for name in HEAVY_MODULES:
        importlib.import_module(name)
    _rehearse(data_dir)
    if threading.active_count() > 1:
        sys.exit("an import started a thread; forking now would be unsafe")  # kernels then start normally
    gc.freeze()  # the kernels' collections leave the template's objects, and their shared pages, untouched
    children: dict[int, socket.socket] = {}
    exits, exited = os.pipe()  # a byte arrives on `exits` when a kernel exits: its build is told at once
    os.set_blocking(exited, False)
    signal.set_wakeup_fd(exited)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    while True:
        readable = select.select([listener, sys.stdin, exits], [], [], 1)[0]
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1):
            break  # the build worker has gone
        if exits in readable:
            os.read(exits, 512)
        if listener in readable:
            channel, _ = listener.accept()
            request = json.loads(channel.makefile("rb").readline())
            pid = os.fork()
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                for other in (listener, *children.values()):
                    other.close()
                os.close(exits)
                os.close(exited)
                _become_kernel(request)  # never returns
            children[pid] = channel
            channel.sendall(f"pid {pid}\n".encode())
        _report_exits(children)
    listener.close()


def _rehearse(data_dir: str | None) -> None:
    """Read the package the kernels will load and draw what the reports draw once (`display.rehearse`), so the
    kernels find both ready; if that fails here, each kernel reads and draws for itself (and says why)."""
    from ..analysis.display import rehearse
    from ..analysis.maps import coastlines, map_extent
    from ..data.dataset import load

    coastlines(*map_extent([], []))  # the map most episode pages draw
    if data_dir:
        try:
            rehearse(load(data_dir))
        except Exception:  # noqa: BLE001 - the kernels report it
            pass


def _report_exits(children: dict[int, socket.socket]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        channel = children.pop(pid, None)
        if channel:
            try:
                channel.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
            except OSError:
                pass
            channel.close()


def _become_kernel(request: dict) -> None:
    """In the forked child: a session, directory and environment of its own, then the kernel's main loop."""
    code = 1
    try:
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        os.environ["JPY_PARENT_PID"] = str(os.getppid())  # the kernel stops if the template goes
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        # ipykernel read JPY_PARENT_PID when the template imported it: name the parent on the command line.
        # The template imported matplotlib's inline backend before any shell existed, so it could not hook
        # itself into one: ask the kernel to do it (what importing the backend in a fresh kernel does).
        # A report has no use for the command history, which every kernel would otherwise open and write.
        sys.argv = ["ipykernel_launcher", "-f", *request["arguments"], f"--IPKernelApp.parent_handle={os.getppid()}",
                    "--matplotlib=inline", "--HistoryManager.enabled=False"]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    finally:
        os._exit(code)


if __name__ == "__main__":
    serve(int(sys.argv[1]), *sys.argv[2:3])
