"""Checks the first-run setup runs before it saves a station's config (no Qt; blocking,
so the wizard runs them off the GUI thread): :func:`check_database` (the folder can be
written as SQLite's ``-journal`` needs, the file is a ULT database this station opens, in
rollback-journal mode; for ``postgresql://``, the login and an office) and
:func:`test_printer` (prints the test ticket)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from ult_desktop.app.localfiles import folder_writable
from ult_desktop.core.i18n import tr
from ult_desktop.db.errors import ShareRefused, UltError, share_error

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str                 # one sentence for the person running the setup
    office: str = ""
    journal_mode: str = ""
    created: bool = False
    counters: tuple[tuple[int, str], ...] = ()   # active counters: (number, name)
    root: str = ""               # the office's root of trust (key id), "" while none
    root_label: str = ""


@dataclass(frozen=True)
class FirstAdmin:
    """The admin a new office file is founded with (the wizard's create, on the admin PC)."""
    username: str
    name: str
    pin: str

    def problem(self) -> str | None:
        """Why this admin cannot be made (one sentence), checked before any file exists."""
        from ult_desktop.core.settings import defaults
        from ult_desktop.db.house.office import check_new_pin

        user = self.username.strip().lower()
        if not user or not self.name.strip():
            return tr("setup.root.need_admin")
        try:
            check_new_pin(self.pin, role="admin", username=user, settings=defaults())
        except UltError as exc:
            return str(exc)
        return None


def _header_is_wal(path: Path) -> bool:
    """Bytes 18-19 of an SQLite file are 2 while the file is in WAL mode."""
    try:
        with open(path, "rb") as f:
            head = f.read(20)
    except OSError:
        return False
    return head[:16] == SQLITE_HEADER and len(head) == 20 and (head[18] == 2 or head[19] == 2)


def check_database(path: str | os.PathLike, *, create: bool = False,
                   first_admin: FirstAdmin | None = None) -> CheckResult:
    """Can this station use the database file at *path*?

    :param create: make a new, empty office database when the file does not exist
        (only for the first station of an office; never overwrites).
    :param first_admin: with *create*, the office's first admin: this PC's key becomes
        the root of trust, approved with that admin's PIN (the admin PC)."""
    from ult_desktop.db.engine.sqlite_file import is_server_url

    raw = str(path).strip()
    if not raw:
        return CheckResult(False, tr("setup.check.no_path"))
    server = is_server_url(raw)
    if server and create:  # an office on a server is made by its owner: server init / migrate
        return CheckResult(False, tr("setup.check.server_create"))
    created = was_wal = False
    if not server:
        path = Path(raw)
        problem, created = _prepare_file(path, create, first_admin)
        if problem is not None:
            return problem
        was_wal = _header_is_wal(path) or Path(str(path) + "-wal").exists()
    read = _read_office(raw if server else path, None if server else "PRAGMA journal_mode")
    if isinstance(read, CheckResult):
        return read
    mode, office, too_new, counters, root = read  # (a server: its URL for the mode)
    journal = "server" if server else mode
    if not server and (mode == "wal" or _header_is_wal(path)):
        return CheckResult(False, tr("setup.check.wal", path=path), journal_mode=mode)
    if too_new:
        return CheckResult(False, tr("setup.check.too_new"), office=office, journal_mode=journal)
    key = "setup.check.created" if created else (
        "setup.check.ok_was_wal" if was_wal else "setup.check.ok")
    message = tr("setup.check.ok_server", office=office or "-", url=mode) if server else \
        tr(key, office=office or "-", mode=mode)
    if created and first_admin is not None and root:
        from ult_desktop.core.chain import fingerprint

        message = tr("setup.check.created_root", mode=mode, username=first_admin.username,
                     fingerprint=fingerprint(root[0]))
    return CheckResult(True, message, office=office,
                       journal_mode=journal, created=created, counters=counters,
                       root=root[0] if root else "", root_label=root[1] if root else "")


def _prepare_file(path: Path, create: bool,
                  first_admin: FirstAdmin | None) -> tuple[CheckResult | None, bool]:
    """(why the file cannot be used, None if it can; whether it was created here): the
    folder is there and writable, and the file exists or is made (with *first_admin*)."""
    from ult_desktop.db.engine.sqlite_file import drive_missing_for, probe_path

    folder = path.parent
    try:  # raw os.stat: Path.is_dir swallows Windows' reasons
        folder_ok = probe_path(folder)[1]
        exists = folder_ok and probe_path(path)[0]
    except OSError as exc:  # WinError 5/1326/53...: say Windows' reason, not "OSError"
        return CheckResult(False, str(share_error(str(folder), exc))), False
    if not folder_ok:
        err = share_error(str(folder), drive_missing=drive_missing_for(folder))
        if isinstance(err, ShareRefused):
            return CheckResult(False, str(err)), False
        return CheckResult(False, tr("setup.check.no_folder", folder=folder)), False
    reason = folder_writable(folder)
    if reason is not None:
        return CheckResult(False, tr("setup.check.not_writable", folder=folder,
                                     reason=reason)), False
    if exists:
        return None, False
    if not create:
        return CheckResult(False, tr("setup.check.missing", path=path)), False
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.db.house.setup import init_database

    problem = first_admin.problem() if first_admin is not None else None
    if problem is not None:  # said before a file exists: nothing half made
        return CheckResult(False, problem), False
    try:
        init_database(path, demo=False, signer=this_pc_key())
    except UltError as exc:
        return CheckResult(False, str(exc)), False
    return (_found(path, first_admin) if first_admin is not None else None), True


def _read_office(target: str | Path, mode_sql: str | None):
    """(journal mode, office name, too new, active counters, root) read from *target*
    (without *mode_sql*, a server's: its URL for the mode), or the CheckResult that says
    why it cannot be read."""
    from ult_desktop.db.house.office import get_settings, list_counters
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record.station_keys import root_info

    try:
        db = open_database(target, station=f"setup@{platform.node() or 'pc'}", mode="setup")
    except UltError as exc:
        return CheckResult(False, str(exc))
    try:
        mode = str(db.query(mode_sql)[0][0]).lower() if mode_sql else db.target
        office = str(get_settings(db).get("office_name", ""))
        counters = tuple((c.number, c.name) for c in list_counters(db) if c.active)
        return mode, office, db.too_new, counters, root_info(db)
    except UltError as exc:
        return CheckResult(False, str(exc))
    finally:
        db.close()


def _found(path: Path, admin: FirstAdmin) -> CheckResult | None:
    """Found the new office with *admin* and this PC's key as root; the new file is
    removed again when that fails (it holds nothing yet)."""
    from ult_desktop.app.trust_memory import found_office

    try:
        found_office(path, username=admin.username, name=admin.name, pin_code=admin.pin)
    except (UltError, OSError, ValueError) as exc:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
        return CheckResult(False, str(exc))
    return None


def test_printer(url: str, *, paper_width: int | None = None,
                 timeout_s: float = 20.0) -> CheckResult:
    """Print the test ticket on *url* and wait for the outcome (bounded)."""
    from ult_desktop.app.print_service import print_test, printer_config
    from ult_desktop.devices.printer.errors import PrinterError

    try:
        config = printer_config(url or "none",
                                **({"width_mm": paper_width} if paper_width else {}))
    except PrinterError as exc:
        return CheckResult(False, str(exc))
    if config.kind == "none":
        return CheckResult(True, tr("setup.printer.none"))
    job = print_test(config)
    result = job.wait(min(timeout_s, config.timeout_s + 5))
    if result is None:
        return CheckResult(False, tr("setup.printer.timeout", target=config.display()))
    if not result.ok:
        return CheckResult(False, tr("setup.printer.failed", error=result.error))
    if result.output_path:
        return CheckResult(True, tr("setup.printer.preview", path=result.output_path))
    return CheckResult(True, tr("setup.printer.ok", target=config.display()))
