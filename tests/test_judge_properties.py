"""The judge proven both ways on generated records (Hypothesis, seeded and bounded).

(a) *No false alarm*: random honest office days, driven through the app's own functions
with real keys on a real file (kiosk issues, counters call, serve, finish, skip, transfer
and pause, a counter's outage kept in its journal and landed, help and Deaf marks, the
phone page's count, survey sheets, reports of the running month and of last month, an
import, officers signing in with their PIN and choosing the desk's services, a missed
visitor back at the kiosk or the counter, guest-book records with their cases, follow-up
visits booked and checked in by code, a person corrected or erased on request), always
reconcile with no difference.

(b) *Nothing outside the table believed*: from such a record, one random signed write by
a role's key (any covered table, any column, any value, any event kind, any words in
the data, with or without an offline shape, dated now, back or ahead). Whenever the write
is outside the table of acts (``core.acts``: a kind the role may not sign, a table or a
ticket column it may not write, a born ticket's day or number, an offline shape without
its signed act, a time ahead), the record names it.

``ULT_JUDGE_EXAMPLES`` sets how many cases each way (CI: 500; the documented run:
20,000, ``docs/security.md``)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, seed, settings
from hypothesis import strategies as st

from tests.drivers import OFFICE_STATIONS, judged_office
from ult_desktop.app import station_key
from ult_desktop.core.acts import ACTS, BORN, TICKET_COLUMNS, may_sign
from ult_desktop.core.authority import AUTHORITY, may_write
from ult_desktop.core.images import BY_TABLE
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import (
    call_next,
    finish,
    mark_fetched,
    pause_counter,
    recall,
    reclassify_priority,
    report_back,
    request_interpreter,
    resume_counter,
    set_deaf,
    skip,
    start_serving,
    transfer,
)
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.audit import issue_report
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.reconcile import reconcile

EXAMPLES = int(os.environ.get("ULT_JUDGE_EXAMPLES", "500"))
#: A generated test's own time limit grows with its cases (the suite's 300 s is for one
#: case; a loaded CI runner takes about a second a case here).
LONG = pytest.mark.timeout(max(300, 3 * EXAMPLES))
STATIONS = OFFICE_STATIONS
ROLE = {name: role for name, (_label, role) in STATIONS.items()}


@pytest.fixture(scope="module")
def office_template(tmp_path_factory, _demo_template):
    """One registered office (the admin PC as root, a kiosk, two counters signed in, a
    tablet and a TV), with a morning of tickets; each case copies it."""
    folder = tmp_path_factory.mktemp("judged-office")
    target = folder / "office.db"
    shutil.copyfile(_demo_template, target)
    dbs = judged_office(target, folder)
    admin = dbs["admin"]
    for service in "ABCAB":
        issue_ticket(dbs["kiosk"], service=service)
    assert reconcile(admin)["ok"], reconcile(admin)["differences"]
    for db in dbs.values():
        db.close()
    return folder


class Office:
    """A copy of the template office opened as its stations (each with its own key)."""

    def __init__(self, template: Path, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "office.db"
        shutil.copyfile(template / "office.db", self.path)
        self.folder, self.template, self.dbs = folder, template, {}

    def station(self, name: str) -> Database:
        if name not in self.dbs:
            label, role = STATIONS.get(name, ("admin", "admin"))
            db = open_database(self.path, station=label, mode=role)
            db.set_signer(station_key.read_key(self.template / f"key-{name}"))
            if name in ("c1", "c2"):
                db.set_actor("sari" if name == "c1" else "budi")
            if name == "admin":
                db.set_actor("admin")
            self.dbs[name] = db
        return self.dbs[name]

    def officer(self, username: str) -> int:
        return self.station("admin").query("SELECT id FROM officers WHERE username = ?",
                                           (username,))[0][0]

    def close(self) -> None:
        for db in self.dbs.values():
            db.close()


@pytest.fixture
def office_copy(office_template, tmp_path):
    """A fresh copy of the office for each generated case (closed after the case's
    next one is made, and at the end)."""
    made: list[Office] = []

    def make() -> Office:
        if made:
            made[-1].close()
            shutil.rmtree(made[-1].folder, ignore_errors=True)
        made.append(Office(office_template, tmp_path / f"case-{len(made)}"))
        return made[-1]

    yield make
    if made:
        made[-1].close()


# -- (a) honest days ----------------------------------------------------------------
COUNTERS = st.sampled_from([("c1", 1), ("c2", 2)])
#: Visitors of the guest book (name, phone): a person comes back, another is new.
PEOPLE = [("Ibu Ratna", "081234567001"), ("Pak Joko", "081234567002"),
          ("Ibu Sri", "081234567003")]
STEP = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from("ABC"), st.booleans()),
    st.tuples(st.sampled_from(["call", "serve", "finish", "skip", "recall", "pause",
                               "resume", "transfer", "help", "deaf", "fetch", "reclassify",
                               "interpreter"]), COUNTERS),
    st.tuples(st.just("outage"), COUNTERS, st.integers(1, 3)),
    st.tuples(st.sampled_from(["report_running", "report_last", "phone", "sheet",
                               "help_kiosk", "import", "correct", "erase"])),
    # this round's acts: sign-in with the desk's services chosen, a missed visitor back
    # (at the kiosk or the counter), a guest-book record with its case, a follow-up visit
    # booked (today: checked in at the kiosk by its code)
    st.tuples(st.just("signin"), COUNTERS, st.sets(st.sampled_from("ABC"), min_size=1)),
    st.tuples(st.just("report_back"), st.sampled_from(["kiosk", "counter"])),
    st.tuples(st.just("record"), COUNTERS, st.sampled_from(PEOPLE)),
    st.tuples(st.just("book"), st.booleans()),
)


def _honest(office: Office, step: tuple, n: int) -> None:
    """One honest act of the office; a refusal the app itself gives is no act."""
    kind = step[0]
    try:
        _honest_act(office, kind, step, n)
        event(f"done: {kind}")
    except errors.RuleViolation:
        pass


def _honest_act(office: Office, kind: str, step: tuple, n: int) -> None:
    """The act *step* names, through the app's own functions."""
    if kind == "issue":
        issue_ticket(office.station("kiosk"), service=step[1], priority=step[2])
    elif kind in ("report_running", "report_last"):
        today = datetime.now(timezone.utc).date()
        first = today.replace(day=1)
        span = (first, today) if kind == "report_running" else (
            (first - timedelta(days=1)).replace(day=1), first - timedelta(days=1))
        paper = office.folder / f"report-{n}.pdf"
        paper.write_bytes(b"%PDF-1.4")
        issue_report(office.station("admin"), report="monthly", fmt="pdf",
                     date_from=span[0], date_to=span[1], files=[paper])
    elif kind == "phone":
        _phone_count(office)
    elif kind == "sheet":
        _sheet(office)
    elif kind == "help_kiosk":
        from ult_desktop.db.visit.hall import request_help

        request_help(office.station("kiosk"))
    elif kind == "import":
        _import(office, n)
    elif kind in ("correct", "erase"):
        _person(office, kind, n)
    elif kind == "signin":
        _sign_in(office, *step[1:])
    elif kind == "report_back":
        _report_back(office, step[1])
    elif kind == "record":
        _record(office, *step[1:])
    elif kind == "book":
        _book(office, step[1], n)
    else:
        _desk(office, kind, *step[1:])


