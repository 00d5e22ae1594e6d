"""The back-office desk tab through pytest-qt: FO consults, BO answers, FO sees it
arrive through the change feed and explains it."""

from __future__ import annotations

import pytest

from tests.drivers import WAIT, login, open_page, press, signed_in
from ult_desktop.db import queries
from ult_desktop.db.queue.desk import call_next, transfer
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import handover

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_consultation_goes_to_back_office_and_the_answer_comes_back(qtbot, make_window, db):
    ticket = issue_ticket(db, service="B")
    fo = make_window(station_id="fo")
    login(qtbot, fo, "sari", counter=1)
    qtbot.waitUntil(lambda: fo.queue.state is not None, timeout=WAIT)
    press(qtbot, fo.queue.buttons["call_next"])
    qtbot.waitUntil(lambda: fo.queue.current() is not None, timeout=WAIT)
    fo.tabs.setCurrentWidget(fo.backoffice)
    fo.backoffice.update_actions()
    assert ticket.number in fo.backoffice.details.consult_label.text()
    fo.backoffice.details.question.setPlainText("Tunjangan belum cair sejak Januari")
    press(qtbot, fo.backoffice.details.btn_consult)
    qtbot.waitUntil(lambda: db.query("SELECT COUNT(*) FROM handovers")[0][0] == 1,
                    timeout=WAIT)

    bo = make_window(station_id="bo")
    login(qtbot, bo, "dewi", counter=None)
    assert bo.tabs.currentWidget() is bo.backoffice
    qtbot.waitUntil(lambda: bo.backoffice.list.table.rowCount() == 1, timeout=WAIT)
    bo.backoffice.list.table.selectRow(0)
    assert "Tunjangan belum cair" in bo.backoffice.details.detail.text()
    assert not bo.backoffice.details.fo_box.isVisibleTo(bo.backoffice)  # BO does not consult
    press(qtbot, bo.backoffice.details.btn_take)
    bo.backoffice.details.unit.setText("Ditjen GTK")
    press(qtbot, bo.backoffice.details.btn_coordinate)
    bo.backoffice.details.disposition.setPlainText("Cair bulan depan; berkas lengkap.")
    press(qtbot, bo.backoffice.details.btn_answer)
    press(qtbot, bo.backoffice.details.btn_return)
    qtbot.waitUntil(lambda: bo.backoffice.list.table.rowCount() == 0, timeout=WAIT)

    # FO learns it through the feed, without touching anything
    qtbot.waitUntil(lambda: "sudah kembali" in fo.status.label.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: fo.backoffice.state is not None and any(
        h.state.value == "returned" for h in fo.backoffice.state.outgoing), timeout=WAIT)
    fo.backoffice.list.table.selectRow(0)
    assert "Cair bulan depan" in fo.backoffice.details.detail.text()
    press(qtbot, fo.backoffice.details.btn_in_person)
    qtbot.waitUntil(lambda: db.query("SELECT state FROM handovers")[0][0] == "explained",
                    timeout=WAIT)
    steps = {s.key: s.count for s in fo.backoffice.state.steps}
    qtbot.waitUntil(lambda: {s.key: s.count for s in fo.backoffice.state.steps}["explain"]
                    == 1, timeout=WAIT)
    assert steps["receive"] == 1


def test_back_office_takes_a_visitor_transferred_to_them(qtbot, make_window, db):
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    transfer(db, counter=1, to_officer=dewi)
    bo = make_window(station_id="bo")
    login(qtbot, bo, "dewi", counter=None)
    qtbot.waitUntil(lambda: bo.backoffice.list.table.rowCount() == 1, timeout=WAIT)
    bo.backoffice.list.table.selectRow(0)
    press(qtbot, bo.backoffice.details.btn_take)
    qtbot.waitUntil(lambda: queries.get_ticket(db, ticket_id=ticket.id).state.value
                    == "serving", timeout=WAIT)
    assert queries.get_ticket(db, ticket_id=ticket.id).officer_id == dewi
    qtbot.waitUntil(lambda: bool(bo.backoffice.state.incoming) and
                    bo.backoffice.state.incoming[0].kind.value == "transfer", timeout=WAIT)
    assert db.read(lambda c: handover.read_back_office_list(c, dewi))[0].ticket_id == ticket.id


def test_admin_sets_a_services_mutu_baku(qtbot, db_path, db):
    from ult_desktop.core.sop import DEFAULT_TARGETS
    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.services import ServicesPage

    w = AdminWindow(db_path, station_name="admin-sop", poll_ms=50)
    qtbot.addWidget(w)
    page = open_page(qtbot, signed_in(qtbot, w), ServicesPage)
    page.select_prefix("B")
    assert page.sop_spins["study"].value() == DEFAULT_TARGETS["study"]
    assert page.sop_spins["online_days"].value() == 2
    page.sop_spins["study"].setValue(4)
    page.sop_spins["online_days"].setValue(3)
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    service_b = db.query("SELECT id, target_resolution_days FROM services "
                         "WHERE prefix = 'B'")[0]
    got = handover.step_targets(db, service_b[0])
    assert got["study"] == 4 and got["online_days"] == 3
    assert got["resolution_days"] == service_b[1]  # still the Standar Pelayanan's days
    w.close()
