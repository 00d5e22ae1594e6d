"""Signed updates (docs/updates.md): ``release ...`` on the admin PC (the key ceremony,
publishing into the share's update folder, keeping it fresh), ``update ...`` on a station
(its trust, a look at the share, the start that switches versions, its start-up check)."""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import platform
import sys
from pathlib import Path

from ult_desktop.cli import UsageError
from ult_desktop.cli.common import emit, open_db
from ult_desktop.core.i18n import tr

#: The root key's passphrase comes from here or is asked for; never an option (it would
#: stay in the shell history).
PASSPHRASE_ENV = "ULT_ROOT_PASSPHRASE"
#: A second person's key's passphrase (else :data:`PASSPHRASE_ENV`, else asked for).
COSIGN_ENV = "ULT_COSIGN_PASSPHRASE"
#: ``release publish``/``sign``'s exit code while the release waits for a second key.
AWAITS_EXIT = 4


def register(sub) -> None:
    """``release ...`` (``release keys ...`` nested) and ``update ...``: each sub-command
    made by :func:`_command`, its own options between the shared ones where it has them."""
    metavar = tr("cli.help.command_metavar")
    release = sub.add_parser("release").add_subparsers(dest="release_command", required=True,
                                                       metavar=metavar)
    keys = release.add_parser("keys", key="release-keys").add_subparsers(
        dest="keys_command", required=True, metavar=metavar)
    _command(keys, "release-keys", "init", cmd_keys_init, "--root-key", "--keys", "--json")
    _command(keys, "release-keys", "rotate", cmd_keys_rotate, "--root-key", "--share",
             "--keys", "--json")
    p = _command(keys, "release-keys", "add-signer", cmd_add_signer, "--root-key")
    p.add_argument("--out", required=True)
    p.add_argument("--name", dest="signer_name", required=True)
    _options(p, "--share", "--keys")
    p = _command(release, "release", "publish", cmd_publish)
    p.add_argument("--from", dest="source", required=True)
    _options(p, "--share", "--keys")
    p.add_argument("--version", dest="release_version")
    p.add_argument("--keep", type=int, default=3)
    p.add_argument("--cosign")
    _options(p, "--json")
    p = _command(release, "release", "sign", cmd_sign, "--share", "--keys")
    p.add_argument("--key", dest="signer_key", required=True)
    _options(p, "--json")
    _command(release, "release", "refresh", cmd_refresh, "--share", "--keys", "--json")

    update = sub.add_parser("update").add_subparsers(dest="update_command", required=True,
                                                     metavar=metavar)
    p = _command(update, "update", "trust", cmd_trust)
    p.add_argument("--root", dest="root_json", required=True)
    _options(p, "--install-root")
    p = _command(update, "update", "look", cmd_look, "--db", "--share?", "--install-root")
    p.add_argument("--again", action="store_true")
    _options(p, "--json")
    _command(update, "update", "start", cmd_start, "--install-root", "--json")
    p = _command(update, "update", "window", cmd_window, "--db")
    p.add_argument("--set", dest="window", choices=("any", "break", "after_closing"))
    p.add_argument("--now", dest="now_version")
    _options(p, "--station", "--json")
    _command(update, "update", "status", cmd_status, "--db", "--station", "--share?",
             "--keys", "--json")
    _command(update, "update", "start-check", cmd_start_check, "--db")


def _command(commands, group: str, name: str, func, *options: str):
    """The sub-command *name* of *group* (its catalogue key ``<group>-<name>``) that runs
    *func*, with the shared *options* (:func:`_options`)."""
    p = commands.add_parser(name, key=f"{group}-{name}")
    _options(p, *options)
    p.set_defaults(func=func)
    return p


def _options(p, *options: str) -> None:
    """Options several sub-commands take, by name (``--share?``: ``--share`` optional)."""
    shared = {"--root-key": {"required": True}, "--share": {"required": True},
              "--db": {"default": os.environ.get("ULT_DB")},
              "--json": {"action": "store_true"}}
    for option in options:
        p.add_argument(option.rstrip("?"), **shared.get(option, {}))


def _keys_dir(args) -> Path:
    from ult_desktop.app.updates.keys import default_dir

    return Path(args.keys) if args.keys else default_dir()


def _passphrase(*, twice: bool, env: tuple[str, ...] = (PASSPHRASE_ENV,)) -> str:
    given = next((os.environ[e] for e in env if os.environ.get(e)), None)
    if given:
        return given
    first = getpass.getpass(tr("update.cli.passphrase"))
    if twice and getpass.getpass(tr("update.cli.passphrase_again")) != first:
        raise UsageError(tr("update.cli.passphrase_differs"))
    return first


