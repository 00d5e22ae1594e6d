"""Screenshots of the SKM screens for docs/screenshots.

    python scripts/screenshots.py --only skm

Opens the real windows on an X display over a throw-away demo database holding five years
of survey answers (the SKM bench's generator): the survey tablet, the paper entry, Admin >
SKM and the portrait kiosk's survey. The SKM report's pages, the poster and the TV's SKM
line are kept as drawn (``KEPT_AS_DRAWN`` in scripts/screenshots.py says why).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from screens import grab_root

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def _pump(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _wait(app, condition, timeout_s: float = 20.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("screen did not get ready")
        app.processEvents()
        time.sleep(0.02)


def _grab(app, out: Path, name: str) -> None:
    _pump(app, 0.8)
    grab_root(out / name)
    print("wrote", out / name)


def main(out: Path) -> None:
    from bench_skm import fill_years

    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.survey import skm_followups
    from ult_desktop.ui.common.app import ensure_app

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="ult-skm-shots-"))
    path = init_database(tmp / "office.db", demo=True)
    fill_years(path, served_per_year=4_000)
    db = open_database(path, station="shots", mode="cli")
    skm_followups.save_followup(db, report_period="2026", element=3,
                         action="Antrean daring untuk layanan PAK agar waktu tunggu turun",
                         owner="Kasubag Umum", target_period="2027-S1", status="in_progress")
    skm_followups.save_followup(db, report_period="2026", element=9,
                         action="Kursi tunggu dan kipas angin tambahan di lobi",
                         owner="Pengelola BMN", target_period="2027-S1")
    ticket, ticket2 = (issue_ticket(db, service="B") for _ in range(2))
    for _ in range(2):
        call_next(db, counter=1)
        finish(db, counter=1)
    db.close()

    app = ensure_app()

    from ult_desktop.ui.survey.app import SurveyWindow
    w = SurveyWindow(path, station_name="survey-shots")
    w.showMaximized()
    _wait(app, lambda: w.settings is not None)
    flow = w.flow
    flow.start_page.code_edit.setText(ticket.code)
    flow.begin()
    _wait(app, lambda: flow.stack.currentWidget() is flow.profile_page)
    for field, band in (("gender", "p"), ("age_band", "30_39"), ("education", "d4_s1")):
        flow.choose_profile(field, band)
    _grab(app, out, "survey_profile.png")
    w.toggle_language()
    _grab(app, out, "survey_profile_en.png")
    w.toggle_language()
    flow.choose_profile("occupation", "guru")
    flow.profile_done()
    _wait(app, lambda: flow.stack.currentWidget() is flow.question_page)
    for _ in range(7):
        flow.answer(3)
    _grab(app, out, "survey_question.png")  # question 8 of 9
    for _ in range(2):
        flow.answer(3)
    _wait(app, lambda: flow.stack.currentWidget() is flow.suggestion_page)
    for ch in ["⇧", *"antrean lancar, petugas ramah."]:  # the page's own keyboard (N9)
        flow.suggestion_page.keyboard.press(ch)
    _grab(app, out, "survey_suggestion_keyboard_1366.png")
    w.close()

    from ult_desktop.ui.common.station import Station
    from ult_desktop.ui.survey.paper_entry import PaperEntryDialog
    station = Station(path, station_id="admin-shots", mode="admin")
    dialog = PaperEntryDialog(station)
    dialog.resize(1000, 470)
    dialog.show()
    form = dialog.form
    _wait(app, lambda: form.service.count() > 0)
    form.service.setCurrentIndex(1)
    form.month.setText("2026-11")
    for number, sheet in enumerate(("1451" "343443434", "2350" "434433"), 1):
        form.sheet.setText(str(number))  # the sheet's own number; one saved, the next half typed
        for cell, digit in zip([*form.profile_cells.values(), *form.answer_cells], sheet,
                               strict=False):
            cell.setText(digit)
        if len(sheet) == 13:
            form.save()
            _wait(app, lambda: form.count == 1)
    form.answer_cells[6].setFocus()
    _grab(app, out, "skm_paper_entry.png")
    dialog.close()
    station.close()

    from ult_desktop.db.house.setup import DEMO_PINS
    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.skm import SkmPage
    admin = AdminWindow(path, station_name="admin-shots")
    admin.showMaximized()
    admin.login.username.setText("admin")
    admin.login.pin.setText(DEMO_PINS["admin"])
    admin.login.submit.click()
    _wait(app, lambda: admin.workspace is not None)
    page = admin.workspace.open(SkmPage)
    _wait(app, lambda: page.data is not None)
    page.table.selectRow(0)
    _grab(app, out, "admin_skm.png")
    admin.close()

    from ult_desktop.ui.kiosk.window import KioskWindow, Timings
    long = Timings(ticket_ms=600_000, not_printed_ms=600_000, error_ms=600_000,
                   idle_ms=600_000, refresh_ms=600_000, guard_ms=0)
    kiosk = KioskWindow(path, printer_url=f"virtual://{tmp / 'tickets'}",
                        station_id="kiosk-shots", locked=False, timings=long,
                        config_file=tmp / "station.json", poll_ms=50)
    kiosk.show()
    kiosk.resize(1080, 1920)  # portrait, as the kiosk stands; drawn with grab()
    _wait(app, lambda: kiosk.link.online and kiosk.accepting())
    kiosk.view.survey_button.click()
    page = kiosk.survey_page
    page.flow.start_page.code_edit.setText(ticket2.code)
    page.flow.begin()
    _wait(app, lambda: page.flow.stack.currentWidget() is page.flow.profile_page)
    page.flow.choose_profile("gender", "l")
    _pump(app, 0.5)
    kiosk.grab().save(str(out / "kiosk_survey_profile_portrait.png"))
    print("wrote", out / "kiosk_survey_profile_portrait.png")
    kiosk.shutdown()

