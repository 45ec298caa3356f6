"""Kernels forked from a pre-warmed "zygote": the scientific stack imported once per run.

A chapter's kernel spends most of its CPU importing pandas, numpy, scipy, statsmodels,
matplotlib, IPython and evaltools; a report runs nine such kernels. With ``kernel_start:
fork`` (``evaltools run --fast-kernels``, the config key ``kernel_start`` or the environment
variable ``EVALTOOLS_KERNEL_START=fork``) the runner starts one helper process per run, the
zygote, which imports all of that once and then waits on a unix socket. Each chapter's kernel
is a ``fork()`` of the zygote that then becomes an ordinary ipykernel (``IPKernelApp``):

* every chapter still runs in its own process, started fresh from the zygote's state right
  after the imports — no notebook code ever runs in the zygote, so globals, matplotlib
  state and the kernel's user namespace are new in each chapter;
* the child takes the kernel's own environment (``EVALTOOLS_FINDINGS_PATH``,
  ``EVALTOOLS_LANGUAGE`` …), working directory, command-line arguments and stdout/stderr
  (passed over the socket), becomes its own session leader like a spawned kernel, and reseeds
  numpy's global generator (Python's ``random`` reseeds itself after ``fork``);
* the zygote creates no thread and no ZeroMQ context before forking (it checks, and refuses
  to serve otherwise); ipykernel creates its contexts in the child;
* whatever fails on the way — no ``fork`` on the platform, the zygote does not start within
  :data:`READY_TIMEOUT` seconds, a kernel spec that is not this Python's ipykernel — falls
  back to the normal kernel start, with a line in ``run.log``.

The jupyter_client side is :class:`ForkProvisioner`, a :class:`LocalProvisioner` whose
``launch_kernel`` asks the zygote for a process instead of ``Popen``; the kernel is a
grandchild of the runner (a child of the zygote), watched through a Linux pidfd.
The zygote reaps its kernels, and the runner reaps the zygote, so the kernels' CPU time still
counts in the runner's ``RUSAGE_CHILDREN``.

The zygote is started as ``python -c`` with :data:`ZYGOTE_CODE` (ipykernel is imported before
evaltools, as in a kernel; the ``ipykernel`` in its command line lets an interrupted run find
and stop it with its kernels).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from evaltools.errors import ParameterError

KERNEL_START_ENV = "EVALTOOLS_KERNEL_START"
KERNEL_STARTS = ("spawn", "fork")
READY_TIMEOUT = 90.0
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

# What the chapters import; paid once in the zygote. ipykernel first: evaltools.plotting
# chooses its matplotlib backend by whether ipykernel is imported, as inside a kernel.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython.core.interactiveshell",
    "IPython.display",
    "numpy",
    "pandas",
    "scipy.stats",
    "scipy.optimize",
    "scipy.linalg",
    "statsmodels.api",
    "statsmodels.stats.diagnostic",
    "statsmodels.stats.stattools",
    "statsmodels.miscmodels.ordinal_model",
    "matplotlib.pyplot",
    "matplotlib.dates",
    "evaltools",
    "evaltools.workbook",
)
# Every module of these evaltools packages too (evaltools.analysis loads its modules lazily);
# one that fails to import is left to the kernel, where the notebook reports it.
PRELOAD_PACKAGES = ("evaltools.analysis", "evaltools.data", "evaltools.plotting", "evaltools.prose")

_log = logging.getLogger("evaltools.runner.run")

ZYGOTE_CODE = (
    "import os, sys; "
    f"os.environ['MPLBACKEND'] = os.environ.get('MPLBACKEND') or '{INLINE_BACKEND}'; "
    "import ipykernel.kernelapp; "
    "from evaltools.runner.kernels import serve; "
    "sys.exit(serve(sys.argv[1]))"
)


class ZygoteError(RuntimeError):
    """The zygote could not start or could not fork a kernel (the runner then spawns one)."""


def kernel_start_mode(value: str | None = None, *, config: dict[str, Any] | None = None) -> str:
    """The kernel start mode: ``value`` > config key ``kernel_start`` > environment > spawn.

    Raises
    ------
    ParameterError
        When the mode is not one of :data:`KERNEL_STARTS`.
    """
    for source, mode in (
        ("argument", value),
        ("config key 'kernel_start'", (config or {}).get("kernel_start")),
        (KERNEL_START_ENV, os.environ.get(KERNEL_START_ENV, "").strip() or None),
    ):
        if mode is None:
            continue
        mode = str(mode).strip().lower()
        if mode not in KERNEL_STARTS:
            raise ParameterError(
                f"{source}: kernel start must be one of {', '.join(KERNEL_STARTS)}, got {mode!r}"
            )
        return mode
    return "spawn"


# --------------------------------------------------------------------------- runner side


class Zygote:
    """One zygote process and the socket to ask it for kernels.

    ``start()`` returns at once (the zygote imports in the background); :meth:`fork` waits
    until it is ready. Use as a context manager, or call :meth:`stop`.
    """

    def __init__(self, *, python: str | None = None, options: list[str] | None = None) -> None:
        self.python = python or sys.executable
        self.options = list(options) if options is not None else spec_interpreter_options()
        self._dir = Path(tempfile.mkdtemp(prefix="evaltools-zygote-"))
        self.socket_path = self._dir / "zygote.sock"
        self.process: subprocess.Popen[bytes] | None = None
        self._log_path = self._dir / "zygote.log"
        self._ready = False
        self._lock = threading.Lock()
        self.error: str | None = None

    def start(self) -> Zygote:
        self._log_path = self._dir / "zygote.log"
        with open(self._log_path, "wb") as errors:
            self.process = subprocess.Popen(
                [self.python, *self.options, "-c", ZYGOTE_CODE, str(self.socket_path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                cwd=str(self._dir),
            )
        return self

    def __enter__(self) -> Zygote:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Block until the zygote has imported everything (raises :class:`ZygoteError`)."""
        with self._lock:
            if self._ready:
                return
            if self.error is not None:
                raise ZygoteError(self.error)
            proc = self.process
            if proc is None or proc.stdout is None:
                raise ZygoteError("the zygote was not started")
            ready, _, _ = select.select([proc.stdout], [], [], timeout)
            line = proc.stdout.readline() if ready else b""
            if line.strip() != b"ready":
                if ready and not line:  # stdout closed: the zygote is ending
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        proc.wait(10)
                err = ""
                if proc.poll() is not None:
                    with contextlib.suppress(OSError):
                        err = self._log_path.read_text(encoding="utf-8", errors="replace")
                detail = err.strip().splitlines()
                self.error = (
                    f"the zygote did not start ({detail[-1] if detail else 'no answer'})"
                    if ready
                    else f"the zygote was not ready within {timeout:.0f} s"
                )
                raise ZygoteError(self.error)
            self._ready = True

    def fork(self, argv: list[str], *, env: dict[str, str], cwd: str, fds: list[int]) -> int:
        """A new kernel process running ``IPKernelApp`` with ``argv``; returns its pid.

        ``fds``: the kernel's stdin, stdout and stderr (passed over the socket).
        """
        self.wait_ready()
        request = json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode("utf-8")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(30)
                sock.connect(str(self.socket_path))
                socket.send_fds(sock, [len(request).to_bytes(8, "big") + request], fds)
                answer = b""
                while not answer.endswith(b"\n"):
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
        except OSError as exc:
            raise ZygoteError(f"the zygote did not answer: {exc}") from exc
        try:
            reply = json.loads(answer)
        except ValueError as exc:
            raise ZygoteError(f"the zygote answered {answer[:200]!r}") from exc
        if "pid" not in reply:
            raise ZygoteError(f"the zygote could not fork: {reply.get('error')}")
        return int(reply["pid"])

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the zygote to end (it waits for its kernels) and reap it."""
        proc = self.process
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None:
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()
        for path in (self.socket_path, self._dir / "zygote.log"):
            with contextlib.suppress(OSError):
                path.unlink()
        with contextlib.suppress(OSError):
            self._dir.rmdir()


class _ForkedProcess:
    """The ``Popen``-like handle :class:`LocalProvisioner` expects, for a kernel that is not a
    child of this process: liveness through a pidfd, signals through ``os.kill``."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._pidfd: int | None = os.pidfd_open(pid)

    def poll(self) -> int | None:
        if self.returncode is None and self._pidfd is not None:
            ready, _, _ = select.select([self._pidfd], [], [], 0)
            if ready:
                # The zygote reaps it; the exit status is not ours to read.
                self.returncode = 0
                os.close(self._pidfd)
                self._pidfd = None
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.05)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self._pidfd, signum)  # type: ignore[arg-type]

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _split_kernel_cmd(cmd: list[str]) -> tuple[str, list[str], list[str]] | None:
    """``(python, interpreter options, ipykernel arguments)`` of an ipykernel command such as
    ``python -Xfrozen_modules=off -m ipykernel_launcher -f FILE``; None for anything else."""
    for i in range(1, len(cmd) - 1):
        if cmd[i] == "-m" and cmd[i + 1] in ("ipykernel_launcher", "ipykernel"):
            options = list(cmd[1:i])
            if all(o.startswith("-X") for o in options):
                return cmd[0], options, list(cmd[i + 2 :])
            return None
    return None


