#!/usr/bin/env python3
"""Screenshots of the evidence screens as they run, for docs/screenshots/.

    python scripts/screenshots.py --only evidence-screens

One demo office in a temp folder: Admin > Penugasan (Sari stands in for Dewi, by letter),
Admin > Petugas (NIP, jabatan, unit), Admin > Laporan (the evidence pack), the counter of
the stand-in (the back-office desk and "menggantikan …" in the top bar), the online form's
import dialog, the counter serving by the paper's number while the share is away,
the SPAK item on the survey screen (run that one without the window manager too: it is
full screen). The whole X screen is grabbed with
``import -window root`` (window manager, frames and all).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "scenes")]


from screens import counter_signed_in, grab, wait  # noqa: E402

from ult_desktop.core.register import RecordInput  # noqa: E402
from ult_desktop.db.house import officers  # noqa: E402
from ult_desktop.db.house.office import set_settings  # noqa: E402
from ult_desktop.db.house.setup import DEMO_PINS, init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.db.queue.desk import call_next, finish  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.db.visit import cases, register  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def office(folder: Path) -> Path:
    path = init_database(folder / "ult.db", demo=True)
    db = open_database(path, station="setup", mode="admin")
    set_settings(db, spak_enabled=True, enforce_hours=False)
    db.set_actor("kepala")
    today = date.today()
    officers.record_standin(db, absent="dewi", standin="sari", first_day=today,
                            last_day=today + timedelta(days=4), letter_no="800/214/BPMP",
                            letter_date=today - timedelta(days=1))
    officers.update_officer(db, username="sari", nip="198503122010012005",
                            jabatan="Pengelola Layanan Operasional", unit="Front office")
    for n in range(3):  # Dewi's desk: escalated phone requests
        rec = register.save_record(db, record=RecordInput(
            visitor_name=f"Penelepon {n + 1}", phone=f"08123450000{n}",
            question="Tunjangan belum cair"), channel="phone", service="B")
        cases.open_case(db, record_id=rec.id)
    served = issue_ticket(db, service="A")
    call_next(db, counter=1)
    finish(db, counter=1)
    (folder / "code.txt").write_text(served.code)
    db.close()
    (folder / "ekspor-sempena.csv").write_text(
        "\ufeffNomor Permohonan;Tanggal Permohonan;Nama Lengkap;No. HP;Email;Asal Instansi;"
        "Jenis Layanan;Perihal;Isi Permohonan\n"
        "SEMPENA-0101;02/11/2026 08:15;Ibu Ratna;081234500001;;SDN 3 Demak;B;Tunjangan;"
        "Belum cair\n", encoding="utf-8")
    return path


def signed_in(window_class, path: Path, username: str):
    """An admin window on *path*, maximised, *username* signed in; and its workspace."""
    admin = window_class(path, station_name="admin-pc", poll_ms=200)
    admin.showMaximized()
    wait(lambda: admin.login is not None and admin.login.isVisible())
    admin.login.username.setText(username)
    admin.login.pin.setText(DEMO_PINS[username])
    admin.login.submit.click()
    wait(lambda: admin.workspace is not None)
    return admin, admin.workspace


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    with tempfile.TemporaryDirectory(prefix="ult-36-") as tmp:
        folder = Path(tmp)
        path = office(folder)
        from ult_desktop.ui.admin.app import AdminWindow
        from ult_desktop.ui.admin.officers import OfficersPage
        from ult_desktop.ui.admin.reports import ReportsPage
        from ult_desktop.ui.admin.standins import StandinsPage

        admin, ws = signed_in(AdminWindow, path, "kepala")
        page = ws.page(StandinsPage)
        ws.open(StandinsPage)
        wait(lambda: page.table.rowCount() == 1)
        grab(out, "admin_standins_1366x768_openbox.png")
        admin.close()
        admin, ws = signed_in(AdminWindow, path, "admin")
        page = ws.page(OfficersPage)
        ws.open(OfficersPage)
        wait(lambda: bool(page.officers))
        page.select_username("sari")
        grab(out, "admin_officers_nip_1366x768_openbox.png")
        reports = ws.page(ReportsPage)
        ws.open(ReportsPage)
        reports.format.setCurrentIndex(reports.format.findData("evidence"))
        grab(out, "admin_reports_evidence_1366x768_openbox.png")
        admin.close()

        w = counter_signed_in(path, 1, "sari", folder / "d")
        w.tabs.setCurrentIndex(w.tabs.indexOf(w.backoffice))
        w.backoffice.refresh()
        wait(lambda: w.backoffice.state is not None and len(w.backoffice.state.incoming) == 3)
        grab(out, "counter_standin_desk_1366x768_openbox.png")
        w.tabs.setCurrentIndex(w.tabs.indexOf(w.remote))
        w.remote.import_online(str(folder / "ekspor-sempena.csv"))
        wait(lambda: w.remote.import_dialog is not None and w.remote.import_dialog.isVisible())
        grab(out, "counter_import_online_1366x768_openbox.png")
        w.remote.import_dialog.reject()
        # the share goes away: the officer serves by the paper's number
        from ult_desktop.ui.common.station import UNAVAILABLE

        w.tabs.setCurrentIndex(w.tabs.indexOf(w.queue))
        w.session.station.connection_changed.emit(UNAVAILABLE, "")
        wait(lambda: not w.offline.isHidden())
        w.offline.number.setText("A-014")
        w.offline.call()
        grab(out, "counter_share_away_serving_by_number_1366x768_openbox.png")
        w.close()

        from ult_desktop.ui.survey.app import SurveyWindow

        survey = SurveyWindow(path, station_name="survey-tab", poll_ms=200)
        survey.showFullScreen()
        wait(lambda: survey.settings is not None)
        flow = survey.flow
        flow.start_page.code_edit.setText((folder / "code.txt").read_text())
        flow.begin()
        wait(lambda: flow.stack.currentWidget() is flow.profile_page)
        for buttons in flow.profile_page.buttons.values():
            next(iter(buttons.values())).click()
        flow.profile_page.next.click()
        for _ in range(9):
            flow.question_page.answer_buttons[2].click()
        grab(out, "survey_spak_item_1366_no_wm.png")
        survey.close()
    app.quit()
