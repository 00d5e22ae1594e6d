"""``ult-desktop station-key``: this PC's signing key (create, show, request, approve,
list), and the audit-trail part of ``ult-desktop check`` (issue #12)."""

from __future__ import annotations

import os

from ult_desktop.cli import UsageError, add_db_option
from ult_desktop.cli.common import emit, open_db
from ult_desktop.core.i18n import difference_text, finding_text, tr


def register(sub) -> None:
    p = sub.add_parser("station-key", help="this PC's station key: create, show, request "
                                           "registration, approve (admin), list")
    p.add_argument("action", choices=("create", "show", "request", "approve", "list"))
    p.add_argument("key", nargs="?", help="approve: the key id / fingerprint to register")
    add_db_option(p)
    p.add_argument("--label", help="request: the name admins see (default: --station)")
    p.add_argument("--admin", "--user", dest="admin", default=os.environ.get("ULT_ADMIN"),
                   help="approve: admin username (env ULT_ADMIN); the PIN comes from "
                        "ULT_ADMIN_PIN or standard input")
    p.add_argument("--admin-station", action="store_true",
                   help="approve: the key may register other keys (another admin PC)")
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
            if not args.key or not args.admin:
                raise UsageError(tr("audit.cli.approve_usage"))
            from ult_desktop.cli.maintenance_cmds import authenticate

            db.set_actor(authenticate(db, args.admin))
            info = audit.approve_key(db, args.key, admin_station=args.admin_station)
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


def _key_json(info) -> dict:
    return {"key": info.key_id, "fingerprint": info.fingerprint, "label": info.label,
            "state": info.state, "decided_by": info.decided_by}


def add_check_options(parser) -> None:
    parser.add_argument("--head", action="append", default=[], metavar="ID:HASH",
                        help="a chain head printed on an earlier report (e.g. 1234:9f3a0c1b); "
                             "check says if the log was rewritten since (repeatable)")
    parser.add_argument("--reconcile", action="store_true",
                        help="replay the signed events and name every table row that differs "
                             "(always done; the flag is accepted for scripts)")


def reconcile_check(db, report: dict) -> list[str]:
    """Reconcile the tables with the log into ``report["reconcile"]`` (``ok`` turns False
    on any difference); returns the lines ``check`` prints without ``--json``."""
    from ult_desktop.db.reconcile import reconcile

    result = reconcile(db)
    report["reconcile"] = result
    report["ok"] = report["ok"] and result["ok"]
    if result["provable_from"] is None:
        return [tr("reconcile.cli.none")]
    if result["ok"]:
        return [tr("reconcile.cli.ok", since=result["provable_from"])]
    lines = [tr("reconcile.cli.bad", count=result["count"])]
    lines += ["  " + difference_text(d) for d in result["differences"]]
    if result["count"] > len(result["differences"]):
        lines.append(tr("reconcile.cli.more",
                        count=result["count"] - len(result["differences"])))
    return lines


def parse_heads(values: list[str]) -> list[tuple[int, str]]:
    heads = []
    for value in values:
        event_id, _, prefix = value.replace("#", "").partition(":")
        try:
            heads.append((int(event_id), prefix))
        except ValueError:
            raise UsageError(tr("audit.cli.bad_head", value=value)) from None
        if len(prefix) < 8:
            raise UsageError(tr("audit.cli.bad_head", value=value))
    return heads


def chain_check(db, report: dict, heads: list[tuple[int, str]] = ()) -> list[str]:
    """Verify the audit trail into ``report["audit"]`` (``ok`` turns False on tampering);
    returns the lines ``check`` prints without ``--json``."""
    from ult_desktop.db.audit import fingerprint, verify_chain

    result = verify_chain(db, anchors=heads)
    report["audit"] = result
    report["ok"] = report["ok"] and result["ok"]
    head = result["head"] or {"id": 0, "hash": ""}
    lines = [tr("audit.cli.chain_ok", events=result["events"], head=head["id"],
                hash=head["hash"][:16])
             if result["ok"] else tr("audit.cli.chain_bad", count=len(result["findings"]))]
    lines += [tr("audit.cli.finding", event=f["event"], detail=finding_text(f),
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
