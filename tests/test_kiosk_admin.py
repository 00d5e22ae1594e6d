"""Kiosk: locked down, the hidden admin gesture, PIN, station settings, demo and main."""

from __future__ import annotations

import json
from argparse import Namespace
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt, QtMsgType
from PySide6.QtWidgets import QApplication

from tests.audio_fakes import QT_MULTIMEDIA_ABSENT
from tests.drivers import FAST, WAIT, enter_pin, make_kiosk, service_button, shown_page, tap_corner
from ult_desktop.app.station_config import (
    StationConfig,
    load_station_config,
    save_station_config,
    split_paper_width,
)
from ult_desktop.db.house.setup import DEMO_PINS, init_database
from ult_desktop.ui.kiosk import app as kiosk_app
from ult_desktop.ui.kiosk.flow import MESSAGE, PIN, PRIORITY, SETTINGS, START, TICKET


def test_locked_kiosk_is_frameless_and_refuses_to_close(qtbot, kiosk):
    assert kiosk.windowFlags() & Qt.FramelessWindowHint
    assert kiosk.close() is False
    assert kiosk.isVisible()
    qtbot.keyClick(kiosk, Qt.Key_Escape)
    qtbot.keyClick(kiosk, Qt.Key_F4, Qt.AltModifier)
    qtbot.keyClick(kiosk, Qt.Key_Q, Qt.ControlModifier)
    assert kiosk.isVisible()
    assert shown_page(kiosk) == START


def test_hidden_gesture_needs_five_taps_within_three_seconds(qtbot, kiosk):
    now = [100.0]
    kiosk.corner.clock = lambda: now[0]
    tap_corner(qtbot, kiosk, 4)
    now[0] += 3.5
    tap_corner(qtbot, kiosk, 1)
    assert shown_page(kiosk) == START
    tap_corner(qtbot, kiosk, 4)
    assert shown_page(kiosk) == PIN


def test_admin_pin_opens_settings_and_exits(qtbot, kiosk):
    tap_corner(qtbot, kiosk)
    assert shown_page(kiosk) == PIN
    enter_pin(qtbot, kiosk, "9999")
    qtbot.waitUntil(lambda: kiosk.view.pin_page.message.text().startswith("PIN salah"),
                    timeout=WAIT)
    enter_pin(qtbot, kiosk, DEMO_PINS["sari"])  # a front-office officer, not an admin
    qtbot.waitUntil(lambda: kiosk.view.pin_page.message.text().startswith("PIN salah") and
                    kiosk.view.pin_page.ok.isEnabled(), timeout=WAIT)
    assert shown_page(kiosk) == PIN
    enter_pin(qtbot, kiosk, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: shown_page(kiosk) == SETTINGS, timeout=WAIT)
    assert kiosk.view.settings_page.who.text() == "Masuk sebagai Admin ULT"
    qtbot.mouseClick(kiosk.view.settings_page.exit, Qt.LeftButton)
    qtbot.waitUntil(lambda: not kiosk.isVisible())


def test_pin_keypad_hides_digits_and_cancel_returns(qtbot, kiosk):
    tap_corner(qtbot, kiosk)
    for digit in "12":
        qtbot.mouseClick(kiosk.view.pin_page.keys[digit], Qt.LeftButton)
    assert kiosk.view.pin_page.typed.text() == "●●"
    qtbot.mouseClick(kiosk.view.pin_page.erase, Qt.LeftButton)
    assert kiosk.view.pin_page.typed.text() == "–"
    qtbot.mouseClick(kiosk.view.pin_page.cancel, Qt.LeftButton)
    assert shown_page(kiosk) == START


