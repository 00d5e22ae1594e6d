"""SKM screens: the keyboard-only paper/phone entry form, the admin SKM page (report,
follow-up plan, poster and publication), the lobby display strip, the tap count of the
survey, and the ``report skm`` command."""

from __future__ import annotations

import json

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from bench.survey_taps import taps_to_finish
from tests.conftest import run_cli
from tests.drivers import WAIT, admin_login, login, open_page, people_served
from ult_desktop.core import skm
from ult_desktop.core.dates import office_today
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.db.survey import skm_followups
from ult_desktop.ui.admin.app import AdminWindow
from ult_desktop.ui.admin.skm import SkmPage
from ult_desktop.ui.common.station import Station
from ult_desktop.ui.display.skm_slot import SkmSlot
from ult_desktop.ui.survey.paper_entry import PaperEntryForm

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen: windows are shown


def may_responses(db):
    """May 2026's answers, read as the report reads them."""
    return db.read(lambda c: skm_db.read_responses(c, first_month="2026-05",
                                                   last_month="2026-05"))


def entry_form(qtbot, db_path, db=None):
    """The form, on sheet 1; May 2026 served three people of its first service."""
    station = Station(db_path, station_id="entry-test", mode="admin", poll_ms=50)
    form = PaperEntryForm(station)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.service.count() == 3, timeout=WAIT)
    if db is not None:
        people_served(db, service_id=form.service.currentData(), month="2026-05", n=3)
    form.sheet.setText("1")
    return station, form


def test_a_sheet_saved_as_its_form_closes_is_stored_and_nobody_is_told(qtbot, db_path, db):
    import threading

    from shiboken6 import delete, isValid

    station, form = entry_form(qtbot, db_path, db)
    gate = threading.Event()
    try:
        form.month.setText("2026-05")
        for cell in form.answer_cells:
            cell.setText("3")
        station.run(lambda _db: gate.wait(10))  # the share is slow: the save queues
        form.save()
        assert form.busy
        delete(form)  # the admin closed the window meanwhile
        assert not isValid(form)
        gate.set()
        after = []
        station.run(lambda _db: None, done=after.append)  # jobs run in order
        qtbot.waitUntil(lambda: bool(after), timeout=WAIT)
        [r] = may_responses(db)
        assert r.answers == (3,) * 9
    finally:
        gate.set()
        station.close()


def test_paper_sheets_are_typed_with_the_keyboard_only(qtbot, db_path, db):
    station, form = entry_form(qtbot, db_path, db)
    try:
        form.month.setText("2026-05")
        form.profile_cells["gender"].setFocus()
        # gender 2 (perempuan), age 0 (declined), education 5 (D4/S1), occupation 5 (guru),
        # then the nine unsur; each digit moves the cursor on by itself
        qtbot.keyClicks(form.profile_cells["gender"], "2")
        for keys in ("0", "5", "5", "4", "3", "3", "4", "3", "4", "4", "3", "2"):
            qtbot.keyClicks(form.focusWidget(), keys)
        assert form.focusWidget() is form.suggestion
        qtbot.keyClicks(form.suggestion, "Formulir kurang jelas")
        qtbot.keySequence(form.suggestion, QKeySequence.Save)
        qtbot.waitUntil(lambda: form.count == 1, timeout=WAIT)
        assert form.message.text() == tr("skm.entry.saved", n=1)
        assert all(not c.text() for c in form.answer_cells)  # cleared for the next sheet
        assert form.focusWidget() is form.profile_cells["gender"]
        assert form.month.text() == "2026-05"  # kept for the next sheet
        [r] = may_responses(db)
        assert r.answers == (4, 3, 3, 4, 3, 4, 4, 3, 2) and r.source == "paper"
        assert r.profile == {"gender": "p", "age_band": "x", "education": "d4_s1",
                             "occupation": "guru"}
        assert r.suggestion == "Formulir kurang jelas"
        # a phone sheet, profile left empty (not asked); digits outside 1-4 are not taken
        form.source.setCurrentIndex(form.source.findData("phone"))
        form.answer_cells[0].setFocus()
        qtbot.keyClicks(form.answer_cells[0], "7")
        assert form.answer_cells[0].text() == ""
        for keys in "444444444":
            qtbot.keyClicks(form.focusWidget(), keys)
        qtbot.keySequence(form.suggestion, QKeySequence.Save)
        qtbot.waitUntil(lambda: form.count == 2, timeout=WAIT)
        sources = sorted(r.source for r in may_responses(db))
        assert sources == ["paper", "phone"]
        assert form.sheet.text() == "3"  # the next sheet is offered
        # three served in May, two sheets in: the fourth sheet has nobody to speak for
        form.sheet.setText("9")
        for cell in form.answer_cells:
            cell.setText("2")
        qtbot.keySequence(form.suggestion, QKeySequence.Save)
        qtbot.waitUntil(lambda: form.count == 3, timeout=WAIT)
        for cell in form.answer_cells:
            cell.setText("2")
        qtbot.keySequence(form.suggestion, QKeySequence.Save)
        qtbot.waitUntil(lambda: "3 jawaban untuk 3 orang" in form.message.text(),
                        timeout=WAIT)
        assert [c.text() for c in form.answer_cells] == ["2"] * 9  # kept on screen
    finally:
        station.close()


