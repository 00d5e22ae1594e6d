"""A generated month of office work through the real queue operations (for report tests).

Deterministic (seeded). Each working day: visitors arrive, three counters call, serve,
skip no-shows, escalate or refer some visits (a register record and a case, as the
counter screen does) and transfer a few; phone and online requests are registered
without a ticket; served visitors sometimes fill in the SKM survey; back office answers
most cases later, some after a reschedule.
"""

from __future__ import annotations

import heapq
import random
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from tests.drivers import submit_survey
from ult_desktop.core.register import RecordInput
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.queue.desk import call_next, cancel, finish, skip, start_serving, transfer
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, register

WIB = timezone(timedelta(hours=7))
COUNTER_OFFICERS = {1: "sari", 2: "budi", 3: "rahmat"}


@dataclass
class MonthLog:
    """What the generator did, for cross-checks that do not read the report."""

    days: list[date] = field(default_factory=list)
    issued: int = 0
    surveys: int = 0
    remote: int = 0
    cases: int = 0
    answered: int = 0


def working_days(year: int, month: int) -> list[date]:
    d, out = date(year, month, 1), []
    while d.month == month:
        if OfficeCalendar().is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def generate_month(db: Database, year: int = 2026, month: int = 3, *, per_day: int = 30,
                   seed: int = 7, survey_share: float = 0.45) -> MonthLog:
    rng = random.Random(seed)
    officers = {r["username"]: r["id"] for r in db.query("SELECT id, username FROM officers")}
    log = MonthLog()
    opened: list[tuple[int, datetime]] = []
    for day in working_days(year, month):
        log.days.append(day)
        _one_day(db, day, rng, officers, per_day, survey_share, log, opened)
        _remote_requests(db, day, rng, officers, log, opened)
    back_office = officers["dewi"]
    for case_id, at in opened:  # back office answers most cases, some after a reschedule
        if rng.random() < 0.1:
            at += timedelta(days=1)
            cases.reschedule_case(db, case_id=case_id, reason="menunggu unit utama", days=2,
                                  officer_id=back_office, now=at)
        if rng.random() < 0.8:
            answered = at + timedelta(days=rng.choice([0, 1, 1, 2, 4]), hours=1)
            cases.answer_case(db, case_id=case_id, answer="Sudah dijawab.",
                              officer_id=back_office, now=answered)
            log.answered += 1
            if rng.random() < 0.85:  # the visitor is told (SOP 003 step 15), mostly at once
                cases.record_callback(db, case_id=case_id, reached=True,
                                      officer_id=officers["sari"], now=answered + timedelta(
                                          days=rng.choice([0, 0, 0, 1, 3]), hours=1))
    return log


def _visitor(rng: random.Random, n: int) -> RecordInput:
    return RecordInput(visitor_name=f"Pengunjung {n}", institution=f"SD Negeri {n % 40 + 1}",
                       phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
                       question="Pertanyaan tentang layanan")


def _remote_requests(db, day, rng, officers, log, opened) -> None:
    """Phone and online requests of the day: register records without a ticket."""
    for i in range(rng.randint(0, 3)):
        at = datetime(day.year, day.month, day.day, 9 + i * 2, 15, tzinfo=WIB)
        channel = rng.choice(("phone", "phone", "online"))
        visitor = _visitor(rng, log.remote)
        if log.remote % 7 == 3:  # now and then a complaint (no draw: the stream is kept)
            visitor = replace(visitor, request_type="pengaduan")
        record = register.save_record(db, record=visitor, channel=channel,
                                      service=rng.choice("ABC"), officer_id=officers["sari"],
                                      now=at)
        log.remote += 1
        if rng.random() < 0.3:
            case = cases.open_case(db, record_id=record.id, officer_id=officers["sari"],
                                   now=at + timedelta(minutes=5))
            opened.append((case.id, at))
            log.cases += 1


