"""The first-run setup wizard (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from tests.drivers import WAIT
from ult_desktop.app.station_config import StationConfig, load_station_config
from ult_desktop.core.i18n import set_language
from ult_desktop.ui.setup.wizard import (
    PAGE_COUNTER,
    PAGE_DB,
    PAGE_FINISH,
    PAGE_MODE,
    PAGE_PRINTER,
    SetupWizard,
)

# The offscreen platform warns when a top-level window is shown; nothing to do with us.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
# ``ULT_SCREENSHOTS=1`` (scripts/screenshots.py --only setup): the pages into docs/screenshots
SHOTS = (Path(__file__).resolve().parents[1] / "docs" / "screenshots"
         if os.environ.get("ULT_SCREENSHOTS") == "1" else None)


@pytest.fixture(autouse=True)
def _own_key_dir(tmp_path, monkeypatch):
    """The admin PC's key and trust memory of these tests stay in their own folder."""
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "keys"))


@pytest.fixture(autouse=True)
def _indonesian():
    set_language("id")
    yield
    set_language("id")


@pytest.fixture
def make(qtbot, tmp_path):
    made = []

    def factory(**kwargs):
        calls = []
        wizard = SetupWizard(tmp_path / "station.json",
                             make_shortcuts=lambda mode, auto: calls.append((mode, auto)),
                             **kwargs)
        wizard.shortcut_calls = calls
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        made.append(wizard)
        return wizard

    return factory


def shot(wizard: SetupWizard, name: str) -> None:
    if SHOTS:
        wizard.grab().save(str(SHOTS / f"setup_{name}.png"))


def check_db(qtbot, wizard: SetupWizard, path) -> str:
    page = wizard.db_page
    page.path.setText(str(path))
    qtbot.mouseClick(page.check_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.check_button.isEnabled() and page.status.text() != "",
                    timeout=WAIT)
    qtbot.waitUntil(lambda: page.check_button.isEnabled())
    return page.status.text()


def test_kiosk_station_end_to_end(qtbot, make, db_path, tmp_path):
    wizard = make()
    assert wizard.currentId() == PAGE_MODE
    shot(wizard, "1_mode")
    wizard.mode_page.buttons["kiosk"].setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_DB
    next_button = wizard.button(QWizard.NextButton)
    assert not next_button.isEnabled()  # no checked database yet

    text = check_db(qtbot, wizard, db_path)
    assert wizard.db_page.isComplete(), text
    assert next_button.isEnabled()
    shot(wizard, "2_database")
    wizard.next()
    assert wizard.currentId() == PAGE_PRINTER

    preview_dir = tmp_path / "tickets"
    preview_dir.mkdir()
    page = wizard.printer_page
    page.url.setText(f"virtual://{preview_dir}")
    page.width.setCurrentIndex(page.width.findData(58))
    qtbot.mouseClick(page.test_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.result is not None, timeout=WAIT)
    assert page.result.ok, page.result.message
    assert list(preview_dir.glob("*.png"))
    wizard.next()
    assert wizard.currentId() == PAGE_FINISH
    assert str(db_path) in wizard.finish_page.summary.text()
    assert wizard.finish_page.autostart.isChecked()  # a kiosk starts by itself
    shot(wizard, "5_finish")

    with qtbot.waitSignal(wizard.saved):
        wizard.button(QWizard.FinishButton).click()
    saved = load_station_config(tmp_path / "station.json")
    assert saved == StationConfig(mode="kiosk", db=str(db_path),
                                  printer=f"virtual://{preview_dir}", paper_width=58,
                                  counter=1, language="id", station="")
    assert wizard.shortcut_calls == [("kiosk", True)]


def test_counter_station_asks_for_the_counter_and_skips_the_printer(qtbot, make, db_path,
                                                                    tmp_path):
    wizard = make()
    wizard.mode_page.buttons["counter"].setChecked(True)
    wizard.mode_page.language.setCurrentIndex(wizard.mode_page.language.findData("en"))
    wizard.next()
    check_db(qtbot, wizard, db_path)
    wizard.next()
    assert wizard.currentId() == PAGE_COUNTER
    wizard.counter_page.counter.setValue(3)
    shot(wizard, "4_counter")
    wizard.next()
    assert wizard.currentId() == PAGE_FINISH
    assert not wizard.finish_page.autostart.isChecked()
    wizard.finish_page.shortcut.setChecked(False)
    wizard.button(QWizard.FinishButton).click()
    data = json.loads((tmp_path / "station.json").read_text())
    assert (data["mode"], data["counter"], data["language"]) == ("counter", 3, "en")
    assert wizard.shortcut_calls == []


