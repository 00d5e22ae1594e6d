"""The judge proven against the figures, not against its own table (Hypothesis, seeded).

(a) *The figures are the acts*: a small reader written here, without the reports code,
recomputes the monthly report's ticket figures from the signed events' row images alone
(the acts); after random honest office days (tests/test_judge_properties's steps) it
agrees with the report, and ``check`` is clean.

(b) *No figure moves unseen*: from such an office, one random signed write by a station's
key (kiosk, counter, survey tablet, TV) over the tables the figures read, with any
column, value, event kind (its own kinds included) and time. Oracle: the printed figures
of this month and the last (the monthly report's totals, its per-service rows, the help
minutes, the request register) before and after. Whenever a figure moved, ``check``
names the write (or the writer refused it), and the report, reading the record as the
judge let it stand, prints the figures of before (unless ``check`` says the log cannot put
the write back: a personal value, a survey answer written without its act). Only a write that *is* a genuine act of the
signer could move a figure and stand, and random column writes never are one: the app
makes each act through its own function, which writes several columns at once.

(c) *The app's own act on any ticket*: a counter's ticket act (a priority corrected, a
fetch, a Deaf mark, an interpreter asked for, a no-show, a finish, a service started, a
transfer, a recall, a cancel) written as the app writes it, on any ticket (the moves: by
the app's own function with its state rule taken out, as an insider's copy would).
Oracle: the app's own function asked first for that ticket; where it refuses, the same
write made anyway moves no figure unless ``check`` names it, and then the report's
figures are those of before.

``ULT_JUDGE_EXAMPLES`` sets how many cases (CI: 500; the documented run: 20,000);
``ULT_JUDGE_SEED`` (default 0) is added to each test's seed, for a run over other cases."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zlib
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, example, given, seed, settings
from hypothesis import strategies as st

from tests import test_judge_properties as judged
from tests.drivers import book_visit_on
from ult_desktop.core.acts import ACTS, may_sign
from ult_desktop.db import errors
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.figures_view import figures_record
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.reports.verified import verify

EXAMPLES = int(os.environ.get("ULT_JUDGE_EXAMPLES", "500"))
SEED = int(os.environ.get("ULT_JUDGE_SEED", "0"))
#: A generated test's own time limit grows with its cases (the suite's 300 s is for one
#: case; a loaded CI runner takes about a second a case here).
LONG = pytest.mark.timeout(max(300, 3 * EXAMPLES))
WIB = timezone(timedelta(hours=7))  # the demo office's zone
office_template, office_copy = judged.office_template, judged.office_copy  # (fixtures)
ROLE = {"kiosk": "kiosk", "c1": "counter", "c2": "counter", "tablet": "survey",
        "tv": "display"}


# -- the second reader: the month's ticket figures from the acts alone ------------------
def figures_from_acts(path, first: str, last: str) -> dict[str, int]:
    """The monthly report's ticket figures for office days *first*..*last* (ISO),
    recomputed from the events' row images of ``tickets`` (the acts as signed), never
    from the tables nor the reports code."""
    conn = sqlite3.connect(path)
    try:
        rows: dict[int, dict] = {}
        for (text,) in conn.execute("SELECT rows FROM events WHERE rows LIKE "
                                    "'%\"tickets\"%' ORDER BY id"):
            for image in json.loads(text):
                if image[1] != "tickets" or image[0] not in ("i", "u", "d"):
                    continue
                key = image[2][0]
                if image[0] == "d":
                    rows.pop(key, None)
                elif image[0] == "i":
                    rows[key] = dict(image[3])
                else:
                    rows.setdefault(key, {}).update(image[3])
    finally:
        conn.close()
    month = [r for r in rows.values() if first <= str(r.get("day")) <= last]
    states = Counter(r.get("state") for r in month)
    return {**_book_and_help_from_acts(path, first, last, rows),
            "tickets": len(month), "served": states["done"] + states["escalated"],
            "priority": sum(1 for r in month if r.get("priority")),
            "no_show": states["skipped"], "cancelled": states["cancelled"],
            "unfinished": sum(states[s] for s in ("waiting", "called", "serving",
                                                  "transferred")),
            "transferred": sum(1 for r in month if r.get("transfer_count")),
            "reported_back": sum(1 for r in month if r.get("returned_at")),
            "missed": sum(1 for r in month if r.get("state") == "skipped" or
                          r.get("returned_at"))}


def _images(conn, table: str) -> dict:
    """*table*'s rows as the events' row images leave them (the acts as signed)."""
    rows: dict = {}
    for (text,) in conn.execute("SELECT rows FROM events WHERE rows LIKE ? ORDER BY id",
                                (f'%"{table}"%',)):
        for image in json.loads(text):
            if image[1] != table or image[0] not in ("i", "u", "d"):
                continue
            if image[0] == "d":
                rows.pop(image[2][0], None)
            elif image[0] == "i":
                rows[image[2][0]] = dict(image[3])
            else:
                rows.setdefault(image[2][0], {}).update(image[3])
    return rows


def _book_and_help_from_acts(path, first: str, last: str, tickets: dict) -> dict:
    """The guest book's count, the follow-up visits booked and come, and the help calls
    answered with their minutes (an answer's time less its call's, the events' own
    times): from the acts alone."""
    conn = sqlite3.connect(path)
    try:
        records = _images(conn, "register_records")
        cases = _images(conn, "cases")
        calls = {i: datetime.fromisoformat(at) for i, at in conn.execute(
            "SELECT id, at FROM events WHERE kind = 'help_requested'")}
        answers = conn.execute("SELECT at, data FROM events WHERE kind = 'help_answered'"
                               ).fetchall()
    finally:
        conn.close()
    booked = [c for c in cases.values() if first <= str(c.get("visit_day")) <= last]
    came = {t.get("followup_case") for t in tickets.values()}
    minutes = []
    for at, data in answers:
        answered = datetime.fromisoformat(at)
        if first <= answered.astimezone(WIB).date().isoformat() <= last:
            call = calls[json.loads(data)["call"]]
            minutes.append(round((answered - call).total_seconds() / 60, 2))
    return {"guest_book": sum(1 for r in records.values() if first <= str(r.get("day")) <= last),
            "followups_booked": len(booked),
            "followups_came": sum(1 for c in booked if c.get("id") in came),
            "help_minutes": sorted(minutes)}


def _month(today: date, back: int = 0) -> tuple[date, date]:
    first = today.replace(day=1)
    for _ in range(back):
        first = (first - timedelta(days=1)).replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, min(nxt - timedelta(days=1), today)


#: What a report's data holds that is no figure: its header, its moment, its raw rows
#: (the figures are made of them and compared).
NOT_FIGURES = {"office_name", "office_address", "logo_b64", "generated_at", "tickets",
               "timezone", "date_from", "date_to"}


def printed(admin, now: datetime) -> dict:
    """Every figure the office prints, as the reports read them (the oracle of (b)): each
    of this month's and last month's report (every field of its data that is a figure,
    and its totals and days), and every item of this year's evidence pack (its figure,
    its table and its notes), read at *now*."""
    from dataclasses import fields

    from ult_desktop.reports.data import collect
    from ult_desktop.reports.evidence import evidence_items

    today = _today()
    out = {}
    for back in (0, 1):
        first, last = _month(today, back)
        try:
            data = collect(admin, first, last, now=now)
        except (ValueError, TypeError, KeyError) as exc:  # what the office then sees
            out[f"{first:%Y-%m}"] = {"report fails": type(exc).__name__}
            continue
        out[f"{first:%Y-%m}"] = {"totals": data.totals(), "per_day": data.per_day(), **{
            f.name: repr(getattr(data, f.name)) for f in fields(data)
            if f.name not in NOT_FIGURES}}
    try:
        items = evidence_items(admin, now.year, now=now)[1]
        out["evidence"] = [(i.name, i.figure, repr(i.rows), i.notes) for i in items]
    except (ValueError, TypeError, KeyError) as exc:
        out["evidence"] = {"pack fails": type(exc).__name__}
    return out


@LONG
@seed(20261128 + SEED)
@settings(max_examples=max(1, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(days=st.lists(st.lists(judged.STEP, min_size=1, max_size=14), min_size=3, max_size=3))
def test_the_report_s_figures_are_the_acts(office_copy, days):
    """Each example is three honest office sessions, the figures compared after each (three
    cases an example)."""
    office = office_copy()
    admin = office.station("admin")
    for n, day in enumerate(days):
        for i, step in enumerate(day):
            judged._honest(office, step, n * 100 + i)
        assert reconcile(admin)["ok"]
        mine = figures_from_acts(office.path, *(d.isoformat() for d in _month(_today())))
        assert report_figures(admin) == mine
        for figure, value in mine.items():  # (the statistics show what was compared)
            event(f"{figure} > 0: {bool(value)}")


def _today() -> date:
    return datetime.now(timezone.utc).date() + timedelta(days=1)  # (any zone's today)


def report_figures(admin) -> dict:
    """The figures of this month's report that the second reader recomputes."""
    from ult_desktop.reports.data import collect

    data = collect(admin, *_month(_today()))
    totals = data.totals()
    return {**{k: totals[k] for k in ("tickets", "served", "priority", "no_show",
                                     "cancelled", "unfinished", "transferred",
                                     "reported_back", "missed")},
            "guest_book": data.register_total, "followups_booked": data.followups["booked"],
            "followups_came": data.followups["came"],
            "help_minutes": sorted(round(m, 2) for m in data.help_minutes)}


