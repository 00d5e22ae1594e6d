"""Where the calls out of turn and the wait band's hits come from
(``reports.provenance_marks``). A morning done through the app at moments the test
chooses; the oracle is the test's own plan (who called whom out of turn and why, which
band each paper showed and how long its visitor waited by the test's clock), never the
layer's counting. Then forged acts the table counts: no figure lists them."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

from ult_desktop.core.band import Band
from ult_desktop.core.numbering import local_time
from ult_desktop.db.house.office import read_settings
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.print_results import record_print_result
from ult_desktop.db.record.events import append_event
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.reports.provenance import explain_month

#: ticket (by its order of issue) -> called by, out of turn why (None: in turn)
#: (counter 1 serves A and B, counter 2 B: each call with a reason passes a visitor who
#: came earlier to that counter; those without one take the first in line)
PLAN = [(4, "c2", "specialist"), (2, "c1", "appointment"), (0, "c1", None),
        (5, "c1", "returning"), (1, "c1", None)]
#: the tickets whose paper shows a band that will hold (the others: one that will not)
INSIDE = {0, 1, 4}


def _moments(now: datetime, tz: str, n: int) -> list[datetime]:
    """*n* increasing moments of the office's today before *now*."""
    midnight = local_time(now, tz).replace(hour=0, minute=0, second=0, microsecond=0)
    base = max(now - timedelta(minutes=12), midnight.astimezone(timezone.utc) +
               timedelta(minutes=1))
    step = (now - timedelta(seconds=5) - base) / n
    return [base + step * k for k in range(n)]


def test_calls_out_of_turn_and_the_band_s_hits_are_the_acts_done(judged_pcs):
    kiosk, admin = judged_pcs["kiosk"], judged_pcs["admin"]
    desks = {"c1": (judged_pcs["c1"], 1), "c2": (judged_pcs["c2"], 2)}
    ids = {r[0]: r[1] for r in admin.query("SELECT username, id FROM officers")}
    officer = {"c1": ids["sari"], "c2": ids["budi"]}
    tz = admin.read(lambda conn: read_settings(conn, ("timezone",)))["timezone"]
    at = _moments(datetime.now(timezone.utc), tz, 6 + 2 * len(PLAN))
    issued_at, called_at = at[:6], {}
    for n, (ticket, _, _) in enumerate(PLAN):
        called_at[ticket] = at[6 + 2 * n]
    tickets = []
    for n, service in enumerate("AABABA"):
        t = issue_ticket(kiosk, service=service, now=issued_at[n])
        tickets.append(t)
        if n == 5:  # nobody was ahead: a paper with no band to hold
            band = Band(0, 0, 0.0)
        elif n in called_at:
            waited = (called_at[n] - issued_at[n]).total_seconds() / 60
            low = math.floor(waited)
            band = Band(low, low + 1, 1.0) if n in INSIDE else Band(low + 2, low + 5, 1.0)
        else:  # never called: no hit either way
            band = Band(0, 3, 1.0)
        record_print_result(kiosk, ticket_id=t.id, ok=True, printer="usb://x",
                            band=band, now=issued_at[n])
    expected: dict[str, int] = {}
    for n, (ticket, desk, why) in enumerate(PLAN):
        db, counter = desks[desk]
        called = call_next(db, counter=counter, officer_id=officer[desk],
                           number=tickets[ticket].number, reason=why, now=called_at[ticket])
        assert called.number == tickets[ticket].number
        finish(db, counter=counter, now=at[7 + 2 * n])
        if why is not None:
            for key in (f"out_of_turn.{officer[desk]}", f"out_of_turn.{officer[desk]}.{why}"):
                expected[key] = expected.get(key, 0) + 1
    assert reconcile(admin)["ok"]
    month = tickets[0].day[:7]
    figures = explain_month(admin, month).figures
    for key, n in expected.items():
        assert (figures[key].value, figures[key].printed) == (n, n), key
    shown = [n for n in called_at if n != 5]
    assert (figures["band.tickets"].value, figures["band.tickets"].printed) == (len(shown),) * 2
    assert (figures["band.inside"].value, figures["band.inside"].printed) == (len(INSIDE),) * 2
    assert figures["band.inside"].things == {f"{tickets[n].number} ({tickets[n].day})"
                                             for n in INSIDE}
    assert {a.kind for a in figures["band.inside"].acts} >= {"printed", "called"}
    assert {a.thing for key in expected for a in figures[key].acts} == {
        f"{tickets[n].number} ({tickets[n].day})" for n, _, why in PLAN if why}

    # The kiosk's key signs a counter's call out of turn of the waiting ticket; the TV's
    # key a paper whose band held for a visitor already called: ``check`` names both, no
    # figure lists them, and the report counts neither (it reads the record as the judge
    # let it stand: the waiting visitor was never called, her paper is no band hit yet).
    waiting = tickets[3]

    def forged_call(conn) -> int:
        conn.execute("UPDATE tickets SET state = 'called', called_at = ?, counter_number = 1 "
                     "WHERE id = ?", (datetime.now(timezone.utc).isoformat(), waiting.id))
        return append_event(conn, kiosk.station, "called", ticket_id=waiting.id,
                            ticket_number=waiting.number, counter=1, data={
                                "officer_id": officer["c1"],
                                "out_of_turn": {"reason": "appointment"}})

    tv = judged_pcs["tv"]
    forged = [kiosk.write(forged_call), tv.write(lambda conn: append_event(
        conn, tv.station, "printed", ticket_id=tickets[2].id, ticket_number=tickets[2].number,
        data={"ok": True, "band": [0, 60]}))]
    named = reconcile(admin)
    assert not named["ok"] and set(forged) <= {d["event"] for d in named["differences"]}
    after = explain_month(admin, month).figures
    key = f"out_of_turn.{officer['c1']}.appointment"
    assert after[key].printed == after[key].value == expected[key]
    assert (after["band.tickets"].value, after["band.tickets"].printed) == (len(shown),) * 2
    assert after["band.inside"].value == len(INSIDE)
    assert all(a.event_id not in forged for f in after.values() for a in f.acts)