def test_pin_lockout_after_repeated_failures(qtbot, request, db_path, tmp_path):
    w = make_kiosk(qtbot, request, db_path, tmp_path,
                   timings=replace(FAST, max_pin_failures=2, admin_idle_ms=60_000))
    tap_corner(qtbot, w)
    enter_pin(qtbot, w, "0000")
    keypad = w.view.pin_page
    qtbot.waitUntil(lambda: keypad.ok.isEnabled() and "PIN salah" in keypad.message.text(),
                    timeout=WAIT)
    enter_pin(qtbot, w, "0001")
    qtbot.waitUntil(lambda: "Terlalu banyak" in w.view.pin_page.message.text(), timeout=WAIT)
    assert not w.view.pin_page.keys["1"].isEnabled()
    enter_pin(qtbot, w, DEMO_PINS["admin"])  # ignored while locked out
    assert shown_page(w) == PIN


def test_admin_pages_lock_again_when_idle(qtbot, kiosk):
    tap_corner(qtbot, kiosk)
    enter_pin(qtbot, kiosk, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: shown_page(kiosk) == SETTINGS, timeout=WAIT)
    qtbot.waitUntil(lambda: shown_page(kiosk) == START, timeout=WAIT)


def test_pin_with_keyboard_digits(qtbot, kiosk):
    tap_corner(qtbot, kiosk)
    qtbot.keyClicks(kiosk, DEMO_PINS["admin"])
    qtbot.keyClick(kiosk, Qt.Key_Return)
    qtbot.waitUntil(lambda: shown_page(kiosk) == SETTINGS, timeout=WAIT)


def test_settings_test_print_and_save(qtbot, kiosk, tmp_path):
    tap_corner(qtbot, kiosk)
    enter_pin(qtbot, kiosk, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: shown_page(kiosk) == SETTINGS, timeout=WAIT)
    st = kiosk.view.settings_page
    assert st.db_edit.text() == str(kiosk.link.path)
    other = tmp_path / "other-printer"
    st.printer_edit.setText(f"virtual://{other}")
    qtbot.mouseClick(st.test_print, Qt.LeftButton)
    qtbot.waitUntil(lambda: st.test_result.text() == "Cetak uji berhasil.", timeout=WAIT)
    assert list(other.iterdir()), "the test page was not written"
    # a second office database: the kiosk switches to it
    second = init_database(tmp_path / "second.db", office_name="Kantor Dua")
    st.db_edit.setText(str(second))
    qtbot.mouseClick(st.save, Qt.LeftButton)
    assert st.save_result.text() == "Pengaturan tersimpan."
    saved = json.loads((tmp_path / "station.json").read_text())
    assert saved["db"] == str(second) and saved["printer"] == f"virtual://{other}"
    assert saved["station"] == "kiosk-test" and saved["mode"] == "kiosk"
    assert kiosk.link.printer.url == f"virtual://{other}"
    view = kiosk.view
    qtbot.waitUntil(lambda: view.state is not None and view.state.office_name == "Kantor Dua",
                    timeout=WAIT)
    assert kiosk.view.office_name.text() == "Kantor Dua"
    qtbot.mouseClick(st.back, Qt.LeftButton)
    assert shown_page(kiosk) == START
    assert kiosk.view.start_page.buttons == {}  # the new office has no services yet
    assert view.start_page.notice.isVisible() and not view.start_page.priority.isEnabled()


def test_settings_test_print_failure_is_one_sentence(qtbot, kiosk):
    tap_corner(qtbot, kiosk)
    enter_pin(qtbot, kiosk, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: shown_page(kiosk) == SETTINGS, timeout=WAIT)
    st = kiosk.view.settings_page
    st.printer_edit.setText("bogus://printer")
    qtbot.mouseClick(st.test_print, Qt.LeftButton)
    qtbot.waitUntil(lambda: st.test_result.text().startswith("Cetak uji gagal:"),
                    timeout=WAIT)
    assert "\n" not in st.test_result.text() and "Traceback" not in st.test_result.text()
    st.db_edit.setText("")
    qtbot.mouseClick(st.save, Qt.LeftButton)
    assert st.save_result.text() == "Isi lokasi berkas basis data."