def _sign_in(office: Office, station: tuple[str, int], services: set[str]) -> None:
    """An officer signs in at the counter with her PIN and ticks the desk's services
    (docs/counter.md), as the sign-in screen does."""
    from tests.drivers import sit_at
    from ult_desktop.ui.counter import jobs

    name, counter = station
    db = office.station(name)
    sit_at(db, counter, "sari" if counter == 1 else "budi")
    jobs.set_services(db, counter, sorted(services))


def _report_back(office: Office, via: str) -> None:
    """Today's missed visitor reports back, at the kiosk or at the counter."""
    db = office.station("kiosk" if via == "kiosk" else "c1")
    missed = db.query("SELECT number FROM tickets WHERE state = 'skipped' AND returned_at IS "
                      "NULL AND day = (SELECT MAX(day) FROM tickets) ORDER BY id LIMIT 1")
    if missed:
        report_back(db, number=missed[0][0], via=via)


def _record(office: Office, station: tuple[str, int], person: tuple[str, str]) -> None:
    """A visitor served with her guest-book record and a case, answered."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases, register

    name, counter = station
    db = office.station(name)
    officer = office.officer("sari" if counter == 1 else "budi")
    if not db.query("SELECT 1 FROM tickets WHERE counter_number = ? AND state IN ('called', "
                    "'serving')", (counter,)):
        if db.query("SELECT 1 FROM counter_pauses WHERE counter = ?", (counter,)):
            resume_counter(db, counter=counter, officer_id=officer)
        call_next(db, counter=counter, officer_id=officer)
    ticket = db.query("SELECT id FROM tickets WHERE counter_number = ? AND state IN "
                      "('called', 'serving')", (counter,))
    if not ticket:
        return
    record = register.save_record(db, record=RecordInput(
        visitor_name=person[0], phone=person[1], topic="Ijazah", question="Legalisir"),
        channel="walk_in", ticket_id=ticket[0][0], officer_id=officer)
    case = cases.open_case(db, record_id=record.id, officer_id=officer)
    finish(db, counter=counter)
    cases.answer_case(db, case_id=case.id, answer="Sudah dijawab", officer_id=officer)


def _book(office: Office, today: bool, n: int) -> None:
    """An answered case's follow-up visit booked (as ``visits.book_visit`` writes it),
    today's checked in at the kiosk by its code."""
    from tests.drivers import book_visit_on
    from ult_desktop.db.visit import visits

    c1 = office.station("c1")
    case = c1.query("SELECT id FROM cases WHERE visit_day IS NULL AND state IN "
                    "('answered', 'closed') ORDER BY id LIMIT 1")
    if not case:
        return
    day = c1.query("SELECT MAX(day) FROM tickets")[0][0]
    code = f"{n % 10**8:08d}"
    book_visit_on(c1, case[0][0], day if today else
                  (date.fromisoformat(day) + timedelta(days=7)).isoformat(), code=code)
    if today:
        visits.check_in(office.station("kiosk"), code=code)


