"""The self-test from the screens: the setup wizard's last page and the
kiosk's settings page run it off the GUI thread and show its lines; both show this PC's
station key fingerprint (M9)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.audio_fakes import QT_MULTIMEDIA_ABSENT
from tests.drivers import WAIT
from ult_desktop.app import station_key
from ult_desktop.app.selftest import Options
from ult_desktop.ui.selftest_panel import SelftestPanel

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints", *QT_MULTIMEDIA_ABSENT), pytest.mark.windows]


@pytest.fixture
def pc(tmp_path, monkeypatch):
    for name, sub in (("ULT_DATA_DIR", "data"), ("XDG_CONFIG_HOME", "cfg"),
                      ("XDG_STATE_HOME", "state"), ("ULT_KEY_DIR", "keys")):
        monkeypatch.setenv(name, str(tmp_path / sub))
    monkeypatch.setenv("LOCALAPPDATA", "")
    key, _ = station_key.create_key(tmp_path / "keys")
    return key


def test_panel_runs_off_the_gui_thread_and_shows_the_lines(qtbot, db_path, pc, tmp_path):
    import threading

    from ult_desktop.app import selftest

    threads = []
    real = selftest.run_checks

    def spy(options, **kw):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(options, **kw)

    panel = SelftestPanel(lambda: Options(db=str(db_path), only=("share", "screens")))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: pc.fingerprint in panel.key_label.text(), timeout=WAIT)
    import ult_desktop.ui.selftest_panel as module

    module.run_checks = spy
    try:
        qtbot.mouseClick(panel.button, Qt.LeftButton)
        qtbot.waitUntil(lambda: panel.report is not None, timeout=30_000)
    finally:
        module.run_checks = real
    assert threads == [False]  # the share was tested on a pool thread
    text = panel.output.toPlainText()
    assert "LULUS  share.change_seen" in text and "screens.0" in text
    assert list((tmp_path / "data").glob("selftest-*.json"))
    assert panel.button.isEnabled()


def test_setup_wizard_last_page_offers_the_selftest(qtbot, tmp_path, pc):
    from ult_desktop.ui.setup.wizard import SetupWizard

    wizard = SetupWizard(tmp_path / "station.json", make_shortcuts=lambda *a: None)
    qtbot.addWidget(wizard)
    panel = wizard.findChild(SelftestPanel)
    assert panel is not None and panel.button.objectName() == "selftestButton"
    qtbot.waitUntil(lambda: pc.fingerprint in panel.key_label.text(), timeout=WAIT)


def test_kiosk_settings_page_offers_the_selftest_and_the_fingerprint(qtbot, pc):
    from ult_desktop.ui.kiosk.pages import SettingsPage

    page = SettingsPage()
    qtbot.addWidget(page)
    page.db_edit.setText("/x/ult.db")
    assert page.selftest.options().db == "/x/ult.db"
    qtbot.waitUntil(lambda: pc.fingerprint in page.selftest.key_label.text(), timeout=WAIT)
