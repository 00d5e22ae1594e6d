"""What this PC remembers about each office file, outside it (``trust.json`` by the key).

Anyone who can write the shared file can rewrite it whole, so it cannot vouch for itself.
Per file this PC keeps ``root`` (never taken from the file on first sight), ``founded``,
``keys``, ``seen`` (the newest event it verified) and ``breaks``. A station whose pinned
root differs from the file's refuses to write. See docs/security.md."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ult_desktop.app.localfiles import read_json, write_atomic
from ult_desktop.app.paths import APP_DIR_WINDOWS, user_data_dir
from ult_desktop.app.station_key import key_dir
from ult_desktop.core import chain
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.engine.sqlite_file import is_server_url
from ult_desktop.db.open import open_database
from ult_desktop.db.record import station_keys

log = logging.getLogger(__name__)

FILE_NAME = "trust.json"
VERSION = 1


def memory_path() -> Path:
    return key_dir() / FILE_NAME


def file_id(db_path: str | os.PathLike, *, as_given: bool = False) -> str:
    """The name a database file is remembered by: its absolute path as this OS compares
    paths (case-insensitive on Windows), a mapped drive's letter replaced by the share it
    stands for (``Z:\\ult.db`` and ``\\\\server\\ult\\ult.db`` are one file). *as_given*:
    the name before that replacement (memories written by earlier versions)."""
    text = os.fspath(db_path)
    if is_server_url(text):  # a server: its URL, as given
        from ult_desktop.app.db_secret import split

        # ... less its password: never written in clear, and the same server whether
        # the password is in the URL, masked (``db.target``) or in PGPASSWORD
        return split(text)[0]
    return os.path.normcase(os.path.abspath(text if as_given else share_path(text)))


def share_path(text: str) -> str:
    """*text* with a mapped network drive's letter replaced by its UNC path (Windows
    remembers the mapping even while the server is away); anything else as it is."""
    drive = re.match(r"^[A-Za-z]:(?=[\\/])", text)
    unc = drive_unc(drive.group(0)) if drive else None
    return unc.rstrip("\\/") + text[2:] if unc else text


@functools.lru_cache(maxsize=32)
def drive_unc(drive: str) -> str | None:
    """The ``\\\\server\\share`` the network drive *drive* (``Z:``) is mapped to for this
    Windows account (``WNetGetConnectionW``, asked once a process: the memory is read on
    every landing); None for a local drive or off Windows."""
    if os.name != "nt":
        return None
    import ctypes

    buffer = ctypes.create_unicode_buffer(1024)
    size = ctypes.c_ulong(len(buffer))
    try:
        found = ctypes.WinDLL("mpr").WNetGetConnectionW(drive, buffer, ctypes.byref(size))
    except OSError:
        return None
    return buffer.value if found == 0 and buffer.value.startswith("\\\\") else None


def journal_path(target: str | os.PathLike, station: str) -> Path:
    """Where this PC keeps a kiosk's journal of the record at *target* (``db/journals/journal.py``:
    tickets issued from held numbers until they land): one file per record and station,
    in the user's data folder (``$ULT_JOURNAL_DIR`` when set: the tests' own folder)."""
    import hashlib

    text = os.fspath(target)
    if not is_server_url(text):  # one file, however reached
        text = os.path.realpath(text)  # (a link or junction to the share's folder)
    # as given: the journal a kiosk already keeps is found again after this update
    digest = hashlib.sha256(file_id(text, as_given=True).encode("utf-8")).hexdigest()[:16]
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in station)[:40]
    folder = os.environ.get("ULT_JOURNAL_DIR") or user_data_dir() / "journal"
    return Path(folder) / f"{safe}-{digest}.sqlite"


WINDOWS_PROFILES = {"default", "default user", "all users", "public"}  # not a station's


def _listed(folder: Path) -> bool:
    """Whether *folder* is there; OSError when it is and this account may not list it."""
    try:
        os.scandir(folder).close()
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


def other_journal_folders(unreadable: list[Path] | None = None) -> tuple[Path, ...]:
    """Journal folders of this PC's other accounts that this one can read (Windows: the
    other profiles' ``AppData\\Local\\ULTDesktop\\journal``): a kiosk that ran as another
    account before holds paper tickets too. One this account may not read is added to
    *unreadable* (the self-test names it). None when a test or the office set
    ``$ULT_JOURNAL_DIR`` (one folder for every account)."""
    if os.environ.get("ULT_JOURNAL_DIR") or sys.platform != "win32":
        return ()
    own, found = (user_data_dir() / "journal").resolve(), []
    profiles = Path(os.environ.get("SystemDrive", "C:") + "\\", "Users")
    for profile in profiles.glob("*") if profiles.is_dir() else ():
        # the app's folder by its name, not this account's (``ULT_DATA_DIR`` moves only it)
        folder = profile / "AppData" / "Local" / APP_DIR_WINDOWS / "journal"
        try:
            if profile.name.lower() not in WINDOWS_PROFILES and folder.resolve() != own \
                    and _listed(folder):
                found.append(folder)
        except OSError:  # another account's folder this one may not read
            (unreadable if unreadable is not None else []).append(folder)
    return tuple(found)


@dataclass
class Memory:
    db: str
    root: str | None = None
    root_label: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    seen: dict | None = None
    breaks: list[dict] = field(default_factory=list)
    founded: bool = False

    def to_dict(self) -> dict:
        return {"root": self.root, "root_label": self.root_label, "keys": self.keys,
                "seen": self.seen, "breaks": self.breaks, "founded": self.founded}


def load(db_path: str | os.PathLike) -> Memory:
    """What this PC remembers of the file at *db_path* (nothing: an empty memory)."""
    files = read_json(memory_path()).get("files", {})
    entry = files.get(file_id(db_path)) or files.get(file_id(db_path, as_given=True), {})
    mem = Memory(db=file_id(db_path))
    if isinstance(entry, dict):
        mem.root = entry.get("root") or None
        mem.root_label = str(entry.get("root_label") or "")
        mem.keys = {str(k): str(v) for k, v in (entry.get("keys") or {}).items()}
        seen = entry.get("seen")
        mem.seen = seen if isinstance(seen, dict) else None
        mem.breaks = [b for b in entry.get("breaks") or [] if isinstance(b, dict)]
        mem.founded = entry.get("founded") is True
    if mem.root is None:
        mem.root = _station_file_root(db_path)
    return mem


def _station_file_root(db_path: str | os.PathLike) -> str | None:
    """The root the setup wrote into the station file, when that file names this db."""
    from ult_desktop.app.station_config import StationConfigError, load_station_config

    try:
        config = load_station_config()
    except StationConfigError:
        return None
    if config.root_key and config.db and file_id(config.db) == file_id(db_path):
        return config.root_key
    return None


_SAVING = threading.Lock()


def save(mem: Memory) -> None:
    """Write this PC's memory of one file (the other files' are kept). Never fails the
    caller: a memory that cannot be written is logged."""
    path = memory_path()
    with _SAVING:  # two stations of one process: neither loses the other's memory
        data = read_json(path)
        files = data.get("files") if isinstance(data.get("files"), dict) else {}
        files[mem.db] = mem.to_dict()
        try:
            write_atomic(path, json.dumps({"version": VERSION, "files": files}, indent=1,
                                          ensure_ascii=False), private=True)
        except OSError as exc:
            log.warning("could not write %s: %s", path, exc)


def pin_station_file(db_path: str | os.PathLike, root: str) -> None:
    """Also write the pin into the station file when that file names this db (setup)."""
    from ult_desktop.app.station_config import (
        StationConfigError,
        find_config,
        load_station_config,
        save_station_config,
    )

    path = find_config()
    if path is None:
        return
    try:
        config = load_station_config(path)
        if config.db and file_id(config.db) == file_id(db_path) and config.root_key != root:
            config.root_key = root
            save_station_config(config, path)
    except (StationConfigError, OSError, ValueError) as exc:
        log.warning("root of trust not written into %s: %s", path, exc)


def pin(mem: Memory, db_path: str | os.PathLike, root: tuple[str, str, int] | None) -> None:
    """Pin *root* (``station_keys.root_info``) for this file, here and in the station file."""
    if root is None:
        return
    mem.root, mem.root_label = root[0], root[1]
    save(mem)
    pin_station_file(db_path, root[0])


def trust_problem(db: Database, mem: Memory | None = None) -> errors.RootChanged | None:
    """Why this station must not write to *db* (its pinned root differs from the file's),
    or None. Nothing pinned: None, and nothing is pinned now (no trust on first use); what this PC reports then says "not verified against a known root"."""
    mem = mem or load(db.target)
    db.trust = mem.to_dict()  # what a report verifies its chain against (reports.verified)
    if mem.root is None:
        return None
    found = station_keys.root_info(db)
    if found is not None and found[0] == mem.root:
        return None
    return errors.RootChanged(
        pinned=chain.fingerprint(mem.root),
        found=chain.fingerprint(found[0]) if found else "-",
        label=found[1] if found else "-")


def pin_if_made_here(db: Database) -> None:
    """After an approval on this PC: when the office's root is now this PC's own key (the
    admin PC approving itself), it was made here, not taken: pin it (and ``db.trust``)."""
    signer = db.identity.signer
    root = station_keys.root_info(db)
    if signer is None or root is None or root[0] != signer.key_id:
        return
    mem = load(db.target)
    if mem.root is None:
        pin(mem, db.target, root)
    db.trust = mem.to_dict()


def remember_founded(db_path: str | os.PathLike) -> None:
    """A plain ``init`` made this file here: its first admin may be added on this PC."""
    mem = load(db_path)
    mem.founded = True
    save(mem)


def remember_break(mem: Memory, brk: dict) -> None:
    if not any(b.get("id") == brk.get("id") and b.get("expected") == brk.get("expected")
               for b in mem.breaks):
        mem.breaks.append(brk)


def remember_seen(mem: Memory, event_id: int, digest: bytes | str | None) -> None:
    if not event_id or not digest:
        return
    hexed = digest.hex() if isinstance(digest, bytes | bytearray | memoryview) else digest
    mem.seen = {"id": int(event_id), "hash": str(hexed), "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def judge_chain(db: Database, heads=(), root: str | None = None) -> dict:
    """The office's audit trail verified as this PC remembers it (``check`` and Admin >
    Audit): its pinned root, keys, newest verified event and breaks, and *root* given
    (pinned when nothing was); ``verify_chain``'s result with ``pinned`` (this PC's root)
    and ``unpinned`` (neither). A clean chain moves the memory on."""
    from ult_desktop.db.record.audit import verify_chain

    mem = load(db.target)
    result = verify_chain(db, anchors=heads, pinned_root=mem.root,
                          pinned_keys=mem.keys, witness=mem.seen, breaks=mem.breaks)
    if root and (result["root"] or {}).get("key") != root:
        found = result["root"]
        result["findings"].append({
            "event": found["event"] if found else 0, "problem": "root",
            "detail": "the file's root of trust is "
                      + (f"key {found['fingerprint']} ('{found['label']}')" if found
                         else "missing") + f", not {chain.fingerprint(root)} as given"})
        result["ok"] = False
    unpinned = mem.root is None and root is None
    if result["ok"]:
        if mem.root is None and root is not None:  # given, and the file's (checked above)
            mem.root, mem.root_label = result["root"]["key"], result["root"]["label"]
            pin_station_file(db.target, mem.root)
        if result["root"] and not unpinned:
            mem.keys.update({k["key"]: _public_hex(db, k["key"]) for k in result["keys"]})
            mem.keys = {k: v for k, v in mem.keys.items() if v}
        if result["head"]:
            remember_seen(mem, result["head"]["id"], result["head"]["hash"])
        save(mem)
    return {**result, "pinned": mem.root, "unpinned": unpinned}


def _public_hex(db: Database, key: str) -> str:
    """The registered public key of *key* as the chain's registration names it."""
    from ult_desktop.core.verifier import KEY_REGISTERED

    rows = db.query("SELECT e.data FROM station_keys k JOIN events e ON e.id = k.event_id "
                    "WHERE k.key_id = ? AND e.kind = ?", (key, KEY_REGISTERED))
    return str(chain.json_dict(rows[0][0]).get("public_key", "")) if rows else ""