# -- (b) single signed writes, judged by the figures --------------------------------
@pytest.fixture(scope="module")
def rich_template(office_template, tmp_path_factory):
    """The judged office after an honest morning with this round's acts: visits served,
    a no-show who reported back at the kiosk, one transferred, a help call answered, a
    counter's break, guest-book records with a case answered and a follow-up visit booked
    for today and checked in, another booked for a later day."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.queue.desk import (
        call_next,
        finish,
        pause_counter,
        report_back,
        resume_counter,
        skip,
        transfer,
    )
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.visit import cases, hall, register, visits

    folder = tmp_path_factory.mktemp("rich-office")
    shutil.copytree(office_template, folder, dirs_exist_ok=True)
    office = judged.Office(folder, folder / "prep")
    kiosk, c1, c2 = (office.station(n) for n in ("kiosk", "c1", "c2"))
    sari, budi = office.officer("sari"), office.officer("budi")
    for service in "ABCAB":
        issue_ticket(kiosk, service=service)
    call_next(c1, counter=1, officer_id=sari)
    finish(c1, counter=1)
    missed = call_next(c2, counter=2, officer_id=budi)
    skip(c2, counter=2)
    report_back(kiosk, number=missed.number, via="kiosk")
    call_next(c2, counter=2, officer_id=budi)
    transfer(c2, counter=2, to_counter=1)
    hall.request_help(kiosk)
    hall.answer_help(c1, event_id=hall.open_calls(c1)[0].event_id, officer_id=sari)
    pause_counter(c2, counter=2, reason="ishoma", officer_id=budi)
    resume_counter(c2, counter=2, officer_id=budi)
    today = date.fromisoformat(c1.query("SELECT max(day) FROM tickets")[0][0])
    booked = []
    for day in (today, today + timedelta(days=7)):
        t = call_next(c1, counter=1, officer_id=sari)
        record = register.save_record(c1, record=RecordInput(
            visitor_name="Ibu Ratna", phone="081234567001", topic="Ijazah",
            question="Legalisir"), channel="walk_in", ticket_id=t.id)
        case = cases.open_case(c1, record_id=record.id, officer_id=sari)
        finish(c1, counter=1)
        cases.answer_case(c1, case_id=case.id, answer="Sudah dijawab", officer_id=sari)
        book_visit_on(c1, case.id, day.isoformat(), code=f"1234567{len(booked)}")
        booked.append(case.id)
    visits.check_in(kiosk, code="12345670")
    result = reconcile(office.station("admin"))  # an honest office: nothing named
    assert result["ok"], result["differences"][:5]
    office.close()
    shutil.copyfile(folder / "prep" / "office.db", folder / "office.db")
    return folder


@pytest.fixture
def rich_copy(rich_template, tmp_path):
    made: list = []

    def make():
        if made:
            made[-1].close()
        made.append(judged.Office(rich_template, tmp_path / f"case-{len(made)}"))
        return made[-1]

    yield make
    if made:
        made[-1].close()


#: Every table of the record (a test below keeps the list whole).
TABLES = ["cases", "chain_heads", "counter_pauses", "counters", "events", "handovers",
          "number_reserves", "officers", "pin_lockouts", "register_records", "services",
          "settings", "skm_followups", "skm_paper_sheets", "skm_responses",
          "skm_spent_codes", "sop_targets", "standins", "station_keys", "stations",
          "tickets"]
_NOW = "now"
#: Columns the figures read (most writes aim at them; any column may be drawn).
FIGURE_COLUMNS = ["state", "priority", "transfer_count", "returned_at", "day", "service_id",
                  "channel", "followup_case", "counter_number", "officer_id", "called_at",
                  "finished_at", "serving_at", "outcome", "assist", "fetched_at", "visit_day",
                  "opened_at", "answered_at", "closed_at", "escalated_to", "due_day",
                  "visitor_name", "value", "service_ids", "active", "period", "answers",
                  "request_type", "region_name", "visit_code", "code_hash", "issued_at"]
VALUE = st.one_of(st.none(), st.integers(-1, 12), st.sampled_from(
    ["done", "skipped", "waiting", "called", "escalated", "cancelled", "transferred",
     "closed", "answered", "open", _NOW, "2026-10-07", "2026-10-07T03:00:00+00:00", "A",
     "P", "elderly", "deaf", "walk_in", "phone", "Orang Lain", "pengaduan", "[4, 4, 4]"]))
#: Words an act's data carries (the judge and the figures read these).
DATA_KEYS = ["call", "minutes", "day", "via", "case_id", "shown", "inside", "key", "value",
             "person", "officer_id", "files", "received", "found", "username", "to", "from",
             "reason", "report", "ref", "offline", "landed", "file", "due_day", "desk",
             "act", "year", "month", "period", "counter", "number", "code"]
WRITE = st.fixed_dictionaries({
    "who": st.sampled_from(sorted(ROLE)),
    "table": st.one_of(st.none(), st.sampled_from(TABLES)),
    "op": st.sampled_from(["update", "update", "insert", "delete"]),
    "row": st.integers(0, 6),
    "column": st.one_of(st.sampled_from(FIGURE_COLUMNS), st.integers(0, 60)),
    "value": VALUE,
    "own_kind": st.integers(0, 400),
    "any_kind": st.booleans(),
    "target": st.one_of(st.none(), st.integers(0, 12)),
    "data": st.dictionaries(st.sampled_from(DATA_KEYS),
                            st.one_of(st.integers(0, 400), VALUE), max_size=3),
    "when": st.sampled_from([0, 0, 0, -2 * 24 * 3600, -40 * 24 * 3600]),
})


def _kind(write: dict) -> str:
    if write["any_kind"]:
        return sorted(ACTS)[write["own_kind"] % len(ACTS)]
    mine = sorted(k for k in ACTS if may_sign(ROLE[write["who"]], k))
    return mine[write["own_kind"] % len(mine)]


#: Acts the app makes as an event about one of the day's tickets and nothing else (the
#: office's request for an interpreter, ``queue.request_interpreter``): a write that is
#: one is the act itself, and its figure moves as it should.
BARE_ACTS = {"interpreter_requested"}


def _genuine(write: dict, row_changed: bool) -> bool:
    """A bare act the app makes (its row write, if any, changed no value of the table)."""
    return (not row_changed and _kind(write) in BARE_ACTS and write["when"] == 0
            and write["target"] is not None)


def _keys(conn, table: str) -> tuple[list[str], list[str], bool]:
    """*table*'s columns, the columns naming a row, and whether SQLite numbers its rows."""
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    plain = not conn.execute("SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE "
                             "name = ?", (table,)).fetchone()[0]
    return ([r[1] for r in info], ["rowid"] if plain else
            [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]], plain)


