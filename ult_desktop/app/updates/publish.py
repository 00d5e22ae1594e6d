"""``release publish``: a release and its TUF metadata written into the share's update folder.

The update folder (``\\\\server\\ult\\updates`` beside the office file) holds::

    metadata/  1.root.json ... (every root, for a station to walk), N.targets.json,
               N.snapshot.json, timestamp.json (the only file replaced in place)
    targets/   <sha256>.ult-desktop-<version>.zip, <sha256>.release.json

Consistent snapshots: every file but ``timestamp.json`` is written once under a new name,
so a station reading while the admin publishes sees the old release or the new one,
never half of each. ``release.json`` names the newest release (version, archive, schema).
The timestamp and snapshot expire after :data:`FRESH_DAYS`: the admin PC re-signs them
(``release refresh``, also done by every publish); a folder nobody refreshes is stale and
every station refuses it."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata, MetaFile, Snapshot, TargetFile, Targets, Timestamp

from ult_desktop.app.localfiles import read_json, write_atomic
from ult_desktop.app.updates import keys
from ult_desktop.core.versions import parse_version

RELEASE_INDEX = "release.json"
TARGETS_DAYS = 365
#: How long a station believes the folder's freshness (timestamp, snapshot) without a
#: new signature: long enough for a holiday week, short enough to notice a frozen share.
FRESH_DAYS = 14
BUILD_INFO = "build-info.json"
#: The admin PC's own record of what it last signed into each update folder (in its keys
#: folder): a folder put back to an older state (a share writer's freeze) is never
#: re-signed as found, and what it signs next is numbered above what it signed before.
RECORD = "published.json"
ROLES = ("timestamp", "snapshot", "targets")
#: Releases the update folder keeps (the newest); a publish removes the older ones.
KEEP_RELEASES = 3
#: A release signed by this PC that waits for a second key (in its keys folder).
PENDING = "pending-release.json"


class PublishRefused(Exception):
    """A release the folder does not take (no version, not newer, no keys)."""


class AwaitsSignature(Exception):
    """The release is signed by this PC and kept here (:data:`PENDING`) until a second
    release key signs it (:func:`sign_pending`): *short* signatures are missing."""

    def __init__(self, release: Release, short: int) -> None:
        super().__init__(f"{release.version} needs {short} more signature(s)")
        self.release, self.short = release, short


@dataclass(frozen=True)
class Release:
    version: str
    archive: str
    schema: int | None
    published: str


def metadata_dir(share: Path) -> Path:
    return Path(share) / "metadata"


def targets_dir(share: Path) -> Path:
    return Path(share) / "targets"


def archive_name(version: str) -> str:
    return f"ult-desktop-{version}.zip"


# -- what the bundle says about itself --------------------------------------------------------
def bundle_info(source: Path) -> dict:
    """``_internal/build-info.json`` of a bundle folder or zip ({} when absent)."""
    source = Path(source)
    try:
        if source.is_dir():
            found = sorted(source.rglob(BUILD_INFO), key=lambda p: len(p.parts))
            return json.loads(found[0].read_text(encoding="utf-8")) if found else {}
        with zipfile.ZipFile(source) as zf:
            names = sorted((n for n in zf.namelist() if n.endswith("/" + BUILD_INFO)
                            or n == BUILD_INFO), key=lambda n: n.count("/"))
            return json.loads(zf.read(names[0])) if names else {}
    except (OSError, ValueError, zipfile.BadZipFile, IndexError):
        return {}


def make_archive(source: Path, work: Path) -> Path:
    """*source* as a zip: a bundle folder is zipped (its files at the top), a zip taken
    as it is. :raises PublishRefused: neither."""
    source = Path(source)
    if source.is_dir():
        return Path(shutil.make_archive(str(work / "release"), "zip", root_dir=source))
    if zipfile.is_zipfile(source):
        return source
    raise PublishRefused(f"{source}: not a bundle folder or a zip")


# -- reading the folder ------------------------------------------------------------------
def _load(path: Path) -> Metadata | None:
    try:
        return Metadata.from_bytes(path.read_bytes())
    except FileNotFoundError:
        return None


def current_metadata(share: Path) -> tuple[Metadata | None, Metadata | None]:
    """The folder's newest snapshot and targets, as its timestamp names them."""
    folder = metadata_dir(share)
    timestamp = _load(folder / "timestamp.json")
    if timestamp is None:
        return None, None
    snapshot = _load(folder / f"{timestamp.signed.snapshot_meta.version}.snapshot.json")
    if snapshot is None:
        return None, None
    targets = _load(folder / f"{snapshot.signed.meta['targets.json'].version}.targets.json")
    return snapshot, targets


