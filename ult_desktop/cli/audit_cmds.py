"""``ult-desktop station-key``: this PC's signing key (create, show, request, approve,
list), and the audit-trail part of ``ult-desktop check`` (issue #12)."""

from __future__ import annotations

import getpass
import os

from ult_desktop.cli import UsageError, add_db_option
from ult_desktop.cli.common import emit, open_db
from ult_desktop.core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("station-key", help="this PC's station key: create, show, request "
                                           "registration, approve (admin), list")
    p.add_argument("action", choices=("create", "show", "request", "approve", "list"))
    p.add_argument("key", nargs="?", help="approve: the key id / fingerprint to register")
    add_db_option(p)
    p.add_argument("--label", help="request: the name admins see (default: --station)")
    p.add_argument("--user", help="approve: admin username (PIN asked, or env ULT_PIN)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_station_key)


def cmd_station_key(args) -> int:
    from ult_desktop.app import station_key

    if args.action in ("create", "show"):
        key, created = station_key.create_key() if args.action == "create" \
            else (station_key.load_key(), False)
        if key is None:
            emit(args, {"key": None}, tr("audit.cli.no_key"))
            return 4
        emit(args, {"key": key.key_id, "fingerprint": key.fingerprint, "created": created,
                     "public_key": key.public_key.hex()},
             tr("audit.cli.key_created" if created else "audit.cli.key_exists",
                fingerprint=key.fingerprint))
        return 0
    from ult_desktop.db import audit

    db = open_db(args, mode="station-key")
    try:
        if args.action == "request":
            label = args.label or db.station
            info = audit.request_registration(db, label=label)
            emit(args, _key_json(info), tr("audit.cli.requested",
                                           fingerprint=info.fingerprint, label=info.label))
        elif args.action == "approve":
            if not args.key or not args.user:
                raise UsageError(tr("audit.cli.approve_usage"))
            _login_admin(db, args.user)
            info = audit.approve_key(db, args.key)
            emit(args, _key_json(info), tr("audit.cli.approved",
                                           fingerprint=info.fingerprint, label=info.label))
        else:
            keys = audit.list_keys(db)
            emit(args, {"keys": [_key_json(k) for k in keys]},
                 "\n".join(tr("audit.cli.key_line", fingerprint=k.fingerprint,
                              state=k.state, label=k.label) for k in keys))
    finally:
        db.close()
    return 0


def _login_admin(db, username: str) -> None:
    from ult_desktop.db import errors
    from ult_desktop.db.admin import admin_login

    pin = os.environ.get("ULT_PIN") or getpass.getpass("PIN: ")
    if admin_login(db, username=username, pin=pin) is None:
        raise errors.RuleViolation("audit.error.bad_login")
    db.set_actor(username)


def _key_json(info) -> dict:
    return {"key": info.key_id, "fingerprint": info.fingerprint, "label": info.label,
            "state": info.state, "decided_by": info.decided_by}


def chain_check(db, report: dict) -> list[str]:
    """Verify the audit trail into ``report["audit"]`` (``ok`` turns False on tampering);
    returns the lines ``check`` prints without ``--json``."""
    from ult_desktop.db.audit import fingerprint, verify_chain

    result = verify_chain(db)
    report["audit"] = result
    report["ok"] = report["ok"] and result["ok"]
    head = result["head"] or {"id": 0, "hash": ""}
    lines = [tr("audit.cli.chain_ok", events=result["events"], head=head["id"],
                hash=head["hash"][:16])
             if result["ok"] else tr("audit.cli.chain_bad", count=len(result["findings"]))]
    lines += [tr("audit.cli.finding", event=f["event"], detail=f["detail"],
                 problem=tr(f"audit.problem.{f['problem']}")) for f in result["findings"]]
    lines += [tr("audit.cli.root", fingerprint=k["fingerprint"], label=k["label"],
                 event=k["registered_at_event"]) for k in result["keys"] if k["root"]]
    if result["legacy_events"]:
        lines.append(tr("audit.cli.legacy", count=result["legacy_events"]))
    lines += [tr("audit.cli.unsigned", count=n, station=s)
              for s, n in result["unsigned_events"].items()]
    lines += [tr("audit.cli.unverified", count=u["events"], fingerprint=fingerprint(k),
                 label=u["label"]) for k, u in result["unverified_keys"].items()]
    return lines