def _write_row(conn, write: dict, value) -> bool:
    """The write's change of one row of its table: a column set, a row copied with a
    column of its own, or a row deleted; whether the table holds other values after it
    (a column set to the value it had changes nothing)."""
    table = write["table"]
    columns, key, plain = _keys(conn, table)
    column = write["column"] if write["column"] in columns else columns[
        zlib.crc32(str(write["column"]).encode()) % len(columns)]  # (the same each run)
    order = ", ".join(key)
    row = conn.execute(f"SELECT {order} FROM {table} ORDER BY {order} LIMIT 1 OFFSET ?",
                       (write["row"],)).fetchone()
    if row is None:
        return False
    where = " AND ".join(f"{k} = ?" for k in key)
    if write["op"] == "delete":
        conn.execute(f"DELETE FROM {table} WHERE {where}", tuple(row))
    elif write["op"] == "update" and column not in key:
        had = conn.execute(f"SELECT * FROM {table} WHERE {where}", tuple(row)).fetchall()
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (value, *row))
        return conn.execute(f"SELECT * FROM {table} WHERE {where}", tuple(row)).fetchall() \
            != had
    elif write["op"] == "insert":
        numbered = [c for c in columns if plain and c == "id"]  # a new id of its own
        copied = [c for c in columns if c not in numbered]
        picks = ", ".join("?" if c == column else c for c in copied)
        conn.execute(f"INSERT INTO {table} ({', '.join(copied)}) SELECT {picks} FROM {table} "
                     f"WHERE {where}", (*([value] if column in copied else []), *row))
    else:
        return False
    return True


