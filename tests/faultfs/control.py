"""Start, steer and stop the fault-injecting FUSE share (``server.py``) from tests and benches.

    share = FaultShare(tmp_dir, delay_ms=2)
    share.start()
    db_path = share.path / "ult.db"          # use it like a mounted network share
    share.set_delay(10)                      # every file operation now waits 10 ms
    with share.down("ENOTCONN"):             # the share "disappears" (all ops fail)
        ...
    share.fail("fsync", count=1)             # the next fsync fails with EIO
    share.crash()                            # server killed: mount dead (ENOTCONN) ...
    share.remount()                          # ... until a new server mounts it again
    share.stop()

The server runs in its own process; commands go over a Unix socket and take effect before
the call returns.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

SERVER = Path(__file__).with_name("server.py")


class FuseUnavailable(RuntimeError):
    """This machine cannot mount a FUSE file system (the reason is the message)."""


def fuse_unavailable_reason() -> str | None:
    """Why FUSE cannot work here, or None when everything needed is present."""
    if not sys.platform.startswith("linux"):
        return "the fault share needs Linux FUSE"
    if not os.path.exists("/dev/fuse"):
        return "/dev/fuse is missing (no FUSE kernel module or device in this container)"
    if not (shutil.which("fusermount3") or shutil.which("fusermount")):
        return "fusermount3 is missing (apt-get install fuse3)"
    try:
        import mfusepy  # noqa: F401
    except ImportError:
        return "the Python package mfusepy is missing (pip install mfusepy)"
    except OSError as exc:  # mfusepy raises this when libfuse is not installed
        return f"libfuse is missing (apt-get install fuse3): {exc}"
    return None


def _server_env() -> dict[str, str]:
    """Prefer libfuse 3 (mfusepy would take libfuse 2 first when both are installed)."""
    env = dict(os.environ)
    if "FUSE_LIBRARY_PATH" not in env:
        lib3 = ctypes.util.find_library("fuse3")
        if lib3:
            env["FUSE_LIBRARY_PATH"] = lib3
    return env


def _fusermount() -> str:
    return shutil.which("fusermount3") or shutil.which("fusermount") or "fusermount3"


def _is_mounted(path: Path) -> bool:
    target = os.path.realpath(path)
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as f:
            return any(line.split()[4] == target for line in f)
    except OSError:
        return os.path.ismount(path)


class FaultShare:
    """One fault-injecting FUSE mount: ``path`` is the share, ``backing`` the real folder."""

    def __init__(self, root: str | os.PathLike, *, delay_ms: float = 0.0,
                 jitter_ms: float = 0.0) -> None:
        self.root = Path(root)
        self.backing = self.root / "backing"
        self.path = self.root / "share"
        self.control_path = self.root / "control.sock"
        self.log_path = self.root / "server.log"
        self.delay_ms = delay_ms
        self.jitter_ms = jitter_ms
        self.proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._stream = None

    # -- lifecycle -------------------------------------------------------------
    def start(self, timeout: float = 15.0) -> FaultShare:
        reason = fuse_unavailable_reason()
        if reason:
            raise FuseUnavailable(reason)
        if _is_mounted(self.path):  # a dead mount left by crash(): clear it first
            subprocess.run([_fusermount(), "-u", "-z", str(self.path)], check=False,
                           capture_output=True)
        self.backing.mkdir(parents=True, exist_ok=True)
        self.path.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.control_path.unlink()
        log = open(self.log_path, "ab")  # owned by the child from here on
        try:
            self.proc = subprocess.Popen(
                [sys.executable, str(SERVER), str(self.backing), str(self.path),
                 str(self.control_path), "--delay-ms", str(self.delay_ms),
                 "--jitter-ms", str(self.jitter_ms)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=_server_env(),
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise FuseUnavailable(
                    f"the FUSE server exited with code {self.proc.returncode}: "
                    + self.log_path.read_text(errors="replace")[-800:])
            if _is_mounted(self.path) and self.control_path.exists():
                try:
                    self._command({"cmd": "ping"})
                    return self
                except OSError:
                    pass
            time.sleep(0.02)
        self.stop()
        raise FuseUnavailable(f"the FUSE mount did not come up within {timeout:.0f} s")

    def stop(self) -> None:
        """Stop the server and unmount (files still open on the mount get ENOTCONN)."""
        self._disconnect()
        if self.proc is not None:
            self.proc.terminate()  # libfuse leaves its loop and unmounts
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
            self.proc = None
        if _is_mounted(self.path):
            subprocess.run([_fusermount(), "-u", "-z", str(self.path)], check=False,
                           capture_output=True)

    def crash(self) -> None:
        """Kill the server outright: the mount stays but every access fails with ENOTCONN,
        and every lock held through it is gone (as when a file server drops a client)."""
        self._disconnect()
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=5)
            self.proc = None

    def remount(self) -> None:
        """Bring the share back after ``crash()`` or ``stop()`` (new server, same folders).
        Files opened before are not revived: a station must reopen the database."""
        if self.proc is not None:
            self.stop()
        self.start()

    def __enter__(self) -> FaultShare:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- steering --------------------------------------------------------------
    def set_delay(self, delay_ms: float, jitter_ms: float = 0.0) -> None:
        """Latency added to every file operation (one LAN round trip)."""
        self.delay_ms, self.jitter_ms = delay_ms, jitter_ms
        self._command({"cmd": "set", "delay_ms": delay_ms, "jitter_ms": jitter_ms})

    def outage(self, errno_name: str = "EIO") -> None:
        """From now on every operation fails with ``errno_name`` (the share is gone)."""
        self._command({"cmd": "outage", "errno": errno_name})

    def restore(self) -> None:
        """End an ``outage``: operations work again, also on files opened before."""
        self._command({"cmd": "restore"})

    @contextlib.contextmanager
    def down(self, errno_name: str = "EIO") -> Iterator[None]:
        self.outage(errno_name)
        try:
            yield
        finally:
            self.restore()

    def fail(self, op: str, errno_name: str = "EIO", *, count: int = 1,
             path: str | None = None, skip: int = 0, after: bool = False) -> None:
        """Fail the next ``count`` calls (-1: all) of ``op`` (a FUSE operation name such as
        read, write, fsync, unlink, create, lock, getattr, or "*"), after ``skip`` good
        ones, optionally only on paths containing ``path``. With ``after=True`` the
        operation is carried out and then reported as failed (the reply got lost)."""
        self._command({"cmd": "fail", "op": op, "errno": errno_name, "count": count,
                       "path": path, "skip": skip, "when": "after" if after else "before"})

    def clear(self) -> None:
        """Remove every fault rule and end any outage."""
        self._command({"cmd": "clear"})

    def stats(self) -> dict:
        """Operation counts since start or ``reset_stats`` (``ops`` by operation,
        ``by_file`` by "operation file-name", ``failed``) and the current settings."""
        return self._command({"cmd": "stats"})

    def reset_stats(self) -> None:
        self._command({"cmd": "reset_stats"})

    # -- control socket ----------------------------------------------------------
    def _command(self, msg: dict) -> dict:
        if self._stream is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(10)
            sock.connect(str(self.control_path))
            self._sock, self._stream = sock, sock.makefile("rwb")
        try:
            self._stream.write(json.dumps(msg).encode() + b"\n")
            self._stream.flush()
            line = self._stream.readline()
        except OSError:
            self._disconnect()
            raise
        if not line:
            self._disconnect()
            raise ConnectionError("the FUSE server closed its control socket")
        reply = json.loads(line)
        if not reply.get("ok"):
            raise ValueError(reply.get("error", "fault share command failed"))
        return reply

    def _disconnect(self) -> None:
        for closable in (self._stream, self._sock):
            if closable is not None:
                with contextlib.suppress(OSError):
                    closable.close()
        self._stream = self._sock = None