def published(share: Path) -> Release | None:
    """The release the folder offers now, as the admin PC wrote it (no verification:
    the stations verify)."""
    _snapshot, targets = current_metadata(share)
    if targets is None or RELEASE_INDEX not in targets.signed.targets:
        return None
    info = targets.signed.targets[RELEASE_INDEX]
    digest = next(iter(info.hashes.values()))
    data = json.loads((targets_dir(share) / f"{digest}.{RELEASE_INDEX}").read_bytes())
    return Release(data["version"], data["archive"], data.get("schema"), data["published"])


def versions(share: Path) -> dict[str, int]:
    """The folder's metadata versions as its timestamp names them (0: none)."""
    stamp = _load(metadata_dir(share) / "timestamp.json")
    snapshot, targets = current_metadata(share)
    return {"timestamp": stamp.signed.version if stamp else 0,
            "snapshot": snapshot.signed.version if snapshot else 0,
            "targets": targets.signed.version if targets else 0}


# -- the admin PC's record -------------------------------------------------------------------
def _share_key(share: Path) -> str:
    return str(Path(share).absolute())


def signed_here(share: Path, keys_dir: Path) -> dict:
    """What this admin PC last signed into *share* (versions per role, the release)."""
    entry = read_json(Path(keys_dir) / RECORD).get(_share_key(share))
    return entry if isinstance(entry, dict) else {}


def _remember(share: Path, keys_dir: Path, **extra) -> None:
    data = read_json(Path(keys_dir) / RECORD)
    data[_share_key(share)] = {**signed_here(share, keys_dir), **versions(share), **extra}
    write_atomic(Path(keys_dir) / RECORD, json.dumps(data, ensure_ascii=False, indent=1))


class PutBack(PublishRefused):
    """The folder is older than this PC signed it (*older*: which roles): signing on from
    it as found would launder a freeze (the fix withdrawn stays withdrawn)."""

    def __init__(self, share: Path, older: str) -> None:
        super().__init__(f"{share}: older than this PC signed it ({older})")
        self.older = older


def refuse_put_back(share: Path, keys_dir: Path) -> None:
    """:raises PutBack: the folder is older than this PC's record of it."""
    older = put_back(share, keys_dir)
    if older:
        raise PutBack(share, older)


def put_back(share: Path, keys_dir: Path) -> str:
    """"" when the folder is at least as new as this PC signed it, else what is older
    (someone put old metadata back: a freeze, or a withdrawn fix)."""
    mine, found = signed_here(share, keys_dir), versions(share)
    return ", ".join(f"{role} {found[role]} < {mine[role]}" for role in ROLES
                     if isinstance(mine.get(role), int) and found[role] < mine[role])


def newest(share: Path | None, keys_dir: Path) -> dict:
    """What the admin's view and ``update status`` hold every station against: the newest
    release this PC published into *share* (its record) or the folder offers
    (``version``, None when neither), the targets metadata version naming it
    (``targets``), what of the folder is older than this PC signed it (``put_back``: ""
    when nothing), and the folder (``share``; None: no folder known, nothing published)."""
    if share is None:
        return {"version": None, "targets": 0, "put_back": "", "share": None}
    mine = signed_here(share, keys_dir)
    try:
        found = published(share)
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        found = None
    named = [v for v in (mine.get("version"), found.version if found else None) if v]
    try:  # a folder out of reach is no folder put back
        reached = metadata_dir(share).is_dir()
        targets = versions(share)["targets"] if reached else 0
        older = put_back(share, keys_dir) if reached else ""
    except (OSError, ValueError, KeyError):
        targets, older = 0, ""
    mine_targets = mine.get("targets") if isinstance(mine.get("targets"), int) else 0
    return {"version": max(named, key=parse_version) if named else None,
            "targets": max(targets, mine_targets), "put_back": older, "share": share}


# -- writing ---------------------------------------------------------------------------------
def copy_roots(keys_dir: Path, share: Path) -> None:
    """Every ``N.root.json`` of the keys folder the share lacks (a station walks them)."""
    folder = metadata_dir(share)
    folder.mkdir(parents=True, exist_ok=True)
    for path in keys.numbered_roots(keys_dir):
        if not (folder / path.name).exists():
            write_atomic(folder / path.name, path.read_bytes())


def _add_target(share: Path, targets: Targets, name: str, local: Path, custom: dict) -> None:
    info = TargetFile.from_file(name, str(local), ["sha256"])
    info.unrecognized_fields["custom"] = custom
    out = targets_dir(share) / f"{info.hashes['sha256']}.{name}"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".partial")
        shutil.copyfile(local, tmp)
        tmp.replace(out)
    targets.targets[name] = info