def test_the_hall_s_fetches_and_marks_are_the_acts_done_and_a_fetch_s_minutes_its_times(
        judged_pcs):
    """Two seated visitors fetched at moments the test chooses, a Deaf mark and an
    interpreter asked for by the officer: each figure is those acts, the fetch's minutes
    the test's own subtraction (call to fetch). Then the counter's key signs a fetch of a
    visitor who was not seated, dated and timed as the app writes a fetch, saying it took
    0.01 minutes: ``check`` names it (no visitor called to be fetched), no figure lists it,
    and the report does not count it."""
    from ult_desktop.core.dates import month_range
    from ult_desktop.db.queue.desk import mark_fetched, request_interpreter, set_deaf
    from ult_desktop.reports.data import collect

    kiosk, c1, admin = judged_pcs["kiosk"], judged_pcs["c1"], judged_pcs["admin"]
    sari = admin.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    tz = admin.read(lambda conn: read_settings(conn, ("timezone",)))["timezone"]
    at = _moments(datetime.now(timezone.utc), tz, 12)
    seated = [issue_ticket(kiosk, service="A", assist=("seat",), now=at[n]) for n in (0, 1)]
    plain = issue_ticket(kiosk, service="A", now=at[2])
    minutes = []
    for ticket, (call, fetch, done) in zip(seated, ((3, 5, 6), (7, 8, 9)), strict=True):
        assert call_next(c1, counter=1, officer_id=sari, now=at[call]).number == ticket.number
        mark_fetched(c1, number=ticket.number, officer_id=sari, now=at[fetch])
        minutes.append(round((at[fetch] - at[call]).total_seconds() / 60, 2))
        if ticket is seated[1]:
            set_deaf(c1, deaf=True, number=ticket.number, officer_id=sari, now=at[fetch])
            request_interpreter(c1, number=ticket.number, officer_id=sari, now=at[fetch])
        finish(c1, counter=1, now=at[done])
    assert reconcile(admin)["ok"]
    month = plain.day[:7]
    figures = explain_month(admin, month).figures
    median = (minutes[0] + minutes[1]) / 2
    assert figures["hall.fetched"].value == figures["hall.fetched"].printed == 2
    assert abs(figures["hall.fetch_median"].value - median) < 1e-9
    assert figures["hall.fetch_median"].agrees
    assert figures["hall.fetched"].things == {f"{t.number} ({t.day})" for t in seated}
    assert {a.kind for a in figures["hall.fetched"].acts} == {"called", "fetched"}
    for key in ("hall.deaf_officer", "hall.interpreter"):
        assert (figures[key].value, figures[key].printed) == (1, 1), key
        assert figures[key].things == {f"{seated[1].number} ({seated[1].day})"}

    call_next(c1, counter=1, officer_id=sari, now=at[10])

    def forged(conn) -> int:
        stamp = datetime.now(timezone.utc)
        conn.execute("UPDATE tickets SET fetched_at = ? WHERE id = ?",
                     (stamp.isoformat(), plain.id))
        return append_event(conn, c1.station, "fetched", ticket_id=plain.id, at=stamp,
                            ticket_number=plain.number,
                            data={"officer_id": sari, "minutes": 0.01})

    forged_id = c1.write(forged)
    named = reconcile(admin)
    assert not named["ok"] and ("not_fetching", forged_id) in {
        (d["column"], d["event"]) for d in named["differences"]}, named["differences"]
    shown = collect(admin, *month_range(date.fromisoformat(plain.day))).hall.fetched_minutes
    assert sorted(shown) == sorted(minutes)  # (the visitor fetched never waited seated)
    after = explain_month(admin, month).figures
    assert abs(after["hall.fetch_median"].value - median) < 1e-9
    assert after["hall.fetched"].value == 2
    assert all(a.event_id != forged_id for f in after.values() for a in f.acts)


