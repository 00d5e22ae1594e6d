"""One read per refresh: every job a station runs on its worker reads the
shared file in at most ONE read transaction, so a refresh takes the file's shared lock
once; a queue action is its one write plus that one read, and the screen applies it
without asking again (the feed skips what it already shows).

Counted for real: SQLite's own trace of every statement the station's connection runs
on a real file. A ``BEGIN`` starts a read transaction, ``BEGIN IMMEDIATE`` a write; a
statement outside any transaction is a read transaction of its own. No database is
mocked. The list of jobs is checked against the screens' ``run(...)`` calls, so a new
job cannot slip past the count.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from tests.drivers import WAIT
from ult_desktop.core.register import RecordInput
from ult_desktop.db import queries
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.stations import heartbeat, kiosk_printers, record_printer_state
from ult_desktop.db.journals.journal import KioskJournal
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import (
    call_next,
    pause_counter,
    recall,
    reclassify_priority,
    request_reprint,
    resume_counter,
    set_deaf,
    skip,
    start_serving,
    transfer,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.offline import day_conflicts
from ult_desktop.db.queue.print_results import PrintOutbox
from ult_desktop.db.record.feed import ChangeFeed
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.db.visit import cases, hall, handover, visits
from ult_desktop.ui.common import lan_ear
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.display import jobs as display_jobs
from ult_desktop.ui.kiosk import jobs as kiosk_jobs
from ult_desktop.ui.kiosk import paper

ROOT = Path(__file__).resolve().parent.parent
#: Statements that set a connection option: no transaction, no page of the file read.
_OPTIONS = ("PRAGMA BUSY_TIMEOUT", "PRAGMA FOREIGN_KEYS", "COMMIT", "ROLLBACK", "--")


class Transactions:
    """The transactions one Database's connection runs on the file while in use."""

    def __init__(self, db: Database):
        self.db = db
        self.reads = self.writes = 0
        self.conn: sqlite3.Connection | None = None

    def _trace(self, sql: str) -> None:
        head = sql.lstrip().upper()
        if head.startswith(("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")):
            self.writes += 1
        elif head.startswith("BEGIN"):
            self.reads += 1
        elif not head.startswith(_OPTIONS) and not self.conn.in_transaction:
            self.reads += 1  # autocommit: a transaction of its own

    def __enter__(self) -> Transactions:
        self.conn = self.db.conn
        self.conn.set_trace_callback(self._trace)
        return self

    def __exit__(self, *exc) -> None:
        self.conn.set_trace_callback(None)


class Jobs:
    """Runs station jobs as the Station worker does (``fn(db, ...)``) and keeps the
    transactions each one took."""

    def __init__(self):
        self.counted: dict[str, tuple[int, int]] = {}

    def run(self, name: str, db: Database, fn, *args, **kwargs):
        with Transactions(db) as tx:
            out = fn(db, *args, **kwargs)
        reads, writes = self.counted.get(name, (0, 0))
        self.counted[name] = (max(reads, tx.reads), max(writes, tx.writes))
        return out


RECORD = RecordInput(visitor_name="Budi Santoso", institution="SMP Negeri 3 Semarang",
                     phone="081234567890", question="Tunjangan profesi belum cair")