def _one_day(db, day, rng, officers, per_day, survey_share, log, opened) -> None:
    opening = datetime(day.year, day.month, day.day, 8, 0, tzinfo=WIB).astimezone(timezone.utc)
    n = max(3, per_day + rng.randint(-4, 4))
    # mornings are busy: arrivals peak around 09:00
    arrivals = sorted(opening + timedelta(minutes=rng.triangular(0, 360, 30)) for _ in range(n))
    # event queue: (time, order, kind, payload)
    agenda: list = []
    order = 0
    for at in arrivals:
        heapq.heappush(agenda, (at, order, "arrive", None))
        order += 1
    for counter in COUNTER_OFFICERS:
        # the priority counter (3) opens at 10:00, after its morning back-office work
        start = opening + timedelta(minutes=120 if counter == 3 else counter)
        heapq.heappush(agenda, (start, order, "free", counter))
        order += 1
    idle: set[int] = set()
    codes: dict[int, str] = {}
    closing = opening + timedelta(hours=8, minutes=30)
    while agenda:
        at, _, kind, payload = heapq.heappop(agenda)
        if kind == "arrive":
            service = rng.choices("ABC", weights=(5, 3, 3))[0]
            ticket = issue_ticket(db, service=service,
                                       priority=rng.random() < 0.1, now=at)
            codes[ticket.id] = ticket.code  # the file keeps only its hash
            log.issued += 1
            if rng.random() < 0.03:  # changes their mind in the lobby
                cancel(db, number=ticket.number, reason="pulang", now=at +
                            timedelta(minutes=1))
            for counter in sorted(idle):  # wake idle counters
                heapq.heappush(agenda, (at + timedelta(seconds=30), order, "free", counter))
                order += 1
            idle.clear()
            continue
        counter = payload
        if at > closing:
            continue
        officer = officers[COUNTER_OFFICERS[counter]]
        ticket = call_next(db, counter=counter, officer_id=officer, now=at)
        if ticket is None:
            idle.add(counter)
            continue
        t = at + timedelta(minutes=rng.uniform(0.5, 2))
        if rng.random() < 0.08:  # no-show
            skip(db, counter=counter, now=t)
            heapq.heappush(agenda, (t, order, "free", counter))
            order += 1
            continue
        start_serving(db, counter=counter, now=t)
        length = rng.lognormvariate(2.1, 0.5)  # median about 8 minutes
        end = t + timedelta(minutes=length)
        roll = rng.random()
        if roll < 0.04 and ticket.transfer_count == 0:
            other = rng.choice([s for s in "ABC" if s != ticket.service_prefix])
            transfer(db, counter=counter, to_service=other, reason="salah layanan",
                          now=end)
        else:
            outcome = "escalated" if roll < 0.14 else "referred" if roll < 0.17 else "answered"
            if outcome != "answered" and rng.random() < 0.9:  # the counter screen's way
                record = register.save_record(db, record=_visitor(rng, ticket.id),
                                              channel="walk_in", ticket_id=ticket.id,
                                              officer_id=officer, now=end)
                case = cases.open_case(
                    db, record_id=record.id, officer_id=officer, now=end,
                    escalated_to="back_office" if outcome == "escalated" else "unit_utama",
                    unit=None if outcome == "escalated" else "Direktorat GTK")
                opened.append((case.id, end))
                log.cases += 1
            done = finish(db, counter=counter, outcome=outcome, now=end)
            if rng.random() < survey_share:
                answers = [rng.choices((1, 2, 3, 4), weights=(1, 3, 10, 8))[0] for _ in range(9)]
                submit_survey(db, ticket_code=codes[done.id], answers=answers,
                              now=end + timedelta(minutes=2))
                log.surveys += 1
        heapq.heappush(agenda, (end + timedelta(minutes=rng.uniform(0.5, 4)), order, "free",
                               counter))
        order += 1


# -- reading a PDF report back ----------------------------------------------------------------

def pdf_text(path) -> str:
    import pypdf

    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)


def row(block: str, label: str) -> list[str]:
    """The cells after *label* on the first line holding it as a cell of its own."""
    for line in block.splitlines():
        stripped = "  " + line.strip()
        at = stripped.find("  " + label)
        if at >= 0:
            rest = stripped[at + 2 + len(label):]
            if rest and not rest.startswith("  "):
                continue  # the label is only the start of a longer cell
            return [c for c in re.split(r"\s{2,}", rest.strip()) if c]
    raise AssertionError(f"no line starting with {label!r}")