def _person(office: Office, kind: str, n: int) -> None:
    """The admin corrects a visitor's institution, or erases her, on her request."""
    from ult_desktop.db.privacy import erasure, person

    admin = office.station("admin")
    found = person.find(admin, PEOPLE[n % len(PEOPLE)][0])
    if not found:
        return
    if kind == "correct":
        person.correct(admin, found[0]["id"], "institution", f"SMA Negeri {n % 7 + 1}",
                       reason="permintaan yang bersangkutan")
    else:
        erasure.erase(admin, found[0]["id"], "permintaan yang bersangkutan",
                      backup_dirs=[])


def _desk(office: Office, kind: str, station: tuple[str, int], *more) -> None:
    from ult_desktop.db.visit import hall

    name, counter = station
    db = office.station(name)
    officer = office.officer("sari" if counter == 1 else "budi")
    if kind in ("serve", "finish", "skip", "recall", "transfer", "fetch") and not db.query(
            "SELECT 1 FROM tickets WHERE counter_number = ? AND state IN ('called', "
            "'serving')", (counter,)):
        if db.query("SELECT 1 FROM counter_pauses WHERE counter = ?", (counter,)):
            resume_counter(db, counter=counter, officer_id=officer)
        call_next(db, counter=counter, officer_id=officer)  # a visitor there first
    if kind == "call":
        call_next(db, counter=counter, officer_id=officer)
    elif kind == "serve":
        start_serving(db, counter=counter)
    elif kind == "finish":
        finish(db, counter=counter)
    elif kind == "skip":
        skip(db, counter=counter)
    elif kind == "recall":
        recall(db, counter=counter)
    elif kind == "pause":
        pause_counter(db, counter=counter, reason="ishoma", officer_id=officer)
    elif kind == "resume":
        resume_counter(db, counter=counter, officer_id=officer)
    elif kind == "transfer":
        transfer(db, counter=counter, to_counter=3 - counter)
    elif kind == "help":
        calls = hall.open_calls(db)
        if calls:
            hall.answer_help(db, event_id=calls[0].event_id, officer_id=officer)
    elif kind in ("deaf", "fetch"):
        row = db.query("SELECT id, number FROM tickets WHERE state = ? AND (? = 'waiting' OR "
                       "counter_number = ?) ORDER BY id LIMIT 1",
                       *[("waiting" if kind == "deaf" else "called",
                          "waiting" if kind == "deaf" else "called", counter)])
        if row and kind == "deaf":
            set_deaf(db, deaf=True, ticket_id=row[0][0], officer_id=officer)
        elif row:
            mark_fetched(db, number=row[0][1], officer_id=officer)
    elif kind in ("reclassify", "interpreter"):  # as the counter's screen offers them:
        # a visitor in its queue list (reclassify) or its own current visitor
        row = db.query("SELECT number, priority FROM tickets WHERE day = (SELECT MAX(day) "
                       "FROM tickets) AND (state = ? OR state IN ('called', 'serving') AND "
                       "counter_number = ?) ORDER BY state = 'waiting', id LIMIT 1",
                       ("waiting" if kind == "reclassify" else "-", counter))
        if row and kind == "reclassify":
            reclassify_priority(db, number=row[0][0], priority=not row[0][1],
                                reason="keliru", priority_group="lansia")
        elif row:
            request_interpreter(db, number=row[0][0], officer_id=officer)
    elif kind == "outage":
        _outage(office, name, counter, officer, more[0])


