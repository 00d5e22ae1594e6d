"""One person per visitor: a follow-up visit's guest book opens filled from its case (the
officer checks it with her, she need not say it again), and its record is hers: found as
one person with the case's record even when her phone changed since, copied and erased
with it; a record of someone else under the same name is named as not linked, in the
copy and in the erasure's answer, and left as it is."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.drivers import WAIT, fkey, login, press, queue_form, save_button, waiting_list
from ult_desktop.core.i18n import tr
from ult_desktop.core.receipt import case_number
from ult_desktop.core.register import RecordInput
from ult_desktop.db.privacy import erasure, person
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.queue.rows import survey_code_hash
from ult_desktop.db.visit import cases, register, visits
from ult_desktop.reports.person_copy import readable

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]

CODE = "40718265"
RATNA = RecordInput(visitor_name="Ratna Dewi", institution="SMA Negeri 3 Semarang",
                    phone="081234567001", topic="Legalisir ijazah",
                    question="Ijazah 1998 belum terdaftar")


def _walk_in(db, record: RecordInput) -> int:
    now = datetime.now(timezone.utc)
    t = issue_ticket(db, service="A", now=now)
    call_next(db, counter=1, now=now)
    rec = register.save_record(db, record=record, channel="walk_in", ticket_id=t.id, now=now)
    return rec.id


def _case_visit_today(db) -> tuple[int, int]:
    """Ratna's case (her record's id, the case's) with its follow-up visit today."""
    record = _walk_in(db, RATNA)
    case = cases.open_case(db, record_id=record).id
    finish(db, counter=1)
    today = db.query("SELECT max(day) FROM tickets")[0][0]
    db.write(lambda conn: conn.execute(
        "UPDATE cases SET visit_day = ?, visit_opens = '00:00', visit_closes = '23:59', "
        "visit_code = ? WHERE id = ?", (today, survey_code_hash(conn, CODE), case)))
    return record, case


def test_the_follow_up_guest_book_is_filled_and_its_record_is_the_same_person(
        qtbot, make_window, db):
    first, case = _case_visit_today(db)
    other = _walk_in(db, RecordInput(visitor_name="Ratna Dewi", phone="085700000002",
                                     topic="Mutasi guru"))  # another Ratna Dewi
    finish(db, counter=1)
    w = make_window()
    login(qtbot, w, "sari", counter=1)
    ticket = visits.check_in(db, code=CODE)
    qtbot.waitUntil(lambda: waiting_list(w).rowCount() == 1, timeout=WAIT)
    fkey(qtbot, w, "call_next")
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    assert w.queue.current().id == ticket.id

    form = queue_form(w)
    qtbot.waitUntil(lambda: form.name.text() == "Ratna Dewi", timeout=WAIT)
    assert (form.institution.text(), form.phone.text(), form.topic.text()) == (
        RATNA.institution, RATNA.phone, RATNA.topic)
    assert w.queue.visit.note.text() == tr("counter.form.from_case", case=case_number(case))
    form.phone.setText("081299990000")  # her new number: nothing else in common but the case
    form.question.setPlainText("Mengambil legalisir")
    press(qtbot, save_button(w))
    qtbot.waitUntil(lambda: db.query("SELECT COUNT(*) FROM register_records WHERE "
                                     "ticket_id = ?", (ticket.id,))[0][0] == 1, timeout=WAIT)
    second = db.query("SELECT id FROM register_records WHERE ticket_id = ?", (ticket.id,))[0][0]

    found = person.find(db, "Ratna Dewi")
    assert sorted(p["records"] for p in found) == [1, 2]  # her two visits, and the other
    ratna = next(p for p in found if p["records"] == 2)
    copy = person.copy_of(db, ratna["id"])
    assert sorted(r["id"] for r in copy["register_records"]) == [first, second]
    assert ticket.number in {e["ticket"] for e in copy["processing"]}  # the visit, not only booked
    other_day = db.query("SELECT day FROM register_records WHERE id = ?", (other,))[0][0]
    words = readable(copy, {"timezone": "WIB"}, "id", datetime.now(timezone.utc))
    assert tr("person.copy.unlinked", "id", n=1, days=other_day) in words["visits"]

    done = erasure.erase(db, ratna["id"], "permintaan yang bersangkutan", backup_dirs=[])
    names = dict(db.query("SELECT id, visitor_name FROM register_records"))
    assert names[first] == names[second] != "Ratna Dewi"  # both erased
    assert names[other] == "Ratna Dewi"  # the other Ratna's record stays, and it is said
    assert tr("person.cli.unlinked", n=1, days=other_day) in erasure.answer(done)