def sign_targets(targets: Targets, signers, now: datetime, *, first: bool = False,
                 floor: int = 0) -> Metadata:
    """*targets* as its next version, above *floor* (*first*: as version 1), signed by
    each of *signers*."""
    if not first:
        targets.version = max(targets.version, floor) + 1
    targets.expires = keys.expiry(now, TARGETS_DAYS)
    md = Metadata(targets)
    for signer in signers:
        md.sign(signer, append=True)
    return md


def sign_freshness(share: Path, signers: dict[str, CryptoSigner], targets_version: int,
                   now: datetime, floor: dict | None = None) -> None:
    """A new snapshot naming *targets_version* and a new timestamp naming it, both
    expiring :data:`FRESH_DAYS` after *now*, numbered above the folder's and *floor*'s
    (what this PC signed before); the timestamp written last, in one step."""
    folder = metadata_dir(share)
    found, floor = versions(share), floor or {}
    snapshot = Snapshot(version=max(found["snapshot"], floor.get("snapshot", 0)) + 1,
                        expires=keys.expiry(now, FRESH_DAYS),
                        meta={"targets.json": MetaFile(version=targets_version)})
    md = Metadata(snapshot)
    md.sign(signers["snapshot"])
    write_atomic(folder / f"{snapshot.version}.snapshot.json", keys.metadata_bytes(md))
    stamp = Timestamp(version=max(found["timestamp"], floor.get("timestamp", 0)) + 1,
                      expires=keys.expiry(now, FRESH_DAYS),
                      snapshot_meta=MetaFile(version=snapshot.version))
    md = Metadata(stamp)
    md.sign(signers["timestamp"])
    write_atomic(folder / "timestamp.json", keys.metadata_bytes(md))


def _forget_old(targets: Targets, keep: int) -> None:
    """All but the newest *keep* releases' archives taken out of *targets* (their files
    go once metadata without them is named: :func:`_name_or_keep`)."""
    def version_of(name: str) -> tuple:
        custom = targets.targets[name].unrecognized_fields.get("custom") or {}
        return parse_version(str(custom.get("version") or ""))

    archives = sorted((n for n in targets.targets if n != RELEASE_INDEX), key=version_of,
                      reverse=True)
    for name in archives[max(1, keep):]:
        targets.targets.pop(name)


def publish(source: Path, share: Path, keys_dir: Path, *, version: str | None = None,
            cosign: Sequence[CryptoSigner] = (), keep: int = KEEP_RELEASES) -> Release:
    """Write the release in *source* (a bundle folder or zip) into the update folder
    *share*, signed with the admin PC's keys in *keys_dir* and *cosign* (the root key, a
    second person's). The version (*version* when given) and the office-file schema the
    release reads are what the bundle's ``build-info.json`` says (the build writes both).
    The newest *keep* releases stay in the folder; older archives are removed once the
    new metadata no longer names them.

    :raises PublishRefused: no version known, or not newer than the folder's release.
    :raises AwaitsSignature: the release is kept on this PC until a second key signs it
        (:func:`sign_pending`); no station sees it before.
    :raises keys.KeyProblem: no usable keys in *keys_dir*, or a cosigner who is none of
        the office's release keys."""
    share, now = Path(share), datetime.now(timezone.utc)
    info = bundle_info(source)
    version = version or info.get("version")
    schema = info.get("schema") if isinstance(info.get("schema"), int) else None
    if not version:
        raise PublishRefused("the bundle says no version: give --version")
    offered = published(share)
    floor = signed_here(share, keys_dir)
    for known in (offered.version if offered else None, floor.get("version")):
        if known and parse_version(version) <= parse_version(known):
            raise PublishRefused(f"{version} is not newer than the published {known}")
    signers = keys.online_signers(keys_dir)
    root = keys.newest_root(keys_dir)
    for signer in cosign:
        _release_key(root, signer)
    copy_roots(keys_dir, share)
    _snapshot, old = current_metadata(share)
    targets = old.signed if old is not None else Targets()
    release = Release(version, archive_name(version), schema,
                      now.isoformat(timespec="seconds"))
    with tempfile.TemporaryDirectory() as work:
        archive = make_archive(Path(source), Path(work))
        custom = {"version": version, "schema": schema}
        _add_target(share, targets, release.archive, archive, custom)
        index = Path(work) / RELEASE_INDEX
        index.write_text(json.dumps(release.__dict__, ensure_ascii=False), encoding="utf-8")
        _add_target(share, targets, RELEASE_INDEX, index, custom)
    _forget_old(targets, keep)
    md = sign_targets(targets, [signers["targets"], *cosign], now,
                      first=old is None and not floor, floor=floor.get("targets", 0))
    return _name_or_keep(share, keys_dir, md, release, signers)


