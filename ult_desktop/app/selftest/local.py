"""Self-test, this PC's own files: station file, data and log folders, atomic replace,
DPAPI (or 0600 elsewhere), and the station key."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

from ult_desktop.app import localfiles
from ult_desktop.app.keep_awake import UNATTENDED_MODES
from ult_desktop.app.selftest import Check, Options, failed, passed, skipped, warned


def _station_file(options: Options) -> Check:
    from ult_desktop.app.station_config import find_config, load_station_config

    path = find_config()
    if path is None:
        if options.db:
            return skipped("local.station_file", "selftest.local.no_station_file_db")
        return failed("local.station_file", "selftest.local.no_station_file")
    try:
        config = load_station_config(path)
    except Exception as exc:  # StationConfigError: the file's own sentence
        return failed("local.station_file", "selftest.local.station_file_bad",
                      {"path": str(path)}, path=path, error=str(exc))
    return passed("local.station_file", "selftest.local.station_file",
                  {"path": str(path), "mode": config.mode, "db": config.db,
                   "printer": config.printer}, path=path, mode=config.mode)


def _folder(check_id: str, folder: Path) -> Check:
    """*folder* can be made, and written as the station writes its files there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        reason = localfiles.folder_writable(folder)
    except OSError as exc:
        reason = f"{exc.strerror or exc} (WinError {getattr(exc, 'winerror', None)})"
    if reason is None:
        return passed(check_id, "selftest.local.folder_ok", {"folder": str(folder)},
                      folder=folder)
    return failed(check_id, "selftest.local.folder_bad", {"folder": str(folder),
                  "reason": reason}, folder=folder, reason=reason)


def _atomic(folder: Path) -> Check:
    target = folder / f".selftest-{uuid.uuid4().hex[:8]}.json"
    try:
        localfiles.write_atomic(target, "first")
        localfiles.write_atomic(target, "second")
        ok = target.read_text(encoding="utf-8") == "second"
        target.unlink()
    except OSError as exc:
        return failed("local.atomic_replace", "selftest.local.atomic_bad",
                      {"winerror": getattr(exc, "winerror", None), "error": str(exc)},
                      error=exc.strerror or exc)
    if not ok:
        return failed("local.atomic_replace", "selftest.local.atomic_bad",
                      error="content differs")
    return passed("local.atomic_replace", "selftest.local.atomic_ok")


def _secret(folder: Path) -> Check:
    """Seal, write, read and unseal a probe: DPAPI on Windows, 0600 elsewhere."""
    target = folder / f".selftest-{uuid.uuid4().hex[:8]}.bin"
    windows = sys.platform == "win32"
    try:
        localfiles.write_private(target, b"ult-desktop selftest")
        back = localfiles.read_private(target)
        mode = oct(target.stat().st_mode & 0o777) if os.name == "posix" else ""
        target.unlink()
    except (OSError, ValueError) as exc:
        target.unlink(missing_ok=True)
        return failed("local.secrets", "selftest.local.secret_bad",
                      {"dpapi": windows, "error": repr(exc)}, error=str(exc)[:160])
    data = {"dpapi": windows, "mode": mode}
    if back != b"ult-desktop selftest":
        return failed("local.secrets", "selftest.local.secret_bad", data, error="mismatch")
    if not windows and mode != "0o600":
        return failed("local.secrets", "selftest.local.secret_mode", data, mode=mode)
    return passed("local.secrets", "selftest.local.dpapi_ok" if windows else
                  "selftest.local.secret_ok", data)


def _station_key() -> list[Check]:
    from ult_desktop.app import station_key

    folder = station_key.key_dir()
    note = station_key.replaced_note(folder)
    out = []
    try:
        key = station_key.read_key(folder)
    except FileNotFoundError:
        out.append(failed("local.station_key", "selftest.local.no_key", {"folder": str(folder)}))
    except (OSError, ValueError) as exc:  # kept as it is: never replaced on a read error
        out.append(failed("local.station_key", "selftest.local.key_unreadable",
                          {"folder": str(folder), "error": str(exc)}, fingerprint="?"))
    else:
        data = {"key_id": key.key_id, "fingerprint": key.fingerprint, "folder": str(folder)}
        try:
            key.unseal()
        except (ValueError, OSError) as exc:
            data["error"] = str(exc)
            out.append(failed("local.station_key", "selftest.local.key_unreadable", data,
                              fingerprint=key.fingerprint))
        else:
            out.append(passed("local.station_key", "selftest.local.key_ok", data,
                              fingerprint=key.fingerprint))
    if note is not None:
        out.append(failed("local.key_replaced", "selftest.local.key_replaced", note,
                          old=note.get("old_fingerprint", "?"), at=note.get("at", "?")))
    return out


def checks(options: Options) -> list[Check]:
    from ult_desktop.app.paths import user_data_dir, user_log_dir

    data_dir, log_dir = user_data_dir(), user_log_dir()
    out = [_station_file(options), _folder("local.data_folder", data_dir),
           _folder("local.log_folder", log_dir)]
    if out[1].status == "pass":
        out += [_atomic(data_dir), _secret(data_dir)]
    out += _station_key() + _other_journals()
    if options.mode in UNATTENDED_MODES:
        out.append(_autostart(options.mode))
    return out


def _other_journals() -> list[Check]:
    """Other accounts' station journals this one may not read: never landed from here."""
    from ult_desktop.app.trust_memory import other_journal_folders

    other_journal_folders(unreadable := [])
    return [warned("local.other_journals", "selftest.local.journals_unreadable",
                   {"folders": list(map(str, unreadable))},
                   folders=", ".join(map(str, unreadable)))] if unreadable else []


def _autostart(mode: str) -> Check:
    """An unattended station starts by itself after a restart: its start-at-login entry
    (or Shell Launcher / Assigned Access, which the self-test cannot see: docs)."""
    from ult_desktop.app.shortcuts import autostart_entries

    found = [str(p) for p in autostart_entries(mode) if p.exists()]
    data = {"entries": found, "looked": [str(p) for p in autostart_entries(mode)]}
    if found:
        return passed("local.autostart", "selftest.local.autostart_ok", data, path=found[0])
    return failed("local.autostart", "selftest.local.autostart_none", data, mode=mode)
