"""Admin > Data satu orang: the page finds a visitor by a misspelt name, writes their
copy, corrects a field and erases them, with the words of ``ult-desktop person``; each
act lands in the file as the CLI's does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.drivers import WAIT, open_page
from ult_desktop.core.register import RecordInput
from ult_desktop.db.visit import register
from ult_desktop.ui.admin.person import PersonPage


@pytest.fixture(autouse=True)
def _own_pc(tmp_path: Path, monkeypatch):
    """This test's admin PC has its own key (made the office's root below): a root pinned
    in the shared key folder would make a later test's stations refuse."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "pc-keys"))


def _root_here(qtbot, page, db_path: Path) -> None:
    """The admin PC's key signs the page's acts and is the office's root, as ``init``
    makes it: its acts (the copy given) are the office's, what an erasure removes."""
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys

    key = this_pc_key(create=True)
    admin = open_database(db_path, station="admin-test", mode="admin", signer=key)
    admin.set_actor("admin")
    station_keys.make_root(admin)
    admin.close()
    signed = []
    page.station.run(lambda db: db.set_signer(key), done=signed.append)
    qtbot.waitUntil(lambda: len(signed) == 1, timeout=WAIT)


def test_find_copy_correct_and_erase_from_the_admin_page(qtbot, admin_ws, db, db_path,
                                                        tmp_path, monkeypatch):
    for name, phone in (("Wahyuningsih Pratiwi", "081355550001"),
                        ("Bambang Sutrisno", "081355550002")):
        register.save_record(db, record=RecordInput(visitor_name=name, phone=phone,
                                                    question="tunjangan"),
                             channel="phone", service="A")
    page = open_page(qtbot, admin_ws, PersonPage)
    _root_here(qtbot, page, db_path)
    assert not page.erase_button.isEnabled()  # nobody chosen yet
    page.query.setText("wahyuningsi pratiwi")
    page.search()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    assert page.table.item(0, 1).text() == "Wahyuningsih Pratiwi"
    assert page.table.item(0, 3).text() == "0813****0001"  # masked, as on every screen

    offered = []
    out = tmp_path / "laporan" / "salinan.json"  # the office's export folder, as offered

    def save_as(_parent, _title, suggested, *a, **k):
        offered.append(suggested)
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    page.formats[".json"].setChecked(True)  # one request, PDF and JSON
    page.copy()
    pdf = out.with_suffix(".pdf")
    qtbot.waitUntil(lambda: out.exists() and pdf.exists() and not page.busy, timeout=WAIT)
    assert Path(offered[0]).parent == out.parent
    copy = json.loads(out.read_text(encoding="utf-8"))
    assert [r["phone"] for r in copy["data_as_held"]["register_records"]] == ["081355550001"]
    assert "Bambang" not in out.read_text(encoding="utf-8")

    asked = []
    monkeypatch.setattr(page, "confirm", lambda text: asked.append(text) or True)
    page.field.setCurrentIndex(page.field.findData("phone"))
    page.value.setText("0813 5555 0009")
    page.correct()
    qtbot.waitUntil(lambda: db.query("SELECT phone FROM register_records WHERE "
                                     "visitor_name LIKE 'Wahyu%'")[0][0] == "081355550009",
                    timeout=WAIT)
    page.reason.setText("permintaan pemilik data")
    page.erase()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0 and not page.busy, timeout=WAIT)
    # the confirmation listed the files to remove before anything was deleted
    assert "akan dihapus" in asked[-1] and str(out.resolve()) in asked[-1]
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