def cmd_keys_init(args) -> int:
    from ult_desktop.app.updates import keys

    try:
        done = keys.init_keys(Path(args.root_key), _keys_dir(args), _passphrase(twice=True))
    except FileExistsError as exc:
        raise UsageError(tr("update.cli.keys_exist", path=str(exc))) from exc
    except keys.KeyProblem as exc:
        raise UsageError(tr("update.cli.key_problem", error=str(exc))) from exc
    lines = [tr("update.cli.keys_made", root_key=done.root_key, keys=done.keys_dir)]
    lines += [f"  {role:<10} {keyid}" for role, keyid in done.key_ids.items()]
    emit(args, {"ok": True, "root_key": str(done.root_key), "keys": str(done.keys_dir),
                "key_ids": done.key_ids}, "\n".join(lines))
    return 0


def cmd_keys_rotate(args) -> int:
    from ult_desktop.app.updates import keys, publish

    try:
        publish.refuse_put_back(Path(args.share), _keys_dir(args))
        signer = keys.root_signer(Path(args.root_key), _passphrase(twice=False))
        root = keys.rotate_online_keys(keys.newest_root(publish.metadata_dir(args.share)),
                                       signer, _keys_dir(args))
    except publish.PutBack as exc:
        raise UsageError(tr("update.cli.put_back", share=args.share, older=exc.older)) from exc
    except keys.KeyProblem as exc:
        raise UsageError(tr("update.cli.key_problem", error=str(exc))) from exc
    publish.resign_all(Path(args.share), _keys_dir(args), signer)
    emit(args, {"ok": True, "root_version": root.signed.version},
         tr("update.cli.rotated", version=root.signed.version, keys=_keys_dir(args)))
    return 0


def cmd_add_signer(args) -> int:
    """A second person's release key on their own stick, named in a new root."""
    from ult_desktop.app.updates import keys, publish

    try:
        signer = keys.root_signer(Path(args.root_key), _passphrase(twice=False))
        root, keyid = keys.add_signer(
            keys.newest_root(publish.metadata_dir(args.share)), signer, _keys_dir(args),
            Path(args.out), _passphrase(twice=True, env=(COSIGN_ENV,)), args.signer_name)
    except FileExistsError as exc:
        raise UsageError(tr("update.cli.keys_exist", path=str(exc))) from exc
    except keys.KeyProblem as exc:
        raise UsageError(tr("update.cli.key_problem", error=str(exc))) from exc
    publish.copy_roots(_keys_dir(args), Path(args.share))
    print(tr("update.cli.signer_added", name=args.signer_name, out=args.out, keyid=keyid,
             version=root.signed.version), flush=True)
    return 0


def _cosigner(path: str):
    """The root key or a second person's key from its sealed file, opened by the
    passphrase in :data:`COSIGN_ENV` or :data:`PASSPHRASE_ENV` (else asked for)."""
    from ult_desktop.app.updates import keys

    given = [os.environ[e] for e in (COSIGN_ENV, PASSPHRASE_ENV) if os.environ.get(e)]
    for passphrase in given[:-1]:
        with contextlib.suppress(keys.KeyProblem):
            return keys.root_signer(Path(path), passphrase)
    return keys.root_signer(Path(path), given[-1] if given else _passphrase(twice=False))


def _signed(args, step) -> int:
    """*step* (a publish or a second signature) said in one sentence: out, or waiting
    for the second key (:data:`AWAITS_EXIT`)."""
    from ult_desktop.app.updates import keys, publish

    try:
        release = step()
    except publish.AwaitsSignature as exc:
        emit(args, {"ok": False, "waiting": True, **exc.release.__dict__},
             tr("update.cli.awaits_signature", version=exc.release.version,
                share=args.share))
        return AWAITS_EXIT
    except publish.PublishRefused as exc:
        raise UsageError(tr("update.cli.publish_refused", error=str(exc))) from exc
    except keys.NotAReleaseKey as exc:
        raise UsageError(tr("update.cli.not_a_release_key", keyid=exc.keyid)) from exc
    except keys.KeyProblem as exc:
        raise UsageError(tr("update.cli.key_problem", error=str(exc))) from exc
    text = tr("update.cli.published", version=release.version, share=args.share)
    if keys.newest_root(_keys_dir(args)).signed.roles["targets"].threshold < keys.THRESHOLD:
        text += " " + tr("update.cli.one_key_root")
    emit(args, {"ok": True, **release.__dict__}, text)
    return 0


def cmd_publish(args) -> int:
    from ult_desktop.app.updates import publish

    return _signed(args, lambda: publish.publish(
        Path(args.source), Path(args.share), _keys_dir(args), version=args.release_version,
        cosign=[_cosigner(args.cosign)] if args.cosign else [], keep=max(1, args.keep)))