#: What each screen hands to ``run(...)``, by the name used there, and the name it is
#: counted under below (``jobs.act`` runs every queue action: counted per action).
COUNTED_AS = {
    # counter
    "jobs.login": "counter.login", "jobs.office_info": "counter.office_info",
    "jobs.set_services": "counter.set_services", "jobs.logout": "counter.logout",
    "jobs.counter_state": "counter.counter_state", "jobs.act": "counter.act(call_next)",
    "jobs.receipt": "counter.receipt", "jobs.remote_records": "counter.remote_records",
    "skm_db.remote_survey_code": "counter.remote_survey_code",
    "jobs.case_list": "counter.case_list", "jobs.desk_state": "counter.desk_state(back office)",
    "cases.answer_case": "counter.answer_case",
    "cases.calendar_and_today": "counter.calendar_and_today",
    "cases.reschedule_case": "counter.reschedule_case",
    "cases.record_callback": "counter.record_callback", "cases.close_case": "counter.close_case",
    "handover.consult": "counter.consult", "handover.take": "counter.take",
    "handover.take_ticket": "counter.take_ticket", "handover.coordinate": "counter.coordinate",
    "handover.answer": "counter.answer", "handover.hand_back": "counter.hand_back",
    "handover.finish_at_desk": "counter.finish_at_desk", "handover.explain": "counter.explain",
    "job": "counter.save_walk_in",  # DraftedSave: save_walk_in / save_remote
    # kiosk
    "jobs.load_state": "kiosk.load_state", "jobs.take_ticket": "kiosk.take_ticket",
    "paper.print_ticket": "kiosk.print_ticket", "jobs.check_admin_pin": "kiosk.check_admin_pin",
    "jobs.land": "kiosk.land", "paper.reprint": "kiosk.reprint",
    # what a counter asked a kiosk to print (a ticket again, or a visit's slip)
    "paper.asked": "kiosk.reprint", "paper.print_visit_slip": "kiosk.print_visit_slip",
    "visits.ask_kiosk_slip": "counter.ask_kiosk_slip",
    "request_reprint": "counter.request_reprint",
    "desk.pause_counter": "counter.pause", "desk.resume_counter": "counter.resume",
    "jobs.record_exit": "kiosk.record_exit",
    # display
    "queries.queue_snapshot": "display.queue_snapshot",
    "jobs.display_settings": "display.settings",
    "lan_trust": "display.lan_trust", "day_conflicts": "counter.day_conflicts",
    "record_lan_calls": "display.record_lan_calls",
    # the hall: a visitor's call for help, every counter's list, one officer's answer
    "hall.request_help": "kiosk.help", "hall.open_calls": "counter.help_calls",
    "hall.answer_help": "counter.help_answer",
    "set_deaf": "kiosk.deaf",  # "Saya tuli" on the number's page
    # the kiosk's printer went wrong or right again; the counter's list at sign-in
    "stations.record_printer_state": "kiosk.printer_state",
    "stations.kiosk_printers": "counter.kiosk_printers",
}
#: Jobs of these screens that are not counted here, and why.
NOT_COUNTED = {
    "visits.find_code": "a code the officer scans at the counter: one read "
                        "(tests/test_counter_scan.py)",
    "book_and_draw": "one write of a follow-up visit, then its slip drawn "
                     "(tests/test_counter_scan.py)",
    "jobs.code_at_kiosk": "a code a visitor scans at the kiosk, not a refresh: the code's "
                          "read, its one write (a check-in's ticket or a report-back) and "
                          "the ticket page's read (tests/test_kiosk_codes.py)",
    "admin_pins.refresh": "reads the admins' PIN hashes in one read (admin_pins.fetch)",
    "cases.set_lapor_category": "one write of a case's LAPOR! category, the officer's "
                                "choice (tests/test_lapor_clock.py)",
    "jobs.land_desk": "one write of the acts a counter kept while the file was away "
                      "(tests/test_counter_offline.py)",
    "online_import.import_requests": "a bulk import the officer starts: one read of the "
                                     "numbers known, then a record and a case per new row "
                                     "(tests/test_online_import.py)",
}


@pytest.fixture
def stations(db_path, tmp_path):
    opened = {name: open_database(db_path, station=name, mode=mode) for name, mode in (
        ("counter-1", "counter"), ("counter-2", "counter"), ("kiosk-1", "kiosk"),
        ("kiosk-1-printer", "kiosk"), ("display-1", "display"))}
    yield opened
    for db in opened.values():
        db.close()


def _officer(db: Database, username: str) -> int:
    return db.query("SELECT id FROM officers WHERE username = ?", (username,))[0][0]


