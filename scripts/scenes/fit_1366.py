#!/usr/bin/env python3
"""The officers' screens on a 1366x768 screen under a window manager, shown as the demo
shows them (docs/counter.md, docs/security.md): the back office's cases page with a case
chosen whose visitor gave a long e-mail, Admin > Data satu orang after a copy was written,
and the copy the citizen is given, rendered page by page (``pdftoppm``), in Indonesian
and in English. The whole X screen, frames and all::

    python scripts/screenshots.py --only fit-1366
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "scenes")]

from screens import grab, wait  # noqa: E402

from ult_desktop.core.register import RecordInput  # noqa: E402
from ult_desktop.db.house.office import set_settings  # noqa: E402
from ult_desktop.db.house.setup import DEMO_PINS, init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.db.queue.desk import call_next, finish, start_serving  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.db.visit import cases, register  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402
from ult_desktop.ui.common.fit import show_within_screen  # noqa: E402

WIB = timezone(timedelta(hours=7))


def seed(path: Path) -> int:
    """Ratna's visit of Monday 2 March 2026, her question forwarded to the back office
    and answered; a phone request with a long e-mail; returns Ratna's register record."""
    db = open_database(path, station="loket-1", mode="counter")
    set_settings(db, privacy_contact="Koordinator ULT, telepon (024) 7460 123, "
                                     "ult@bpmpjateng.kemdikbud.go.id")
    sari = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    at = datetime(2026, 3, 2, 9, 10, tzinfo=WIB)
    ticket = issue_ticket(db, service="B", now=at)
    call_next(db, counter=1, officer_id=sari, now=at + timedelta(minutes=4))
    start_serving(db, counter=1, now=at + timedelta(minutes=5))
    record = register.save_record(db, record=RecordInput(
        visitor_name="Ratna Sari Dewi", phone="081355550001", institution="SD Negeri 3 Semarang",
        region_name="Kota Semarang", topic="Tunjangan profesi", request_type="konsultasi",
        question="Tunjangan profesi triwulan IV belum masuk ke rekening saya."),
        channel="walk_in", ticket_id=ticket.id, officer_id=sari, now=at + timedelta(minutes=7))
    case = cases.open_case(db, record_id=record.id, officer_id=sari, callback_needed=True,
                           now=at + timedelta(minutes=9))
    finish(db, counter=1, now=at + timedelta(minutes=10))
    dewi = db.query("SELECT id FROM officers WHERE username = 'dewi'")[0][0]
    cases.answer_case(db, case_id=case.id, officer_id=dewi, now=at + timedelta(days=1),
                      answer="Sudah dicairkan 4 Maret 2026; silakan cek rekening Anda.")
    other = register.save_record(db, record=RecordInput(
        visitor_name="Yohanes Bambang Kusumawardhana", phone="081299991234",
        email="yohanes.bambang.kusumawardhana.operator.sdnegeri1ungaran@belajar.id",
        topic="Akun Dapodik", question="Akun operator sekolah terkunci setelah ganti "
        "kepala sekolah; mohon dibuka kembali."), channel="phone", service="C",
        officer_id=sari, now=datetime.now(timezone.utc))
    cases.open_case(db, record_id=other.id, officer_id=sari, callback_needed=True)
    db.close()
    return record.id


def cases_page(path: Path, data: Path, out: Path) -> None:
    from ult_desktop.ui.counter.app import SIZE
    from ult_desktop.ui.counter.window import CounterWindow

    w = CounterWindow(path, station_id="bo-1", data_dir=data)
    w.resize(*SIZE)
    show_within_screen(w)
    wait(lambda: w.login.officer.count() > 0 and w.session.online)
    w.login.officer.setCurrentIndex(w.login.officer.findData("dewi"))
    w.login.counter.setCurrentIndex(w.login.counter.count() - 1)
    w.login.pin.setText(DEMO_PINS["dewi"])
    w.login.submit()
    wait(lambda: w.session.officer is not None)
    w.tabs.setCurrentWidget(w.cases)
    w.session.refresh_cases()
    wait(lambda: w.cases.table.rowCount() > 0)
    w.cases.table.selectRow(next(r for r in range(w.cases.table.rowCount())
                                 if "Yohanes" in w.cases.table.item(r, 3).text()))
    grab(out, "counter_cases_1366x768_openbox.png")
    w.close()


def person_page(path: Path, record: int, folder: Path, out: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.person import PersonPage

    w = AdminWindow(path, station_name="pc-admin")
    show_within_screen(w)
    wait(lambda: w.login.isVisible())
    w.login.username.setText("admin")
    w.login.pin.setText(DEMO_PINS["admin"])
    w.login.submit.click()
    wait(lambda: w.workspace is not None)
    page = w.workspace.page(PersonPage)
    w.workspace.open(PersonPage)
    page.query.setText("ratna sari")
    page.search()
    wait(lambda: page.table.rowCount() > 0)
    target = folder / "Permintaan data pribadi" / "data-pribadi-ratna-sari-dewi.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    QFileDialog.getSaveFileName = lambda *a, **k: (str(target), "")
    page.formats[".json"].setChecked(True)
    page.copy()
    wait(lambda: str(target) in page.status.text())
    grab(out, "admin_person_1366x768_openbox.png")
    w.close()


def citizen_copy(path: Path, record: int, folder: Path, out: Path) -> None:
    """The copy in both languages, each page a PNG at 80 dpi."""
    from ult_desktop.reports.person_pdf import save_copy

    db = open_database(path, station="pc-admin", mode="admin")
    for lang in ("id", "en"):
        pdf = folder / f"copy-{lang}.pdf"
        save_copy(db, record, pdf, lang=lang, now=datetime(2026, 3, 5, 10, 30, tzinfo=WIB))
        stem = out / f"person_copy_{lang}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(stem)], check=True)
        for page in sorted(out.glob(f"person_copy_{lang}-*.png")):
            print(page)
    db.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    size = app.primaryScreen().size()
    if (size.width(), size.height()) != (1366, 768):
        raise SystemExit(f"run on a 1366x768 X screen, not {size.width()}x{size.height()}")
    folder = Path(tempfile.mkdtemp(prefix="ult-fit-1366-"))
    os.environ["ULT_SOUND"] = "off"
    path = init_database(folder / "office.db", demo=True)
    record = seed(path)
    cases_page(path, folder / "data", out)
    person_page(path, record, folder, out)
    citizen_copy(path, record, folder, out)
