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
names the write (or the writer refused it). Only a write that *is* a genuine act of the
signer could move a figure and stand, and random column writes never are one: the app
makes each act through its own function, which writes several columns at once.

``ULT_JUDGE_EXAMPLES`` sets how many cases (CI: 500; the documented run: 20,000)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zlib
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

from tests import test_judge_properties as judged
from tests.drivers import book_visit_on
from ult_desktop.core.acts import ACTS, may_sign
from ult_desktop.db import errors
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.reconcile import reconcile

EXAMPLES = int(os.environ.get("ULT_JUDGE_EXAMPLES", "500"))
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
    return {"tickets": len(month), "served": states["done"] + states["escalated"],
            "priority": sum(1 for r in month if r.get("priority")),
            "no_show": states["skipped"], "cancelled": states["cancelled"],
            "unfinished": sum(states[s] for s in ("waiting", "called", "serving",
                                                  "transferred")),
            "transferred": sum(1 for r in month if r.get("transfer_count")),
            "reported_back": sum(1 for r in month if r.get("returned_at")),
            "missed": sum(1 for r in month if r.get("state") == "skipped" or
                          r.get("returned_at"))}


def _month(today: date, back: int = 0) -> tuple[date, date]:
    first = today.replace(day=1)
    for _ in range(back):
        first = (first - timedelta(days=1)).replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, min(nxt - timedelta(days=1), today)


def printed(admin) -> dict:
    """Every figure the office prints for this month and the last, as the reports read
    them (the oracle of (b))."""
    from ult_desktop.reports.data import collect

    today = datetime.now(timezone.utc).date() + timedelta(days=1)  # (any zone's today)
    out = {}
    for back in (0, 1):
        first, last = _month(today, back)
        try:
            data = collect(admin, first, last)
        except (ValueError, TypeError, KeyError) as exc:  # what the office then sees
            out[f"{first:%Y-%m}"] = {"report fails": type(exc).__name__}
            continue
        out[f"{first:%Y-%m}"] = {"totals": data.totals(), "per_day": data.per_day(),
                                 "help": list(data.help_minutes), "hall": repr(data.hall),
                                 "followups": dict(data.followups)}
    return out