def test_every_station_job_reads_the_file_at_most_once(stations, tmp_path):
    kiosk, printer_db = stations["kiosk-1"], stations["kiosk-1-printer"]
    desk, back = stations["counter-1"], stations["counter-2"]
    display = stations["display-1"]
    sari, dewi = _officer(desk, "sari"), _officer(desk, "dewi")
    run = Jobs().run
    counted = run.__self__.counted
    outbox = PrintOutbox()

    # -- the kiosk: the start screen, a visitor's ticket, its paper, the admin door
    run("kiosk.load_state", kiosk, kiosk_jobs.load_state)
    issued = None
    for service, priority in (("A", False), ("B", False), ("A", True), ("A", False)):
        issued = run("kiosk.take_ticket", kiosk, kiosk_jobs.take_ticket, service=service,
                     priority=priority, outbox=outbox)
        assert issued.state is not None and issued.ahead is not None
        outcome = run("kiosk.print_ticket", printer_db, paper.print_ticket, issued.ticket,
                      f"virtual://{tmp_path}", outbox=outbox, waiting_ahead=issued.ahead,
                      settings=issued.settings, go_to=issued.go_to)
        assert outcome.ok
    # a ticket from the numbers the kiosk holds: its landing, with the
    # numbers claimed, is one write and the start screen one read
    journal = KioskJournal(tmp_path / "kiosk-1.journal", station="kiosk-1")
    run("kiosk.land", kiosk, kiosk_jobs.land, journal)
    held = kiosk_jobs.held_ticket(journal, kiosk_jobs.load_state(kiosk), service="B",
                                  request_id="kiosk-1:held")
    assert held is not None and held.held
    assert run("kiosk.land", kiosk, kiosk_jobs.land, journal)[0] == 0
    journal.close()
    run("kiosk.check_admin_pin", kiosk, kiosk_jobs.check_admin_pin, "480916")
    run("kiosk.record_exit", kiosk, kiosk_jobs.record_exit, "admin")

    # -- the counter: sign in, the desk's queue, every queue action with its read
    from tests.drivers import sit_at

    sit_at(back, 3, "budi")  # Loket 3 serves: the priority ticket is kept for it
    run("counter.office_info", desk, jobs.office_info)
    run("counter.login", desk, jobs.login, "sari", "517394")
    run("counter.set_services", desk, jobs.set_services, 1, ["A", "B", "C"])
    run("counter.counter_state", desk, jobs.counter_state, counter=1, officer_id=sari)
    view = (1, sari)

    def act(name: str, operation, **kwargs) -> jobs.Acted:
        return run(f"counter.act({name})", desk, jobs.act, operation, desk=view, **kwargs)

    called = act("call_next", call_next, counter=1, officer_id=sari).result
    run("counter.save_walk_in", desk, jobs.save_walk_in, ticket_id=called.id, record=RECORD,
        officer_id=sari)
    act("recall", recall, counter=1)
    act("skip", skip, counter=1)
    act("recall", recall, counter=1, number=called.number)
    act("serve", start_serving, counter=1)
    act("finish_visit", cases.finish_visit, counter=1, ticket_id=called.id, outcome="answered",
        record=RECORD, officer_id=sari)
    waiting = run("counter.counter_state", desk, jobs.counter_state, counter=1,
                  officer_id=sari).waiting
    act("transfer", transfer, number=waiting[-1].number, to_service="C")
    act("reclassify", reclassify_priority, number=waiting[-1].number,
        priority=True, reason="lansia")
    at_desk = act("call_next", call_next, counter=1, officer_id=sari).result
    consult = run("counter.consult", desk, handover.consult, from_officer=sari,
                  ticket_id=at_desk.id, question="Boleh dibantu?")
    act("finish_visit", cases.finish_visit, counter=1, ticket_id=at_desk.id,
        outcome="escalated", record=RECORD, officer_id=sari)
    run("counter.receipt", desk, jobs.receipt, ticket_id=at_desk.id)
    remote = run("counter.save_remote", desk, cases.save_remote, channel="phone", service="A",
                 record=RECORD, officer_id=sari, escalate_to="back_office")
    assert run("counter.remote_survey_code", desk, skm_db.remote_survey_code,
               record_id=remote.id)
    run("counter.remote_records", desk, jobs.remote_records)
    day, open_cases, _cuti = run("counter.case_list", desk, jobs.case_list)
    assert open_cases
    run("counter.calendar_and_today", desk, cases.calendar_and_today)
    case = open_cases[0]
    run("counter.reschedule_case", desk, cases.reschedule_case, case_id=case.id,
        reason="menunggu unit", days=2)
    run("counter.answer_case", desk, cases.answer_case, case_id=case.id, answer="Sudah cair")
    run("counter.record_callback", desk, cases.record_callback, case_id=case.id, reached=True)
    run("counter.close_case", desk, cases.close_case, case_id=case.id, officer_id=sari)
    # the back office's desk, on another counter PC
    run("counter.desk_state(back office)", back, jobs.desk_state,
        officer_id=dewi, back_office=True, front_office=False)
    run("counter.desk_state(front office)", desk, jobs.desk_state,
        officer_id=sari, back_office=False, front_office=True)
    run("counter.take", back, handover.take, handover_id=consult.id, officer_id=dewi)
    run("counter.coordinate", back, handover.coordinate, handover_id=consult.id,
        officer_id=dewi, unit="GTK")
    run("counter.answer", back, handover.answer, handover_id=consult.id, officer_id=dewi,
        disposition="Sudah diproses")
    run("counter.hand_back", back, handover.hand_back, handover_id=consult.id,
        officer_id=dewi)
    run("counter.explain", desk, handover.explain, handover_id=consult.id, officer_id=sari,
        mode="in_person")
    transferred = run("kiosk.take_ticket", kiosk, kiosk_jobs.take_ticket, service="A",
                      outbox=outbox).ticket
    transfer(desk, number=transferred.number, to_officer=dewi)
    _, taken = run("counter.take_ticket", back, handover.take_ticket, officer_id=dewi)
    handover.answer(back, handover_id=taken.id, officer_id=dewi, disposition="Selesai")
    run("counter.finish_at_desk", back, handover.finish_at_desk, handover_id=taken.id,
        officer_id=dewi)
    # a ticket whose print failed: a counter asks, the kiosk prints it again
    unprinted = issue_ticket(kiosk, service="B").number
    run("counter.request_reprint", desk, request_reprint, number=unprinted)
    assert run("kiosk.reprint", printer_db, paper.reprint, unprinted,
               f"virtual://{tmp_path}").ok
    run("counter.pause", desk, pause_counter, counter=2, reason="ishoma",
        officer_id=sari)
    run("counter.resume", desk, resume_counter, counter=2, officer_id=sari)
    run("counter.logout", desk, jobs.logout, "sari")
    run("counter.day_conflicts", desk, day_conflicts)  # at each sign-in

    # -- the display: the snapshot and the settings (with the announcer) it shows
    run("display.queue_snapshot", display, queries.queue_snapshot)
    run("display.settings", display, display_jobs.display_settings, None)
    run("display.settings", display, display_jobs.display_settings, {})
    run("display.lan_trust", display, lan_ear.lan_trust)
    run("display.record_lan_calls", display, lan_ear.record_lan_calls, [])
    call = run("kiosk.help", kiosk, hall.request_help)
    run("counter.help_calls", desk, hall.open_calls)
    run("counter.help_answer", desk, hall.answer_help, event_id=call, officer_id=sari)
    deaf = issue_ticket(kiosk, service="C")
    run("kiosk.deaf", kiosk, set_deaf, ticket_id=deaf.id, deaf=True)
    run("kiosk.printer_state", kiosk, record_printer_state, "cover_open")
    run("counter.kiosk_printers", desk, kiosk_printers)

    # -- every station's worker: the feed and the heartbeat
    feed = ChangeFeed(display, after_id=0)
    run("worker.feed_poll", display, lambda db: feed.poll())
    run("worker.heartbeat", kiosk, heartbeat, outbox=outbox)
    # a counter without a printer asks a kiosk's for a visit's slip; the kiosk prints it
    desk.write(lambda conn: conn.execute(  # a day to come: its slip gets a new code
        "UPDATE cases SET visit_day = '2999-03-18', visit_opens = '09:00', "
        "visit_closes = '10:00', visit_code = 'a hash' WHERE id = ?", (case.id,)))
    assert run("counter.ask_kiosk_slip", desk, visits.ask_kiosk_slip, case_id=case.id)
    assert run("kiosk.print_visit_slip", printer_db, paper.print_visit_slip, case.id,
               f"virtual://{tmp_path}").ok

    too_many = {name: n for name, n in counted.items() if n[0] > 1}
    table = "\n".join(f"{name}: {r} read(s), {w} write(s)"
                      for name, (r, w) in sorted(counted.items()))
    assert not too_many, f"more than one read transaction:\n{table}"
    # a queue action: its one write and the one read the screen shows
    assert counted["counter.act(call_next)"] == (1, 1)
    assert counted["kiosk.take_ticket"] == (1, 1)
    assert counted["kiosk.land"] == (1, 1)
    assert counted["kiosk.print_ticket"][0] == 0  # the ticket's read gave it everything
    missing = {n for n in COUNTED_AS.values() if n not in counted}
    assert not missing, f"listed but not run: {missing}"


