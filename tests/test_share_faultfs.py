"""The fault-injecting FUSE share itself: pass-through, locks, latency, faults, outages."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import textwrap
import time

import pytest

fcntl = pytest.importorskip("fcntl", reason="the FUSE share harness is Linux-only (POSIX locks)")

FLOCK = struct.Struct("hhxxxxqqi4x")


def _run(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                          capture_output=True, text=True, timeout=timeout)


def test_pass_through_reaches_backing_folder(slow_share):
    (slow_share.path / "a.txt").write_text("halo")
    assert (slow_share.backing / "a.txt").read_text() == "halo"
    (slow_share.backing / "b.txt").write_text("dari server")
    assert (slow_share.path / "b.txt").read_text() == "dari server"
    assert sorted(os.listdir(slow_share.path)) == ["a.txt", "b.txt"]
    os.rename(slow_share.path / "a.txt", slow_share.path / "c.txt")
    os.unlink(slow_share.path / "b.txt")
    assert sorted(os.listdir(slow_share.backing)) == ["c.txt"]
    ops = slow_share.stats()["ops"]
    assert ops["write"] >= 1 and ops["read"] >= 1 and ops["unlink"] == 1


def test_every_read_goes_to_the_server(slow_share):
    """No client cache: re-reading a file costs server round trips again (like SMB
    without oplocks), so the delay really applies to SQLite's page reads."""
    (slow_share.path / "f.bin").write_bytes(b"x" * 8192)
    slow_share.reset_stats()
    with open(slow_share.path / "f.bin", "rb", buffering=0) as f:
        for _ in range(5):
            f.seek(0)
            assert f.read(4096) == b"x" * 4096
    assert slow_share.stats()["ops"]["read"] >= 5


def test_posix_lock_passes_through_to_other_processes_and_backing_file(slow_share):
    path = slow_share.path / "lock.bin"
    path.write_bytes(b"\0" * 16)
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 5)  # write lock on byte 5
        probe = """
            import fcntl, os, sys
            fd = os.open(sys.argv[1], os.O_RDWR)
            for start in (5, 6):
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, start)
                    print(start, "free")
                except OSError as e:
                    print(start, "held", e.errno)
        """
        for where in (path, slow_share.backing / "lock.bin"):
            out = _run(probe, str(where)).stdout.split("\n")
            assert out[0] in (f"5 held {errno.EAGAIN}", f"5 held {errno.EACCES}"), (where, out)
            assert out[1] == "6 free", (where, out)
        # F_GETLK through the mount reports the conflicting lock too
        got = _run("""
            import fcntl, os, struct, sys
            fd = os.open(sys.argv[1], os.O_RDWR)
            req = struct.pack("hhxxxxqqi4x", fcntl.F_WRLCK, 0, 5, 1, 0)
            print(struct.unpack("hhxxxxqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, req))[0])
        """, str(path)).stdout.strip()
        assert int(got) == fcntl.F_WRLCK
    finally:
        os.close(fd)  # closing releases the lock for everybody
    out = _run("""
        import fcntl, os, sys
        fd = os.open(sys.argv[1], os.O_RDWR)
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 5)
        print("free")
    """, str(path))
    assert out.stdout.strip() == "free", out.stderr


WRITER = """
    import sqlite3, sys
    con = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE counter SET n = n + 1000")
    print("holding", flush=True)
    sys.stdin.readline()
    con.execute("COMMIT")
    print("committed", flush=True)
"""


def _make_counter_db(path) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("CREATE TABLE counter(n INTEGER)")
    con.execute("INSERT INTO counter VALUES (0)")
    con.close()


