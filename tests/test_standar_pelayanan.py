"""The Standar Pelayanan of every service gains "penanganan pengaduan,
saran dan masukan" (PermenPANRB 15/2014), kept like persyaratan, prosedur, biaya and
produk: a column of ``services``, on the admin's Services page, in the signed log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office
from ult_desktop.db.house.setup import DEMO_PINS, PENGADUAN_DEFAULT
from ult_desktop.db.open import open_database
from ult_desktop.db.record.reconcile import reconcile
from ult_desktop.db.schemas.schema import MIGRATIONS, apply_statements, version_after
from ult_desktop.ui.admin.app import AdminWindow
from ult_desktop.ui.admin.services import ServicesPage


def test_the_demo_services_say_how_complaints_are_handled(db):
    services = office.list_services(db)
    assert {s.penanganan_pengaduan for s in services} == {PENGADUAN_DEFAULT}
    for words in ("kotak saran", "SKM", "ULT", "telepon", "e-mail", "tindak lanjut"):
        assert words in PENGADUAN_DEFAULT


def test_the_component_is_in_the_signed_log(db_path: Path):
    db = open_database(db_path, station="admin", mode="test")
    office.save_service(db, prefix="B", penanganan_pengaduan="Kotak saran di lobi.")
    assert next(s for s in office.list_services(db) if s.prefix == "B"
                ).penanganan_pengaduan == "Kotak saran di lobi."
    assert reconcile(db)["ok"]
    db.close()
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute("UPDATE services SET penanganan_pengaduan = 'diubah' WHERE prefix = 'B'")
    raw.close()
    db = open_database(db_path, station="check", mode="test")
    differences = reconcile(db)["differences"]
    db.close()
    assert [(d["table"], d["column"]) for d in differences] == [
        ("services", "penanganan_pengaduan")]


def test_an_older_file_gains_it_empty_and_still_reconciles(tmp_path: Path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    before = version_after("record_is_signed_events")
    for statements in MIGRATIONS[:before]:
        apply_statements(conn, statements)
    conn.execute(f"PRAGMA user_version = {before}")
    conn.execute("COMMIT")
    conn.close()
    db = open_database(path, station="admin", mode="test")  # migrates
    office.save_service(db, prefix="A", name="Informasi")
    assert office.list_services(db)[0].penanganan_pengaduan == ""
    assert reconcile(db)["ok"]
    db.close()


@pytest.fixture
def services_page(qtbot, db_path):
    w = AdminWindow(db_path, station_name="admin-test", poll_ms=50)
    qtbot.addWidget(w)
    w.login.username.setText("admin")
    w.login.pin.setText(DEMO_PINS["admin"])
    qtbot.mouseClick(w.login.submit, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.workspace is not None, timeout=WAIT)
    page = w.workspace.page(ServicesPage)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        w.workspace.open(ServicesPage)
    yield page
    w.close()


def test_the_admin_edits_it_with_the_other_components(qtbot, services_page, db_path):
    page = services_page
    box = page.findChild(type(page.persyaratan), "penangananPengaduan")
    assert box is page.pengaduan
    labels = [w.text() for w in page.findChildren(type(page.status))]
    assert tr("admin.services.pengaduan") in labels
    page.select_prefix("C")
    assert page.pengaduan.toPlainText() == PENGADUAN_DEFAULT
    page.pengaduan.setPlainText("Helpdesk Dapodik: tiket pengaduan, dijawab 1 hari kerja.")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    other = open_database(db_path, station="display-1", mode="display")
    c = next(s for s in office.list_services(other) if s.prefix == "C")
    other.close()
    assert c.penanganan_pengaduan == "Helpdesk Dapodik: tiket pengaduan, dijawab 1 hari kerja."
    page.new_service()  # a new service starts with the usual text
    assert page.pengaduan.toPlainText() == PENGADUAN_DEFAULT