def _run_targets(folder: Path) -> set[str]:
    """The first argument of every ``<x>.run(...)`` call in *folder*'s modules."""
    found = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "run" and node.args:
                found.add(ast.unparse(node.args[0]))
    return found


@pytest.mark.parametrize("mode", ["counter", "kiosk", "display"])
def test_every_job_the_screens_run_is_counted(mode):
    targets = _run_targets(ROOT / "ult_desktop" / "ui" / mode)
    targets -= {"fn", "self.fetch"}  # the session's and the page's own run() passing it on
    unknown = {t for t in targets if t not in COUNTED_AS and t not in NOT_COUNTED}
    assert not unknown, f"jobs of the {mode} screen whose reads are not counted: {unknown}"


def test_nothing_outside_the_connection_touches_its_private_members():
    """``Database``'s lock, retry loop, schema cookie and write flag are its own; the
    rest of the code uses ``exclusive()``, ``retrying()``, ``schema_checked()`` and
    ``in_write``."""
    private = ("._lock", "._retry(", "._cookie", "._in_write")
    offenders = []
    for path in (ROOT / "ult_desktop").rglob("*.py"):
        if path.parent.name == "engine" and path.parent.parent.name == "db":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(f"db{p}" in line for p in private):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# -- one refresh per change: the screens apply what their action read ------------------