@LONG
@seed(20261129 + SEED)
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(write=WRITE)
@example(write={"who": "c1", "table": None, "op": "update", "row": 0, "column": "state",
                "value": None, "own_kind": 294, "any_kind": True, "target": 0, "data": {},
                "when": 0})  # found: an "escalated" act that moved no ticket was counted
@example(write={"who": "c1", "table": "handovers", "op": "delete", "row": 0, "column": "state",
                "value": None, "own_kind": 0, "any_kind": False, "target": None, "data": {},
                "when": 0})  # found: a counter deleting an open month's hand-over
@example(write={"who": "c1", "table": "cases", "op": "update", "row": 0, "column": "closed_at",
                "value": "now", "own_kind": 10, "any_kind": False, "target": None, "data": {},
                "when": 0})  # found: a case closed under its answer's act
@example(write={"who": "c1", "table": "cases", "op": "update", "row": 0, "column": 0,
                "value": None, "own_kind": 321, "any_kind": False, "target": 0, "data": {},
                "when": 0})  # found: an interpreter request with a row write that changed nothing
@example(write={"who": "c1", "table": "register_records", "op": "insert", "row": 0,
                "column": "state", "value": None, "own_kind": 10, "any_kind": False,
                "target": None, "data": {}, "when": 0})  # found: a record born of a case's act
