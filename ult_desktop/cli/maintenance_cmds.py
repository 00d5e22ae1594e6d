"""Admin-only maintenance of the shared file: ``repair`` (schema guard), ``restore``
(a backup, through a checked copy) and ``purge`` (personal data past retention).

Each asks for an admin (docs/security.md): ``--admin USERNAME``, the PIN from
``ULT_ADMIN_PIN`` or standard input, checked read-only; attempt and action are audited."""

from __future__ import annotations

import os

from ult_desktop.cli import UsageError, command
from ult_desktop.cli.common import emit, open_db, read_pin
from ult_desktop.core.i18n import tr


def register(sub) -> None:
    p = command(sub, "repair", cmd_repair, admin=True)
    p.add_argument("--drop-unknown", action="store_true")

    p = command(sub, "restore", cmd_restore, admin=True)
    p.add_argument("--from", dest="source", required=True)

    p = command(sub, "purge", cmd_purge, admin=True)
    p.add_argument("--months", type=int)
    p.add_argument("--backup-dir", action="append")


def authenticate(db, username: str | None, *, any_station: bool = False) -> str:
    """The admin's username (then the ``actor`` of *db*'s events) if *username* and the PIN
    (``ULT_ADMIN_PIN`` or asked) match an active admin (``officers.admin_login``); a
    refusal is recorded when the file can be written. UsageError: no ``--admin``;
    RuleViolation: wrong PIN or not an admin."""
    from ult_desktop.db import errors
    from ult_desktop.db.house import officers

    if not username:
        raise UsageError(tr("guard.cli.need_admin"))
    pin = os.environ.get("ULT_ADMIN_PIN") or read_pin(tr("guard.cli.pin_prompt"))
    try:
        officer = officers.admin_login(db, username=username, pin=pin.strip(),
                                       any_station=any_station, unrecorded=errors.UltError)
    except errors.RuleViolation as exc:
        if exc.key != "admin.error.not_admin":
            raise
        officer = None
    if officer is None:
        raise errors.RuleViolation("guard.cli.bad_admin")
    return officer.username


def open_as_admin(args, *, required: bool = True):
    """The office file opened as ``admin`` with the admin of ``--admin`` signed in
    (:func:`authenticate`); when not *required*, only if ``--admin`` was given."""
    db = open_db(args, mode="admin")
    if required or args.admin:
        authenticate(db, args.admin)
    return db


def cmd_repair(args) -> int:
    from ult_desktop.db.schemas import schema_guard

    db = open_as_admin(args)
    actions = schema_guard.repair(db, username=db.actor, drop_unknown=args.drop_unknown)
    text = (tr("guard.cli.repaired", actions=", ".join(
        f"{a['action']} {a['type']} {a['name']}" for a in actions))
        if actions else tr("guard.cli.nothing_to_repair"))
    emit(args, {"ok": True, "actions": actions, "schema_drift": []}, text)
    return 0


def cmd_restore(args) -> int:
    from ult_desktop.db.keeping import backup

    db = open_as_admin(args)
    kept = backup.restore_database(db, args.source)
    emit(args, {"ok": True, "source": args.source, "kept": str(kept)},
         tr("guard.cli.restored", source=args.source, kept=kept))
    return 0


def cmd_purge(args) -> int:
    from pathlib import Path

    from ult_desktop.db.house import office
    from ult_desktop.db.privacy import retention

    db = open_as_admin(args)
    months = args.months or int(office.get_settings(db)["retention_months"])
    dirs = [Path(d) for d in args.backup_dir] if args.backup_dir else None
    report = retention.purge_personal_data(db, months=months, backup_dirs=dirs)
    data = {"ok": True, "before": report.cutoff, "rows": dict(report),
            "rewritten": report.rewritten,
            **{name: [str(p) for p in getattr(report, name)] for name in (
                "backups_deleted", "backups_purged", "backups_skipped", "partials_deleted")},
            "exports_deleted": report.exports_deleted,
            "exports_to_delete": report.exports_to_delete,
            "exports_not_made": report.exports_not_made}
    text = tr("guard.cli.purged", before=report.cutoff, rows=sum(report.values()),
              deleted=len(report.backups_deleted), purged=len(report.backups_purged))
    if report.exports_deleted:
        text += "\n" + tr("purge.exports_deleted", n=len(report.exports_deleted))
    if report.exports_to_delete:  # the app cannot reach them: the admin must
        text += "\n" + tr("purge.exports_warning", n=len(report.exports_to_delete)) + \
            "".join(f"\n  {p}" for p in report.exports_to_delete)
    if report.exports_not_made:  # named by acts the office did not make: left as they are
        text += "\n" + tr("person.cli.files_not_made", paths=", ".join(report.exports_not_made))
    emit(args, data, text)
    return 0
