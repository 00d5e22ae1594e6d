"""Folders named in the shared file: a UNC or remote voice folder is refused
when an admin sets it and ignored (never opened) when a station reads it."""

from __future__ import annotations

import ntpath
import sys
from pathlib import Path, PureWindowsPath

import pytest

from tests.drivers import WAIT, open_page, signed_in
from ult_desktop.core.i18n import tr
from ult_desktop.core.localpaths import folder_problem
from ult_desktop.db import errors
from ult_desktop.db.house import office
from ult_desktop.devices.audio.announcer import Announcer
from ult_desktop.devices.audio.voice import office_voice_folders

pytestmark = pytest.mark.windows

SHARE = r"\\server\ult"  # the database's folder on the office share


@pytest.mark.parametrize("value", [
    r"\\evil\share", r"\\evil\share\voice", "//evil/share", r"/\evil\share", r"\/evil/share",
    r"\\?\UNC\evil\share", r"\\.\pipe\x", r"\??\UNC\evil\share", r"\\?\C:\voice",
    "smb://evil/share", "SMB:evil", "file://evil/share/voice", "file:///C:/voice",
    "http://evil/voice", "webdav://evil/x",
    r"\\server\ult2\voice", r"\\server2\ult\voice",          # next to the share, not in it
])
def test_a_remote_folder_is_refused(value):
    problem = folder_problem(value, SHARE)
    assert problem is not None and problem.key == "path.remote", value
    assert value.strip() in tr(problem.key, **problem.params)


@pytest.mark.parametrize("value", [
    r"voice\..\..\evil", "../voice", r"..\voice", r"\\server\ult\..\..\evil\share",
    r"C:\ULT\..\Windows",
])
def test_dot_dot_is_refused(value):
    assert folder_problem(value, SHARE).key == "path.outside"


@pytest.mark.parametrize("value", ["C:voice", "", "   ", "voice\x00x", "a\nb"])
def test_odd_names_are_refused(value):
    assert folder_problem(value, SHARE).key == "path.invalid"


@pytest.mark.parametrize("value, base", [
    (r"C:\ULT\suara", SHARE), ("D:/rekaman", SHARE), ("/srv/ult/voice", "/srv/ult"),
    ("rekaman-kantor", SHARE), (r"suara\id", SHARE), ("~/suara", None),
    (r"\\server\ult\voice", SHARE), ("//SERVER/ULT/Voice", SHARE),  # inside the db folder
    (r"\\server\ult", SHARE), (r"\voice", None),
])
def test_local_folders_and_folders_inside_the_database_folder_are_accepted(value, base):
    assert folder_problem(value, base) is None, value


def test_the_rule_agrees_with_windows_path_parsing():
    """Whatever ntpath calls a UNC drive is remote unless it is the database's share."""
    for value in (r"\\evil\share\x", "//evil/share/x", r"\\server\ult\voice"):
        drive = ntpath.splitdrive(value)[0]
        assert drive and PureWindowsPath(value).drive == PureWindowsPath(drive).drive
        inside = PureWindowsPath(drive.lower()) == PureWindowsPath(SHARE.lower())
        assert (folder_problem(value, SHARE) is None) == inside


# -- when an admin sets it ---------------------------------------------------------------
@pytest.mark.parametrize("value", [r"\\evil\share", "//evil/share", "smb://evil/share",
                                   r"..\..\evil"])
def test_admin_cannot_save_a_remote_voice_folder(db, value):
    with pytest.raises(errors.RuleViolation) as info:
        office.set_settings(db, voice_pack=value)
    assert info.value.key in ("path.remote", "path.outside")
    assert office.get_settings(db, "voice_pack")["voice_pack"] == "default"


def test_admin_can_save_a_local_voice_folder(db):
    office.set_settings(db, voice_pack=r"C:\ULT\suara")
    office.set_settings(db, voice_pack="tts")
    assert office.get_settings(db, "voice_pack")["voice_pack"] == "tts"


def test_the_admin_display_page_shows_the_refusal(qtbot, db_path):

    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.display import DisplayPage

    w = AdminWindow(db_path, station_name="admin-test", poll_ms=50)
    qtbot.addWidget(w)
    page = open_page(qtbot, signed_in(qtbot, w), DisplayPage)
    page.voice_pack.setCurrentText(r"\\evil\share")
    page.save()
    expected = tr("path.remote", value=r"\\evil\share")
    qtbot.waitUntil(lambda: page.status.text() == expected, timeout=WAIT)
    w.close()


# -- when a station reads it -------------------------------------------------------------
def _plant(db, value: str) -> None:
    """Write the setting the way an attacker with write access to the file would."""
    db.write(lambda conn: office.write_settings(conn, {"voice_pack": value}))


