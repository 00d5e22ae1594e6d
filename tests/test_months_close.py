"""Every dated table closes with its month: a counter's key (real keys, real files, the
app's checks bypassed, the app's own event kinds) writes into a closed month's
hand-overs and cases, or moves today's into it; ``check`` (a real process) names each
(exit 9) and the month's report is stamped NOT VERIFIED, while the office's own road
(answering that month's case today, which moves its hand-over on) stands."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.test_acts_judged import check_json, forge, not_verified, officer_id
from tests.test_acts_moves import history  # noqa: F401  (a fixture: the office's past)
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket

pytestmark = pytest.mark.windows  # the Windows lane runs them (docs/windows.md)


@pytest.fixture
def office(judged_pcs):
    return judged_pcs  # (tests/conftest.py)


def _acts(report: dict) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for d in report["reconcile"]["differences"]:
        if d["problem"] == "act":
            out.setdefault((d["table"], d["label"]), set()).add(d["column"])
    return out


def test_a_closed_month_s_hand_overs_and_cases_keep_what_they_said(history, office,  # noqa: F811
                                                                   db_path):
    from ult_desktop.db.visit import cases, handover

    admin, c1 = office["admin"], office["c1"]
    now = datetime.now(timezone.utc)
    old_day, old_case = history["old_day"], history["old_case"]
    old = c1.query("SELECT id FROM handovers WHERE case_id = ?", (old_case,))[0][0]
    sari = officer_id(admin, "sari")
    # a hand-over added to the closed month, sent by sari
    forge(c1, "INSERT INTO handovers (kind, service_id, channel, day, from_officer, state, "
              "question, sent_at) VALUES ('consultation', 1, 'walk_in', ?, ?, 'sent', "
              "'Tambahan', ?)", (old_day, sari, old_day + "T03:00:00.000000+00:00"),
          "handover_sent", at=now)
    added = c1.query("SELECT MAX(id) FROM handovers")[0][0]
    # the closed month's hand-over re-asked and re-sent by another officer
    forge(c1, "UPDATE handovers SET question = 'Lain', from_officer = ? WHERE id = ?",
          (sari, old), "handover_taken", at=now)
    # today's visit, its consultation and its case moved into the closed month
    t = issue_ticket(office["kiosk"], service="B")
    assert call_next(c1, counter=1, officer_id=sari).number == t.number
    today = handover.consult(c1, from_officer=sari, question="Bisa?", ticket_id=t.id)
    forge(c1, "UPDATE handovers SET day = ? WHERE id = ?", (old_day, today.id),
          "handover_taken", at=now)
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.visit import register

    rec = register.save_record(c1, record=RecordInput(visitor_name="Bu Ani", topic="NUPTK"),
                               channel="walk_in", ticket_id=t.id)
    fresh = cases.open_case(c1, record_id=rec.id).id
    forge(c1, "UPDATE cases SET opened_at = ? WHERE id = ?",
          (old_day + "T04:00:00.000000+00:00", fresh), "case_rescheduled", at=now)
    cases.answer_case(c1, case_id=old_case, answer="Sudah dijawab")  # honest: stands
    code, report = check_json(db_path)
    assert code == 9, report["reconcile"]["differences"]
    acts = _acts(report)
    assert acts.get(("handovers", str(added))) == {"closed_month"}, acts
    assert acts.get(("handovers", str(old))) == {"closed_month"}, acts  # (not its answer)
    assert acts.get(("handovers", str(today.id))) == {"closed_month"}, acts
    assert acts.get(("cases", str(fresh))) == {"closed_month"}, acts
    assert ("cases", str(old_case)) not in acts, acts
    assert c1.query("SELECT state FROM handovers WHERE id = ?", (old,))[0][0] == "answered"
    not_verified(admin, old_day)


def test_a_closed_month_s_hand_over_is_never_deleted_nor_its_step_back_dated(history, office,  # noqa: F811
                                                                             db_path):
    c1 = office["c1"]
    now = datetime.now(timezone.utc)
    old_case = history["old_case"]
    old = c1.query("SELECT id FROM handovers WHERE case_id = ?", (old_case,))[0][0]
    forge(c1, "UPDATE handovers SET state = 'answered', answered_at = ? WHERE id = ?",
          (history["old_day"] + "T05:00:00.000000+00:00", old), "handover_answered", at=now)
    forge(c1, "DELETE FROM handovers WHERE id = ?", (old,), "handover_explained", at=now)
    code, report = check_json(db_path)
    assert code == 9
    assert _acts(report).get(("handovers", str(old))) == {"time", "closed_month"}, \
        _acts(report)


def test_no_station_deletes_a_ticket_least_of_all_a_closed_month_s(history, office,  # noqa: F811
                                                                   db_path):
    """The counter's key deletes two no-shows of a closed month, the kiosk's key one
    of today's tickets: a month's figures would lose them; each is named."""
    from datetime import timedelta

    admin, kiosk, c1 = office["admin"], office["kiosk"], office["c1"]
    now = datetime.now(timezone.utc)
    past = now - timedelta(days=40)
    old = [issue_ticket(c1, service="A", now=past + timedelta(minutes=i))
           for i in range(2)]
    t = issue_ticket(kiosk, service="A")
    for pc in (c1, kiosk):  # (the insider's own connection: the file's keys off)
        pc.conn.execute("PRAGMA foreign_keys = OFF")
    forge(c1, f"DELETE FROM tickets WHERE id IN ({old[0].id}, {old[1].id})", (),
          "cancelled", at=now)
    forge(kiosk, "DELETE FROM tickets WHERE id = ?", (t.id,), "printed", at=now)
    code, report = check_json(db_path)
    assert code == 9
    acts = _acts(report)
    for o in old:
        assert acts.get(("tickets", f"{o.number} ({o.day})")) == {"closed_month"}, acts
    assert acts.get(("tickets", f"{t.number} ({t.day})")) == {"born"}, acts
    not_verified(admin, old[0].day)


def test_an_admin_moving_a_row_into_a_reported_month_is_stated_on_its_reprint(office,
                                                                              tmp_path):
    """Last month's report is issued; the admin then moves this month's guest-book record
    and its hand-over into last month: the reprint of last month states each change, on
    a line of its own, with the admin and the day."""
    from datetime import date, timedelta

    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.record.audit import issue_report
    from ult_desktop.db.visit import handover, register
    from ult_desktop.reports.verified import verify

    admin, c1 = office["admin"], office["c1"]
    sari = officer_id(admin, "sari")
    t = issue_ticket(office["kiosk"], service="A")
    assert call_next(c1, counter=1, officer_id=sari).number == t.number
    rec = register.save_record(c1, record=RecordInput(visitor_name="Bu Rina", topic="PIP"),
                               channel="walk_in", ticket_id=t.id)
    sent = handover.consult(c1, from_officer=sari, question="PIP?", ticket_id=t.id)
    last = date.today().replace(day=1) - timedelta(days=1)
    paper = tmp_path / "report.pdf"
    paper.write_bytes(b"%PDF-1.4")
    issue_report(admin, report="monthly", fmt="pdf", date_from=last.replace(day=1),
                 date_to=last, files=[paper])
    assert verify(admin, last.replace(day=1), last).change_lines("en") == []
    now = datetime.now(timezone.utc)
    forge(admin, "UPDATE register_records SET day = ? WHERE id = ?",
          (last.isoformat(), rec.id), "register_updated", at=now)
    forge(admin, "UPDATE handovers SET day = ? WHERE id = ?", (last.isoformat(), sent.id),
          "handover_taken", at=now)
    lines = verify(admin, last.replace(day=1), last).change_lines("en")
    today = now.date().isoformat()
    month = last.isoformat()[:7]
    assert len(lines) == 2, lines
    assert all(f"changed by admin admin on {today} after the {month} report was issued"
               in line for line in lines), lines
