"""``ult-desktop station-key``: this PC's signing key (create, show, request, approve,
revoke, list), and the audit-trail part of ``ult-desktop check``."""

from __future__ import annotations

import os
from contextlib import closing

from ult_desktop.cli import UsageError, add_db_option
from ult_desktop.cli.common import emit, open_db
from ult_desktop.cli.maintenance_cmds import authenticate
from ult_desktop.core.i18n import approved_text, difference_text, finding_text, tr


def register(sub) -> None:
    p = sub.add_parser("station-key")
    p.add_argument("action", choices=("create", "show", "request", "approve", "revoke",
                                       "list", "repin"))
    p.add_argument("key", nargs="?")
    add_db_option(p)
    p.add_argument("--label")
    p.add_argument("--admin", "--user", dest="admin", default=os.environ.get("ULT_ADMIN"))
    p.add_argument("--admin-station", action="store_true")
    p.add_argument("--role", choices=("admin", "counter", "kiosk", "survey", "display"))
    p.add_argument("--desk", type=int, action="append", dest="desks", metavar="N")
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
    from ult_desktop.core import chain
    from ult_desktop.db.record import station_keys

    with closing(open_db(args, mode="station-key")) as db:
        if args.action in ("approve", "revoke", "repin"):  # an admin's act (a re-pin: any PC's)
            if not args.admin or not args.key and args.action != "repin":
                raise UsageError(tr("audit.cli.approve_usage"))
            authenticate(db, args.admin, any_station=args.action == "repin")
        if args.action == "request":
            label = args.label or db.station
            info = station_keys.request_registration(db, label=label)
            emit(args, _key_json(info), tr("audit.cli.requested",
                                           fingerprint=info.fingerprint, label=info.label))
        elif args.action in ("approve", "revoke"):
            if args.action == "revoke":
                info = station_keys.revoke_key(db, args.key)
                emit(args, _key_json(info), tr("audit.cli.revoked",
                                               fingerprint=info.fingerprint, label=info.label))
                return 0
            info = station_keys.approve_key(db, args.key, admin_station=args.admin_station,
                                            role=getattr(args, "role", None),
                                            desks=getattr(args, "desks", None))
            emit(args, {**_key_json(info), "role": info.role, "requested": info.requested},
                 approved_text(info.fingerprint, info.label, info.role, info.requested))
            from ult_desktop.app.trust_memory import pin_if_made_here

            pin_if_made_here(db)
        elif args.action == "repin":
            root = repin(db)
            emit(args, {"root": root[0], "fingerprint": chain.fingerprint(root[0]),
                        "label": root[1], "event": root[2]},
                 tr("audit.cli.repinned", fingerprint=chain.fingerprint(root[0]),
                    label=root[1]))
        else:
            keys = station_keys.list_keys(db)
            emit(args, {"keys": [_key_json(k) for k in keys]},
                 "\n".join(tr("audit.cli.key_line", fingerprint=k.fingerprint,
                              state=k.state, label=k.label) for k in keys))
    return 0


def repin(db) -> tuple[str, str, int]:
    """After an intended re-keying, this PC trusts the file's root from now on (audited
    ``root_repinned``; RuleViolation without a root or an admin)."""
    from ult_desktop.app import trust_memory
    from ult_desktop.db import errors
    from ult_desktop.db.record import audit, station_keys
    from ult_desktop.db.record.feed import latest_event

    root = station_keys.root_info(db)
    if root is None:
        raise errors.RuleViolation("audit.cli.no_root")
    mem = trust_memory.load(db.target)
    audit.record_repin(db, root=root[0], before=mem.root, breaks=mem.breaks,
                       witness=mem.seen)
    mem.breaks, mem.keys = [], {}
    event_id, digest = latest_event(db)
    trust_memory.remember_seen(mem, event_id, digest)
    trust_memory.pin(mem, db.target, root)
    return root


def _key_json(info) -> dict:
    return {"key": info.key_id, "fingerprint": info.fingerprint, "label": info.label,
            "state": info.state, "decided_by": info.decided_by}


def add_check_options(parser) -> None:
    parser.add_argument("--head", action="append", default=[], metavar="ID:HASH")
    parser.add_argument("--reconcile", action="store_true")
    parser.add_argument("--root", metavar="FINGERPRINT")


def reconcile_check(db, report: dict) -> list[str]:
    """Reconcile the tables with the log into ``report["reconcile"]`` (``ok`` turns False
    on any difference); returns the lines ``check`` prints without ``--json``."""
    from ult_desktop.db.record.reconcile import reconcile

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


def parse_root(value: str | None) -> str | None:
    from ult_desktop.core.chain import parse_fingerprint

    if not value:
        return None
    key = parse_fingerprint(value)
    if key is None:
        raise UsageError(tr("audit.cli.bad_root", value=value))
    return key


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


def chain_check(db, report: dict, heads: list[tuple[int, str]] = (),
                root: str | None = None) -> list[str]:
    """Verify the audit trail into ``report["audit"]`` as this PC remembers the office
    (``trust_memory.judge_chain``); returns the lines ``check`` prints."""
    from ult_desktop.app import trust_memory

    result = trust_memory.judge_chain(db, heads, root)
    report["audit"] = result
    report["ok"] = report["ok"] and result["ok"]
    return _chain_lines(result, result["pinned"], result["unpinned"])


def _chain_lines(result: dict, pinned: str | None, unpinned: bool) -> list[str]:
    """What ``check`` prints of the verified chain *result*."""
    from ult_desktop.core.audit_words import chain_notes

    head = result["head"] or {"id": 0, "hash": ""}
    lines = [tr("audit.cli.chain_ok", events=result["events"], head=head["id"],
                hash=head["hash"][:16])
             if result["ok"] else tr("audit.cli.chain_bad", count=len(result["findings"]))]
    lines += [tr("audit.cli.finding", event=f["event"], detail=finding_text(f),
                 problem=tr(f"audit.problem.{f['problem']}")) for f in result["findings"]]
    return lines + chain_notes(result, pinned, unpinned)