def cmd_sign(args) -> int:
    """The second person's signature on the release the admin PC keeps."""
    from ult_desktop.app.updates import publish

    kept = publish.waiting(_keys_dir(args))
    if kept is not None:  # what they sign, before their passphrase
        print(tr("update.cli.signing", version=kept[0].version, archive=kept[0].archive),
              file=sys.stderr, flush=True)
    return _signed(args, lambda: publish.sign_pending(
        Path(args.share), _keys_dir(args), _cosigner(args.signer_key)))


def cmd_refresh(args) -> int:
    from ult_desktop.app.updates import keys, publish

    try:
        publish.refresh(Path(args.share), _keys_dir(args))
    except publish.PutBack as exc:
        raise UsageError(tr("update.cli.put_back", share=args.share, older=exc.older)) from exc
    except (publish.PublishRefused, keys.KeyProblem) as exc:
        raise UsageError(tr("update.cli.publish_refused", error=str(exc))) from exc
    emit(args, {"ok": True, "days": publish.FRESH_DAYS},
         tr("update.cli.refreshed", days=publish.FRESH_DAYS))
    return 0


def _root(args) -> Path:
    from ult_desktop.app.updates import install

    root = Path(args.install_root) if args.install_root else install.install_root()
    if root is None:
        raise UsageError(tr("update.cli.not_installed"))
    return root


def cmd_trust(args) -> int:
    from ult_desktop.app.updates import client

    try:
        target = client.trust(_root(args), Path(args.root_json))
    except ValueError as exc:
        raise UsageError(tr("update.cli.bad_root", path=args.root_json, detail=exc)) from exc
    print(tr("update.cli.trusted", path=target), flush=True)
    return 0


#: ``update look``'s exit codes when it took nothing (0: up to date, or staged).
LOOK_EXIT = {"refused": 10, "unreachable": 11, "not_writable": 12, "no_trust": 13}


@contextlib.contextmanager
def _log_to_file():
    """The update modules' log lines go to ``ult-desktop-update.log`` while a command
    runs, never to the console before (or instead of) its one sentence."""
    from ult_desktop.app.updates.station import UPDATE_LOGGER, log_handler

    logger = logging.getLogger(UPDATE_LOGGER)
    handler = log_handler()
    kept = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.INFO
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.propagate, logger.level = kept


def cmd_look(args) -> int:
    from ult_desktop.app.localfiles import folder_writable
    from ult_desktop.app.updates import client, install
    from ult_desktop.app.updates.station import look

    root = _root(args)
    share = Path(args.share) if args.share else client.update_folder(args.db)
    if share is None:
        raise UsageError(tr("update.cli.no_share"))
    why = folder_writable(root)  # (as staging and the switch write there)
    if why:  # nothing could be staged or switched here: said before any look
        emit(args, {"ok": False, "outcome": "not_writable", "detail": why},
             tr("update.cli.not_writable", path=root))
        return LOOK_EXIT["not_writable"]
    print(tr("update.cli.looking", share=share), file=sys.stderr, flush=True)
    with _log_to_file():
        if args.again:  # the IT officer lifts this PC's failed marks
            install.lift_bans(root)
        result, failed = look(root, share)  # (and those Admin lifted for the office)
    text = tr(f"update.outcome.{result.outcome}", version=result.version or "-")
    if result.outcome == client.UNREACHABLE:
        text = tr("update.cli.unreachable", share=share)
    if result.reason:
        text += " " + tr(f"update.refused.{result.reason}", version=result.version or "-")
    if failed:  # the new version's own start-up check: it stays on the one that works
        text += " " + tr("update.cli.start_check_failed", why=failed)
    ok = result.outcome in (client.UP_TO_DATE, client.STAGED) and not failed
    emit(args, {"ok": ok, **result.__dict__, "start_check": failed}, text)
    return 0 if ok else LOOK_EXIT.get(result.outcome, LOOK_EXIT["refused"])


def cmd_start(args) -> int:
    from ult_desktop.app.updates import install

    with _log_to_file():
        decision = install.at_start(_root(args))
    key = "went_back" if decision.went_back else "switched" if decision.switched else "same"
    emit(args, {"ok": not decision.went_back, **decision.__dict__},
         tr(f"update.start.{key}", version=decision.version or "-",
            reason=decision.reason or "-"))
    return 0