def test_pin_cannot_be_checked_without_the_database(qtbot, request, tmp_path):
    w = make_kiosk(qtbot, request, tmp_path / "gone" / "office.db", tmp_path,
                   wait_ready=False)
    qtbot.waitUntil(lambda: w.view.banner.isVisible())
    tap_corner(qtbot, w)
    enter_pin(qtbot, w, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: w.view.pin_page.message.text().startswith("PIN tidak dapat diperiksa"),
                    timeout=WAIT)


def test_every_screen_in_both_orientations_without_qt_warnings(qtbot, request, db_path,
                                                               tmp_path, qtlog):
    w = make_kiosk(qtbot, request, db_path, tmp_path,
                   timings=replace(FAST, ticket_ms=60_000, idle_ms=60_000))
    for size in ((1080, 1920), (1920, 1080), (480, 640)):
        w.resize(*size)
        w.go_start()
        qtbot.waitUntil(lambda: shown_page(w) == START)
        for index in (START, PRIORITY, MESSAGE, PIN, SETTINGS):
            w.view.pages.setCurrentIndex(index)
            assert not w.grab().isNull()
    w.view.pages.setCurrentIndex(START)
    qtbot.waitUntil(w.accepting, timeout=WAIT)
    qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
    qtbot.waitUntil(lambda: shown_page(w) == TICKET)
    assert not w.grab().isNull()
    bad = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
    warnings = [r for r in qtlog.records if r.type in bad]
    assert warnings == [], [r.message for r in warnings]


@pytest.mark.qt_log_ignore(*QT_MULTIMEDIA_ABSENT)  # the demo kiosk speaks: its sound at close
def test_demo_window_is_windowed_and_prints_to_the_demo_folder(qtbot, db_path, tmp_path):
    w = kiosk_app.open_demo_window(db_path, demo_dir=tmp_path)
    try:
        assert not w.locked
        assert not (w.windowFlags() & Qt.FramelessWindowHint)
        assert w.link.printer.url == f"virtual://{tmp_path / 'tickets'}"
        w.show()
        qtbot.waitUntil(lambda: w.link.online and w.view.state is not None, timeout=WAIT)
        qtbot.mouseClick(service_button(w, "A"), Qt.LeftButton)
        qtbot.waitUntil(lambda: w.flow.print_outcome is not None, timeout=WAIT)
        assert w.flow.print_outcome.ok
        assert list((tmp_path / "tickets").iterdir())
    finally:
        assert w.close()


def test_main_without_database_says_what_to_do(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("ULT_STATION_CONFIG", str(tmp_path / "none.json"))
    monkeypatch.delenv("ULT_DB", raising=False)
    rc = kiosk_app.main(Namespace(db=None, printer=None, windowed=True, station=None))
    assert rc == 2
    assert "--db" in capsys.readouterr().err


@pytest.mark.qt_log_ignore(*QT_MULTIMEDIA_ABSENT)  # the kiosk's main makes its sound
def test_main_uses_the_station_config(monkeypatch, qtbot, db_path, tmp_path):
    cfg = tmp_path / "cfg" / "station.json"
    save_station_config(StationConfig(db=str(db_path), printer=f"virtual://{tmp_path / 't'}",
                                      paper_width=58, station="kiosk-lobby"), cfg)
    monkeypatch.setenv("ULT_STATION_CONFIG", str(cfg))
    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets()
                      if type(w).__name__ == "KioskWindow" and w.isVisible())
        seen.update(db=window.link.path, printer=window.link.printer.url, locked=window.locked,
                    station=window.station_name, config_file=window.door.config_file)
        window.shutdown()
        return 0

    monkeypatch.setattr(QApplication.instance(), "exec", fake_exec)
    rc = kiosk_app.main(Namespace(db=None, printer=None, windowed=True, station=None))
    assert rc == 0
    assert seen == {"db": db_path, "printer": f"virtual://{tmp_path / 't'}?width=58",
                    "locked": False, "station": "kiosk-lobby", "config_file": None}