def test_sqlite_write_lock_contention_between_processes(slow_share):
    db = slow_share.path / "c.db"
    _make_counter_db(db)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        con = sqlite3.connect(db, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            con.execute("BEGIN IMMEDIATE")
        # readers still get the last committed state while the other writer holds RESERVED
        assert con.execute("SELECT n FROM counter").fetchone()[0] == 0
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "committed"
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE counter SET n = n + 1")
        con.execute("COMMIT")
        assert con.execute("SELECT n FROM counter").fetchone()[0] == 1001
        con.close()
    finally:
        holder.kill()
        holder.wait()


def test_lock_of_a_killed_process_is_released(slow_share):
    db = slow_share.path / "k.db"
    _make_counter_db(db)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    con = sqlite3.connect(db, timeout=5, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE counter SET n = n + 1")
    con.execute("COMMIT")
    assert con.execute("SELECT n FROM counter").fetchone()[0] == 1
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_concurrent_writers_lose_no_update(slow_share):
    """If locks did not pass through, two writers would overwrite each other's pages."""
    slow_share.set_delay(0)
    db = slow_share.path / "inc.db"
    _make_counter_db(db)
    code = """
        import sqlite3, sys
        con = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
        for _ in range(40):
            con.execute("BEGIN IMMEDIATE")
            n = con.execute("SELECT n FROM counter").fetchone()[0]
            con.execute("UPDATE counter SET n = ?", (n + 1,))
            con.execute("COMMIT")
    """
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), str(db)])
             for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    con = sqlite3.connect(db)
    assert con.execute("SELECT n FROM counter").fetchone()[0] == 120
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_delay_is_applied_per_operation(slow_share):
    slow_share.set_delay(0)
    (slow_share.path / "d.txt").write_text("x")
    slow_share.set_delay(20)
    t0 = time.monotonic()
    for _ in range(5):
        os.stat(slow_share.path / "d.txt")
    assert time.monotonic() - t0 >= 5 * 0.020  # at least one round trip per stat


@pytest.mark.parametrize("name", ["EIO", "ENOTCONN", "ESTALE"])
def test_outage_fails_everything_then_open_files_work_again(slow_share, name):
    path = slow_share.path / "o.txt"
    path.write_text("sebelum")
    fd = os.open(path, os.O_RDWR)
    try:
        with slow_share.down(name):
            for attempt in (lambda: os.stat(path), lambda: os.pread(fd, 10, 0),
                            lambda: open(slow_share.path / "new.txt", "w")):
                with pytest.raises(OSError) as info:
                    attempt()
                assert info.value.errno == getattr(errno, name)
        assert os.pread(fd, 10, 0) == b"sebelum"
        assert not (slow_share.backing / "new.txt").exists()
    finally:
        os.close(fd)


def test_fault_rule_fails_chosen_operation_once(slow_share):
    db = slow_share.path / "f.db"
    _make_counter_db(db)
    con = sqlite3.connect(db, isolation_level=None)
    slow_share.fail("fsync", "EIO", count=1)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE counter SET n = 7")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        con.execute("COMMIT")
    if con.in_transaction:
        con.execute("ROLLBACK")
    assert slow_share.stats()["failed"] == {"fsync": 1}
    # the next attempt works and the file is sound
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE counter SET n = 8")
    con.execute("COMMIT")
    con.close()
    con = sqlite3.connect(db)
    assert con.execute("SELECT n FROM counter").fetchone()[0] == 8
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_fault_rule_limited_to_path(slow_share):
    slow_share.fail("create", "EACCES", count=-1, path="-journal")
    (slow_share.path / "ok.txt").write_text("x")
    with pytest.raises(PermissionError):
        (slow_share.path / "x.db-journal").write_text("x")
    slow_share.clear()
    (slow_share.path / "x.db-journal").write_text("x")


def test_crash_then_remount(slow_share):
    path = slow_share.path / "r.txt"
    path.write_text("tetap ada")
    fd = os.open(path, os.O_RDONLY)
    try:
        slow_share.crash()
        with pytest.raises(OSError) as info:
            os.pread(fd, 10, 0)
        assert info.value.errno == errno.ENOTCONN
        with pytest.raises(OSError) as info:
            os.stat(path)
        assert info.value.errno == errno.ENOTCONN
        slow_share.remount()
        assert path.read_text() == "tetap ada"
        with pytest.raises(OSError):  # the old handle belongs to the dead connection
            os.pread(fd, 10, 0)
    finally:
        with contextlib.suppress(OSError):  # flush on close fails on the dead connection
            os.close(fd)


def test_fault_after_the_operation_reports_failure_of_a_done_operation(slow_share):
    (slow_share.path / "gone.txt").write_text("x")
    slow_share.fail("unlink", "EIO", after=True)
    with pytest.raises(OSError) as info:
        os.unlink(slow_share.path / "gone.txt")
    assert info.value.errno == errno.EIO
    assert not (slow_share.backing / "gone.txt").exists()  # ... but it was done