def _count_calls(obj, name: str) -> list:
    """Calls of *obj*'s method *name* from now on (the method still runs)."""
    calls: list = []
    original = getattr(obj, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    setattr(obj, name, counted)
    return calls


def test_f1_refreshes_the_counter_once_the_feed_adds_no_second_refresh(qtbot, station_window,
                                                                      db):
    from tests.drivers import WAIT, fkey, login

    w = station_window("counter-f1")
    login(qtbot, w, "sari", 1)
    ticket = issue_ticket(db, service="A")  # another station's kiosk
    qtbot.waitUntil(lambda: w.queue.state is not None and
                    any(t.id == ticket.id for t in w.queue.state.waiting), timeout=WAIT)
    refreshes = _count_calls(w.queue, "refresh")
    # the feed brings the counter's own "called" event too: wait for it
    with qtbot.waitSignal(w.session.station.events_arrived, timeout=WAIT,
                          check_params_cb=lambda events: any(e.kind == "called" for e in events)):
        fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.card.number.text() == ticket.number, timeout=WAIT)
    assert w.queue.state.current.id == ticket.id
    assert refreshes == [], "F1 read the queue again after its own read"
    # news from another station still refreshes the desk
    with qtbot.waitSignal(w.session.station.events_arrived, timeout=WAIT):
        issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: len(refreshes) == 1, timeout=WAIT)


def test_a_kiosk_ticket_shows_the_state_read_with_it_without_reading_again(
        qtbot, request, db_path, tmp_path):
    from tests.drivers import make_kiosk, shown_page
    from ult_desktop.ui.kiosk.flow import TICKET

    kiosk = make_kiosk(qtbot, request, db_path, tmp_path)
    loads = _count_calls(kiosk.link, "refresh")
    waiting_before = {s.prefix: s.waiting for s in kiosk.view.state.services}["A"]
    with qtbot.waitSignal(kiosk.link.station.events_arrived, timeout=WAIT,
                          check_params_cb=lambda events: any(e.kind == "issued" for e in events)):
        kiosk.touch_service("A")
    qtbot.waitUntil(lambda: shown_page(kiosk) == TICKET, timeout=WAIT)
    assert {s.prefix: s.waiting for s in kiosk.view.state.services}["A"] == waiting_before + 1
    assert not kiosk.link.feed_timer.isActive()  # its own "issued" event: nothing new
    assert loads == []
