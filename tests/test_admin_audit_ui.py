"""The admin screens of the audit trail: the Audit page names a tampered
event; the Stations page shows pending keys with their fingerprint and approves them."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from tests.drivers import open_page, signed_in
from ult_desktop.app import station_key
from ult_desktop.db.open import open_database
from ult_desktop.db.record import audit, station_keys
from ult_desktop.ui.admin.app import AdminWindow
from ult_desktop.ui.admin.audit import AuditPage
from ult_desktop.ui.admin.stations import StationsPage

WAIT = 15_000


@pytest.fixture
def admin_key(tmp_path):
    """This admin PC's key, as `ult-desktop admin` hands it to its window at start."""
    key, _ = station_key.create_key(tmp_path / "admin-key")
    return key


@pytest.fixture
def ws(qtbot, db_path, admin_key):
    w = AdminWindow(db_path, station_name="admin-pc", poll_ms=50, signer=admin_key)
    qtbot.addWidget(w)
    yield signed_in(qtbot, w)
    w.close()


def _counter_pending(qtbot, ws, db_path, tmp_path):
    """A counter PC that asked for its key's registration, and the Stations page's keys
    panel showing it beside this admin PC's: (its key, its open database, the panel)."""
    counter_key, _ = station_key.create_key(tmp_path / "loket1")
    counter = open_database(db_path, station="loket-1", mode="counter")
    counter.set_signer(counter_key)
    station_keys.announce_key(counter)
    panel = open_page(qtbot, ws, StationsPage).keys
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=WAIT)
    return counter_key, counter, panel


def test_stations_page_approves_pending_keys_by_fingerprint(qtbot, ws, db_path, admin_key,
                                                            tmp_path):
    counter_key, counter, panel = _counter_pending(qtbot, ws, db_path, tmp_path)
    assert admin_key.fingerprint in panel.own.text()
    shown = {panel.table.item(r, 0).text() for r in range(2)}
    assert shown == {admin_key.fingerprint, counter_key.fingerprint}

    def approve(key) -> None:
        row = next(r for r, k in enumerate(panel.keys) if k.key_id == key.key_id)
        panel.table.selectRow(row)
        qtbot.mouseClick(panel.approve_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: key.fingerprint in panel.status.text(), timeout=WAIT)

    assert "belum diberi" in panel.root.text() and panel.root_qr.isHidden()
    approve(admin_key)  # the office's root of trust: this admin PC itself, pinned here
    qtbot.waitUntil(lambda: admin_key.fingerprint in panel.root.text(), timeout=WAIT)
    assert not panel.root_qr.pixmap().isNull() and not panel.root_qr.isHidden()
    assert panel.role.currentData() == "display"  # the least role unless the admin says
    panel.role.setCurrentIndex(panel.role.findData("counter"))
    approve(counter_key)
    assert "sebagai loket (yang diminta stasiun: loket)" in panel.status.text()
    states = {k.key_id: (k.state, k.decided_by) for k in station_keys.list_keys(counter)}
    assert states == {admin_key.key_id: ("registered", "admin"),
                      counter_key.key_id: ("registered", "admin")}
    report = audit.verify_chain(counter)
    assert report["ok"] and {k["label"] for k in report["keys"]} == {"admin-pc", "loket-1"}
    counter.close()


def test_audit_page_names_an_edited_event(qtbot, ws, db_path):
    page = open_page(qtbot, ws, AuditPage)
    qtbot.mouseClick(page.chain.check_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.chain.result is not None, timeout=WAIT)
    assert page.chain.result["ok"] and "utuh" in page.chain.summary.text()
    conn = sqlite3.connect(db_path, isolation_level=None)
    target = conn.execute("SELECT MIN(id) FROM events").fetchone()[0]
    conn.execute("UPDATE events SET data = '{\"username\": \"budi\"}' WHERE id = ?", (target,))
    conn.close()
    page.chain.result = None
    qtbot.mouseClick(page.chain.check_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.chain.result is not None, timeout=WAIT)
    assert "DIUBAH" in page.chain.summary.text()
    assert page.chain.findings.isVisibleTo(page)
    assert page.chain.findings.item(0, 0).text() == str(target)
    assert page.chain.findings.item(0, 1).text() == "diubah"
    # what it means is said in Indonesian; the verifier's English detail is the tooltip
    assert page.chain.findings.item(0, 2).text().startswith("isi peristiwa ini diubah")
    assert "hash" in page.chain.findings.item(0, 2).toolTip()


