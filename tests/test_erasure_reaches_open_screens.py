"""An erasure reaches the screens open at that moment: a back-office window showing the
person (her case, her phone request) while another station erases her (``person erase``,
a real process) drops every value of hers at its next refresh; the erase's answer names
her open case and what becomes of it."""

from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from tests.drivers import WAIT, login, open_page
from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.setup import DEMO_PINS

RATNA = {"visitor_name": "Ratna Kusumawati", "phone": "081377712345",
         "email": "ratna.kusuma@contoh.id", "id_number": "3374015507880004",
         "question": "Tunjangan profesi guru belum cair sejak Maret"}


def shown_texts(window) -> str:
    """Every text the window holds in its widgets and tables, shown or on another tab."""
    out = []
    for w in window.findChildren(QLabel):
        out.append(w.text() + " " + w.toolTip())
    for w in window.findChildren(QLineEdit):
        out.append(w.text())
    for w in window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit):
        out.append(w.toPlainText())
    for w in window.findChildren(QComboBox):
        out += [w.itemText(i) for i in range(w.count())]
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                out += [str(model.data(index) or ""), str(model.data(index, 3) or "")]
    return "\n".join(out).replace("\u200b", "")  # where an address may wrap: unseen


def _erase_elsewhere(db_path, tmp_path, person: int) -> subprocess.Popen:
    """``ult-desktop person erase`` as the admin's PC runs it: its own process."""
    import os

    env = {**os.environ, "ULT_KEY_DIR": str(tmp_path / "admin-key"),
           "ULT_ADMIN_PIN": DEMO_PINS["admin"], "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "ult_desktop", "person", "erase", "--id", str(person),
         "--reason", "permintaan pemilik data", "--db", str(db_path), "--admin", "admin",
         "--json", "--yes"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_an_open_back_office_window_drops_an_erased_person(qtbot, make_window, db, db_path,
                                                           tmp_path):
    from ult_desktop.db.visit import cases

    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    rec = cases.save_remote(db, channel="phone", service="A", record=RecordInput(
        topic="Tunjangan", request_type="pengaduan", **RATNA), officer_id=dewi,
        escalate_to="back_office", callback_needed=True)
    case = db.query("SELECT id FROM cases WHERE record_id = ?", (rec.id,))[0][0]

    bo = make_window(station_id="backoffice-test")
    login(qtbot, bo, "dewi", counter=None)
    bo.tabs.setCurrentWidget(bo.cases)
    qtbot.waitUntil(lambda: bo.cases.table.rowCount() > 0, timeout=WAIT)
    bo.cases.table.selectRow(0)
    qtbot.waitUntil(lambda: RATNA["visitor_name"] in bo.cases.detail.text(), timeout=WAIT)
    before = shown_texts(bo)
    for value in (RATNA["visitor_name"], RATNA["phone"], RATNA["email"], RATNA["question"]):
        assert value in before, value  # what an officer sees of her now

    proc = _erase_elsewhere(db_path, tmp_path, rec.id)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=120_000)
    out, err = proc.communicate()
    assert proc.returncode == 0, err

    def gone() -> bool:
        now = shown_texts(bo)
        return not any(v in now for v in RATNA.values())
    qtbot.waitUntil(gone, timeout=WAIT)
    # her case stays on the desk, without her, and the erase said so
    assert bo.cases.table.rowCount() == 1
    done = json.loads(out)
    assert [c["case"] for c in done["open_cases"]] == [f"K-{case:05d}"]
    assert done["open_cases"][0]["callback"] is True


def test_the_erase_answer_names_the_open_case_and_what_becomes_of_it(db):
    from ult_desktop.db.privacy import erasure
    from ult_desktop.db.visit import cases

    rec = cases.save_remote(db, channel="phone", service="A", record=RecordInput(
        topic="Tunjangan", **RATNA), officer_id=None, escalate_to="back_office",
        callback_needed=True)
    case = db.query("SELECT id FROM cases WHERE record_id = ?", (rec.id,))[0][0]
    done = erasure.erase(db, rec.id, "permintaan pemilik data", backup_dirs=[])
    text = "\n".join(erasure.answer(done))
    assert f"Kasus K-{case:05d} tetap terbuka tanpa nama dan kontak" in text
    assert "telepon balik tidak dapat lagi dilakukan" in text


def test_another_admin_pc_showing_her_drops_her(qtbot, admin_ws, db, db_path):
    """Admin > Data satu orang open on one PC with her found; another PC erases her."""
    from ult_desktop.db.open import open_database
    from ult_desktop.db.privacy import erasure
    from ult_desktop.db.visit import register
    from ult_desktop.ui.admin.person import PersonPage

    rec = register.save_record(db, record=RecordInput(**RATNA), channel="phone",
                               service="A")
    page = open_page(qtbot, admin_ws, PersonPage)
    page.query.setText("ratna kusumawati")
    page.search()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    other = open_database(db_path, station="admin-lain", mode="admin")
    try:
        erasure.erase(other, rec.id, "permintaan pemilik data", backup_dirs=[])
    finally:
        other.close()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT)