@example(write={"who": "c1", "table": "tickets", "op": "update", "row": 0,
                "column": "visitor_name", "value": "deaf", "own_kind": 0, "any_kind": False,
                "target": None, "data": {}, "when": 0})  # found: a Deaf flag under a sign-in
@example(write={"who": "c1", "table": "handovers", "op": "update", "row": 0,
                "column": "service_ids", "value": 0, "own_kind": 0, "any_kind": False,
                "target": None, "data": {}, "when": 0})  # found: a hand-over's day moved
def test_a_signed_write_that_moves_a_figure_is_named(rich_copy, write):
    office = rich_copy()
    admin = office.station("admin")
    now = datetime.now(timezone.utc)
    before = printed(admin, now)
    db = office.station(write["who"])
    at = now + timedelta(seconds=write["when"])
    value = at.isoformat() if write["value"] == _NOW else write["value"]

    row_changed = False

    def tx(conn) -> None:
        nonlocal row_changed
        if write["table"] is not None:
            row_changed = _write_row(conn, write, value)
        target = None if write["target"] is None else conn.execute(
            "SELECT id, number FROM tickets ORDER BY id DESC LIMIT 1 OFFSET ?",
            (write["target"],)).fetchone()
        append_event(conn, db.station, _kind(write), at=at, data=dict(write["data"]),
                     ticket_id=target[0] if target else None,
                     ticket_number=target[1] if target else None)

    try:
        db.write(tx)
    except (errors.UltError, sqlite3.Error, ValueError, TypeError) as exc:
        event(f"refused at the writer: {type(exc).__name__}")
        return  # refused at the writer: nothing written
    after = printed(admin, now)
    moved = before != after
    event(f"moved: {moved}")
    if moved and _genuine(write, row_changed):
        event("a genuine act: it may move its figure")
        return
    if moved:
        verification = verify(admin, date(2000, 1, 1), date(2100, 1, 1))  # as check does:
        assert not verification.ok, (write, _kind(write))  # the chain and the tables
        result = reconcile(admin, corrected=True)
        if _genuine(write, False):
            event("named; its bare act is genuine and may move its figure")
        elif verification.findings or not restorable(result):
            event("named; the log cannot restore it (stamped only)")
        else:  # and the report, reading the record as judged, moved not
            with figures_record(admin, result["corrections"]) as record:
                as_printed = printed(record, now)
            assert as_printed == before, (write, _kind(write), [
                k for k in before if before[k] != as_printed.get(k)])
            event("named, and the report's figures kept")


