"""The office as the morning check sees it from any PC: every station (alive by its
pulse, as the counters judge it; its printer and journal by its last heartbeat), the office's last backup and the free disk where the
shared file lives. Read from the record, so it needs no other PC to answer."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ult_desktop.app.selftest import Check, Options, failed, open_office, passed, skipped, warned
from ult_desktop.app.selftest.share import other_clocks
from ult_desktop.core.dates import heartbeat_age_s
from ult_desktop.db.engine.sqlite_file import is_server_url
from ult_desktop.db.house.office import read_officer_rows
from ult_desktop.db.house.stations import TOOL_MODES, read_stations

log = logging.getLogger(__name__)

#: A station whose last heartbeat is older than this (two and a half beats) is not on.
ALIVE_WITHIN_S = 150.0
#: A station not seen for this long is listed as a warning (a PC taken away), not a fault.
RETIRED_AFTER_S = 7 * 86400.0
#: Free space where the shared file lives: below LOW a warning, below FULL a fault.
DISK_LOW_BYTES = 5 * 1024 ** 3
DISK_FULL_BYTES = 1024 ** 3


def printer_words(state: str) -> str:
    """A printer state in words ("kertas habis"); a state the catalogue has no words for
    (text from a file or an event, never shown as it is) is "status cannot be read"."""
    from ult_desktop.core.i18n import keys, tr

    key = f"printer.status.{state}"
    return tr(key if key in keys() else "printer.status.unknown")


def station_checks(rows: list, own_skew: float | None, *, now: float | None = None,
                   alive: set[str] | None = None) -> list[Check]:
    """One line per station of the hall: on or not, then its printer and its journal.
    *alive*: the stations whose pulse moves now (``app.pulse.alive_now``), the one
    judgement of "on" where there is a pulse folder; None: the heartbeat's age judges."""
    from ult_desktop.db.house.stations import judge_printers, row_detail

    out: list[Check] = []
    for row in rows:
        if row["mode"] in TOOL_MODES:
            continue
        detail = row_detail(row)
        name, mode = row["id"], row["mode"]
        age = heartbeat_age_s(row["clock"], detail, own_skew, now)
        if alive is not None and age is not None:
            age = 0.0 if name in alive else max(age, ALIVE_WITHIN_S + 1)
        data = {"station": name, "mode": mode, "age_s": None if age is None else round(age),
                "printer_state": row["printer_state"], "host": detail.get("host")}
        cid = f"office.station.{name}"
        if age is None:
            out.append(failed(cid, "selftest.office.station_unreadable", data, station=name))
            continue
        if age > RETIRED_AFTER_S:
            out.append(warned(cid, "selftest.office.station_gone", data, station=name,
                              days=int(age // 86400)))
            continue
        if age > ALIVE_WITHIN_S and mode == "admin":
            continue  # the admin PC serves nobody: off (or only its check running) is fine
        if age > ALIVE_WITHIN_S:
            out.append(failed(cid, "selftest.office.station_off", data, station=name,
                              mode=mode, minutes=max(1, int(age // 60))))
            continue
        out.append(passed(cid, "selftest.office.station_on", data, station=name, mode=mode,
                          s=max(0, int(age))))
        printer = judge_printers({name: (row["printer_state"], age)}, {})[name]  # as the counters
        if mode == "kiosk" and printer.trouble:
            out.append(failed(f"office.printer.{name}", "selftest.office.printer_bad", data,
                              station=name, state=printer_words(printer.state)))
        if detail.get("journal_error"):
            out.append(failed(f"office.journal.{name}", "selftest.office.journal_bad",
                              data | {"error": detail["journal_error"]}, station=name))
        if int(detail.get("pending") or 0):
            out.append(warned(f"office.pending.{name}", "selftest.office.pending", data,
                              station=name, n=int(detail["pending"])))
    if not out:
        out.append(failed("office.stations", "selftest.office.no_station"))
    return out


def backup_check(db) -> Check:
    from ult_desktop.core.backup_plan import warning_text
    from ult_desktop.db.keeping.autobackup import backup_status

    status = backup_status(db)
    data = status.as_dict()
    found = [w for w in status.warnings if w.key != "holidays.cuti_bersama_unknown"]
    if found:
        return failed("office.backup", "selftest.office.backup_bad", data,
                      why=" ".join(warning_text(w) for w in found))
    assert status.last is not None  # no warning: there is a recent one
    hours = max(0, int((datetime.now(status.last.at.tzinfo) - status.last.at)
                       .total_seconds() // 3600))
    return passed("office.backup", "selftest.office.backup_ok", data, hours=hours)


def seal_check(db) -> Iterator[Check]:
    """A warning naming the active officers whose PIN hash carries no sign-in seal (made
    before seals, ``core.pins.hash_pin``): their sign-ins prove nothing until the admin
    sets their PIN again. Nothing when every PIN is sealed. Once the office hashes PINs
    with its PIN key, a warning naming those whose hash was made without it (searchable
    from the file: docs/security.md "Hash cost")."""
    from ult_desktop.core.pins import keyed_by, seal_of

    rows = sorted((r["username"], r["pin_hash"]) for r in db.read(read_officer_rows)
                  if r["active"])  # (as the record holds them)
    names = [u for u, h in rows if seal_of(h) is None]
    if names:
        yield warned("office.pins", "selftest.office.pins_unsealed", {"officers": names},
                     n=len(names), names=", ".join(names))
    unkeyed = [u for u, h in rows if keyed_by(h) is None and u not in names]
    if unkeyed and any(keyed_by(h) for _, h in rows):
        yield warned("office.pin_key", "selftest.office.pins_unkeyed", {"officers": unkeyed},
                     n=len(unkeyed), names=", ".join(unkeyed))


def set_aside_check(db) -> Iterator[Check]:
    """A warning naming the rows of the office's settings, services, desks and breaks
    that the record does not let stand (written by a key that may not, or by plain SQL):
    no station acts on them (``db.record.judged``); ``check`` says who wrote them."""
    from ult_desktop.db.house.office import read_counters, read_services, read_settings
    from ult_desktop.db.queue.rows import read_pauses
    from ult_desktop.db.record.judged import set_aside

    db.read(lambda c: (read_settings(c), read_services(c), read_counters(c), read_pauses(c)))
    rows = set_aside(db)
    if rows:
        yield warned("office.rows", "selftest.office.rows_set_aside",
                     {"rows": [list(r) for r in rows]}, n=len(rows),
                     names=", ".join(f"{t} {k}" for t, k in rows[:6]))


def disk_check(db_path: str) -> Check:
    folder = Path(db_path).parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        return failed("office.disk", "selftest.office.disk_unknown", {"error": str(exc)},
                      error=exc.strerror or exc)
    data = {"free_bytes": free, "folder": str(folder)}
    gib = round(free / 1024 ** 3, 1)
    if free < DISK_FULL_BYTES:
        return failed("office.disk", "selftest.office.disk_full", data, gib=gib)
    if free < DISK_LOW_BYTES:
        return warned("office.disk", "selftest.office.disk_low", data, gib=gib)
    return passed("office.disk", "selftest.office.disk_ok", data, gib=gib)


def phone_page_check(db, alive: set[str] | None) -> Check:
    """The visitors' phone page by the office's one judgement (``core.phone``): served,
    not served (by whom, at which address), or nobody can say yet."""
    from ult_desktop.app.pulse import PAGE_KEYS, phone_page_now
    from ult_desktop.core import phone
    from ult_desktop.db.house.office import get_settings

    settings = get_settings(db, *PAGE_KEYS)
    state, station = phone_page_now(db, settings, alive)
    address = phone.page_url(settings, "").removesuffix("/t/")
    data = {"state": state, "station": station, "address": address}
    cid = "office.phone_page"
    if state == phone.PAGE_OFF:
        return skipped(cid, "selftest.office.phone_off", data)
    if state == phone.PAGE_SERVED:
        return passed(cid, "selftest.office.phone_served", data, station=station,
                      address=address)
    if state == phone.PAGE_UNKNOWN:
        return warned(cid, "selftest.office.phone_unknown", data, address=address)
    return failed(cid, "selftest.office.phone_not_served", data, station=station,
                  address=address)


def pulses_alive(db, target: str) -> set[str] | None:
    """The stations alive by their pulse (None: a server's record, no pulse folder)."""
    from ult_desktop.app.pulse import alive_now, pulse_dir, pulse_keys

    folder = pulse_dir(target)
    if folder is None:
        return None
    keys, runs = pulse_keys(db)
    return alive_now(folder, keys, runs=runs)


def checks(options: Options) -> Iterator[Check]:
    """The office's lines, each as soon as it is known: the clocks, the backup and the
    disk at once, the stations once their pulses were watched (a few seconds)."""
    from ult_desktop.db.errors import UltError

    if not options.db:
        yield skipped("office.stations", "selftest.share.no_db")
        return
    try:
        db = open_office(options)
    except UltError as exc:
        yield failed("office.stations", exc.key, {"error": str(exc)}, **exc.params)
        return
    try:
        yield other_clocks(db)
        yield backup_check(db)
        yield from seal_check(db)
        yield from set_aside_check(db)
        if not is_server_url(options.db):
            yield disk_check(options.db)
        rows = db.read(read_stations)  # (a row its station's key signed, or none)
        alive = pulses_alive(db, options.db)
        yield from station_checks(rows, db.clock_skew_s, alive=alive)
        yield phone_page_check(db, alive)
    finally:
        db.close()


#: What the morning check tests: the share or server, every station (heartbeats,
#: printers, journals, clocks), the last backup and free disk, this PC's printer with a
#: test line and its sound.
MORNING_AREAS = ("office", "share", "devices", "printer", "sound")  # others' reports first
#: How long the morning check waits for the running kiosks' and TVs' tests.
DEVICE_WAIT_S = 25.0


def device_checks(options: Options) -> list[Check]:
    """Every running kiosk prints the test ticket and says which voices it has (an
    English screen on a PC with no English voice: said so), every running TV plays its chime,
    asked through the record (``stations.DEVICE_TEST``); one line each, or that it did not
    answer within :data:`DEVICE_WAIT_S`."""
    import time

    from ult_desktop.db.errors import UltError
    from ult_desktop.db.house import stations

    if not options.db or not options.stations_test:
        return []
    try:
        db = open_office(options)
    except UltError:
        return []  # the office area said why
    answers: dict = {}
    try:
        rows = db.read(stations.read_stations)
        wanted = {"kiosk": ("printer", "speech"), "display": ("sound",)}
        alive = pulses_alive(db, options.db)
        expected = sorted(
            (row["id"], device) for row in rows for device in wanted.get(row["mode"], ())
            if device in options.stations_test and
            (row["id"] in alive if alive is not None else
             (heartbeat_age_s(row["clock"], stations.row_detail(row), db.clock_skew_s) or 1e9) <=
             ALIVE_WITHIN_S))
        if not expected:
            return [skipped("office.devices", "selftest.office.devices_none")]
        request = stations.ask_device_test(db, options.stations_test)
        deadline = time.monotonic() + DEVICE_WAIT_S
        while not set(expected) <= set(answers) and time.monotonic() < deadline:
            time.sleep(0.5)
            answers = stations.device_answers(db, request)
    except UltError as exc:
        return [failed("office.devices", exc.key, {"error": str(exc)}, **exc.params)]
    finally:
        db.close()
    out = []
    for name, device in expected:
        answer, cid = answers.get((name, device)), f"office.{device}_test.{name}"
        data = {"station": name, "answer": answer}
        if answer is None:
            out.append(failed(cid, f"selftest.office.{device}_silent", data, station=name,
                              s=int(DEVICE_WAIT_S)))
        elif device == "sound" and answer.get("detail") == "silent":  # by its setting
            out.append(skipped(cid, "selftest.office.sound_off", data, station=name))
        elif answer.get("ok"):
            out.append(passed(cid, f"selftest.office.{device}_test_ok", data, station=name,
                              detail=answer.get("detail") or ""))
        else:
            out.append(failed(cid, f"selftest.office.{device}_test_bad", data, station=name,
                              detail=answer.get("detail") or "?"))
    return out


def morning_check(db: str | None, *, printer: str | None = None, do_print: bool = True,
                  do_sound: bool = True, stations_test: tuple[str, ...] = (),
                  extra: dict | None = None, station: str | None = None, progress=None):
    """Run the morning check and keep its outcome in the record: (report, the kept
    event's id, or None when the record could not take it). *extra*: the Qt areas
    (sound), given by the caller; *stations_test*: what the running kiosks ("printer")
    and TVs ("sound") test for it."""
    from dataclasses import replace

    from ult_desktop.app.selftest import run_checks, station_options
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.db.errors import UltError
    from ult_desktop.db.house.stations import record_morning_check
    from ult_desktop.db.open import open_database

    options = station_options(db=db, printer=printer, do_print=do_print, do_sound=do_sound,
                              only=MORNING_AREAS, sound_wait_s=8.0,
                              stations_test=tuple(stations_test))
    if station:
        options = replace(options, station=station)
    report = run_checks(options, extra={**(extra or {}), "office": checks,
                                        "devices": device_checks},
                        progress=progress)
    data = report.as_json()
    kept = {"ok": report.ok, "counts": report.counts(), "host": data["host"],
            "seconds": data["seconds"],
            "lines": [{"id": c["id"], "status": c["status"], "message": c["message"]}
                      for c in data["checks"]]}
    if not options.db:
        return report, None
    try:
        target = open_database(options.db, station=options.station or
                               f"morning-check@{data['host'] or 'pc'}", mode="cli",
                               signer=this_pc_key())
    except UltError:
        return report, None
    try:
        if not _may_sign(target):
            return report, None
        return report, record_morning_check(target, kept)
    except UltError:
        log.warning("morning check not kept in the record", exc_info=True)
        return report, None
    finally:
        target.close()


def _may_sign(db) -> bool:
    """Whether this PC may add the outcome to the record: in an office whose stations
    sign, only with this PC's registered key (an unsigned event there is named by
    ``check``, rightly); in one that does not sign yet, always."""
    registered = {r[0] for r in db.query(
        "SELECT key_id FROM station_keys WHERE state = 'registered'")}
    if not registered:
        return True
    key = db.identity.signer
    return key is not None and key.key_id in registered