def test_a_planted_unc_voice_folder_is_ignored_by_the_station(db, tmp_path, caplog,
                                                             monkeypatch):
    _plant(db, r"\\evil\share")
    opened: list[str] = []
    real_is_dir = Path.is_dir

    def spy(self):
        opened.append(str(self))
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", spy)
    announcer = Announcer.from_settings(office.get_settings(db), base_dir=tmp_path, tts=False)
    assert announcer.voice_problem is not None and announcer.voice_problem.key == "path.remote"
    assert not [p for p in opened if "evil" in p]
    assert all("evil" not in str(f) for f in announcer.voice.folders)
    assert "refused" in caplog.text
    folders = office_voice_folders(r"\\evil\share", "id", tmp_path)
    assert folders == [tmp_path / "voice" / "id"]  # the office's default place instead


def test_the_display_shows_a_warning_for_a_refused_voice_folder(qtbot, db, db_path, tmp_path):
    from ult_desktop.ui.display.window import DisplayWindow

    _plant(db, "//evil/share/voice")
    w = DisplayWindow(db_path, station_id="test-display", tts=False, poll_ms=50,
                      media_dir=tmp_path / "no-media", player=lambda utterance, done: done())
    try:
        qtbot.waitUntil(lambda: w.setting_warning.isVisibleTo(w), timeout=WAIT)
        assert "//evil/share/voice" in w.setting_warning.text()
        office.set_settings(db, voice_pack="default")  # an admin fixes it
        qtbot.waitUntil(lambda: not w.setting_warning.isVisibleTo(w), timeout=WAIT)
    finally:
        w.shutdown()
        w.deleteLater()


@pytest.mark.windows
@pytest.mark.skipif(sys.platform != "win32", reason="the other Windows accounts' folders")
def test_other_accounts_journals_are_found_when_this_pc_moved_its_data_folder(tmp_path,
                                                                               monkeypatch):
    """A Deep Freeze PC moved this account's folder with ``ULT_DATA_DIR``; the journals
    another account (or this one, before the move) kept under
    ``AppData\\Local\\ULTDesktop\\journal`` are still found and landed."""
    from ult_desktop.app.trust_memory import other_journal_folders

    drive = tmp_path / "drive"
    kept = drive / "Users" / "kiosk-lama" / "AppData" / "Local" / "ULTDesktop" / "journal"
    kept.mkdir(parents=True)
    monkeypatch.delenv("ULT_JOURNAL_DIR", raising=False)
    monkeypatch.setenv("SystemDrive", str(drive))
    monkeypatch.setenv("ULT_DATA_DIR", str(tmp_path / "thawed" / "ULTData"))
    assert kept in other_journal_folders()


@pytest.mark.windows
@pytest.mark.skipif(sys.platform != "win32", reason="the other Windows accounts' folders")
def test_other_accounts_journals_this_one_may_not_read_are_named_by_the_selftest(
        tmp_path, monkeypatch):
    """Another account's journal folder this account may not read (Windows denies it
    without elevation) is left out of landing and named by the self-test with what to do;
    Windows' own profiles are never looked into. Wine run as root cannot deny a read, so
    the folder's check gives what Windows gives there."""
    from ult_desktop.app import trust_memory
    from ult_desktop.app.selftest import WARN, local

    users = tmp_path / "drive" / "Users"
    for name in ("kiosk-lama", "loket", "Public", "Default", "Default User", "All Users"):
        (users / name / "AppData" / "Local" / "ULTDesktop" / "journal").mkdir(parents=True)
    (users / "tamu").mkdir()  # an account that never ran a station
    monkeypatch.delenv("ULT_JOURNAL_DIR", raising=False)
    monkeypatch.setenv("SystemDrive", str(tmp_path / "drive"))
    monkeypatch.setenv("ULT_DATA_DIR", str(tmp_path / "own"))
    listed, looked = trust_memory._listed, []

    def denied(folder):
        looked.append(folder.parts[-5])
        if folder.parts[-5] == "kiosk-lama":
            raise PermissionError(13, "Access is denied", str(folder))
        return listed(folder)

    monkeypatch.setattr(trust_memory, "_listed", denied)
    unreadable = []
    found = trust_memory.other_journal_folders(unreadable)
    kiosk = users / "kiosk-lama" / "AppData" / "Local" / "ULTDesktop" / "journal"
    assert [f.parts[-5] for f in found] == ["loket"] and unreadable == [kiosk]
    assert sorted(looked) == ["kiosk-lama", "loket", "tamu"]
    [line] = local._other_journals()
    assert (line.id, line.status, line.data["folders"]) == (
        "local.other_journals", WARN, [str(kiosk)])
    for lang in ("id", "en"):
        assert str(kiosk) in line.sentence(lang) and "ULT_JOURNAL_DIR" in line.sentence(lang)
    monkeypatch.setattr(trust_memory, "_listed", listed)
    assert local._other_journals() == []