#: What ``check`` names that the log cannot put back (a personal value is only its
#: commitment there; a survey answer or spent code only counted), so the report shows it
#: stamped NOT VERIFIED: every other named write leaves its figures as the acts made them.
UNRESTORABLE = frozenset({"erased", "count", "answers", "codes", "orphan", "pin"})


def restorable(result: dict) -> bool:
    return result["count"] == len(result["differences"]) and not any(
        d["problem"] in UNRESTORABLE or d["in_table"] == "(personal)"
        for d in result["differences"])


def test_the_writes_reach_every_table_of_the_record(rich_template):
    """The generated writes aim at every table the record has (a new table is listed)."""
    conn = sqlite3.connect(rich_template / "office.db")
    try:
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    finally:
        conn.close()
    assert tables == set(TABLES)


# -- (c) the app's own acts, on any ticket ------------------------------------------
#: The counter's acts on a ticket (``db.queue.desk``), each written here as its function
#: writes it (the same columns and event) but on whichever ticket the case names.
APP_ACTS = ["reclassify", "fetch", "deaf", "interpreter", "skip", "finish", "serve",
            "transfer", "recall", "cancel"]
#: The acts whose function moves the ticket through ``transition.move``: the insider's
#: copy of the app writes them on any of the day's tickets with its state rule taken out.
MOVES = {"skip", "finish", "serve", "transfer", "recall", "cancel"}
APP_ACT = st.fixed_dictionaries({"who": st.sampled_from(["c1", "c2"]),
                                 "act": st.sampled_from(APP_ACTS),
                                 "target": st.integers(0, 12)})


def _by_the_app(db, act: str, number: str, officer: int) -> None:
    """The act through the app's own function: it refuses a ticket it may not move."""
    from ult_desktop.db.queue import desk

    if act == "reclassify":
        priority = not db.query("SELECT priority FROM tickets WHERE number = ? ORDER BY id "
                                "DESC LIMIT 1", (number,))[0][0]
        desk.reclassify_priority(db, number=number, priority=priority, reason="keliru",
                                 priority_group="lansia" if priority else None)
    elif act == "fetch":
        desk.mark_fetched(db, number=number, officer_id=officer)
    elif act == "deaf":
        desk.set_deaf(db, deaf=True, number=number, officer_id=officer)
    elif act == "interpreter":
        desk.request_interpreter(db, number=number, officer_id=officer)
    elif act == "skip":
        desk.skip(db, number=number)
    elif act == "finish":
        desk.finish(db, number=number)
    elif act == "serve":
        desk.start_serving(db, number=number)
    elif act == "transfer":
        desk.transfer(db, number=number, to_service="B")
    elif act == "recall":
        desk.recall(db, number=number, counter=1 if db.station.endswith("1") else 2)
    else:
        desk.cancel(db, number=number, reason="keliru")