def test_an_incomplete_sheet_is_explained_and_kept(qtbot, db_path, db):
    station, form = entry_form(qtbot, db_path, db)
    try:
        form.month.setText("2026-05")
        for cell in form.answer_cells[:8]:
            cell.setText("3")
        form.save()
        assert form.message.text() == tr("skm.entry.incomplete", n=9)
        assert form.focusWidget() is form.answer_cells[8]
        assert [c.text() for c in form.answer_cells[:8]] == ["3"] * 8  # nothing lost
        assert db.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 0
    finally:
        station.close()


def _admin_skm_page(qtbot, db_path, tmp_path):
    w = AdminWindow(db_path, station_name="admin-test", poll_ms=50)
    qtbot.addWidget(w)
    admin_login(qtbot, w)
    qtbot.waitUntil(lambda: w.workspace is not None, timeout=WAIT)
    page = open_page(qtbot, w.workspace, SkmPage)
    return w, page


def test_admin_makes_the_report_plans_follow_up_and_publishes(qtbot, db_path, db, tmp_path):
    ids = {r["prefix"]: r["id"] for r in db.query("SELECT id, prefix FROM services")}
    # the page opens on the latest closed period (never one still running):
    # the first half of this year from July, last year before
    today = office_today("WIB")
    period = skm.ReportPeriod(today.year, 1) if today.month >= 7 else \
        skm.ReportPeriod(today.year - 1)
    following = f"{today.year}-S2" if period.semester else str(today.year)
    people_served(db, prefix="A", month=f"{period.year}-02", n=6)
    for answers in ([4, 4, 2, 4, 3, 4, 4, 3, 3], [3, 3, 1, 4, 3, 3, 4, 3, 2]) * 3:
        skm_db.record_response(db, service_id=ids["A"], period=f"{period.year}-02",
                               source="paper", answers=answers)
    w, page = _admin_skm_page(qtbot, db_path, tmp_path)
    try:
        qtbot.waitUntil(lambda: "6" in page.summary.text(), timeout=WAIT)
        spec = skm.MIN_GROUP  # the minimum group's box allows what the settings allow
        assert (page.min_group.minimum(), page.min_group.maximum()) == (spec.low, spec.high)
        assert page.min_group.value() == spec.default
        # the follow-up form starts on the weakest unsur
        assert page.element.currentData() == 3
        page.action.setText("Tambah petugas loket")
        page.owner.setText("Koordinator ULT")
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.save()
        assert page.table.rowCount() == 1
        [f] = db.read(lambda c: skm_followups.read_followups(c, report_period=period.key))
        assert (f.element, f.action, f.status, f.target_period) == (
            3, "Tambah petugas loket", "planned", following)
        # the report, on the worker, with the busy bar while it runs
        page.ask_path = lambda suggested: str(tmp_path / "out" / suggested)
        qtbot.mouseClick(page.report_button, Qt.LeftButton)
        assert not page.progress.isHidden() or page.files
        qtbot.waitUntil(lambda: len(page.files) == 2, timeout=WAIT)
        assert page.progress.isHidden() and page.report_button.isEnabled()
        pdf, xlsx = page.files
        assert pdf.suffix == ".pdf" and xlsx.suffix == ".xlsx" and xlsx.exists()
        text = "".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages)
        assert "Tambah petugas loket" in text
        # poster and publication, then the lobby display may show it
        page.files = []
        qtbot.mouseClick(page.poster_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: len(page.files) == 2, timeout=WAIT)
        assert {f.suffix for f in page.files} == {".pdf", ".png"}
        published = office.get_settings(db, "skm_published")["skm_published"]
        assert published["respondents"] == 6 and published["period_key"] == period.key
        assert published["actions"] == ["Tambah petugas loket"]
        page.display_enabled.click()
        qtbot.waitUntil(lambda: office.get_settings(db, "skm_display_enabled")[
            "skm_display_enabled"] is True, timeout=WAIT)
    finally:
        w.close()


def test_display_strip_shows_the_published_result_between_calls(qtbot):
    slot = SkmSlot(quiet_ms=150)
    qtbot.addWidget(slot)
    facts = {"period": "Tahun 2026", "ikm": "84,76", "mutu": "B", "kinerja": "Baik",
             "respondents": 919, "actions": []}
    slot.apply_settings({"skm_display_enabled": False, "skm_published": facts})
    assert slot.texts() == [] and not slot.isVisible()
    slot.apply_settings({"skm_display_enabled": True, "skm_published": {}})
    assert slot.texts() == []  # nothing published yet
    slot.apply_settings({"skm_display_enabled": True, "skm_published": facts})
    assert slot.texts() == ["Indeks Kepuasan Masyarakat", "84,76",
                            "Tahun 2026 · 919 responden · Mutu B (Baik)"]
    slot.pause()  # a call: the strip steps aside, then comes back
    assert slot.texts() == []
    qtbot.waitUntil(lambda: slot.texts() != [], timeout=3000)


