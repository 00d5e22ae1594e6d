"""Admin > Data satu orang: the page finds a visitor by a misspelt name, writes their
copy, corrects a field and erases them, with the words of ``ult-desktop person``; each
act lands in the file as the CLI's does."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QFileDialog

from tests.drivers import WAIT, open_page
from ult_desktop.core.register import RecordInput
from ult_desktop.db.visit import register
from ult_desktop.ui.admin.person import PersonPage


def test_find_copy_correct_and_erase_from_the_admin_page(qtbot, admin_ws, db, tmp_path,
                                                        monkeypatch):
    for name, phone in (("Wahyuningsih Pratiwi", "081355550001"),
                        ("Bambang Sutrisno", "081355550002")):
        register.save_record(db, record=RecordInput(visitor_name=name, phone=phone,
                                                    question="tunjangan"),
                             channel="phone", service="A")
    page = open_page(qtbot, admin_ws, PersonPage)
    assert not page.erase_button.isEnabled()  # nobody chosen yet
    page.query.setText("wahyuningsi pratiwi")
    page.search()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    assert page.table.item(0, 1).text() == "Wahyuningsih Pratiwi"
    assert page.table.item(0, 3).text() == "0813****0001"  # masked, as on every screen

    out = tmp_path / "salinan.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.formats[".json"].setChecked(True)  # one request, PDF and JSON
    page.copy()
    pdf = out.with_suffix(".pdf")
    qtbot.waitUntil(lambda: out.exists() and pdf.exists() and not page.busy, timeout=WAIT)
    copy = json.loads(out.read_text(encoding="utf-8"))
    assert [r["phone"] for r in copy["data_as_held"]["register_records"]] == ["081355550001"]
    assert "Bambang" not in out.read_text(encoding="utf-8")

    monkeypatch.setattr(page, "confirm", lambda text: True)
    page.field.setCurrentIndex(page.field.findData("phone"))
    page.value.setText("0813 5555 0009")
    page.correct()
    qtbot.waitUntil(lambda: db.query("SELECT phone FROM register_records WHERE "
                                     "visitor_name LIKE 'Wahyu%'")[0][0] == "081355550009",
                    timeout=WAIT)
    page.reason.setText("permintaan pemilik data")
    page.erase()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0 and not page.busy, timeout=WAIT)
    assert "rujukan" in page.status.text()
    # the copy given to her is gone, and the answer says so and what it cannot reach
    assert not out.exists() and not pdf.exists() and str(out.resolve()) in page.status.text()
    assert "salinan kertas" in page.status.text()
    names = [r[0] for r in db.query("SELECT visitor_name FROM register_records ORDER BY id")]
    assert names == ["", "Bambang Sutrisno"]
    acts = db.query("SELECT kind, actor FROM events WHERE kind LIKE 'person_%' ORDER BY id")
    assert [tuple(a) for a in acts] == [("person_shown", "admin"),
                                        ("person_corrected", "admin"),
                                        ("person_erased", "admin")]