def _release_key(root: Metadata, signer: CryptoSigner) -> None:
    if signer.public_key.keyid not in root.signed.roles["targets"].keyids:
        raise keys.NotAReleaseKey(signer.public_key.keyid[:12])


def _name_or_keep(share: Path, keys_dir: Path, md: Metadata, release: Release,
                  signers: dict[str, CryptoSigner]) -> Release:
    """Enough signatures: *md* written and named by a new snapshot and timestamp (the
    archives it no longer names removed); else kept in this PC's :data:`PENDING` for the
    second key (:class:`AwaitsSignature`)."""
    short = keys.signatures_short(keys.newest_root(keys_dir), md)
    pending = Path(keys_dir) / PENDING
    if short:
        write_atomic(pending, json.dumps({"share": _share_key(share), "release":
                                          release.__dict__, "targets": md.to_dict()}))
        raise AwaitsSignature(release, short)
    write_atomic(metadata_dir(share) / f"{md.signed.version}.targets.json",
                 keys.metadata_bytes(md))
    sign_freshness(share, signers, md.signed.version, datetime.now(timezone.utc),
                   signed_here(share, keys_dir))
    _remember(share, keys_dir, version=release.version)
    pending.unlink(missing_ok=True)
    named = {f"{info.hashes['sha256']}.{name}" for name, info in md.signed.targets.items()}
    for old in targets_dir(share).glob(f"*.{archive_name('*')}"):  # (older releases)
        if old.name not in named:
            old.unlink(missing_ok=True)
    return release


def waiting(keys_dir: Path) -> tuple[Release, str, dict] | None:
    """The release this PC keeps for a second signature, its update folder and its
    targets metadata (as a dict)."""
    data = read_json(Path(keys_dir) / PENDING)
    try:
        return Release(**data["release"]), data["share"], data["targets"]
    except (KeyError, TypeError):
        return None


def sign_pending(share: Path, keys_dir: Path, signer: CryptoSigner) -> Release:
    """The second person's step: *signer* (their key, or the root key) signs the release
    this PC keeps for *share* (:func:`publish` without enough signatures), which is then
    written and named in the folder.
    :raises PublishRefused: nothing waits, or the folder moved since (publish again).
    :raises keys.KeyProblem: *signer* is none of the office's release keys.
    :raises AwaitsSignature: still short of signatures."""
    share = Path(share)
    kept = waiting(keys_dir)
    if kept is None or kept[1] != _share_key(share):
        raise PublishRefused(f"{share}: no release waits for a signature on this PC")
    md = Metadata.from_dict(kept[2])
    if versions(share)["targets"] >= md.signed.version:
        raise PublishRefused(f"{share}: changed since {kept[0].version} was prepared; "
                             "publish it again")
    _release_key(keys.newest_root(keys_dir), signer)
    md.sign(signer, append=True)
    return _name_or_keep(share, keys_dir, md, kept[0], keys.online_signers(keys_dir))


def refresh(share: Path, keys_dir: Path) -> None:
    """Re-sign the folder's freshness (snapshot, timestamp) without a new release: the
    admin PC does it at least every :data:`FRESH_DAYS` (its start, a scheduled task).
    :raises PublishRefused: nothing published yet. :raises PutBack: the folder is older
    than this PC signed it (re-signing it as found would launder the freeze; the
    stations refuse it once it expires, and a new publish, numbered above, undoes it)."""
    _snapshot, targets = current_metadata(share)
    if targets is None:
        raise PublishRefused(f"{share}: nothing published yet")
    refuse_put_back(share, keys_dir)
    sign_freshness(share, keys.online_signers(keys_dir), targets.signed.version,
                   datetime.now(timezone.utc), signed_here(share, keys_dir))
    _remember(share, keys_dir)


def resign_all(share: Path, keys_dir: Path, root_key: CryptoSigner) -> None:
    """After ``rotate_online_keys``: the new roots copied to the share and the current
    release signed again with the new keys and *root_key* (targets, snapshot, timestamp)."""
    now = datetime.now(timezone.utc)
    refuse_put_back(share, keys_dir)
    copy_roots(keys_dir, share)
    _snapshot, old = current_metadata(share)
    if old is None:
        return
    signers, floor = keys.online_signers(keys_dir), signed_here(share, keys_dir)
    md = sign_targets(old.signed, [signers["targets"], root_key], now,
                      floor=floor.get("targets", 0))
    write_atomic(metadata_dir(share) / f"{md.signed.version}.targets.json",
                 keys.metadata_bytes(md))
    sign_freshness(share, signers, md.signed.version, now, floor)
    _remember(share, keys_dir)