def test_an_outage_sign_and_a_phone_count_signed_by_a_key_that_may_not_are_no_figure(
        judged_pcs):
    """The survey tablet's key signs a Selesai "kept offline" and a day's count of bands
    shown on the phone page (neither is a tablet's act): ``check`` names both, and the
    month's report shows no outage and no phone band."""
    from ult_desktop.core.dates import month_range
    from ult_desktop.core.phone import PHONE_BAND_DAY
    from ult_desktop.reports.data import collect

    kiosk, tablet, admin = judged_pcs["kiosk"], judged_pcs["tablet"], judged_pcs["admin"]
    ticket = issue_ticket(kiosk, service="A")
    forged = [tablet.write(lambda conn: append_event(
        conn, tablet.station, "finished", ticket_id=ticket.id, ticket_number=ticket.number,
        data={"offline": True})), tablet.write(lambda conn: append_event(
            conn, tablet.station, PHONE_BAND_DAY, data={"day": ticket.day, "shown": 5,
                                                        "inside": 5}))]
    named = reconcile(admin)
    assert not named["ok"] and set(forged) <= {d["event"] for d in named["differences"]}
    data = collect(admin, *month_range(date.fromisoformat(ticket.day)))
    assert data.outages == [] and data.phone_bands == (0, 0)


def test_a_case_opened_under_a_kiosk_s_key_is_no_escalation_of_the_report(judged_pcs):
    """A guest-book record escalated at the counter is one escalation; the kiosk's key
    then signs a case opened on another record (no act of a kiosk): ``check`` names it,
    and the report still counts one."""
    from ult_desktop.core.dates import month_range
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import cases, register
    from ult_desktop.reports.data import collect

    kiosk, c1, admin = judged_pcs["kiosk"], judged_pcs["c1"], judged_pcs["admin"]
    records = [register.save_record(c1, record=RecordInput(
        visitor_name=name, phone=phone, topic="Ijazah", question="Legalisir"),
        channel="phone", service="A") for name, phone in (("Ibu Ratna", "081234567001"),
                                                          ("Pak Joko", "081234567002"))]
    cases.open_case(c1, record_id=records[0].id)
    now = datetime.now(timezone.utc).isoformat()

    def forged(conn) -> int:
        conn.execute("INSERT INTO cases (record_id, escalated_to, state, opened_at, due_day) "
                     "VALUES (?, 'back_office', 'open', ?, ?)", (records[1].id, now, now[:10]))
        case = conn.execute("SELECT id FROM cases WHERE record_id = ?",
                            (records[1].id,)).fetchone()[0]
        return append_event(conn, kiosk.station, "case_opened", data={"case_id": case})

    forged_id = kiosk.write(forged)
    named = reconcile(admin)
    assert not named["ok"] and forged_id in {d["event"] for d in named["differences"]}
    data = collect(admin, *month_range(date.fromisoformat(records[0].day)))
    assert [e.case_id for e in data.escalations] == [1]