def _ipykernel_args(cmd: list[str], python: str, options: list[str]) -> list[str] | None:
    """The arguments after ``-m ipykernel_launcher`` when ``cmd`` starts this Python's
    ipykernel with the zygote's interpreter options (else None: such a kernel cannot come from
    the zygote)."""
    parts = _split_kernel_cmd(cmd)
    if parts is None or parts[1] != options:
        return None
    try:
        same = os.path.samefile(parts[0], python)
    except OSError:
        same = False
    return parts[2] if same else None


def spec_interpreter_options(kernel_name: str = "python3") -> list[str]:
    """The ``-X`` options the kernel spec gives its Python (the zygote starts with them)."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
    except Exception:  # noqa: BLE001 — no spec: kernels will not match and are spawned
        return []
    parts = _split_kernel_cmd(list(argv))
    return parts[1] if parts is not None else []


def _fd_of(value: Any, default: int) -> int:
    if isinstance(value, int) and value >= 0:
        return value
    fileno = getattr(value, "fileno", None)
    if fileno is not None:
        with contextlib.suppress(OSError, ValueError):
            return int(fileno())
    return default


def fork_provisioner_class():
    """:class:`ForkProvisioner` (built on first use: jupyter_client is imported lazily)."""
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):
        """Launches the kernel as a fork of the run's zygote; spawns it when that fails."""

        zygote: Zygote | None = None
        forked = False

        async def launch_kernel(self, cmd: list[str], **kwargs: Any):
            zygote = self.zygote
            args = (
                _ipykernel_args(cmd, zygote.python, zygote.options) if zygote is not None else None
            )
            if zygote is None or args is None:
                if zygote is not None:
                    _log.info("kernel command %s is not forked from the zygote", cmd[:4])
                return await super().launch_kernel(cmd, **kwargs)
            env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            cwd = str(kwargs.get("cwd") or os.getcwd())
            devnull = os.open(os.devnull, os.O_RDONLY)
            try:
                fds = [
                    devnull,
                    _fd_of(kwargs.get("stdout"), sys.__stdout__.fileno()),
                    _fd_of(kwargs.get("stderr"), sys.__stderr__.fileno()),
                ]
                pid = zygote.fork(args, env=env, cwd=cwd, fds=fds)
            except (ZygoteError, OSError) as exc:
                _log.warning("fast kernel start unavailable, starting a normal kernel: %s", exc)
                return await super().launch_kernel(cmd, **kwargs)
            finally:
                os.close(devnull)
            self.process = _ForkedProcess(pid)
            self.pid = pid
            self.pgid = pid  # the child is its own session and group leader
            self.cwd = cwd
            self.forked = True
            return self.connection_info

    return ForkProvisioner