def test_display_goes_straight_from_database_to_finish(qtbot, make, db_path):
    wizard = make()
    wizard.mode_page.buttons["display"].setChecked(True)
    wizard.next()
    check_db(qtbot, wizard, db_path)
    wizard.next()
    assert wizard.currentId() == PAGE_FINISH


def test_a_missing_database_blocks_next_until_created(qtbot, make, tmp_path):
    wizard = make()
    wizard.mode_page.buttons["admin"].setChecked(True)
    wizard.next()
    target = tmp_path / "share" / "ult.db"
    target.parent.mkdir()
    text = check_db(qtbot, wizard, target)
    assert "ult.db" in text
    assert not wizard.button(QWizard.NextButton).isEnabled()
    shot(wizard, "2_database_missing")
    wizard.db_page.create.setChecked(True)
    fill_first_admin(wizard, "Rina Kurniasih", "480916", "480916")
    check_db(qtbot, wizard, target)
    assert target.exists()
    assert wizard.button(QWizard.NextButton).isEnabled()
    assert not wizard.db_page.create.isChecked()  # never offered twice
    assert wizard.db_page.first_admin.pin.text() == ""  # the PIN is not kept


def fill_first_admin(wizard: SetupWizard, name: str, pin: str, again: str) -> None:
    box = wizard.db_page.first_admin
    box.username.setText("rina")
    box.name.setText(name)
    box.pin.setText(pin)
    box.pin2.setText(again)


def test_only_the_admin_pc_creates_an_office_file(qtbot, make, tmp_path):
    """A kiosk (or counter, display, survey) station never makes the office's file: that
    is where the root of trust is born, with the first admin's PIN."""
    wizard = make()
    wizard.mode_page.buttons["kiosk"].setChecked(True)
    wizard.next()
    page = wizard.db_page
    assert not page.create.isEnabled()
    assert page.create_note.isVisibleTo(page)
    target = tmp_path / "ult.db"
    check_db(qtbot, wizard, target)
    assert not target.exists()
    assert not wizard.button(QWizard.NextButton).isEnabled()


def test_the_first_admin_is_checked_before_any_file_exists(qtbot, make, tmp_path):
    wizard = make()
    wizard.mode_page.buttons["admin"].setChecked(True)
    wizard.next()
    page = wizard.db_page
    assert page.create.isEnabled() and not page.create_note.isVisibleTo(page)
    page.create.setChecked(True)
    assert page.first_admin.isVisibleTo(page)
    target = tmp_path / "ult.db"
    page.path.setText(str(target))
    fill_first_admin(wizard, "Rina Kurniasih", "480916", "480917")
    qtbot.mouseClick(page.check_button, Qt.LeftButton)
    assert "PIN" in page.status.text() and not target.exists()
    fill_first_admin(wizard, "Rina Kurniasih", "123456", "123456")  # trivial: refused
    qtbot.mouseClick(page.check_button, Qt.LeftButton)
    assert page.status.text() and not target.exists()
    fill_first_admin(wizard, "", "480916", "480916")
    qtbot.mouseClick(page.check_button, Qt.LeftButton)
    assert "nama" in page.status.text().lower() and not target.exists()
    assert not wizard.button(QWizard.NextButton).isEnabled()


def test_the_admin_pc_founds_the_office_as_its_root_of_trust(qtbot, make, tmp_path):
    from ult_desktop.app import trust_memory
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.core import chain, pins
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import audit, station_keys
    from ult_desktop.db.record.reconcile import reconcile

    wizard = make()
    wizard.mode_page.buttons["admin"].setChecked(True)
    wizard.next()
    wizard.db_page.create.setChecked(True)
    fill_first_admin(wizard, "Rina Kurniasih", "480916", "480916")
    target = tmp_path / "ult.db"
    text = check_db(qtbot, wizard, target)
    mine = this_pc_key(create=True).key_id
    assert chain.fingerprint(mine) in text
    db = open_database(target, station="t")
    try:
        assert station_keys.root_info(db)[0] == mine
        role, hashed = db.query("SELECT role, pin_hash FROM officers "
                                "WHERE username = 'rina'")[0]  # read only: no sign-in event
        assert role == "admin" and pins.verify_pin("480916", hashed)
        assert audit.verify_chain(db)["ok"]
        assert reconcile(db)["ok"]
    finally:
        db.close()
    assert trust_memory.load(target).root == mine
    wizard.next()
    assert wizard.currentId() == PAGE_FINISH
    assert chain.fingerprint(mine) in wizard.finish_page.summary.text()
    wizard.next()
    assert load_station_config(tmp_path / "station.json").root_key == mine


