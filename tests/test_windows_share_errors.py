"""A share that refuses says Windows' reason and what to do.

No Windows here: the ``OSError`` objects are built the way CPython builds them on Windows
(``winerror`` set, the subclass CPython picks from it, ``strerror`` Windows' text) and
raised where the file system raises them: ``os.stat``, the one boundary faked (
M1: ``Path.is_dir`` returns False for 53/67 instead of raising, so a fake raising from it
tested what Windows never does).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.drivers import WAIT
from ult_desktop.app import station_check
from ult_desktop.core.i18n import set_language
from ult_desktop.core.share_errors import drive_letter, server_of, share_problem
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite_file import check_file

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.windows]


#: winerror -> the errno CPython's winerror_to_errno gives (PC/errmap.h), which also picks
#: the subclass: 53/67 are ENOENT, so they arrive as FileNotFoundError.
_ERRNO = {2: errno.ENOENT, 3: errno.ENOENT, 5: errno.EACCES, 53: errno.ENOENT,
          67: errno.ENOENT, 1326: errno.EINVAL, 1272: errno.EINVAL, 1219: errno.EINVAL}


def win_error(code: int, text: str, filename: str = r"\\srv\ult") -> OSError:
    number = _ERRNO.get(code, errno.EINVAL)
    kind = {errno.ENOENT: FileNotFoundError, errno.EACCES: PermissionError}.get(number, OSError)
    exc = kind(number, text, filename)
    exc.winerror = code  # what CPython sets on Windows (OSError(..., winerror) there)
    return exc


def refuse_stat(monkeypatch, folder, exc: OSError) -> None:
    """``os.stat`` of *folder* raises *exc*; every other path is stat'ed for real."""
    real = os.stat

    def fake(path, *args, **kwargs):
        if os.fspath(path) == os.fspath(folder):
            raise exc
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", fake)


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("id")


@pytest.mark.parametrize("code,text,words", [
    (5, "Access is denied", ["access denied", "cmdkey /add:srv /user:srv\\ult /pass"]),
    (1326, "The user name or password is incorrect",
     ["user name or password", "1326", "cmdkey /add:srv"]),
    (53, "The network path was not found", ["not found on the network", "IP address"]),
    (67, "The network name cannot be found", ["no shared folder", "share name"]),
    (1272, "You can't access this shared folder because your organization's security "
           "policies block unauthenticated guest access", ["guest access", "cmdkey"]),
    (0x80090006, "Invalid Signature", ["SMB signing", "2148073478"]),
    (-2146893818, "Invalid Signature", ["SMB signing"]),  # the same DWORD, signed
    (1219, "Multiple connections ...", ["net use \\\\srv /delete"]),
])
def test_each_windows_refusal_is_named_with_what_to_do(code, text, words):
    problem = share_problem(r"\\srv\ult", win_error(code, text))
    assert problem is not None
    message = str(errors.ShareRefused(problem.key, **problem.params))
    for word in words:
        assert word in message, message
    assert message.count(";") == 1  # one sentence: the reason; what to do


def test_an_unknown_error_keeps_windows_own_words():
    err = errors.share_error(r"\\srv\ult", win_error(999, "Something odd"))
    assert isinstance(err, errors.ShareUnavailable)
    assert "Something odd (WinError 999)" in str(err)


def test_unc_mapped_drive_and_forward_slash_paths_are_read_right():
    assert server_of(r"\\server\ult\ult.db") == "server"
    assert server_of("//server/ult/ult.db") == "server"
    assert server_of(r"Z:\ult\ult.db") == ""
    assert drive_letter(r"z:\ULT data\ult.db") == "Z:"
    assert drive_letter(r"\\server\ult data\ult.db") == ""
    problem = share_problem(r"Z:\ULT data", None, drive_missing=True)
    assert problem.reason == "no_drive"
    assert "Drive Z:" in str(errors.ShareRefused(problem.key, **problem.params))


def test_check_file_names_the_windows_reason(monkeypatch, tmp_path):
    db = tmp_path / "ult.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\0" * 100)

    refuse_stat(monkeypatch, tmp_path, win_error(1326, "The user name or password is "
                                                 "incorrect", str(tmp_path)))
    with pytest.raises(errors.ShareUnavailable) as info:  # still a ShareUnavailable
        check_file(db)
    assert "1326" in str(info.value) and "cmdkey" in str(info.value)
    assert info.value.exit_code == 4


def test_station_check_reports_the_reason_not_a_crash(monkeypatch, tmp_path):
    refuse_stat(monkeypatch, tmp_path, win_error(5, "Access is denied", str(tmp_path)))
    result = station_check.check_database(str(tmp_path / "ult.db"))
    assert not result.ok
    assert "access denied" in result.message and "cmdkey" in result.message


def test_wizard_shows_the_reason_instead_of_unexpected_oserror(qtbot, tmp_path, monkeypatch):
    from ult_desktop.ui.setup.wizard import SetupWizard

    def boom(path, *, create=False):
        raise win_error(53, "The network path was not found", str(path))

    monkeypatch.setattr(station_check, "check_database", boom)
    wizard = SetupWizard(tmp_path / "station.json", make_shortcuts=lambda *a: None)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    page = wizard.db_page
    page.path.setText(r"\\nas\ult\ult.db")
    qtbot.mouseClick(page.check_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.check_button.isEnabled() and page.status.text() != "",
                    timeout=WAIT)
    text = page.status.text()
    assert "OSError" not in text
    assert "not found on the network" in text and "53" in text


@pytest.mark.parametrize("code,text,words", [
    (53, "The network path was not found", ["not found on the network", "53"]),
    (67, "The network name cannot be found", ["no shared folder", "67"]),
])
def test_no_server_and_no_share_are_named_although_they_are_filenotfounderror(
        monkeypatch, tmp_path, code, text, words):
    """M1: 53/67 arrive as FileNotFoundError; pathlib would call the folder missing."""
    exc = win_error(code, text, str(tmp_path))
    assert isinstance(exc, FileNotFoundError)
    refuse_stat(monkeypatch, tmp_path, exc)
    assert Path(tmp_path).is_dir() is False  # what pathlib makes of it: the reason is lost
    with pytest.raises(errors.ShareRefused) as info:
        check_file(tmp_path / "ult.db")
    for word in words:
        assert word in str(info.value)
    result = station_check.check_database(str(tmp_path / "ult.db"))
    assert not result.ok and words[0] in result.message


def test_a_plain_missing_folder_is_still_a_missing_folder(tmp_path):
    with pytest.raises(errors.ShareUnavailable) as info:
        check_file(tmp_path / "nope" / "ult.db")
    assert not isinstance(info.value, errors.ShareRefused)


def test_reasons_are_matched_by_code_in_any_display_language():
    """L4: an Indonesian Windows says it in Indonesian; the code decides, never the text."""
    problem = share_problem(r"\\srv\ult", win_error(0xC000A000, "Tanda tangan tidak valid"))
    assert problem is not None and problem.reason == "signing"
    assert share_problem(r"\\srv\ult", win_error(999, "invalid signature")) is None
