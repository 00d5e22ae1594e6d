"""A month whose only handover is a case forwarded to the back office (SOP 003 steps
11-15, timed in working days) says so in the report's SOP section: never "no case
forwarded" while the escalations section lists it."""

from __future__ import annotations

from datetime import date

from tests.reports_month import pdf_text
from ult_desktop.db import queries
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, register
from ult_desktop.reports.pdf import build_pdf


def test_a_month_with_only_a_forwarded_case_counts_it(db, tmp_path):
    t = issue_ticket(db, service="B")
    rec = register.save_record(db, record=register.RecordInput(
        visitor_name="Bu Sri", phone="081234567890", question="Inpassing belum terbit"),
        channel="walk_in", ticket_id=t.id)
    cases.open_case(db, record_id=rec.id, callback_needed=True)
    today = date.fromisoformat(queries.today(db))
    text = " ".join(pdf_text(build_pdf(db, today.replace(day=1), today,
                                       tmp_path / "bulan.pdf")).split())
    assert "Tidak ada konsultasi atau kasus yang diteruskan" not in text
    assert "Kasus yang diteruskan ke back office diukur dalam hari kerja: 0 selesai" in text
    assert "belum selesai: 1." in text
