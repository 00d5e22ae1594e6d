"""The setup wizard with a server URL (pytest-qt offscreen): a counter station
set up against the throw-away cluster's office with the station role's password; the
password is sealed beside the station file, never written into it; a wrong password and
an unreachable server each get one Indonesian sentence saying what to do."""

from __future__ import annotations

import json
import os
import stat

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from ult_desktop.app import db_secret
from ult_desktop.app.station_config import load_station_config
from ult_desktop.ui.setup.wizard import PAGE_COUNTER, PAGE_DB, PAGE_FINISH, SetupWizard

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
ROLE, PASSWORD = "ult_wizard", "sandi-Loket#1"


@pytest.fixture(autouse=True)
def _own_key_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ULT_KEY_DIR", str(tmp_path / "keys"))


@pytest.fixture
def station_url(pg_cluster, pg_url) -> str:
    """The office's URL for a station role that must give its password (scram-sha-256
    for this role only; the session's other roles keep the cluster's trust)."""

    with psycopg.connect(pg_url, autocommit=True) as owner:
        from ult_desktop.db.schemas import server_schema

        server_schema.ensure_role(owner, ROLE, PASSWORD)
    hba = pg_cluster.data / "pg_hba.conf"
    line = f"host all {ROLE} 127.0.0.1/32 scram-sha-256\n"
    if line not in hba.read_text():
        hba.write_text(line + hba.read_text())
        with pg_cluster.admin() as admin:
            admin.execute("SELECT pg_reload_conf()")
    dbname = pg_url.rsplit("/", 1)[1]
    return pg_cluster.url(dbname, user=ROLE, password="%23".join(PASSWORD.split("#")))


@pytest.fixture
def wizard(qtbot, tmp_path):
    w = SetupWizard(tmp_path / "station.json", make_shortcuts=lambda mode, auto: None)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.mode_page.buttons["counter"].setChecked(True)
    w.next()
    assert w.currentId() == PAGE_DB
    return w


def check(qtbot, wizard: SetupWizard, target: str) -> str:
    page = wizard.db_page
    page.path.setText(target)
    qtbot.mouseClick(page.check_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.check_button.isEnabled() and page.status.text() != "",
                    timeout=30_000)
    qtbot.waitUntil(lambda: page.check_button.isEnabled())
    return page.status.text()


def test_a_counter_station_is_set_up_with_a_server_url_and_its_password_sealed(
        qtbot, wizard, station_url, tmp_path):
    text = check(qtbot, wizard, station_url)
    assert wizard.db_page.isComplete(), text
    assert text.startswith("Berhasil") and PASSWORD not in text and "%23" not in text
    wizard.next()
    assert wizard.currentId() == PAGE_COUNTER
    wizard.counter_page.counter.setValue(2)
    wizard.next()
    assert wizard.currentId() == PAGE_FINISH
    summary = wizard.finish_page.summary.text()
    assert "postgresql://ult_wizard@127.0.0.1" in summary and "%23" not in summary
    wizard.finish_page.shortcut.setChecked(False)
    with qtbot.waitSignal(wizard.saved):
        wizard.button(QWizard.FinishButton).click()
    path = tmp_path / "station.json"
    written = path.read_text()
    assert "Loket" not in written and "%23" not in written  # no password in the file
    data = json.loads(written)
    assert data["db"] == db_secret.split(station_url)[0]  # the URL, not mangled as a path
    assert data["db"].startswith("postgresql://ult_wizard@127.0.0.1:")
    secret = db_secret.secret_path(path)
    if os.name != "nt":  # sealed for this account only (DPAPI on Windows)
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    loaded = load_station_config(path)
    assert loaded.db == station_url and loaded.mode == "counter" and loaded.counter == 2
    from ult_desktop.db.open import open_database

    db = open_database(loaded.db, station="Loket 2", mode="counter")
    assert db.query("SELECT current_user")[0][0] == ROLE
    db.close()


def test_a_wrong_password_or_an_unreachable_server_is_one_sentence_saying_what_to_do(
        qtbot, wizard, station_url, pg_cluster):
    wrong = station_url.replace("%23", "-salah-")
    text = check(qtbot, wizard, wrong)
    assert not wizard.db_page.isComplete()
    assert not wizard.button(QWizard.NextButton).isEnabled()
    assert "menolak nama pengguna atau kata sandinya" in text and "periksa lagi" in text
    assert "-salah-" not in text and text.count(". ") == 0 and "\n" not in text
    gone = station_url.replace(f":{pg_cluster.port}/", ":1/")
    text = check(qtbot, wizard, gone)
    assert not wizard.db_page.isComplete()
    assert "tidak dapat dijangkau" in text and "periksa jaringan" in text
    assert "\n" not in text and "Traceback" not in text
    wizard.db_page.create.setChecked(False)
    text = check(qtbot, wizard, station_url)
    assert wizard.db_page.isComplete(), text  # put right: the check passes


def test_the_wizard_opened_again_shows_the_url_without_its_password_and_keeps_it(
        qtbot, station_url, tmp_path):
    from ult_desktop.app.station_config import StationConfig, save_station_config

    path = tmp_path / "station.json"
    save_station_config(StationConfig(mode="counter", db=station_url, counter=2), path)
    again = SetupWizard(path, make_shortcuts=lambda mode, auto: None)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    shown = again.db_page.path.text()
    assert shown == db_secret.split(station_url)[0] and "%23" not in shown
    again.mode_page.buttons["counter"].setChecked(True)
    again.next()
    page = again.db_page
    qtbot.mouseClick(page.check_button, Qt.LeftButton)  # unchanged: the sealed password
    qtbot.waitUntil(lambda: page.check_button.isEnabled() and page.status.text() != "",
                    timeout=30_000)
    assert page.isComplete(), page.status.text()
    page.path.setText(shown.replace("127.0.0.1", "localhost"))  # another server: no password
    assert page.target() == shown.replace("127.0.0.1", "localhost")