def test_a_station_pins_only_the_root_it_was_given(qtbot, make, tmp_path, monkeypatch):
    """A station joining the office is given the root's fingerprint by
    the admin PC (typed, or scanned from its QR) and pins that; with none, or another,
    the check refuses in one sentence and Next stays off: the file never vouches for
    itself. The summary shows the fingerprint for the IT officer to compare."""
    from ult_desktop.app.station_check import FirstAdmin, check_database
    from ult_desktop.core import chain

    target = tmp_path / "ult.db"
    made = check_database(target, create=True,
                          first_admin=FirstAdmin("rina", "Rina Kurniasih", "480916"))
    assert made.ok and made.root
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "kiosk-keys"))  # another PC
    wizard = make()
    wizard.mode_page.buttons["display"].setChecked(True)
    wizard.next()
    page = wizard.db_page
    assert page.root_row.isVisibleTo(wizard)
    assert "sidik jari akar" in check_db(qtbot, wizard, target).lower()
    assert not wizard.button(QWizard.NextButton).isEnabled()
    other = "00112233aabbccdd"  # another office's root, read off its report
    page.root.setText(chain.fingerprint(other))
    text = check_db(qtbot, wizard, target)
    assert chain.fingerprint(made.root) in text and chain.fingerprint(other) in text
    assert "dipalsukan" in text and not wizard.button(QWizard.NextButton).isEnabled()
    page.root.setText("cb6f bb8e")
    assert "tidak terbaca" in check_db(qtbot, wizard, target)
    page.root.setText(chain.root_qr_text(made.root))  # what a scanner types from the QR
    check_db(qtbot, wizard, target)
    assert wizard.button(QWizard.NextButton).isEnabled()
    wizard.next()
    assert chain.fingerprint(made.root) in wizard.finish_page.summary.text()
    screen = wizard.finish_page.screen  # the lobby TV's screen
    assert screen.isVisibleTo(wizard) and screen.currentData() == ""  # automatic
    named = [s.name() for s in QGuiApplication.screens() if s.name()]
    assert [screen.itemData(i) for i in range(screen.count())] == ["", *named]
    wizard.next()
    saved = load_station_config(tmp_path / "station.json")
    assert saved.root_key == made.root and saved.screen == ""


def test_editing_the_path_after_a_check_asks_for_a_new_check(qtbot, make, db_path):
    wizard = make()
    wizard.next()
    check_db(qtbot, wizard, db_path)
    assert wizard.button(QWizard.NextButton).isEnabled()
    wizard.db_page.path.setText(str(db_path) + "x")
    assert not wizard.button(QWizard.NextButton).isEnabled()
    assert wizard.db_page.status.text() == ""


def test_the_check_runs_off_the_gui_thread(qtbot, make, db_path, monkeypatch):
    from ult_desktop.app import station_check

    seen = {}
    release = threading.Event()
    real = station_check.check_database

    def slow(path, create=False, **kw):
        seen["thread"] = threading.current_thread()
        release.wait(10)
        return real(path, create=create, **kw)

    monkeypatch.setattr(station_check, "check_database", slow)
    wizard = make()
    wizard.next()
    wizard.db_page.path.setText(str(db_path))
    qtbot.mouseClick(wizard.db_page.check_button, Qt.LeftButton)
    # The GUI answers while the check is still running.
    qtbot.waitUntil(lambda: "thread" in seen)
    assert seen["thread"] is not threading.main_thread()
    assert not wizard.db_page.check_button.isEnabled()
    assert wizard.db_page.status.text()  # "checking..."
    release.set()
    qtbot.waitUntil(lambda: wizard.db_page.isComplete(), timeout=WAIT)


def test_a_wal_database_held_elsewhere_cannot_be_chosen(qtbot, make, db_path):
    holder = sqlite3.connect(db_path)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        wizard = make()
        wizard.next()
        check_db(qtbot, wizard, db_path)
        assert not wizard.db_page.isComplete()
        assert not wizard.button(QWizard.NextButton).isEnabled()
    finally:
        holder.rollback()
        holder.close()


def test_a_failed_test_print_is_shown_and_does_not_block(qtbot, make, db_path):
    wizard = make()
    wizard.next()
    check_db(qtbot, wizard, db_path)
    wizard.next()
    page = wizard.printer_page
    page.url.setText("gopher://nowhere")
    qtbot.mouseClick(page.test_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.result is not None, timeout=WAIT)
    assert not page.result.ok
    assert page.status.text() == page.result.message
    assert wizard.button(QWizard.NextButton).isEnabled()