def make_root_here(db_path: str | os.PathLike, *, admin: str, label: str = "Admin PC",
                   demo: bool = False) -> tuple[str, str, int] | None:
    """This PC's key (made now if needed) becomes the file's root of trust, approved by
    *admin*, and is pinned here: the demo office (``demo``, ``init --demo``), whose admin
    PC is this one. The caller has checked the admin (the demo's is known). *demo*: the
    demo officers' PINs are then hashed with the office's PIN key it made."""
    from ult_desktop.app.station_key import this_pc_key

    db = open_database(db_path, station=label, mode="admin", signer=this_pc_key(create=True))
    try:
        db.set_actor(admin)
        station_keys.make_root(db, label=label)
        if demo:
            from ult_desktop.db.house.setup import key_demo_pins

            key_demo_pins(db)
        root = station_keys.root_info(db)
        pin(load(db_path), db_path, root)
        return root
    finally:
        db.close()


def found_office(db_path: str | os.PathLike, *, username: str, name: str, pin_code: str,
                 label: str = "Admin PC") -> tuple[str, str, int] | None:
    """The first admin of a new office file, on the admin PC (``init --admin``, the setup
    wizard): *username* is added with *pin_code*, and this PC's key becomes the root of trust,
    approved by that admin and pinned here; never by a station approving itself.

    :raises RuleViolation: the file has an admin already, or the PIN is refused.
    :returns: the root (``station_keys.root_info``)."""
    from ult_desktop.app.station_key import this_pc_key
    from ult_desktop.db.house import office

    db = open_database(db_path, station=label, mode="admin", signer=this_pc_key())
    try:
        if any(r["role"] == "admin" and r["active"]  # (as the record holds them)
               for r in db.read(office.read_officer_rows)):
            raise errors.RuleViolation("setup.root.has_admin")
        office.add_officer(db, username=username, name=name, role="admin", pin=pin_code)
    finally:
        db.close()
    return make_root_here(db_path, admin=username.strip().lower(), label=label)