def _outage(office: Office, name: str, counter: int, officer: int, acts: int) -> None:
    """The share away for this counter: it calls and serves from its journal by number,
    then lands them when the share is back."""
    from ult_desktop.db.journals.desk_journal import CounterJournal

    db = office.station(name)
    waiting = db.query("SELECT day, number FROM tickets WHERE state = 'waiting' ORDER BY id "
                       "LIMIT ?", (acts,))
    journal = CounterJournal(office.folder / f"{name}-desk.sqlite",
                             signer=db.identity.signer)
    try:
        now = datetime.now(timezone.utc)
        for i, (day, number) in enumerate(waiting):
            at = now + timedelta(seconds=i)
            journal.record(day=day, number=number, counter=counter, officer_id=officer,
                           kind="call", now=at)
            journal.record(day=day, number=number, counter=counter, officer_id=officer,
                           kind="finish", now=at + timedelta(milliseconds=500))
        journal.land(db)
    finally:
        journal.close()


def _phone_count(office: Office) -> None:
    from ult_desktop.db.house.stations import record_phone_bands

    today = office.station("admin").query(
        "SELECT day, COUNT(*) FROM tickets GROUP BY day ORDER BY day DESC LIMIT 1")
    if today:
        done = office.station("admin").query(
            "SELECT COALESCE(SUM(json_extract(data, '$.shown')), 0) FROM events WHERE kind = "
            "'phone_band_day' AND json_extract(data, '$.day') = ?", (today[0][0],))[0][0]
        if today[0][1] > done:
            record_phone_bands(office.station("tv"), today[0][0], 1, 1)


def _sheet(office: Office) -> None:
    from ult_desktop.db.survey import skm as skm_db

    done = office.station("admin").query(
        "SELECT service_id FROM tickets WHERE state = 'done' LIMIT 1")
    if done:
        skm_db.record_response(office.station("c1"), service_id=done[0][0],
                               period=date.today().isoformat()[:7], source="paper",
                               answers=[4] * 9)


def _import(office: Office, n: int) -> None:
    from ult_desktop.app import online_import
    from ult_desktop.core.numbering import zone

    local = datetime.now(timezone.utc).astimezone(zone("WIB")) - timedelta(minutes=1)
    path = office.folder / f"import-{n}.csv"
    path.write_text("Nomor Permohonan,Tanggal Permohonan,Nama Lengkap\n"
                    f"REQ-{n},{local.strftime('%d/%m/%Y %H:%M')},Ibu Ani\n", encoding="utf-8")
    online_import.import_requests(
        office.station("c1"), path, online_import.guess_mapping(
            ["Nomor Permohonan", "Tanggal Permohonan", "Nama Lengkap"]),
        default_service="A", officer_id=office.officer("sari"))