def test_a_config_that_cannot_be_written_keeps_the_wizard_open(qtbot, tmp_path, db_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    wizard = SetupWizard(blocker / "station.json", make_shortcuts=lambda *a: None)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.mode_page.buttons["admin"].setChecked(True)
    wizard.next()
    check_db(qtbot, wizard, db_path)
    wizard.next()
    assert wizard.currentId() == PAGE_FINISH
    wizard.button(QWizard.FinishButton).click()
    assert wizard.isVisible()
    assert wizard.saved_path is None
    assert str(blocker) in wizard.finish_page.status.text()


def test_a_failed_shortcut_is_reported_and_the_next_click_finishes(qtbot, tmp_path, db_path):
    def broken(mode, autostart):
        raise OSError("no desktop folder")

    wizard = SetupWizard(tmp_path / "station.json", make_shortcuts=broken)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.mode_page.buttons["display"].setChecked(True)
    wizard.next()
    check_db(qtbot, wizard, db_path)
    wizard.next()
    wizard.button(QWizard.FinishButton).click()
    assert wizard.isVisible()
    assert "no desktop folder" in wizard.finish_page.status.text()
    assert load_station_config(tmp_path / "station.json").mode == "display"  # saved anyway
    with qtbot.waitSignal(wizard.saved):
        wizard.button(QWizard.FinishButton).click()
    assert not wizard.isVisible()


def test_the_wizard_starts_from_the_saved_config(qtbot, make, tmp_path):
    from ult_desktop.app.station_config import save_station_config

    save_station_config(StationConfig(mode="survey", db="/srv/ult.db", language="en"),
                        tmp_path / "station.json")
    wizard = make()
    assert wizard.mode_page.mode() == "survey"
    assert wizard.mode_page.language.currentData() == "en"
    assert Path(wizard.db_page.path.text()) == Path("/srv/ult.db")  # Windows: \\srv\\ult.db


def test_test_print_reaches_a_network_printer(qtbot, make, db_path):
    from tests.printer_fixtures import LoopbackPrinter

    printer = LoopbackPrinter()
    try:
        wizard = make()
        wizard.next()
        check_db(qtbot, wizard, db_path)
        wizard.next()
        page = wizard.printer_page
        page.url.setText(printer.url)
        qtbot.mouseClick(page.test_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: page.result is not None, timeout=WAIT)
        assert page.result.ok, page.result.message
        assert f"{printer.host}:{printer.port}" in page.status.text()
        shot(wizard, "3_printer")
        ticket = printer.wait_closed()[0].ticket_bytes()
        assert b"A-123" in ticket and b"TES12345" in ticket  # the test ticket, code in QR
    finally:
        printer.close()


def test_process_age_is_measured_from_process_start():
    """In a fresh process: its age counts from its start (older than the module's import)
    and is no longer than the process has lived, however long this test run has been."""
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", "import time\n"
                          "from ult_desktop.ui.common import smoke\n"
                          "print(smoke.process_age_ms(), "
                          "(time.monotonic() - smoke._IMPORTED) * 1000)"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    lived = (time.monotonic() - started) * 1000
    age, since_import = map(float, out.stdout.split())
    assert since_import - 20 <= age <= lived + 20  # clock ticks of 10 ms either side


def test_the_counter_must_be_one_the_database_knows(qtbot, make, db_path):
    wizard = make()
    wizard.mode_page.buttons["counter"].setChecked(True)
    wizard.next()
    check_db(qtbot, wizard, db_path)
    wizard.next()
    page = wizard.counter_page
    assert "Loket 3" in page.known.text()  # the demo office has counters 1-3
    page.counter.setValue(7)
    assert not wizard.button(QWizard.NextButton).isEnabled()
    page.counter.setValue(2)
    assert wizard.button(QWizard.NextButton).isEnabled()


def test_a_station_name_windows_cannot_make_a_file_of_is_refused(qtbot, make, db_path,
                                                                  tmp_path):
    """The name is the station's pulse file on the share: refused with the sentence that
    names the characters to avoid, nothing written, and saved once it is fixed."""
    wizard = make()
    wizard.mode_page.buttons["display"].setChecked(True)
    wizard.next()
    check_db(qtbot, wizard, db_path)
    wizard.next()
    page = wizard.finish_page
    page.station.setText("TV: Lobi?")
    wizard.button(QWizard.FinishButton).click()
    assert wizard.isVisible() and wizard.saved_path is None
    assert not (tmp_path / "station.json").exists()
    text = page.status.text()
    assert text.startswith('Nama stasiun "TV: Lobi?"') and '\\ / : * ? " < > |' in text
    assert wizard.shortcut_calls == []
    page.station.setText("TV Lobi Lantai 1")
    with qtbot.waitSignal(wizard.saved):
        wizard.button(QWizard.FinishButton).click()
    assert load_station_config(tmp_path / "station.json").station == "TV Lobi Lantai 1"
