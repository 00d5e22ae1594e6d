"""A station's update check: python-tuf's ``ngclient.Updater`` on the share's update folder.

The station's trust is the root it was given at install (``update trust``), kept with the
metadata it has verified in ``<install root>/update-metadata``; the share is read through
:class:`ShareFetcher` (plain files, no web server). A release is taken only when TUF
verifies it and it is newer than the running version and never failed here; what is
refused is named (:data:`REFUSALS`) in the station's log and in the state file the
morning check reads (``selftest`` ``bundle.update``)."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from tuf.api import exceptions as tuf_errors
from tuf.ngclient import FetcherInterface, Updater

from ult_desktop.app.localfiles import read_json, write_atomic
from ult_desktop.app.updates import install
from ult_desktop.app.updates.keys import numbered_roots
from ult_desktop.app.updates.publish import RELEASE_INDEX, metadata_dir, targets_dir
from ult_desktop.core.versions import parse_version

log = logging.getLogger(__name__)

METADATA_DIR = "update-metadata"
DOWNLOADS_DIR = "update-downloads"
#: The fake host of the URLs the updater builds; :class:`ShareFetcher` maps them to files.
BASE = "http://update-folder/"
#: Admin's "check again" for banned versions, in the update folder (:func:`ask_again`).
AGAIN = "again.json"

UP_TO_DATE, STAGED, REFUSED, UNREACHABLE, NO_TRUST = (
    "up_to_date", "staged", "refused", "unreachable", "no_trust")
OUTCOMES = (UP_TO_DATE, STAGED, REFUSED, UNREACHABLE, NO_TRUST)
#: Why a release is refused, each a sentence in ``core/i18n/updates.py``.
REFUSALS = ("tampered", "rollback", "expired", "untrusted", "one_key", "failed_before",
            "broken")
#: TUF's words for a release's targets signed by some of its keys, fewer than the
#: threshold (``keys.THRESHOLD``): the admin PC's keys alone, no second person's.
_SHORT = re.compile(r"^targets was signed by [1-9]\d*/\d+ keys")


class ShareFetcher(FetcherInterface):
    """Reads the updater's URLs as files of the update folder *share* (a UNC path, a
    mounted folder); a missing file is the 404 the updater expects for "no newer root"."""

    def __init__(self, share: Path, chunk: int = 1 << 20) -> None:
        self.share = Path(share)
        self.chunk = chunk

    def _path(self, url: str) -> Path:
        parts = PurePosixPath(unquote(urlsplit(url).path)).parts[1:]
        if not parts or any(p in ("..", "") or ":" in p or "\\" in p for p in parts):
            raise tuf_errors.DownloadHTTPError(f"refused path {url}", 404)
        return self.share.joinpath(*parts)

    def _fetch(self, url: str) -> Iterator[bytes]:
        path = self._path(url)
        try:
            f = open(path, "rb")
        except FileNotFoundError as exc:
            raise tuf_errors.DownloadHTTPError(f"{path} not found", 404) from exc
        with f:
            while block := f.read(self.chunk):
                yield block


@dataclass(frozen=True)
class CheckResult:
    """``outcome`` (:data:`UP_TO_DATE`, :data:`STAGED`, :data:`REFUSED`,
    :data:`UNREACHABLE`, :data:`NO_TRUST`), the version offered, why it was refused
    (one of :data:`REFUSALS`) and the library's own words."""

    outcome: str
    version: str | None = None
    reason: str = ""
    detail: str = ""


def trust(root: Path, root_json: Path) -> Path:
    """Give this install its trusted root (at install, from the IT officer's stick or the
    share's ``1.root.json`` read aloud against the ceremony's key ids). A file that is
    not a root signed by its own keys is refused (ValueError) before the old trust is
    touched."""
    from tuf.api.metadata import Metadata, Root

    try:
        md = Metadata.from_bytes(Path(root_json).read_bytes())
        if not isinstance(md.signed, Root):
            raise ValueError("not a root")
        md.verify_delegate(Root.type, md)
    except (OSError, ValueError, tuf_errors.RepositoryError) as exc:
        raise ValueError(str(exc)) from exc
    folder = Path(root) / METADATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder / "root_history", ignore_errors=True)  # the old trust's roots
    target = folder / "root.json"
    target.unlink(missing_ok=True)  # TUF's link to the old history, not the file itself
    shutil.copyfile(root_json, target)
    return target


def refusal_of(exc: Exception) -> str:
    """The name of what TUF refused (:data:`REFUSALS`)."""
    if isinstance(exc, tuf_errors.LengthOrHashMismatchError |
                  tuf_errors.DownloadLengthMismatchError):
        return "tampered"
    if isinstance(exc, tuf_errors.BadVersionNumberError):
        return "rollback"
    if isinstance(exc, tuf_errors.ExpiredMetadataError):
        return "expired"
    if isinstance(exc, tuf_errors.UnsignedMetadataError):
        return "one_key" if _SHORT.match(str(exc)) else "untrusted"
    return "broken"


def _anchor(root: Path) -> bytes | None:
    """The root this install trusts: ``root.json``, else the oldest root TUF kept in
    ``root_history`` (TUF removes ``root.json`` to link it anew at every look; a look
    stopped between the two, or a file system that makes no link, as Wine's, leaves only
    the history, from which TUF checks every newer root again)."""
    folder = Path(root) / METADATA_DIR
    for path in (folder / "root.json", *numbered_roots(folder / "root_history")):
        try:
            return path.read_bytes()
        except OSError:
            continue
    return None