def cmd_window(args) -> int:
    """The office's update window (Admin > Profil): shown, or set with ``--set`` and an
    urgent release with ``--now VERSION`` (``--now ""``: none)."""
    from ult_desktop.core.schedule import update_windows
    from ult_desktop.db.house.office import get_settings, set_settings

    changes = {k: v for k, v in (("update_window", args.window),
                                 ("update_now", args.now_version)) if v is not None}
    with contextlib.closing(open_db(args)) as db:
        if changes:
            set_settings(db, **changes)
        said = get_settings(db, "update_window", "update_now")
    names = dict((value, text) for text, value in update_windows())
    emit(args, said, tr("update.cli.window", window=names[said["update_window"]],
                        now=said["update_now"] or "-"))
    return 0


def cmd_status(args) -> int:
    """The fleet as it is: per station the version its running program said, against
    the newest release published, in one state (``fleet.judge``)."""
    from datetime import datetime

    from ult_desktop.app.selftest.office import ALIVE_WITHIN_S
    from ult_desktop.app.updates import client, publish
    from ult_desktop.app.updates.station import fleet_words
    from ult_desktop.core.dates import heartbeat_age_s
    from ult_desktop.db.house import fleet
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    with contextlib.closing(open_db(args, mode="check")) as db:
        seen, own_skew = fleet.station_versions(db), db.clock_skew_s
        waits = [s.station for s in db.read(lambda conn: fleet.migration_waits_for(
            conn, SCHEMA_VERSION + 1, own=None))]
    share = Path(args.share) if args.share else client.update_folder(args.db)
    newest = publish.newest(share, _keys_dir(args))
    lines = [tr("update.status.published", version=newest["version"] or "-",
                share=share or "-")]
    if newest["put_back"]:
        lines.append(tr("update.status.put_back", older=newest["put_back"]))
    out = []
    for s in seen:
        age = heartbeat_age_s(s.seen, {"skew_s": s.skew_s}, own_skew)
        state, about = fleet.judge(s.version, s.update, newest["version"], newest["targets"],
                                   online=age is not None and age <= ALIVE_WITHIN_S)
        if state == fleet.OFFLINE:
            about = datetime.fromisoformat(s.seen).astimezone().strftime("%d/%m %H.%M")
        words = fleet_words(state, about)
        out.append({"station": s.station, "mode": s.mode, "running": s.version,
                    "published": newest["version"], "state": state, "about": about})
        lines.append(f"{s.station:<24} {s.mode:<8} {s.version:<10} {words}")
    lines.append(tr("update.fleet.waits", schema=SCHEMA_VERSION + 1,
                    stations=", ".join(waits) or "-"))
    emit(args, {"published": newest["version"], "put_back": newest["put_back"],
                "stations": out, "next_schema_waits_for": waits}, "\n".join(lines))
    return 0


def cmd_start_check(args) -> int:
    """This version's own start-up check, run by the start before it keeps a new version:
    its screens load, its bundle is whole, the office file is one it reads."""
    import importlib

    from ult_desktop.app.station_config import StationConfigError, load_station_config
    from ult_desktop.app.updates.install import NOT_YET_EXIT, RETRY_EXIT, NotYet, Retry
    from ult_desktop.app.updates.station import start_check
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    station = None
    try:
        config = load_station_config()
        args.db = args.db or config.db or None
        station = config.station or f"{config.mode}@{platform.node() or 'pc'}"
    except StationConfigError:
        pass  # no station file yet: nothing to read
    except OSError as exc:  # held by a write now: no verdict, checked again later
        print(tr("update.cli.start_check_retry", why=exc), file=sys.stderr, flush=True)
        return RETRY_EXIT
    for mode in ("kiosk", "counter", "display", "admin", "survey"):
        importlib.import_module(f"ult_desktop.ui.{mode}.app")
    why = _bundle_broken() or start_check(args.db, schema_version=SCHEMA_VERSION,
                                          station=station)
    if isinstance(why, NotYet):  # no failure: the file waits for other stations
        print(tr("update.cli.start_check_waits", stations=why), file=sys.stderr, flush=True)
        return NOT_YET_EXIT
    if isinstance(why, Retry):  # the file could not be read: no verdict on this version
        print(tr("update.cli.start_check_retry", why=why), file=sys.stderr, flush=True)
        return RETRY_EXIT
    if why:
        raise UsageError(tr("update.cli.start_check_failed", why=why))
    print(tr("update.cli.start_check_ok"), flush=True)
    return 0


def _bundle_broken() -> str:
    """The self-test's bundle lines that stop a version from starting ("" when none)."""
    from ult_desktop.app.selftest import Options
    from ult_desktop.app.selftest.bundle import checks

    broken = [c.id for c in checks(Options()) if c.status == "fail"
              and c.id in ("bundle.version", "bundle.meipass")]
    return ("bundle: " + ", ".join(broken)) if broken else ""