def _moved_anyway(db, act: str, number: str, officer: int) -> bool:
    """The app's own function for *act* with its state rule taken out (an insider's copy
    of the app): whether it wrote (False: another of its rules still refused)."""
    from ult_desktop.db.queue import transition

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transition, "refuse", lambda *args, **kwargs: None)
        try:
            _by_the_app(db, act, number, officer)
        except errors.UltError:
            return False
    return True


def _as_the_app_writes(conn, db, act: str, ticket, officer: int, at: datetime) -> None:
    """The same act's write, whatever the ticket's day and state."""
    from ult_desktop.db.queue.transition import note
    from ult_desktop.db.record.events import iso

    tid, number, priority, assist = ticket
    if act == "reclassify":
        note(db, conn, tid, priority=int(not priority),
             priority_group=None if priority else "lansia", kind="reclassified", at=at,
             data={"priority": not priority, "was": bool(priority), "reason": "keliru"})
    elif act == "fetch":
        note(db, conn, tid, fetched_at=iso(at), kind="fetched", at=at,
             data={"officer_id": officer, "minutes": 1.0})
    elif act == "deaf":
        flags = sorted({*(assist or "").split(","), "deaf"} - {""})
        note(db, conn, tid, assist=",".join(flags), kind="deaf_marked", at=at,
             data={"deaf": True, "officer_id": officer, "by": "officer"})
    else:
        append_event(conn, db.station, "interpreter_requested", at=at, ticket_id=tid,
                     ticket_number=number, data={"officer_id": officer})


@LONG
@seed(20261130 + SEED)
@settings(max_examples=max(1, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=APP_ACT)
def test_the_app_s_act_on_a_ticket_it_would_refuse_is_named(rich_copy, case):
    """A counter's key writes one of the app's ticket acts (a priority corrected, a
    visitor fetched from the seat, a Deaf mark, an interpreter asked for, a no-show, a
    finish, a service started, a transfer, a recall, a cancel) exactly as the app writes
    it, on any ticket of the record (the moves: on any of the day's). Oracle: the app's own function, asked first
    for the same ticket at that PC; what it does is the genuine act (its figure may move),
    and where it refuses, the same write made anyway must move no printed figure unless
    ``check`` names it."""
    office = rich_copy()
    admin, db = office.station("admin"), office.station(case["who"])
    officer = office.officer("sari" if case["who"] == "c1" else "budi")
    ticket = db.query("SELECT id, number, priority, assist FROM tickets ORDER BY id DESC "
                      "LIMIT 1 OFFSET ?", (case["target"],))
    if not ticket:
        return
    try:
        _by_the_app(db, case["act"], ticket[0][1], officer)
        event(f"{case['act']}: the app does it")
        return  # the genuine act, done by the app itself
    except errors.UltError:
        event(f"{case['act']}: the app refuses it")
    now = datetime.now(timezone.utc)
    before = printed(admin, now)
    if case["act"] not in MOVES:
        db.write(lambda conn: _as_the_app_writes(conn, db, case["act"], ticket[0], officer,
                                                 now))
    elif not _moved_anyway(db, case["act"], ticket[0][1], officer):
        event(f"{case['act']}: another rule of the app refuses it")
        return
    moved = printed(admin, now) != before
    event(f"moved: {moved}")
    if moved:
        result = reconcile(admin, corrected=True)
        assert not result["ok"], case
        if restorable(result):
            with figures_record(admin, result["corrections"]) as record:
                assert printed(record, now) == before, case