@seed(20261128)
@settings(max_examples=max(1, EXAMPLES // 10), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(days=st.lists(st.lists(judged.STEP, min_size=1, max_size=14), min_size=3, max_size=3))
def test_the_report_s_figures_are_the_acts(office_copy, days):
    office = office_copy()
    admin = office.station("admin")
    for n, day in enumerate(days):
        for i, step in enumerate(day):
            judged._honest(office, step, n * 100 + i)
    assert reconcile(admin)["ok"]
    from ult_desktop.reports.data import collect

    today = datetime.now(timezone.utc).date() + timedelta(days=1)
    first, last = _month(today)
    report = collect(admin, first, last).totals()
    mine = figures_from_acts(office.path, first.isoformat(), last.isoformat())
    assert {k: report[k] for k in mine} == mine


# -- (b) single signed writes, judged by the figures --------------------------------
@pytest.fixture(scope="module")
def rich_template(office_template, tmp_path_factory):
    """The judged office after an honest morning with this round's acts: visits served,
    a no-show who reported back at the kiosk, one transferred, a help call answered, a
    counter's break, guest-book records with a case answered and a follow-up visit booked
    for today and checked in, another booked for a later day."""
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db import queue
    from ult_desktop.db.visit import cases, hall, register, visits

    folder = tmp_path_factory.mktemp("rich-office")
    shutil.copytree(office_template, folder, dirs_exist_ok=True)
    office = judged.Office(folder, folder / "prep")
    kiosk, c1, c2 = (office.station(n) for n in ("kiosk", "c1", "c2"))
    sari, budi = office.officer("sari"), office.officer("budi")
    for service in "ABCAB":
        queue.issue_ticket(kiosk, service=service)
    queue.call_next(c1, counter=1, officer_id=sari)
    queue.finish(c1, counter=1)
    missed = queue.call_next(c2, counter=2, officer_id=budi)
    queue.skip(c2, counter=2)
    queue.report_back(kiosk, number=missed.number, via="kiosk")
    queue.call_next(c2, counter=2, officer_id=budi)
    queue.transfer(c2, counter=2, to_counter=1)
    hall.request_help(kiosk)
    hall.answer_help(c1, event_id=hall.open_calls(c1)[0].event_id, officer_id=sari)
    queue.pause_counter(c2, counter=2, reason="ishoma", officer_id=budi)
    queue.resume_counter(c2, counter=2, officer_id=budi)
    today = date.fromisoformat(c1.query("SELECT max(day) FROM tickets")[0][0])
    booked = []
    for day in (today, today + timedelta(days=7)):
        t = queue.call_next(c1, counter=1, officer_id=sari)
        record = register.save_record(c1, record=RecordInput(
            visitor_name="Ibu Ratna", phone="081234567001", topic="Ijazah",
            question="Legalisir"), channel="walk_in", ticket_id=t.id)
        case = cases.open_case(c1, record_id=record.id, officer_id=sari)
        queue.finish(c1, counter=1)
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


TABLES = {
    "tickets": "SELECT id FROM tickets ORDER BY id DESC LIMIT 1 OFFSET ?",
    "register_records": "SELECT id FROM register_records ORDER BY id LIMIT 1 OFFSET ?",
    "cases": "SELECT id FROM cases ORDER BY id LIMIT 1 OFFSET ?",
    "counter_pauses": "SELECT counter FROM counter_pauses ORDER BY counter LIMIT 1 OFFSET ?",
    "counters": "SELECT id FROM counters ORDER BY id LIMIT 1 OFFSET ?",
    "settings": "SELECT rowid FROM settings ORDER BY rowid LIMIT 1 OFFSET ?",
}
_NOW = "now"
#: Columns the figures read (most writes aim at them; any column may be drawn).
FIGURE_COLUMNS = ["state", "priority", "transfer_count", "returned_at", "day", "service_id",
                  "channel", "followup_case", "counter_number", "officer_id", "called_at",
                  "finished_at", "serving_at", "outcome", "assist", "fetched_at", "visit_day",
                  "opened_at", "answered_at", "closed_at", "escalated_to", "due_day",
                  "visitor_name", "value", "service_ids", "active"]
VALUE = st.one_of(st.none(), st.integers(-1, 12), st.sampled_from(
    ["done", "skipped", "waiting", "called", "escalated", "cancelled", "transferred",
     "closed", "answered", "open", _NOW, "2026-10-07", "2026-10-07T03:00:00+00:00", "A",
     "P", "elderly", "deaf", "walk_in", "phone", "Orang Lain"]))
WRITE = st.fixed_dictionaries({
    "who": st.sampled_from(sorted(ROLE)),
    "table": st.sampled_from(sorted(TABLES)),
    "row": st.integers(0, 6),
    "column": st.one_of(st.sampled_from(FIGURE_COLUMNS), st.integers(0, 60)),
    "value": VALUE,
    "own_kind": st.integers(0, 400),
    "any_kind": st.booleans(),
    "data": st.dictionaries(st.sampled_from(["call", "minutes", "day", "via", "case_id",
                                             "shown", "inside", "key", "value"]),
                            st.one_of(st.integers(0, 400), VALUE), max_size=3),
    "when": st.sampled_from([0, 0, 0, -2 * 24 * 3600, -40 * 24 * 3600]),
})


def _kind(write: dict) -> str:
    if write["any_kind"]:
        return sorted(ACTS)[write["own_kind"] % len(ACTS)]
    mine = sorted(k for k in ACTS if may_sign(ROLE[write["who"]], k))
    return mine[write["own_kind"] % len(mine)]


@seed(20261129)
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(write=WRITE)
def test_a_signed_write_that_moves_a_figure_is_named(rich_copy, write):
    office = rich_copy()
    admin = office.station("admin")
    before = printed(admin)
    db = office.station(write["who"])
    at = datetime.now(timezone.utc) + timedelta(seconds=write["when"])
    table = write["table"]
    value = at.isoformat() if write["value"] == _NOW else write["value"]

    def tx(conn) -> None:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        column = write["column"] if write["column"] in columns else columns[
            zlib.crc32(str(write["column"]).encode()) % len(columns)]  # (the same each run)
        key = "rowid" if table == "settings" else (
            "counter" if table == "counter_pauses" else "id")
        row = conn.execute(TABLES[table], (write["row"],)).fetchone()
        if row is not None and column != key:
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (value, row[0]))
        append_event(conn, db.station, _kind(write), at=at, data=dict(write["data"]))

    try:
        db.write(tx)
    except (errors.UltError, sqlite3.Error, ValueError, TypeError) as exc:
        event(f"refused at the writer: {type(exc).__name__}")
        return  # refused at the writer: nothing written
    after = printed(admin)
    moved = before != after
    event(f"moved: {moved}")
    if moved:
        result = reconcile(admin)
        assert not result["ok"], (write, _kind(write))
