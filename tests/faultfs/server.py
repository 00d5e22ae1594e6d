"""FUSE pass-through file system with injected latency and faults (the "slow share").

Run as its own process (the controller in ``tests/faultfs/control.py`` starts it)::

    python tests/faultfs/server.py BACKING_DIR MOUNTPOINT CONTROL_SOCKET [--delay-ms N]

Every file operation on MOUNTPOINT is forwarded to BACKING_DIR after an optional delay
(the LAN round trip) and after checking the fault state:

* ``outage``: every operation fails with one errno (EIO, ENOTCONN, ESTALE, ...) until it
  is lifted; open file handles keep working afterwards, like an SMB reconnect.
* fault rules: fail the next N calls of one operation (optionally only on paths that
  contain a given text) with a chosen errno.

POSIX advisory locks (fcntl F_GETLK/F_SETLK/F_SETLKW, which SQLite's locking relies on)
are passed through to the backing file as open-file-description (OFD) locks, one
description per (file, FUSE lock owner). So two processes on the mount contend exactly as
two clients on a share do, a process that opens the backing file directly sees the same
locks, and a lock cost a round trip like on SMB. Locks are released when the owner closes
the file (FUSE flush) or dies, and always when this server process exits (unmount).

The control socket takes one JSON object per line and answers one JSON line:
``{"cmd": "ping"}``, ``{"cmd": "set", "delay_ms": 2.0, "jitter_ms": 0.5}``,
``{"cmd": "outage", "errno": "EIO"}``, ``{"cmd": "restore"}``,
``{"cmd": "fail", "op": "write", "errno": "EIO", "count": 1, "path": "-journal"}``
(add ``"when": "after"`` to carry the operation out and then report the error, like a
reply lost on the way back),
``{"cmd": "clear"}``, ``{"cmd": "stats"}``, ``{"cmd": "reset_stats"}``.

Only the standard library and ``mfusepy`` (ctypes bindings over libfuse 3 or 2, apt
package ``fuse3``) are used, and nothing from this repository, so the file can run by path.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import random
import signal
import socket
import struct
import sys
import threading
import time
from collections import Counter

from mfusepy import FUSE, FuseOSError, Operations

# struct flock on Linux (64-bit off_t): short l_type, short l_whence, off_t l_start,
# off_t l_len, pid_t l_pid (+ padding).
_FLOCK = struct.Struct("hhxxxxqqi4x")

OPS = (
    "getattr", "access", "readdir", "open", "create", "read", "write", "truncate",
    "flush", "release", "fsync", "unlink", "rename", "mkdir", "rmdir", "chmod",
    "chown", "utimens", "statfs", "lock", "readlink", "symlink", "link",
)


def _errno_value(name_or_number: str | int) -> int:
    if isinstance(name_or_number, int):
        return name_or_number
    value = getattr(errno, str(name_or_number).upper(), None)
    if not isinstance(value, int):
        raise ValueError(f"unknown errno {name_or_number!r}")
    return value


class FaultState:
    """Latency and fault settings, changed from the control socket, read by every op."""

    def __init__(self, delay_ms: float = 0.0, jitter_ms: float = 0.0) -> None:
        self.lock = threading.Lock()
        self.delay_ms = delay_ms
        self.jitter_ms = jitter_ms
        self.outage_errno: int | None = None
        self.rules: list[dict] = []
        self.stats: Counter[str] = Counter()
        #: The same counts by operation and file name ("write ult.db-journal").
        self.by_file: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()

    def enter(self, op: str, path: str | None, *, unlock: bool = False) -> int | None:
        """Called at the start of every operation: count, wait, maybe fail.

        Returns an errno to raise *after* the operation was carried out (a rule with
        ``"when": "after"``: the server did it, but the reply was lost)."""
        with self.lock:
            self.stats[op] += 1
            self.by_file[f"{op} {os.path.basename(path or '/') or '/'}"] += 1
            delay = self.delay_ms
            if self.jitter_ms:
                delay += random.uniform(-self.jitter_ms, self.jitter_ms)
            err = None
            after = False
            if self.outage_errno is not None and not unlock:
                err = self.outage_errno
            else:
                for rule in self.rules:
                    if rule["op"] not in (op, "*"):
                        continue
                    if rule.get("path") and (path is None or rule["path"] not in path):
                        continue
                    if rule["skip"] > 0:
                        rule["skip"] -= 1
                        continue
                    if rule["count"] == 0:
                        continue
                    if rule["count"] > 0:
                        rule["count"] -= 1
                    err = rule["errno"]
                    after = rule["when"] == "after"
                    break
            if err is not None:
                self.failed[op] += 1
        if delay > 0:
            time.sleep(delay / 1000.0)
        if err is not None and not after:
            raise FuseOSError(err)
        return err

    def command(self, msg: dict) -> dict:
        cmd = msg.get("cmd")
        with self.lock:
            if cmd == "ping":
                return {"ok": True, "pid": os.getpid()}
            if cmd == "set":
                if "delay_ms" in msg:
                    self.delay_ms = float(msg["delay_ms"])
                if "jitter_ms" in msg:
                    self.jitter_ms = float(msg["jitter_ms"])
                return {"ok": True}
            if cmd == "outage":
                self.outage_errno = _errno_value(msg.get("errno", "EIO"))
                return {"ok": True}
            if cmd == "restore":
                self.outage_errno = None
                return {"ok": True}
            if cmd == "fail":
                op = msg["op"]
                if op != "*" and op not in OPS:
                    return {"ok": False, "error": f"unknown op {op!r}"}
                self.rules.append({
                    "op": op,
                    "errno": _errno_value(msg.get("errno", "EIO")),
                    "count": int(msg.get("count", 1)),
                    "skip": int(msg.get("skip", 0)),
                    "path": msg.get("path"),
                    "when": "after" if msg.get("when") == "after" else "before",
                })
                return {"ok": True}
            if cmd == "clear":
                self.rules.clear()
                self.outage_errno = None
                return {"ok": True}
            if cmd == "stats":
                return {
                    "ok": True,
                    "ops": dict(self.stats),
                    "by_file": dict(self.by_file),
                    "failed": dict(self.failed),
                    "delay_ms": self.delay_ms,
                    "outage": self.outage_errno,
                    "rules_left": [r for r in self.rules if r["count"] != 0],
                }
            if cmd == "reset_stats":
                self.stats.clear()
                self.by_file.clear()
                self.failed.clear()
                return {"ok": True}
        return {"ok": False, "error": f"unknown command {cmd!r}"}


class LockTable:
    """POSIX locks of FUSE lock owners, held as OFD locks on the backing file."""

    def __init__(self) -> None:
        self.mutex = threading.Lock()
        # (st_dev, st_ino, lock_owner) -> fd opened on the backing file for that owner
        self.fds: dict[tuple[int, int, int], int] = {}

    def _fd_for(self, real_path: str, key: tuple[int, int, int]) -> int:
        with self.mutex:
            fd = self.fds.get(key)
            if fd is None:
                fd = os.open(real_path, os.O_RDWR)
                self.fds[key] = fd
            return fd

    def lock(self, real_path: str, file_fd: int, owner: int, cmd: int, flock) -> int:
        st = os.fstat(file_fd)
        key = (st.st_dev, st.st_ino, owner)
        whole_unlock = flock.l_type == fcntl.F_UNLCK and flock.l_start == 0 and flock.l_len == 0
        if whole_unlock and cmd != fcntl.F_GETLK:
            # The owner let go of everything (close/flush or explicit): drop its description.
            with self.mutex:
                fd = self.fds.pop(key, None)
            if fd is not None:
                os.close(fd)
            return 0
        fd = self._fd_for(real_path, key)
        packed = _FLOCK.pack(flock.l_type, flock.l_whence, flock.l_start, flock.l_len, 0)
        ofd_cmd = {
            fcntl.F_GETLK: fcntl.F_OFD_GETLK,
            fcntl.F_SETLK: fcntl.F_OFD_SETLK,
            fcntl.F_SETLKW: fcntl.F_OFD_SETLKW,
        }[cmd]
        try:
            result = fcntl.fcntl(fd, ofd_cmd, packed)
        except OSError as exc:
            raise FuseOSError(exc.errno) from None
        if cmd == fcntl.F_GETLK:
            l_type, l_whence, l_start, l_len, l_pid = _FLOCK.unpack(result)
            flock.l_type = l_type
            flock.l_whence = l_whence
            flock.l_start = l_start
            flock.l_len = l_len
            flock.l_pid = l_pid if l_pid > 0 else 0
        return 0

    def forget_file(self, real_path: str) -> None:
        """Close lock descriptions of a file that no longer exists (after unlink)."""
        # Descriptions of an unlinked file hold no lock anyone can contend for; closing
        # them lets the backing storage reclaim the inode.
        with self.mutex:
            stale = []
            for key, fd in self.fds.items():
                try:
                    if os.fstat(fd).st_nlink == 0:
                        stale.append(key)
                except OSError:
                    stale.append(key)
            fds = [self.fds.pop(k) for k in stale]
        for fd in fds:
            os.close(fd)


class PassThrough(Operations):
    use_ns = True

    def __init__(self, root: str, state: FaultState) -> None:
        self.root = os.path.realpath(root)
        self.state = state
        self.locks = LockTable()
        for op in OPS:  # every operation passes the fault state first (see _guard)
            setattr(self, op, self._guard(op, getattr(self, op)))

    def _guard(self, op: str, impl):
        state = self.state

        def guarded(path, *args):
            # Closing and unlocking always succeed: a client that lost the server lost
            # its handles and locks with it, and must not keep them by failing to let go.
            unlock = op == "release" or (op == "lock" and args[2].contents.l_type == fcntl.F_UNLCK)
            post = state.enter(op, path, unlock=unlock)
            result = impl(path, *args)
            if post is not None:
                raise FuseOSError(post)
            return result

        guarded.__name__ = op
        return guarded

    def _real(self, path: str | None) -> str:
        return os.path.join(self.root, (path or "/").lstrip("/"))

    # -- setup ---------------------------------------------------------------
    def init_with_config(self, conn_info, config) -> None:
        if config is not None:
            # A share has no client-side cache we can trust: every stat, lookup, read
            # and write goes to the server (and pays the round trip).
            config.entry_timeout = 0
            config.negative_timeout = 0
            config.attr_timeout = 0
            config.hard_remove = 1
            config.direct_io = 1
            config.use_ino = 1

    # -- metadata ------------------------------------------------------------
    def getattr(self, path, fh=None):
        try:
            st = os.fstat(fh.fh) if fh is not None else os.lstat(self._real(path))
        except OSError as exc:
            raise FuseOSError(exc.errno) from None
        return {
            "st_mode": st.st_mode, "st_ino": st.st_ino, "st_nlink": st.st_nlink,
            "st_uid": st.st_uid, "st_gid": st.st_gid, "st_size": st.st_size,
            "st_atime": st.st_atime_ns, "st_mtime": st.st_mtime_ns,
            "st_ctime": st.st_ctime_ns, "st_blocks": st.st_blocks,
            "st_blksize": st.st_blksize,
        }

    def access(self, path, amode):
        if not os.access(self._real(path), amode):
            raise FuseOSError(errno.EACCES)
        return 0

    def readdir(self, path, fh):
        real = self._real(path)
        # With use_ino the inode number must be real: readdir(3) hides entries with ino 0.
        entries = [(".", os.lstat(real)), ("..", os.lstat(os.path.dirname(real)))]
        entries += [(e.name, e.stat(follow_symlinks=False)) for e in os.scandir(real)]
        return [(name, {"st_mode": st.st_mode, "st_ino": st.st_ino}, 0) for name, st in entries]

    def readlink(self, path):
        return os.readlink(self._real(path))

    def statfs(self, path):
        sv = os.statvfs(self._real(path))
        return {key: getattr(sv, key) for key in (
            "f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree",
            "f_files", "f_flag", "f_frsize", "f_namemax")}

    def chmod(self, path, mode):
        os.chmod(self._real(path), mode)
        return 0

    def chown(self, path, uid, gid):
        os.chown(self._real(path), uid, gid)
        return 0

    def utimens(self, path, times=None):
        if times is None:
            os.utime(self._real(path))
        else:
            os.utime(self._real(path), ns=times)
        return 0

    # -- namespace -------------------------------------------------------------
    def mkdir(self, path, mode):
        os.mkdir(self._real(path), mode)
        return 0

    def rmdir(self, path):
        os.rmdir(self._real(path))
        return 0

    def unlink(self, path):
        os.unlink(self._real(path))
        self.locks.forget_file(self._real(path))
        return 0

    def rename(self, old, new):
        os.rename(self._real(old), self._real(new))
        return 0

    def symlink(self, target, source):
        os.symlink(source, self._real(target))
        return 0

    def link(self, target, source):
        os.link(self._real(source), self._real(target))
        return 0

    # -- files -----------------------------------------------------------------
    def open(self, path, fi):
        fi.fh = os.open(self._real(path), fi.flags & ~os.O_CREAT)
        fi.direct_io = 1
        return 0

    def create(self, path, mode, fi):
        fi.fh = os.open(self._real(path), fi.flags | os.O_CREAT, mode)
        fi.direct_io = 1
        return 0

    def read(self, path, size, offset, fh):
        return os.pread(fh.fh, size, offset)

    def write(self, path, data, offset, fh):
        return os.pwrite(fh.fh, data, offset)

    def truncate(self, path, length, fh=None):
        os.truncate(self._real(path), length)
        return 0

    def flush(self, path, fh):
        return 0

    def fsync(self, path, datasync, fh):
        if datasync:
            os.fdatasync(fh.fh)
        else:
            os.fsync(fh.fh)
        return 0

    def release(self, path, fh):
        os.close(fh.fh)
        return 0

    def lock(self, path, fh, cmd, lock):
        return self.locks.lock(self._real(path), fh.fh, fh.lock_owner, cmd, lock.contents)


def _serve_control(sock_path: str, state: FaultState) -> None:
    try:
        os.unlink(sock_path)
    except FileNotFoundError:
        pass
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(8)

    def handle(conn: socket.socket) -> None:
        with conn, conn.makefile("rwb") as stream:
            for line in stream:
                try:
                    reply = state.command(json.loads(line))
                except Exception as exc:  # a bad command must not kill the server
                    reply = {"ok": False, "error": repr(exc)}
                stream.write(json.dumps(reply).encode() + b"\n")
                stream.flush()

    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backing")
    parser.add_argument("mountpoint")
    parser.add_argument("control")
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--jitter-ms", type=float, default=0.0)
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)

    state = FaultState(args.delay_ms, args.jitter_ms)
    threading.Thread(target=_serve_control, args=(args.control, state), daemon=True).start()
    # SIGTERM/SIGINT/SIGHUP stay at their defaults so that libfuse installs its own
    # handlers: it leaves the loop cleanly and unmounts on the way out.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    FUSE(
        PassThrough(args.backing, state),
        args.mountpoint,
        raw_fi=True,
        foreground=True,
        debug=args.debug,
        fsname="ult-faultfs",
        hard_remove=True,
        direct_io=True,
        use_ino=True,
        # libfuse 2 takes these as options; libfuse 3 also gets them in init_with_config
        entry_timeout=0,
        negative_timeout=0,
        attr_timeout=0,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