@LONG
@seed(20261126)
@settings(max_examples=max(1, EXAMPLES // 10), deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(days=st.lists(st.lists(STEP, min_size=1, max_size=14), min_size=10, max_size=10))
def test_an_honest_office_is_never_called_tampered(office_copy, days):
    """Each example is ten honest office sessions on one copy of the office, ``check``'s
    reconcile after each: (ten cases an example, so EXAMPLES cases in all)."""
    office = office_copy()
    admin = office.station("admin")
    for n, day in enumerate(days):
        for i, step in enumerate(day):
            _honest(office, step, n * 100 + i)
        result = reconcile(admin)
        assert result["ok"], (day, result["differences"][:5])


# -- (b) single signed writes outside the table -------------------------------------
#: Rows a write may aim at: table -> SQL picking one row's key column and value.
TARGETS = {
    "tickets": "SELECT id FROM tickets ORDER BY id LIMIT 1 OFFSET ?",
    "officers": "SELECT id FROM officers ORDER BY id LIMIT 1 OFFSET ?",
    "services": "SELECT id FROM services ORDER BY id LIMIT 1 OFFSET ?",
    "counters": "SELECT id FROM counters ORDER BY id LIMIT 1 OFFSET ?",
    "settings": "SELECT rowid FROM settings ORDER BY rowid LIMIT 1 OFFSET ?",
}
ANY_KIND = st.one_of(st.sampled_from(sorted(ACTS)), st.text("abcdefghijklmnop_", min_size=1,
                                                            max_size=12))
VALUE = st.one_of(st.none(), st.integers(-3, 10**6), st.text(max_size=12),
                  st.sampled_from(["2026-10-07", "done", "called", "admin", "A-001", "1"]))
DATA = st.dictionaries(st.sampled_from(["note", "reason", "day", "device", "by", "request",
                                        "shown", "inside", "offline", "act"]),
                       st.one_of(VALUE, st.booleans(),
                                 st.just({"offline": True}), st.just({"kind": "call"})),
                       max_size=4)
WRITE = st.fixed_dictionaries({
    "who": st.sampled_from(["kiosk", "c1", "tablet", "tv"]),
    "table": st.sampled_from([None, *TARGETS]),
    "row": st.integers(0, 4),
    "column": st.integers(0, 40),
    "value": VALUE,
    "kind": ANY_KIND,
    "own_kind": st.one_of(st.none(), st.integers(0, 200), st.integers(0, 200)),
    "data": DATA,
    "offline": st.sampled_from([None, None, None, "top", "nested"]),
    "when": st.sampled_from([0, 0, 0, -3 * 24 * 3600, -50 * 24 * 3600, 3 * 3600]),
})


def _kind(write: dict) -> str:
    """The event's kind: one the role may sign (most cases: its rows are then judged), or
    any kind at all."""
    if write["own_kind"] is None:
        return write["kind"]
    mine = sorted(k for k in ACTS if may_sign(ROLE[write["who"]], k))
    return mine[write["own_kind"] % len(mine)]


def _columns(conn, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _outside(role: str, write: dict, table: str | None, column: str | None,
             changed: bool) -> str | None:
    """Why *write* is outside the table of acts (the spec, read as data), or None when
    the table may hold it."""
    if not may_sign(role, _kind(write)):
        return "kind"
    if write["offline"] == "top":
        return "offline shape without its signed act"
    if write["when"] > 15 * 60:
        return "dated ahead"
    if table is None or not changed or column in BY_TABLE[table].derived:
        return None  # (a derived column is no part of the record)
    rules = AUTHORITY.get(role, {})
    if table not in rules:
        return "table"
    if table == "tickets":
        if column in BORN:
            return "born"
        if column not in TICKET_COLUMNS.get(role, frozenset()):
            return "column"
    if table != "tickets" and not may_write(role, ["u", table, [0], {column: 0}]):
        return "table rule"
    return None


@LONG
@seed(20261127)
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(write=WRITE)
@example(write={"who": "kiosk", "table": "officers", "row": 0, "column": 26, "value": 1,
                "kind": "admin_login", "own_kind": None, "data": {}, "offline": "top",
                "when": 0})  # found: an event refused as a whole applied its other rows
def test_a_signed_write_outside_the_table_is_named(office_copy, write):
    office = office_copy()
    db = office.station(write["who"])
    role = ROLE[write["who"]]
    at = datetime.now(timezone.utc) + timedelta(seconds=write["when"])
    data = dict(write["data"])
    if write["offline"] == "top":
        data["offline"] = True
    elif write["offline"] == "nested":
        data["note"] = {"offline": True, "words": "offline true"}
        data.pop("offline", None)
    table, column, changed = write["table"], None, False

    def tx(conn) -> None:
        nonlocal column, changed
        if table is not None:
            columns = _columns(conn, table)
            column = columns[write["column"] % len(columns)]
            key = "rowid" if table == "settings" else "id"
            row = conn.execute(TARGETS[table], (write["row"],)).fetchone()
            if row is not None and column != key:
                before = conn.execute(f"SELECT {column} FROM {table} WHERE {key} = ?",
                                      (row[0],)).fetchone()
                try:
                    conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?",
                                 (write["value"], row[0]))
                except sqlite3.IntegrityError:
                    pass
                after = conn.execute(f"SELECT {column} FROM {table} WHERE {key} = ?",
                                     (row[0],)).fetchone()
                changed = before != after
        append_event(conn, db.station, _kind(write), at=at, data=data)

    try:
        db.write(tx)
    except (errors.RuleViolation, sqlite3.Error, ValueError, TypeError):
        return  # refused at the writer: nothing written
    why = _outside(role, write, table, column, changed)
    event(f"outside: {why}")
    result = reconcile(office.station("admin"))
    if why is not None:
        assert not result["ok"], (why, write, column)


def test_the_generated_cases_reach_every_kind_of_refusal():
    """The write strategy reaches each reason of :func:`_outside` (a generator that never
    makes a forbidden write would prove nothing)."""
    seen: set[str] = set()

    @seed(7)
    @settings(max_examples=3000, deadline=None)
    @given(write=WRITE)
    def draw(write):
        role = ROLE[write["who"]]
        table = write["table"]
        column = None
        if table == "tickets":
            column = sorted({*BORN, *TICKET_COLUMNS["counter"], "code"})[write["column"] % 30]
        seen.add(str(_outside(role, write, table, column, True)))

    draw()
    assert {"kind", "offline shape without its signed act", "dated ahead", "table", "born",
            "column"} <= seen, seen


def test_the_documented_table_of_acts_is_the_code_s():
    """``docs/security.md`` prints the table of acts exactly as ``core.acts`` holds it."""
    from ult_desktop.core.acts import markdown

    text = (Path(__file__).resolve().parents[1] / "docs" / "security.md").read_text("utf-8")
    assert markdown() in text, "run: python -c 'from ult_desktop.core.acts import markdown;" \
        " print(markdown())' and paste it into docs/security.md"


def test_what_a_journal_lands_is_what_the_table_lets_land():
    """Every act a counter's journal keeps lands as kinds the table lets land from a
    journal, and the table lets nothing else land."""
    from ult_desktop.core.acts import LANDS_AS, OFFLINE_KINDS
    from ult_desktop.db.queue.offline import ACT_KINDS, CALL_CONFLICT, OFFICER_CREDITED

    assert set(ACT_KINDS) == set(LANDS_AS)
    assert {k for kinds in LANDS_AS.values() for k in kinds} == set(OFFLINE_KINDS)
    assert {CALL_CONFLICT, OFFICER_CREDITED} <= OFFLINE_KINDS


def test_an_event_refused_as_a_whole_stands_in_none_of_its_rows(office_copy):
    """The kiosk's key signs an ``admin_login`` shaped as an offline act (no act its
    station signed) that marks an officer's PIN weak, a row every station may write:
    the event may not stand, so neither does the mark (found by the generated writes)."""
    office = office_copy()
    kiosk = office.station("kiosk")
    kiosk.write(lambda conn: (conn.execute("UPDATE officers SET pin_weak = 1 - pin_weak "
                                           "WHERE username = 'sari'"),
                              append_event(conn, kiosk.station, "admin_login",
                                           data={"offline": True})))
    result = reconcile(office.station("admin"))
    assert {(d["table"], d["column"]) for d in result["differences"]} >= {
        ("officers", "offline_kind")}, result["differences"]