def trusted_versions(root: Path) -> dict[str, int]:
    """The metadata versions this install has verified and trusts (its TUF client's
    copies): what its heartbeat says, so the admin's view sees a station the folder
    holds behind the release it published (a freeze)."""
    found = {}
    for role in ("timestamp", "targets"):
        try:
            found[role] = int(read_json(Path(root) / METADATA_DIR / f"{role}.json")
                              ["signed"]["version"])
        except (ValueError, KeyError, TypeError):
            continue
    return found


def _offered(updater: Updater) -> dict:
    info = updater.get_targetinfo(RELEASE_INDEX)
    if info is None:
        raise tuf_errors.RepositoryError("the folder names no release")
    path = updater.find_cached_target(info) or updater.download_target(info)
    return json.loads(Path(path).read_text(encoding="utf-8"))


def check(root: Path, share: Path, running: str) -> CheckResult:
    """Ask the update folder *share* for a release newer than *running*; verify it with
    TUF against this install's trust and stage it (``install.stage``). Never raises for
    what the folder holds: the result says it, and the state file and the log keep it."""
    root, share = Path(root), Path(share)
    anchor = _anchor(root)
    if anchor is None:
        return _record(root, CheckResult(NO_TRUST))
    if not metadata_dir(share).is_dir() or not targets_dir(share).is_dir():
        return _record(root, CheckResult(UNREACHABLE, detail=str(share)))
    try:
        updater = Updater(str(Path(root) / METADATA_DIR), BASE + "metadata/",
                          str(Path(root) / DOWNLOADS_DIR), BASE + "targets/",
                          ShareFetcher(share), bootstrap=anchor)
        updater.refresh()
        release = _offered(updater)
        version = str(release["version"])
        newer = parse_version(version) > parse_version(running)
        if not newer:
            outcome = UP_TO_DATE if version == running else REFUSED
            return _record(root, CheckResult(outcome, version,
                                             "" if outcome == UP_TO_DATE else "rollback",
                                             f"{version} offered, {running} runs here"))
        if version in install.read_state(root).get("failed", {}):
            return _record(root, CheckResult(REFUSED, version, "failed_before"))
        info = updater.get_targetinfo(release["archive"])
        if info is None:
            raise tuf_errors.RepositoryError(f"{release['archive']} is not signed")
        archive = updater.find_cached_target(info) or updater.download_target(info)
        schema = release.get("schema")
        install.stage(root, version, Path(archive),
                      schema=schema if isinstance(schema, int) else None)
        for path in (Path(root) / DOWNLOADS_DIR).glob("*"):  # the others: of no more use
            if path != Path(archive) and path.is_file():
                path.unlink(missing_ok=True)
        return _record(root, CheckResult(STAGED, version))
    except tuf_errors.DownloadError as exc:
        if isinstance(exc, tuf_errors.DownloadLengthMismatchError):
            return _record(root, CheckResult(REFUSED, None, "tampered", repr(exc)))
        return _record(root, CheckResult(UNREACHABLE, detail=repr(exc)))
    except (tuf_errors.RepositoryError, ValueError, KeyError, OSError) as exc:
        reason = refusal_of(exc)
        if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
            return _record(root, CheckResult(UNREACHABLE, detail=repr(exc)))
        return _record(root, CheckResult(REFUSED, None, reason, repr(exc)))


def _record(root: Path, result: CheckResult) -> CheckResult:
    """Keep *result* in the state file and the log (a refusal as a warning)."""
    entry = {"at": install.now_iso(), "outcome": result.outcome, "version": result.version,
             "reason": result.reason, "detail": result.detail[:300]}
    if result.outcome == REFUSED:
        log.warning("update refused (%s): %s %s", result.reason, result.version or "",
                    result.detail)
    else:
        log.info("update check: %s %s", result.outcome, result.version or "")
    try:
        install.note(root, last_check=entry)
    except OSError:
        log.warning("update state not written in %s", root, exc_info=True)
    return result


def ask_again(share: Path, version: str) -> None:
    """Admin's word that *version*, banned on some stations (its start-up check failed
    there), may be checked again: each station lifts its mark at its next look
    (:func:`lift_asked`). Only a release TUF verifies is ever checked again."""
    asked = asked_again(share)
    asked[version] = install.now_iso()
    write_atomic(Path(share) / AGAIN, json.dumps(asked))


def asked_again(share: Path) -> dict[str, str]:
    return {str(k): str(v) for k, v in read_json(Path(share) / AGAIN).items()}


def lift_asked(root: Path, share: Path) -> list[str]:
    """The bans Admin lifted (:func:`ask_again`) and this install has not yet."""
    asked = asked_again(share)
    return install.lift_bans(root, asked) if asked else []


def update_folder(db: str | None) -> Path | None:
    """The share's update folder: ``ULT_UPDATE_DIR``, else ``updates`` beside the office
    file (None for a server office without the variable)."""
    env = os.environ.get("ULT_UPDATE_DIR")
    if env:
        return Path(env)
    if not db or "://" in db:
        return None
    return Path(db).parent / "updates"
