"""Told, not hidden (UU 27/2022): the register form and the escalation receipt say in one
line what is kept of a visitor, why, for how long and whom to ask; the office's own
sentence, set on Admin's retention page, replaces the default everywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from tests.drivers import WAIT, child
from ult_desktop.core.receipt import receipt_lines
from ult_desktop.core.register import RecordInput
from ult_desktop.db.house import office
from ult_desktop.db.visit import cases, register


def _escalated(db) -> int:
    record = register.save_record(db, record=RecordInput(visitor_name="Rina", phone="081234567890",
                                                         question="Tunjangan?"),
                                  channel="phone", service="B")
    cases.open_case(db, record_id=record.id, callback_needed=True)
    return record.id


def test_the_receipt_says_what_is_kept_and_whom_to_ask(db):
    rid = _escalated(db)
    lines = receipt_lines(cases.receipt_for(db, record_id=rid))
    assert "disimpan 24 bulan untuk pelayanan publik" in lines[-1]
    assert "tanya petugas ULT" in lines[-1]
    office.set_settings(db, retention_months=12,
                        privacy_notice="Data Anda kami simpan 12 bulan; tanya petugas ULT.")
    assert receipt_lines(cases.receipt_for(db, record_id=rid))[-1] == \
        "Data Anda kami simpan 12 bulan; tanya petugas ULT."


def test_the_register_form_shows_the_offices_notice(make_window, db_path, qtbot):
    from ult_desktop.db.open import open_database

    db = open_database(db_path, station="admin", mode="test")
    office.set_settings(db, privacy_notice="Nama dan NIK Anda disimpan 24 bulan untuk "
                                           "layanan; hubungi petugas ULT.")
    db.close()
    w = make_window()
    notices = [n for n in w.findChildren(QLabel, "reg_notice")]
    assert len(notices) == 2  # the visit's form and the phone / online request's
    qtbot.waitUntil(lambda: all("hubungi petugas ULT" in n.toolTip() for n in notices),
                    timeout=WAIT)
    assert child(w, "reg_notice", QLabel).text().startswith("Nama dan NIK")
