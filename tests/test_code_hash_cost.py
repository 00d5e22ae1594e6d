"""No code a share reader can use: the office key of the code hashes (``skm_code_salt``)
and every hash lie in the share for any reader (a TV's Windows account, a copy of the
file), so a ticket's survey code and a follow-up visit's code are kept under a slow hash
(scrypt): one guess costs milliseconds of a core, the whole space of a code out of reach,
while a kiosk's print and a tablet's check stay fast. A code printed before the slow hash
(its fast hash in the file) still works. Read here with plain ``sqlite3`` as a share
reader would; the oracle is hashlib itself, with the cost docs/security.md states."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import statistics
import time
from datetime import date, datetime, timedelta, timezone

from ult_desktop.core.numbering import CODE_ALPHABET, CODE_RANDOM_LEN
from ult_desktop.core.register import RecordInput
from ult_desktop.db import queries
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, register, visits

#: What docs/security.md states a guess costs: scrypt, N = 2048, r = 8, p = 1.
_SCRYPT = {"n": 2048, "r": 8, "p": 1, "dklen": 32}
#: The most one code's hash may take (a kiosk's print, a tablet's check).
_FAST_ENOUGH_S = 0.050


def _reader(path) -> tuple[str, sqlite3.Connection]:
    """The share as any reader sees it: the office key and the hashes."""
    conn = sqlite3.connect(path)
    salt = json.loads(conn.execute(
        "SELECT value FROM settings WHERE key = 'skm_code_salt'").fetchone()[0])
    return salt, conn


def _fast(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}{code.upper()}".encode()).hexdigest()


def _slow(salt: str, code: str) -> str:
    return hashlib.scrypt(code.upper().encode(), salt=salt.encode(), **_SCRYPT).hex()


def _guess_s(salt: str) -> float:
    """One guess at a code, as a reader with the key would make it (median of five)."""
    times = []
    for n in range(5):
        start = time.perf_counter()
        _slow(salt, f"GUESS{n:03d}")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_a_ticket_code_is_kept_under_a_hash_too_slow_to_try_every_code(db, db_path):
    ticket = issue_ticket(db, service="A")
    salt, conn = _reader(db_path)
    kept = conn.execute("SELECT code_hash FROM tickets WHERE id = ?",
                        (ticket.id,)).fetchone()[0]
    conn.close()
    assert kept != _fast(salt, ticket.code)  # not a hash a reader tries by the billion
    assert kept == _slow(salt, ticket.code)
    guess = _guess_s(salt)
    space = len(CODE_ALPHABET) ** CODE_RANDOM_LEN  # the code's random part: 40 bits
    assert guess * space / (3600 * 24 * 365) > 100  # core-years to try them all
    # the station's own hash of a new code stays fast (a kiosk prints, a tablet checks)
    from ult_desktop.core.skm import spent_code_hash
    times = []
    for n in range(5):
        start = time.perf_counter()
        spent_code_hash(salt, f"NEWCODE{n}")
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < _FAST_ENOUGH_S
    assert queries.get_ticket(db, code=ticket.code).id == ticket.id  # found by it


def _booked(db) -> int:
    """A case with a visit booked for the next working day: its id."""
    now = datetime.now(timezone.utc)
    t = issue_ticket(db, service="A", now=now)
    call_next(db, counter=1, now=now)
    rec = register.save_record(db, record=RecordInput(
        visitor_name="Bu Sari", phone="081234567001", topic="Ijazah", question="Legalisir"),
        channel="walk_in", ticket_id=t.id, now=now)
    case = cases.open_case(db, record_id=rec.id, now=now).id
    finish(db, counter=1, now=now)
    visits.book_visit(db, case_id=case, day=_working_day(), opens="09:00", closes="11:00",
                      now=now)
    return case


def _working_day() -> date:
    """A working day still to come in every time zone (holidays skipped)."""
    from ult_desktop.core.workdays import OfficeCalendar

    calendar, day = OfficeCalendar.from_settings({}), date.today() + timedelta(days=2)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def test_a_visit_code_is_kept_under_the_slow_hash_and_checks_the_visitor_in(db, db_path):
    now = datetime.now(timezone.utc)
    t = issue_ticket(db, service="A", now=now)
    call_next(db, counter=1, now=now)
    rec = register.save_record(db, record=RecordInput(
        visitor_name="Bu Sari", phone="081234567001", topic="Ijazah", question="Legalisir"),
        channel="walk_in", ticket_id=t.id, now=now)
    case = cases.open_case(db, record_id=rec.id, now=now).id
    visit = visits.book_visit(db, case_id=case, day=_working_day(), opens="09:00",
                              closes="11:00", now=now)
    salt, conn = _reader(db_path)
    kept = conn.execute("SELECT visit_code FROM cases WHERE id = ?", (case,)).fetchone()[0]
    conn.close()
    assert kept != _fast(salt, visit.code)  # 10^8 fast hashes: a minute of one core
    assert kept == _slow(salt, visit.code)
    assert db.read(lambda c: visits.find_visit(c, visit.code)).case_id == case


def test_codes_printed_before_the_slow_hash_still_work(db, db_path):
    """A ticket and a visit whose codes the file keeps under the older fast hash (as
    versions before it wrote them) are still found by their codes."""
    ticket = issue_ticket(db, service="A")
    case = _booked(db)
    salt, conn = _reader(db_path)
    conn.execute("UPDATE tickets SET code_hash = ? WHERE id = ?",
                 (_fast(salt, ticket.code), ticket.id))
    conn.execute("UPDATE cases SET visit_code = ? WHERE id = ?", (_fast(salt, "13572468"),
                                                                 case))
    conn.commit()
    conn.close()
    assert queries.get_ticket(db, code=ticket.code).id == ticket.id
    assert db.read(lambda c: visits.find_visit(c, "1357-2468")).case_id == case
