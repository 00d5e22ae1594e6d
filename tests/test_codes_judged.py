"""What a visit's code, a device test and the survey's salt may do, judged by the record:
a kiosk renews a follow-up visit's code only for a slip a counter asked of it, once (a
forged renewal is named by a real ``check`` process, refused at the station, and the real
visitor's slip still checks in); a TV's device test puts no outage on the month's report;
the survey code salt is not on the share for a plain reader. Real files, real keys."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from tests.test_acts_judged import check_json, refused_acts
from ult_desktop.core.register import RecordInput
from ult_desktop.db import errors
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import survey_code_hash
from ult_desktop.db.record.events import append_event
from ult_desktop.db.visit import cases, register, visits

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)

CODE = "12345678"   # the code on the real visitor's slip
FORGED = "87654321"  # the code an insider at the kiosk gives the visit


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def clean(target) -> None:
    code, report = check_json(target)
    assert code == 0, report["audit"]["findings"] + report["reconcile"]["differences"]


def named(target, *expected: tuple[str, str]) -> dict:
    """``check`` (a real process) exits 9 naming each (label, reason) act as refused."""
    code, report = check_json(target)
    assert code == 9, report["reconcile"]["differences"]
    assert set(expected) <= refused_acts(report), refused_acts(report)
    return report


def booked_today(office) -> int:
    """Counter 1 (sari) serves a visitor, opens her case and books its follow-up visit
    for today (whatever day it is), the code CODE on her slip: the case's id."""
    from tests.drivers import book_visit_on

    c1, now = office["c1"], datetime.now(timezone.utc)
    ticket = issue_ticket(office["kiosk"], service="A", now=now)
    call_next(c1, counter=1, now=now)
    rec = register.save_record(c1, record=RecordInput(
        visitor_name="Bu Sari", phone="081234567001", topic="Ijazah", question="Legalisir"),
        channel="walk_in", ticket_id=ticket.id, now=now)
    case = cases.open_case(c1, record_id=rec.id, now=now).id
    book_visit_on(c1, case, ticket.day, code=CODE)
    return case


def ask_slip(office, case: int) -> None:
    """Counter 1 has no printer: it asks the kiosk's (the kiosk's heartbeat names it)."""
    from ult_desktop.db.house.stations import heartbeat

    heartbeat(office["kiosk"], printer_state="ok")
    assert visits.ask_kiosk_slip(office["c1"], case_id=case) == office["kiosk"].station


def forge_renewal(kiosk, case: int, code: str) -> None:
    """The kiosk's key writes what ``renew_code`` writes, asked by nobody."""
    def tx(conn) -> None:
        conn.execute("UPDATE cases SET visit_code = ? WHERE id = ?",
                     (survey_code_hash(conn, code), case))
        append_event(conn, kiosk.station, visits.VISIT_CODE_RENEWED, data={"case_id": case})
    kiosk.write(tx)


def case_label(report: dict, case: int) -> str:
    return next(d["label"] for d in report["reconcile"]["differences"]
                if d["table"] == "cases" and d["key"] == [case])


# -- a visit's code renewed only for a slip asked of the kiosk, once ----------------------
def test_a_booked_visit_s_slip_printed_at_the_kiosk_and_checked_in_is_clean(office, db_path,
                                                                           tmp_path):
    """Counter 1 books a visit and asks the kiosk for its slip; the kiosk prints it (its
    printer's job, as the kiosk runs it) with a new code, and the visitor checks in with
    it: ``check`` 0. The old code no longer finds the visit; the kiosk prints no second
    slip on the one request."""
    from ult_desktop.ui.kiosk import paper

    case = booked_today(office)
    ask_slip(office, case)
    kiosk, printer = office["kiosk"], f"virtual://{tmp_path / 'paper'}"
    assert paper.print_visit_slip(kiosk, case, printer).ok
    [sent] = (tmp_path / "paper").glob("*.escpos")
    printed = re.search(rb"Kode: (\d{4}) (\d{4})", sent.read_bytes())
    assert printed is not None
    code = b"".join(printed.groups()).decode()
    assert code != CODE
    assert paper.print_visit_slip(kiosk, case, printer).skipped  # the request is used up
    with pytest.raises(errors.NotFound):
        visits.check_in(kiosk, code=CODE)
    assert visits.check_in(kiosk, code=code).followup_case == case
    clean(db_path)


def test_a_code_renewed_with_no_slip_asked_is_refused_and_named(office, db_path):
    """With no slip asked, the kiosk's station renews nothing; its key writes the
    renewal anyway (its own code on the visit): ``check`` names it, the forged code
    checks nobody in, and the real visitor's slip still does."""
    case = booked_today(office)
    kiosk = office["kiosk"]
    assert visits.renew_code(kiosk, case_id=case) is None  # nothing asked: no new code
    forge_renewal(kiosk, case, FORGED)
    report = named(db_path)
    assert (case_label(report, case), "slip") in refused_acts(report)
    with pytest.raises(errors.NotFound):
        visits.check_in(kiosk, code=FORGED)
    assert visits.check_in(kiosk, code=CODE).followup_case == case


def test_a_second_code_renewed_on_one_slip_asked_is_named(office, db_path):
    """The counter asks once; the kiosk prints the slip (its renewal stands); its key
    then renews the code again on the same request: ``check`` names the second, and
    the printed slip's code still checks the visitor in."""
    case = booked_today(office)
    ask_slip(office, case)
    kiosk = office["kiosk"]
    slip = visits.renew_code(kiosk, case_id=case)
    assert slip is not None
    forge_renewal(kiosk, case, FORGED)
    report = named(db_path)
    assert (case_label(report, case), "slip") in refused_acts(report)
    with pytest.raises(errors.NotFound):
        visits.check_in(kiosk, code=FORGED)
    assert visits.check_in(kiosk, code=slip.code).followup_case == case


# -- an outage read only from landed acts --------------------------------------------------
@pytest.mark.parametrize("marks, checked", [({"offline": True}, 9),
                                            ({"held": True, "landed": None}, 0)],
                         ids=["offline", "held"])
def test_a_tv_s_device_test_puts_no_outage_on_the_month_s_report(office, db_path, marks,
                                                                 checked):
    """The TV answers a device test; its key writes the answer on a visit of the month
    with the marks of a landed act (kept offline: ``check`` names it; or issued from held
    numbers and landed late: words of no act, nothing to name), and the month's report
    still shows no outage (the figures it prints)."""
    from ult_desktop.db.house.stations import DEVICE_TESTED
    from ult_desktop.reports.data import collect

    now = datetime.now(timezone.utc)
    ticket = issue_ticket(office["kiosk"], service="A", now=now)
    call_next(office["c1"], counter=1, now=now)
    tv = office["tv"]
    data = {"request": 1, "device": "sound", "ok": True, "detail": "",
            **{k: v or now.isoformat() for k, v in marks.items()}}
    tv.write(lambda conn: append_event(conn, tv.station, DEVICE_TESTED, ticket_id=ticket.id,
                                       ticket_number=ticket.number, service_prefix="A",
                                       data=data))
    day = ticket.day if isinstance(ticket.day, date) else date.fromisoformat(ticket.day)
    report = collect(office["admin"], day.replace(day=1), day)
    assert report.outages == []
    code, _ = check_json(db_path)
    assert code == checked