def test_audit_page_names_a_table_row_changed_outside_the_app(qtbot, ws, db_path):
    """The page reconciles the tables with the log too, in the same click."""
    page = open_page(qtbot, ws, AuditPage)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("UPDATE officers SET role = 'admin' WHERE username = 'budi'")
    conn.close()
    qtbot.mouseClick(page.chain.check_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.chain.result is not None, timeout=WAIT)
    assert "TIDAK SESUAI" in page.chain.summary.text()
    assert page.chain.findings.isVisibleTo(page)
    assert page.chain.findings.item(0, 1).text() == "tabel diubah"
    assert page.chain.findings.item(0, 2).text() == (
        "petugas budi: role admin di tabel, front_office di jejak audit (peristiwa #"
        + page.chain.findings.item(0, 0).text() + ")")


def test_a_report_issued_and_a_key_read_in_indonesian():
    """The audit's details of an issued report and of a
    station key showed English machine keys ("format", "sha256", "public key")."""
    from ult_desktop.core.audit_words import describe_data

    report = describe_data({"report": "monthly", "format": "pdf", "from": "2026-10-01",
                            "to": "2026-10-31", "files": [{"name": "oktober.pdf",
                                                          "path": "D:/ult/oktober.pdf",
                                                          "sha256": "ab12"}],
                            "verified": True, "differences": 0, "root": "cb6f bb8e"}, "id")
    assert report.startswith("Laporan: monthly. Format: pdf. Dari: 2026-10-01. Sampai:")
    assert "Berkas: nama oktober.pdf, lokasi D:/ult/oktober.pdf, sidik SHA-256 ab12." in report
    assert "Terverifikasi: ya." in report and "Kunci akar: cb6f bb8e." in report
    key = describe_data({"key": "cb6fbb8e", "public_key": "00ff", "label": "Kiosk 1",
                         "role": "kiosk", "admin_station": False}, "id")
    assert key == ("Kunci: cb6fbb8e. Kunci publik: 00ff. Nama stasiun: Kiosk 1. "
                   "Peran: kiosk. Stasiun admin: tidak.")


def test_stations_page_revokes_a_lost_pcs_key_and_no_station_trusts_it(qtbot, ws, db_path,
                                                                      admin_key, tmp_path):
    """The admin approves this PC (the root) and a counter; picking the root or asking
    nothing is refused in words; the counter's key revoked after the admin says yes is
    shown revoked, and the office's trust (what every station believes) no longer holds
    it, the counter told in the same words as the command line."""
    counter_key, counter, panel = _counter_pending(qtbot, ws, db_path, tmp_path)

    def pick(key) -> None:
        panel.table.selectRow(next(r for r, k in enumerate(panel.keys)
                                   if k.key_id == key.key_id))

    for key, role in ((admin_key, "display"), (counter_key, "counter")):
        pick(key)
        panel.role.setCurrentIndex(panel.role.findData(role))
        qtbot.mouseClick(panel.approve_button, Qt.LeftButton)
        qtbot.waitUntil(lambda key=key: key.fingerprint in panel.status.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: {k.state for k in panel.keys} == {"registered"}, timeout=WAIT)
    asked: list[str] = []
    panel.confirm = lambda text: asked.append(text) or len(asked) > 1
    pick(admin_key)  # the root itself: refused, nothing asked
    qtbot.mouseClick(panel.revoke_button, Qt.LeftButton)
    assert "kunci stasiun lain" in panel.status.text() and asked == []
    pick(counter_key)
    qtbot.mouseClick(panel.revoke_button, Qt.LeftButton)  # "no": nothing happens
    assert len(asked) == 1 and counter_key.fingerprint in asked[0]
    qtbot.mouseClick(panel.revoke_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "dicabut" in panel.status.text(), timeout=WAIT)
    assert counter_key.fingerprint in panel.status.text()
    qtbot.waitUntil(lambda: {k.key_id: k.state for k in panel.keys}[counter_key.key_id]
                    == "revoked", timeout=WAIT)
    root, keys = counter.read(station_keys.lan_trust)
    counter.close()
    assert root == admin_key.key_id and counter_key.key_id not in keys
