"""Self-test, the shared file: the folder as Windows answers (raw ``os.stat``), opening it
as a station does, its journal mode, ten short write locks timed, the read-only URI,
SQLite's version and options, and whether a second connection sees a change. On a server
(``postgresql://``): the engine, the login, ten round trips, the version, connection
slots, and whether ``LISTEN`` hears a write; the password never reaches a message, the
report or the log (``selftest.scrub``)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from ult_desktop.app.selftest import Check, Options, failed, open_office, passed, skipped, warned
from ult_desktop.db.engine.sqlite_file import is_server_url, secure_connection

LOCKS = 10
#: One BEGIN IMMEDIATE/ROLLBACK slower than this is a share that will make visitors wait.
SLOW_LOCK_MS = 1000.0


def stat_folder(folder: str) -> tuple[os.stat_result | None, OSError | None]:
    """``os.stat`` of *folder*: the result, or the exception exactly as raised (M1:
    never ``Path.is_dir``, which swallows Windows' reason)."""
    try:
        return os.stat(folder), None
    except OSError as exc:
        return None, exc


def _folder(path: Path) -> Check:
    from ult_desktop.db.errors import share_error

    result, exc = stat_folder(str(path.parent))
    if exc is not None:
        error = share_error(str(path.parent), exc)  # its own key: any language later
        return failed("share.folder", error.key, {
            "folder": str(path.parent), "winerror": getattr(exc, "winerror", None),
            "errno": getattr(exc, "errno", None), "strerror": getattr(exc, "strerror", None),
            "error": repr(exc)}, **error.params)
    return passed("share.folder", "selftest.share.folder_ok",
                  {"folder": str(path.parent), "mode": oct(result.st_mode)},
                  folder=path.parent)


def _locks(path: Path) -> Check:
    times = []
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    try:
        secure_connection(conn)
        for _ in range(LOCKS):
            t0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            times.append(round((time.perf_counter() - t0) * 1000, 2))
    except sqlite3.Error as exc:
        return failed("share.locks", "selftest.share.locks_bad", {"ms": times,
                      "error": str(exc)}, error=exc)
    finally:
        conn.close()
    worst = max(times)
    data = {"ms": times, "max_ms": worst, "median_ms": sorted(times)[len(times) // 2]}
    if worst > SLOW_LOCK_MS:
        return failed("share.locks", "selftest.share.locks_slow", data, worst=round(worst))
    return passed("share.locks", "selftest.share.locks_ok", data, n=LOCKS,
                  worst=round(worst, 1))


def _read_only(path: Path) -> Check:
    from ult_desktop.db.engine.sqlite_file import sqlite_uri

    uri = sqlite_uri(path, mode="ro")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            secure_connection(conn)
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return failed("share.read_only", "selftest.share.ro_bad", {"uri": uri,
                      "error": str(exc)}, error=exc)
    return passed("share.read_only", "selftest.share.ro_ok", {"uri": uri, "objects": tables})


def _sqlite(db) -> Check:
    options = [row[0] for row in db.query("PRAGMA compile_options")]
    secure = int(db.query("PRAGMA secure_delete")[0][0])
    data = {"sqlite": sqlite3.sqlite_version, "compile_options": options,
            "secure_delete": secure}
    if secure != 1:
        return failed("share.sqlite", "selftest.share.secure_delete_off", data)
    return passed("share.sqlite", "selftest.share.sqlite_ok", data,
                  version=sqlite3.sqlite_version,
                  default=next((o for o in options if o.startswith("SECURE_DELETE")), "-"))


def file_change_counter(path: Path) -> int | None:
    """Bytes 24-27 of the SQLite header: bumped by every committed write."""
    try:
        with open(path, "rb") as f:
            head = f.read(28)
    except OSError:
        return None
    return int.from_bytes(head[24:28], "big") if len(head) == 28 else None


def _change_seen(db, path: Path, options: Options) -> Check:
    """A second connection's ``data_version`` moves when this station writes its
    heartbeat (an ordinary station write; nothing else in the file changes)."""
    from ult_desktop.db.house.stations import heartbeat

    other = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    try:
        secure_connection(other)
        before = other.execute("PRAGMA data_version").fetchone()[0]
        counter_before = file_change_counter(path)
        wrote = heartbeat(db, detail={"selftest": True})
        after = other.execute("PRAGMA data_version").fetchone()[0]
    finally:
        other.close()
    counter_after = file_change_counter(path)
    data = {"data_version": [before, after], "change_counter": [counter_before, counter_after],
            "heartbeat_written": wrote}
    if not wrote:
        return skipped("share.change_seen", "selftest.share.busy", data)
    if after == before or counter_before == counter_after:
        return failed("share.change_seen", "selftest.share.change_unseen", data)
    return passed("share.change_seen", "selftest.share.change_seen", data,
                  before=counter_before, after=counter_after)


#: A server farther than this (median round trip) makes every ticket wait: a ticket takes
#: about four round trips (``bench/``: server_roundtrips_issue).
SLOW_ROUND_TRIP_MS = 50.0
#: Oldest server the schema is tested on (docs/server.md).
MIN_SERVER_VERSION = 130000
#: Fewer free connection slots than this and the next stations cannot log in.
MIN_FREE_CONNECTIONS = 10
LISTEN_WAIT_S = 5.0


def _engine() -> tuple[Check, bool]:
    try:
        from ult_desktop.db.engine.pg import driver_facts
    except ImportError as exc:
        return failed("share.server_engine", "selftest.share.no_psycopg",
                      {"error": repr(exc)}), False
    data = driver_facts()
    return passed("share.server_engine", "selftest.share.engine_ok", data,
                  version=data["psycopg"], impl=data["impl"]), True


def _round_trips(db) -> Check:
    times = []
    for _ in range(LOCKS):
        t0 = time.perf_counter()
        db.query("SELECT 1")
        times.append(round((time.perf_counter() - t0) * 1000, 2))
    median = sorted(times)[len(times) // 2]
    data = {"ms": times, "median_ms": median}
    if median > SLOW_ROUND_TRIP_MS:
        return failed("share.server_rtt", "selftest.share.rtt_slow", data, ms=round(median))
    return passed("share.server_rtt", "selftest.share.rtt_ok", data, n=LOCKS,
                  ms=round(median, 1))


def _server_facts(db) -> list[Check]:
    version = int(db.query("SHOW server_version_num")[0][0])
    text = str(db.query("SHOW server_version")[0][0])
    slots = int(db.query("SHOW max_connections")[0][0])
    used = int(db.query("SELECT count(*) FROM pg_stat_activity")[0][0])
    data = {"server_version": text, "server_version_num": version, "max_connections": slots,
            "connections": used}
    out = [passed("share.server_version", "selftest.share.version_ok", data, version=text)
           if version >= MIN_SERVER_VERSION else
           failed("share.server_version", "selftest.share.version_old", data, version=text)]
    free = slots - used
    out.append(passed("share.server_slots", "selftest.share.slots_ok", data, free=free,
                      max=slots) if free >= MIN_FREE_CONNECTIONS else
               failed("share.server_slots", "selftest.share.slots_few", data, free=free,
                      max=slots))
    return out


def _listen(db, url: str) -> Check:
    """A second connection ``LISTEN``s (as the change feed does) and hears a wake-up on
    the events' channel (what every committed event sends; the other stations, woken,
    read and find nothing new)."""
    from ult_desktop.db.engine.pg import NOTIFY_CHANNEL, Listener

    listener = Listener(url)
    try:
        listener.pending()  # opens and subscribes
        db.query("SELECT pg_notify(?, '')", (NOTIFY_CHANNEL,))
        end = time.monotonic() + LISTEN_WAIT_S
        heard = False
        while not heard and time.monotonic() < end:
            heard = listener.pending()
            if not heard:
                time.sleep(0.05)
    finally:
        listener.close()
    data = {"channel": NOTIFY_CHANNEL, "heard": heard}
    if not heard:
        return failed("share.server_listen", "selftest.share.listen_unheard", data,
                      s=LISTEN_WAIT_S)
    return passed("share.server_listen", "selftest.share.listen_ok", data)


def other_clocks(db) -> Check:
    """The other stations' clocks, as each measured its own against the share's with its
    last heartbeat of the past day."""
    from ult_desktop.db.house.stations import peer_skews
    from ult_desktop.db.queue.numbers import CLOCK_TOLERANCE_S

    off = {station: skew for station, skew in peer_skews(db, within_s=86400.0).items()
           if abs(skew) > CLOCK_TOLERANCE_S}
    data = {"off": off}
    if off:
        names = ", ".join(f"{s} ({v / 60:+.0f} min)" for s, v in sorted(off.items()))
        return failed("share.other_clocks", "selftest.share.other_clocks_off", data,
                      names=names)
    return passed("share.other_clocks", "selftest.share.other_clocks_ok", data)


def _registration(db, options: Options) -> Check:
    """Is this PC's station key registered in the office, with the role its mode needs?
    (What it signs counts only then.)"""
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.core.authority import ROLE_OF_MODE

    key = this_pc_key(create=False)
    if key is None:
        return skipped("share.key", "selftest.share.key_none")
    if not db.query("SELECT 1 FROM station_keys WHERE state = 'registered' LIMIT 1"):
        return skipped("share.key", "selftest.share.key_no_office_keys",
                       {"fingerprint": key.fingerprint})
    rows = db.query("SELECT state, role FROM station_keys WHERE key_id = ?", (key.key_id,))
    state, role = (rows[0][0], rows[0][1]) if rows else (None, None)
    wanted = ROLE_OF_MODE.get(options.mode)
    data = {"fingerprint": key.fingerprint, "state": state, "role": role, "wanted": wanted}
    if state != "registered":
        return failed("share.key", "selftest.share.key_pending" if state else
                      "selftest.share.key_unknown", data, fingerprint=key.fingerprint)
    if wanted and role and role != wanted and role != "admin":
        return failed("share.key", "selftest.share.key_role", data, role=role,
                      wanted=wanted, fingerprint=key.fingerprint)
    return passed("share.key", "selftest.share.key_ok", data, fingerprint=key.fingerprint,
                  role=role or "-")


def _clock(db) -> list[Check]:
    """This PC's clock against the share's (the file's modification time the share's
    PC stamps at this station's write) or the server's, and its zone against the office's."""
    from datetime import datetime

    from ult_desktop.core.numbering import zone
    from ult_desktop.db.house.office import get_settings
    from ult_desktop.db.house.stations import measure_clock, peer_skews
    from ult_desktop.db.queue.numbers import CLOCK_TOLERANCE_S, clock_problem

    if db.clock_skew_s is None:
        db.clock_skew_s = measure_clock(db)
        db.peer_skews = list(peer_skews(db).values())
    skew = db.clock_skew_s
    office = str(get_settings(db).get("timezone") or "WIB")
    here = datetime.now().astimezone().utcoffset()
    there = zone(office).utcoffset(None)
    data = {"skew_s": None if skew is None else round(skew, 1),
            "tolerance_s": CLOCK_TOLERANCE_S, "office_zone": office,
            "pc_utc_offset_h": here.total_seconds() / 3600 if here is not None else None}
    out = []
    problem = clock_problem(db)
    if skew is None:
        out.append(skipped("share.clock", "selftest.share.clock_unknown", data))
    elif problem is not None:
        out.append(failed("share.clock", problem.key, data, **problem.params))
    elif abs(skew) > CLOCK_TOLERANCE_S:  # every station sees the share's clock off
        out.append(failed("share.clock", "selftest.share.reference_off", data,
                          minutes=round(abs(skew) / 60)))
    else:
        out.append(passed("share.clock", "selftest.share.clock_ok", data, s=round(abs(skew))))
    out.append(other_clocks(db))
    hours = f"UTC{there.total_seconds() / 3600:+.0f}" if there is not None else office
    if here == there:
        out.append(passed("share.zone", "selftest.share.zone_ok", data, zone=office, utc=hours))
    else:
        out.append(failed("share.zone", "selftest.share.zone_other", data, zone=office,
                          utc=hours, pc=f"UTC{data['pc_utc_offset_h']:+.0f}"))
    return out


def network_drives() -> dict[str, str]:
    """This account's drive letters mapped to shares (``{"Z:": "\\\\server\\ult"}``;
    ``trust_memory.drive_unc``); {} elsewhere."""
    import string

    from ult_desktop.app.trust_memory import drive_unc

    return {f"{letter}:": unc for letter in string.ascii_uppercase
            if (unc := drive_unc(f"{letter}:"))}


def mapped_drive_check(db: str, network: dict[str, str]) -> Check | None:
    """WARN for a database on a mapped drive letter (``Z:\\ult.db``), naming the UNC path
    to put in the station file instead; None when it is not on one."""
    from ult_desktop.core.localpaths import on_mapped_drive

    found = on_mapped_drive(db, network)
    if found is None:
        return None
    return warned("share.drive_letter", "selftest.share.mapped_drive",
                  {"drive": found[0], "unc": found[1]}, drive=found[0], unc=found[1])


def checks(options: Options) -> list[Check]:
    """The office file (its folder, a mapped drive) or the server (``postgresql://``: its
    driver), opened as this station does, then what each needs checked, and the clocks
    and this PC's key on either."""
    from ult_desktop.db.errors import UltError

    if not options.db:
        return [skipped("share.open", "selftest.share.no_db")]
    server, path = is_server_url(options.db), Path(options.db)
    if server:
        engine, driver = _engine()
        out = [engine]
        if not driver:
            return out
    else:
        mapped = mapped_drive_check(options.db, network_drives())
        out = [_folder(path), *([mapped] if mapped is not None else [])]
    try:
        db = open_office(options)
    except UltError as exc:
        said = {"type": type(exc).__name__} if server else {"error": str(exc),
                                                              "type": type(exc).__name__}
        return out + [failed("share.open", exc.key, said, **exc.params)]
    try:
        if server:
            out.append(passed("share.open", "selftest.share.server_open_ok",
                              {"url": db.target}, url=db.target))
            more = [_round_trips(db), *_server_facts(db), _listen(db, options.db)]
        else:
            out.append(passed("share.open", "selftest.share.open_ok", {"path": str(path)},
                              path=path))
            more = [_journal(db), _locks(path), _read_only(path), _sqlite(db),
                    _change_seen(db, path, options)]
        out += [*more, *_clock(db), _registration(db, options)]
    except UltError as exc:
        if not server:
            raise
        out.append(failed("share.server", exc.key, {"type": type(exc).__name__},
                          **exc.params))
    finally:
        db.close()
    return out


def _journal(db) -> Check:
    """The office file in a rollback journal (never WAL, which a share cannot hold)."""
    mode = str(db.query("PRAGMA journal_mode")[0][0]).lower()
    ok = mode in ("delete", "truncate")
    return (passed if ok else failed)("share.journal", "selftest.share.journal_ok" if ok
                                      else "selftest.share.journal_bad", {"mode": mode},
                                      mode=mode)