def kernel_manager_class(env: dict[str, str] | None = None, zygote: Zygote | None = None):
    """An ``AsyncKernelManager`` subclass whose kernels get ``env`` on top of this process'
    environment and, with ``zygote``, start as forks of it.

    Passed to papermill per notebook (``kernel_manager_class``), so the variables reach only
    the kernels of this run, without changing ``os.environ`` of the runner; it uses the public
    ``start_kernel(env=...)`` of jupyter_client.
    """
    from jupyter_client import AsyncKernelManager

    extra = dict(env or {})
    provisioner_class = fork_provisioner_class() if zygote is not None else None

    class RunKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:
            if provisioner_class is not None and self.provisioner is None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or _new_id()
                provisioner = provisioner_class(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
                provisioner.zygote = zygote
                self.provisioner = provisioner
            merged = dict(kw.pop("env", None) or os.environ)
            merged.update(extra)
            await super().start_kernel(env=merged, **kw)

    return RunKernelManager


def _new_id() -> str:
    import uuid

    return str(uuid.uuid4())


# --------------------------------------------------------------------------- zygote side


def _preload() -> None:
    # What ipykernel would set in the kernel before any notebook code: evaltools.plotting and
    # matplotlib read it at import.
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    import importlib
    import pkgutil

    for name in PRELOAD:
        importlib.import_module(name)
    for package in PRELOAD_PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
            with contextlib.suppress(Exception):
                importlib.import_module(info.name)
    if threading.active_count() != 1:
        raise ZygoteError(
            f"{threading.active_count() - 1} thread(s) running after the imports; "
            "forking would copy a process with locks held"
        )
    if "matplotlib_inline.backend_inline" in sys.modules:
        # Its import registers the figure hook with the running shell: it must happen in
        # the kernel, where the shell exists.
        raise ZygoteError("the inline matplotlib backend was imported before the kernel")


def _child(conn: socket.socket, listener: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked process: become the kernel described by ``request``; never returns."""
    code = 1
    try:
        listener.close()
        conn.close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()
        for target, fd in zip((0, 1, 2), fds, strict=True):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        # `python -m ipykernel_launcher` puts its working directory first on sys.path.
        sys.path[0] = os.getcwd()
        import numpy as np

        np.random.seed()
        from ipykernel import kernelapp

        sys.argv = [kernelapp.__file__, *request["argv"]]
        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 — report, then leave without touching the zygote's state
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 3)
    if len(data) < 8:
        raise ValueError("short request")
    size = int.from_bytes(data[:8], "big")
    body = data[8:]
    while len(body) < size:
        chunk = conn.recv(size - len(body))
        if not chunk:
            raise ValueError("truncated request")
        body += chunk
    if len(fds) != 3:
        for fd in fds:
            os.close(fd)
        raise ValueError(f"expected 3 descriptors, got {len(fds)}")
    return json.loads(body), fds


def serve(socket_path: str) -> int:
    """The zygote's main loop: import, say ``ready`` on stdout, fork kernels on request.

    Ends on SIGTERM or when its parent (the runner) has gone, after reaping its kernels.
    """
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    # Ctrl-C reaches the whole process group; the runner stops the zygote itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    try:
        _preload()
    except BaseException as exc:  # noqa: BLE001 — the runner falls back to normal kernels
        print(f"zygote: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(16)
    listener.settimeout(0.5)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    children: set[int] = set()
    while not stopping and os.getppid() == parent:
        _reap(children, block=False)
        try:
            conn, _ = listener.accept()
        except (TimeoutError, InterruptedError):
            continue
        except OSError:
            if stopping:
                break
            raise
        with conn:
            try:
                request, fds = _receive(conn)
            except (OSError, ValueError) as exc:
                with contextlib.suppress(OSError):
                    conn.sendall(json.dumps({"error": str(exc)}).encode() + b"\n")
                continue
            try:
                pid = os.fork()
            except OSError as exc:
                for fd in fds:
                    os.close(fd)
                conn.sendall(json.dumps({"error": str(exc)}).encode() + b"\n")
                continue
            if pid == 0:
                _child(conn, listener, request, fds)
            for fd in fds:
                os.close(fd)
            children.add(pid)
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    listener.close()
    for pid in list(children):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while children and time.monotonic() < deadline:
        _reap(children, block=False)
        time.sleep(0.05)
    for pid in list(children):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    _reap(children, block=True)
    return 0


def _reap(children: set[int], *, block: bool) -> None:
    for pid in list(children):
        try:
            done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            children.discard(pid)