def test_settings_page_writes_the_station_file_this_pc_uses(qtbot, request, monkeypatch,
                                                            db_path, tmp_path):
    """No explicit file: the kiosk saves into $ULT_STATION_CONFIG (the wizard's file),
    keeping the settings it does not show, and the paper width out of the URL."""
    cfg = tmp_path / "cfg" / "station.json"
    save_station_config(StationConfig(mode="kiosk", db=str(db_path), printer="none",
                                      paper_width=80, counter=3, language="en"), cfg)
    monkeypatch.setenv("ULT_STATION_CONFIG", str(cfg))
    w = make_kiosk(qtbot, request, db_path, tmp_path, config_file=None, station_id=None,
                   printer_url="none")
    tap_corner(qtbot, w)
    enter_pin(qtbot, w, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: shown_page(w) == SETTINGS, timeout=WAIT)
    w.view.settings_page.printer_edit.setText("tcp://192.168.1.50:9100?width=58")
    qtbot.mouseClick(w.view.settings_page.save, Qt.LeftButton)
    assert w.view.settings_page.save_result.text() == "Pengaturan tersimpan."
    saved = load_station_config(cfg)
    assert saved == StationConfig(mode="kiosk", db=str(db_path),
                                  printer="tcp://192.168.1.50:9100", paper_width=58,
                                  counter=3, language="en", station="")
    assert (cfg.parent / "admin-pins.json").is_file()  # the hashes live next to it
    assert not (tmp_path / "station.json").exists()


def test_split_paper_width():
    assert split_paper_width("usb://0416:5011?width=80") == ("usb://0416:5011", 80)
    assert split_paper_width("serial:///dev/ttyUSB0?baud=9600&width=58") == \
        ("serial:///dev/ttyUSB0?baud=9600", 58)
    assert split_paper_width("tcp://h:9100?width=72") == ("tcp://h:9100?width=72", None)
    assert split_paper_width("virtual:///tmp/x") == ("virtual:///tmp/x", None)


@pytest.mark.qt_log_ignore(*QT_MULTIMEDIA_ABSENT)  # the kiosk's main makes its sound
def test_start_config_file_is_the_one_the_kiosk_reads_and_saves(monkeypatch, qtbot, db_path,
                                                                tmp_path):
    """``start --config FILE`` hands FILE on: the kiosk takes its settings from it and its
    settings page writes it (not the default station file)."""
    monkeypatch.setenv("ULT_STATION_CONFIG", str(tmp_path / "default.json"))
    cfg = tmp_path / "elsewhere" / "station.json"
    save_station_config(StationConfig(db=str(db_path), printer="none", station="kiosk-2"), cfg)
    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets()
                      if type(w).__name__ == "KioskWindow" and w.isVisible())
        seen.update(config_file=window.door.config_file, station=window.station_name)
        window.shutdown()
        return 0

    monkeypatch.setattr(QApplication.instance(), "exec", fake_exec)
    rc = kiosk_app.main(Namespace(db=None, printer=None, windowed=True, station=None,
                                  config=str(cfg)))
    assert rc == 0
    assert seen == {"config_file": cfg, "station": "kiosk-2"}


def test_kiosk_locked_in_the_shared_file_refuses_even_the_admin_pin(qtbot, kiosk, db):
    """Wrong PINs typed at this kiosk before a restart (kept in the shared file) lock the
    keypad; the right PIN is refused with the time to retry, and the kept hashes are not
    tried instead."""
    from ult_desktop.core.numbering import utc_now
    from ult_desktop.db.house import pinlock

    policy = pinlock.Policy.from_settings({})
    for _ in range(policy.max_failures):  # (one write each, as the keypad counts them)
        db.write(lambda conn: pinlock.record_failure(conn, "kiosk:kiosk-test",
                                                     utc_now(), policy))
    tap_corner(qtbot, kiosk)
    enter_pin(qtbot, kiosk, DEMO_PINS["admin"])
    qtbot.waitUntil(lambda: "coba lagi pukul" in kiosk.view.pin_page.message.text(),
                    timeout=WAIT)
    assert shown_page(kiosk) == PIN
    assert kiosk.view.pin_page.ok.isEnabled()