def test_survey_takes_few_taps_from_start_to_thanks(db_path):
    taps = taps_to_finish(db_path)
    # 8 secret code keys and the ticket id's (1 for the file's first tickets, 3 for a
    # year's) + start, 4 profile answers + next, 9 answers, send: about a minute at a
    # relaxed 2 s a tap, and fewer with the QR scanner
    assert taps == 8 + 1 + 1 + len(skm.PROFILE) + 1 + skm.ELEMENT_COUNT + 1


def test_report_skm_command_writes_pdf_xlsx_and_poster(db_path, db, tmp_path):
    ids = {r["prefix"]: r["id"] for r in db.query("SELECT id, prefix FROM services")}
    people_served(db, prefix="B", month="2026-08", n=5)
    for _ in range(5):
        skm_db.record_response(db, service_id=ids["B"], period="2026-08", source="phone",
                               answers=[4, 3, 3, 4, 3, 4, 4, 3, 3])
    out = tmp_path / "skm.pdf"
    done = run_cli("report", "skm", "--db", str(db_path), "--year", "2026", "--semester", "2",
                   "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"period": "2026-S2", "file": str(out)}
    assert "Semester II Tahun 2026" in pypdf.PdfReader(str(out)).pages[0].extract_text()
    xlsx = run_cli("report", "skm", "--db", str(db_path), "--year", "2026",
                   "--out", str(tmp_path / "skm.xlsx"))
    assert xlsx.returncode == 0, xlsx.stderr
    poster = run_cli("report", "skm", "--db", str(db_path), "--year", "2026", "--poster",
                     "--out", str(tmp_path / "poster.png"))
    assert poster.returncode == 0 and (tmp_path / "poster.png").read_bytes()[:4] == b"\x89PNG"
    bad = run_cli("report", "skm", "--db", str(db_path), "--year", "2026", "--out",
                  str(tmp_path / "x.doc"))
    assert bad.returncode == 2 and tr("skmr.cli.bad_out") in bad.stderr
    # the period report still needs its dates, and says so in one sentence
    missing = run_cli("report", "--db", str(db_path), "--out", str(tmp_path / "m.pdf"))
    assert missing.returncode == 2 and tr("report.error.need_period") in missing.stderr


def test_counter_officers_have_the_paper_entry_tab(qtbot, make_window, db):
    w = make_window(station_id="counter-skm")
    login(qtbot, w, "sari", 1)
    index = w.tabs.indexOf(w.skm_entry)
    assert w.tabs.isTabVisible(index) and w.tabs.tabText(index) == tr("skm.entry.tab")
    w.tabs.setCurrentIndex(index)
    form = w.skm_entry
    qtbot.waitUntil(lambda: form.service.count() == 3, timeout=WAIT)
    qtbot.waitUntil(lambda: form.month.text() == form._guessed_month, timeout=WAIT)
    people_served(db, service_id=form.service.currentData(), month=form.month.text(), n=1)
    for cell in form.answer_cells:
        cell.setText("4")
    form.save()  # no sheet number: asked for, nothing stored
    assert form.message.text() == tr("skm.entry.no_sheet")
    form.sheet.setText("7")
    form.save()
    qtbot.waitUntil(lambda: form.count == 1, timeout=WAIT)
    assert db.query("SELECT source FROM skm_responses")[0][0] == "paper"
    w.close()


def test_a_period_still_running_is_never_published(db, tmp_path):
    """The poster and the lobby strip show closed periods only."""
    from ult_desktop.db import errors
    from ult_desktop.ui.admin.jobs import make_poster_and_publish

    ids = {r["prefix"]: r["id"] for r in db.query("SELECT id, prefix FROM services")}
    today = office_today("WIB")
    people_served(db, prefix="A", month=f"{today:%Y-%m}", n=6)
    for _ in range(6):
        skm_db.record_response(db, service_id=ids["A"], period=f"{today:%Y-%m}",
                               source="paper", answers=[4] * 9)
    with pytest.raises(errors.RuleViolation) as refused:
        make_poster_and_publish(db, period=skm.ReportPeriod(today.year), out=str(
            tmp_path / "poster.pdf"), lang="id")
    assert refused.value.key == "admin.skm.publish_open"
    assert office.get_settings(db, "skm_published")["skm_published"] == {}
    assert not (tmp_path / "poster.pdf").exists()


def test_the_paper_entry_labels_read_as_words_not_markup(qtbot, db_path):
    """Shared text is never HTML here, so the profile
    labels showed '<b>Jenis kelamin</b>'; they are bold by style."""
    from PySide6.QtWidgets import QLabel

    station, form = entry_form(qtbot, db_path)
    try:
        texts = [label.text() for label in form.findChildren(QLabel)]
        assert not [t for t in texts if "<b>" in t or "</" in t], texts
        assert any(t == tr("skm.profile.gender") for t in texts)
    finally:
        station.close()