def test_a_deaf_mark_that_moved_no_ticket_is_none_and_an_interpreter_asked_twice_is_one(
        judged_pcs):
    """Sari marks one visitor Deaf and asks three times for an interpreter for her (the
    button pressed again), and once for another visitor: the month shows one Deaf mark
    and two visitors an interpreter was asked for, and ``check`` is clean. Counter 1's key
    then signs five Deaf marks "by the officer" that change no ticket (as the app never
    writes one): ``check`` names each, and neither the report nor its explanation counts
    them."""
    from ult_desktop.core.dates import month_range
    from ult_desktop.db.queue.desk import request_interpreter, set_deaf
    from ult_desktop.reports.data import collect

    kiosk, c1, admin = judged_pcs["kiosk"], judged_pcs["c1"], judged_pcs["admin"]
    sari = admin.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    first, second = (issue_ticket(kiosk, service="A") for _ in range(2))
    call_next(c1, counter=1, officer_id=sari)
    set_deaf(c1, deaf=True, number=first.number, officer_id=sari)
    for _ in range(3):
        request_interpreter(c1, number=first.number, officer_id=sari)
    request_interpreter(c1, number=second.number, officer_id=sari)
    assert reconcile(admin)["ok"]
    period = month_range(date.fromisoformat(first.day))
    # the oracle: the test's own plan (one visitor marked, two asked for)
    plan = {"hall.deaf_officer": 1, "hall.interpreter": 2}

    def seen() -> dict[str, tuple]:
        hall = collect(admin, *period).hall
        figures = explain_month(admin, first.day[:7]).figures
        return {"hall.deaf_officer": (hall.deaf_by_officer, figures["hall.deaf_officer"].value),
                "hall.interpreter": (hall.interpreter_requests,
                                     figures["hall.interpreter"].value)}

    assert seen() == {k: (n, n) for k, n in plan.items()}
    forged = [c1.write(lambda conn: append_event(
        conn, c1.station, "deaf_marked", ticket_id=second.id, ticket_number=second.number,
        data={"deaf": True, "officer_id": sari, "by": "officer"})) for _ in range(5)]
    named = reconcile(admin)
    assert not named["ok"] and {("kind_move", e) for e in forged} <= {
        (d["column"], d["event"]) for d in named["differences"]}, named["differences"]
    assert seen() == {k: (n, n) for k, n in plan.items()}


def test_a_visitor_told_a_band_counts_once_however_many_papers_say_one(judged_pcs):
    """A visitor's paper shows a band that will not hold (as the kiosk prints it); the
    kiosk's key then signs three more papers for her ticket with a band that holds. The
    month's band line counts one visitor, told the band of her first paper, missed: as
    the test's own plan says, in the report and in its explanation."""
    from ult_desktop.core.dates import month_range
    from ult_desktop.reports.data import collect

    kiosk, c1, admin = judged_pcs["kiosk"], judged_pcs["c1"], judged_pcs["admin"]
    sari = admin.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    ticket = issue_ticket(kiosk, service="A")
    record_print_result(kiosk, ticket_id=ticket.id, ok=True, printer="virtual",
                        band=(5, 10))  # (she is called within the minute: not inside)
    call_next(c1, counter=1, officer_id=sari)
    for _ in range(3):
        kiosk.write(lambda conn: append_event(
            conn, kiosk.station, "printed", ticket_id=ticket.id,
            ticket_number=ticket.number, data={"printer": "virtual", "band": [0, 600]}))
    data = collect(admin, *month_range(date.fromisoformat(ticket.day)))
    assert [tuple(b) for b, _ in data.band_hits] == [(5, 10)]
    figures = explain_month(admin, ticket.day[:7]).figures
    assert (figures["band.tickets"].value, figures["band.tickets"].printed) == (1, 1)
    assert (figures["band.inside"].value, figures["band.inside"].printed) == (0, 0)
