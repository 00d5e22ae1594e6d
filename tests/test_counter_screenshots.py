"""Screens of the counter at 1366x768, grabbed offscreen.

``ULT_SCREENSHOTS=1 pytest tests/test_counter_screenshots.py`` writes them to
docs/screenshots/counter_*.png; otherwise they go to a temporary folder.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from tests.drivers import WAIT, child, login, queue_form, save_button, waiting_list
from ult_desktop.core.register import RecordInput
from ult_desktop.db import queries
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.record.feed import FULL_CHECK_S
from ult_desktop.db.visit import cases, register
from ult_desktop.ui.counter.window import CounterWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
ROOT = Path(__file__).resolve().parent.parent
#: An idle station notices a lock held by another PC at its next full feed check (every
#: FULL_CHECK_S; idle polls read the header without a lock), after its busy budget
#: (ULT_BUSY_TIMEOUT=5 in tests): the busy banner may take that long, plus scheduling.
BUSY_SEEN = int((FULL_CHECK_S + 5 + 5) * 1000)


def _out(tmp_path: Path) -> Path:
    if os.environ.get("ULT_SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return tmp_path


def _grab(w, path: Path) -> None:
    image = w.grab()
    assert (image.width(), image.height()) == (1366, 768)
    image.save(str(path))
    assert path.stat().st_size > 10_000


def _seed_cases(db) -> None:
    now = datetime.now(timezone.utc)
    people = [
        ("Drs. Bambang Susilo", "SMPN 3 Salatiga", "33.73", "Kota Salatiga",
         "Tunjangan profesi", "Tunjangan profesi triwulan III belum diterima", 6, "phone"),
        ("Ibu Wahyuni", "SDN Karangrejo 2", "33.22", "Kabupaten Semarang", "Dapodik",
         "Data PTK ganda di Dapodik", 3, "walk_in"),
        ("Rudi Hartono, S.Pd.", "SMAN 1 Kendal", "33.24", "Kabupaten Kendal", "PAK",
         "Penilaian angka kredit belum diproses", 0, "online"),
    ]
    for i, (name, inst, code, region, topic, question, days_ago, channel) in \
            enumerate(people):
        when = now - timedelta(days=days_ago)
        data = RecordInput(visitor_name=name, institution=inst, region_code=code,
                           region_name=region, phone=f"0812345678{i:02d}", topic=topic,
                           question=question, id_number="3374012345670001")
        if channel == "walk_in":
            t = issue_ticket(db, service="C")
            rec = register.save_record(db, record=data, channel="walk_in", ticket_id=t.id,
                                       now=when)
        else:
            rec = register.save_record(db, record=data, channel=channel, service="B",
                                       now=when)
        case = cases.open_case(db, record_id=rec.id, callback_needed=True, now=when,
                               escalated_to="unit_utama" if i == 0 else "back_office",
                               unit="Ditjen GTK" if i == 0 else None)
        if i == 1:
            cases.answer_case(db, case_id=case.id, answer="Data ganda sudah dihapus.")


def test_counter_screenshots(qtbot, db_path, db, tmp_path):
    out = _out(tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(timezone.utc)
    for i, (service, priority) in enumerate([("A", False), ("A", False), ("B", False),
                                             ("C", False), ("A", True), ("B", False),
                                             ("A", False), ("B", False)]):
        when = now - timedelta(minutes=3 * (8 - i))
        if queries.today(db, when) != queries.today(db, now):
            when = now  # just after midnight: no earlier time today
        issue_ticket(db, service=service, priority=priority, now=when)
    _seed_cases(db)

    w = CounterWindow(db_path, station_id="counter-shot", data_dir=tmp_path / "data",
                      poll_ms=50)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitUntil(lambda: w.login.officer.count() > 0 and w.session.online, timeout=WAIT)
    w.login.officer.setCurrentIndex(w.login.officer.findData("sari"))
    w.login.pin.setText(DEMO_PINS["sari"])
    QApplication.processEvents()
    _grab(w, out / "counter_login.png")

    login(qtbot, w, "sari", 1)
    qtbot.waitUntil(lambda: w.queue.state is not None and waiting_list(w).rowCount() > 0,
                    timeout=WAIT)
    qtbot.mouseClick(w.queue.buttons["call_next"], Qt.LeftButton)
    qtbot.waitUntil(lambda: w.queue.current() is not None, timeout=WAIT)
    _grab(w, out / "counter_queue.png")

    qtbot.mouseClick(w.queue.buttons["serve"], Qt.LeftButton)
    qtbot.waitUntil(lambda: w.queue.current().state.value == "serving", timeout=WAIT)
    f = queue_form(w)
    f.name.setText("Siti Aminah, S.Pd.")
    f.institution.setText("SD Negeri Sendangmulyo 01")
    f.region.setText("Kota Semarang, Jawa Tengah")
    f.phone.setText("0812-3456-7890")
    f.email.setText("siti.aminah@example.sch.id")
    f.id_number.setText("3374015708850001")
    f.on_behalf.setChecked(True)
    f.on_behalf_of.setText("Kepala SDN Sendangmulyo 01")
    f.letter_type.setCurrentIndex(f.letter_type.findData("surat_tugas"))
    f.letter_number.setText("421.2/017/2025")
    f.topic.setText("Tunjangan profesi")
    f.question.setPlainText("Tunjangan profesi triwulan IV belum masuk rekening; "
                            "apa yang perlu dilengkapi?")
    f.answer.setPlainText("Periksa SKTP di Info GTK; bila belum terbit, ajukan "
                          "perbaikan data melalui operator sekolah.")
    qtbot.mouseClick(save_button(w), Qt.LeftButton)
    qtbot.waitUntil(lambda: "Tersimpan" in child(w, "form_note").text(), timeout=WAIT)
    _grab(w, out / "counter_register.png")

    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    blocker.execute("UPDATE settings SET value = value")
    try:
        qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=BUSY_SEEN)
        f.answer.moveCursor(QTextCursor.End)
        qtbot.keyClicks(f.answer, " Berkas dilengkapi besok.")
        qtbot.waitUntil(lambda: "Draf" in child(w, "form_note").text(), timeout=WAIT)
        _grab(w, out / "counter_busy.png")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.waitUntil(lambda: not w.banner.isVisible(), timeout=WAIT)

    w.logout()
    login(qtbot, w, "dewi", None)
    qtbot.waitUntil(lambda: w.cases.table.rowCount() == 3, timeout=WAIT)
    w.cases.table.selectRow(0)
    qtbot.keyClicks(w.cases.answer, "SKTP triwulan III sudah terbit; dana disalurkan "
                                    "pekan depan.")
    loads = w.cases.loads
    w.cases.refresh()  # a live refresh keeps what is being typed
    qtbot.waitUntil(lambda: w.cases.loads > loads, timeout=WAIT)
    assert w.cases.answer.toPlainText().startswith("SKTP")
    _grab(w, out / "counter_cases.png")
