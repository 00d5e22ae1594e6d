"""This PC's station key: the Ed25519 key that signs every event it writes.

The private key lives only on this PC (user data folder, never the share), sealed with
:func:`ult_desktop.app.localfiles.write_private`; the public half beside it in plain
text gives the key id without unsealing. An admin registers the public key in the shared
file (Stations page or ``ult-desktop station-key approve``); until then the events are
reported as signed by an unregistered key (docs/security.md).

A key that can no longer be unsealed (DPAPI after a password reset) or damaged files must
never stop the station issuing tickets: :func:`this_pc_key` sets them aside (renamed,
never deleted), makes a new key and records it in ``replaced.json``. A key file that
cannot be read *now* (antivirus, backup, access denied) is never replaced: the station
writes unsigned until it can read it again, since a new key would not be heard by the TV
nor match the record until registered."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path

from ult_desktop.app import localfiles
from ult_desktop.app.paths import user_data_dir
from ult_desktop.core.chain import fingerprint, key_id_of

log = logging.getLogger(__name__)

PRIVATE_NAME = "station-key.bin"
PUBLIC_NAME = "station-key.pub.json"
REPLACED_NAME = "replaced.json"
#: The office's PIN key (core/pin_box.py), sealed like the private key.
PIN_KEY_NAME = "pin-key.bin"
#: The office's survey-code key (``skm_code_salt``), sealed like the private key.
CODE_KEY_NAME = "code-key.bin"


def key_dir() -> Path:
    """``$ULT_KEY_DIR`` when set, else ``<user data dir>/keys``."""
    explicit = os.environ.get("ULT_KEY_DIR")
    return Path(explicit) if explicit else user_data_dir() / "keys"


class StationKey:
    """A :class:`~ult_desktop.db.engine.port.Signer` backed by this PC's key files."""

    def __init__(self, folder: Path, key_id: str, public_key: bytes):
        self.folder = folder
        self.key_id = key_id
        self.public_key = public_key
        self._private = None
        self._code: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)

    def unseal(self) -> None:
        """Read the private key now (it then stays in memory); :raises ValueError: sealed
        for another account / PC, or damaged; :raises OSError: it cannot be read."""
        if self._private is None:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            raw = localfiles.read_private(self.folder / PRIVATE_NAME)
            try:
                self._private = Ed25519PrivateKey.from_private_bytes(raw)
            except ValueError as exc:
                raise ValueError(f"not an Ed25519 key: {exc}") from exc
            if key_id_of(self._private.public_key().public_bytes_raw()) != self.key_id:
                self._private = None
                raise ValueError("private key does not match the public key file")

    def sign(self, data: bytes) -> bytes:
        self.unseal()
        return self._private.sign(data)

    def pin_key(self) -> bytes | None:
        """The office's PIN key as this PC keeps it (sealed beside its station key), None
        if it has none yet (``db.record.pin_key``)."""
        try:
            return localfiles.read_private(self.folder / PIN_KEY_NAME)
        except (OSError, ValueError):
            return None

    def keep_pin_key(self, secret: bytes) -> None:
        """Seal the office's PIN key on this PC (for this Windows account)."""
        localfiles.write_private(self.folder / PIN_KEY_NAME, secret)

    def code_key(self) -> str | None:
        """The office's survey-code key as this PC keeps it, None if it has none yet
        (``db.record.station_keys.office_code_key``); read once, then kept in memory."""
        if self._code is None:
            try:
                self._code = localfiles.read_private(self.folder / CODE_KEY_NAME).decode()
            except (OSError, ValueError):
                return None
        return self._code

    def keep_code_key(self, secret: str) -> None:
        """Seal the office's survey-code key on this PC (for this Windows account)."""
        localfiles.write_private(self.folder / CODE_KEY_NAME, secret.encode())
        self._code = secret

    def open_pin_key(self, sealed: object) -> bytes | None:
        """A secret an admin PC sealed to this key (``core.pin_box``): the office's PIN
        key, or its survey-code key."""
        from ult_desktop.core.pin_box import open_sealed

        self.unseal()
        return open_sealed(self._private.private_bytes_raw(), self.public_key, sealed)


def read_key(folder: Path) -> StationKey:
    """The key whose files are in *folder*.

    :raises FileNotFoundError: this PC has no key (neither file exists).
    :raises ValueError: a key file is damaged, or one of the two is missing.
    :raises OSError: a file cannot be read now (an antivirus holding it, access denied):
        the key is there and must be kept."""
    public_path, private_path = folder / PUBLIC_NAME, folder / PRIVATE_NAME
    try:
        text = localfiles.retry_transient(lambda: public_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if private_path.exists():
            raise ValueError("the public key file is missing") from None
        raise
    except UnicodeDecodeError as exc:
        raise ValueError(f"the public key file is damaged: {exc}") from exc
    try:
        info = json.loads(text)
        public = bytes.fromhex(info["public_key"])
        key_id = str(info["key_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"the public key file is damaged: {exc!r}") from exc
    if key_id_of(public) != key_id:
        raise ValueError("the public key file does not match its key id")
    if not private_path.exists():
        raise ValueError("the private key file is missing")
    return StationKey(folder, key_id, public)


def load_key(folder: Path | None = None) -> StationKey | None:
    """This PC's key, or ``None`` if it has none (or its files cannot be read now, or
    are damaged: :func:`create_key` tells those apart)."""
    try:
        return read_key(folder or key_dir())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("this PC's station key cannot be read: %s", exc)
        return None


def create_key(folder: Path | None = None) -> tuple[StationKey, bool]:
    """This PC's key, made now if it has none; ``(key, created)``. A key is made only
    where none exists: damaged key files are set aside first and the replacement is
    recorded (:func:`set_aside`, reported by the self-test).

    :raises OSError: the key files are there but cannot be read now (kept as they are),
        or a new key cannot be written."""
    folder = folder or key_dir()
    try:
        return read_key(folder), False
    except FileNotFoundError:
        pass
    except ValueError as exc:
        log.error("this PC's station key is damaged (%s): it is set aside and a new key is "
                  "made; an admin must register the new key", exc)
        set_aside(folder, None, f"damaged: {exc}")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = private.public_key().public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw)
    localfiles.write_private(folder / PRIVATE_NAME, raw)
    key_id = key_id_of(public)
    localfiles.write_atomic(folder / PUBLIC_NAME, json.dumps(
        {"key_id": key_id, "public_key": public.hex()}, indent=1))
    key = StationKey(folder, key_id, public)
    key._private = private
    return key, True


def set_aside(folder: Path, key: StationKey | None, reason: str) -> dict:
    """Rename the key files of *key* (None: too damaged to name it) to
    ``*.unreadable-<time>`` (kept for an expert) and record it in ``replaced.json``;
    returns that record. :raises OSError: the files cannot be renamed."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (PRIVATE_NAME, PUBLIC_NAME):
        path = folder / name
        if path.exists():
            localfiles.retry_transient(
                lambda p=path: os.replace(p, p.with_name(f"{p.name}.unreadable-{stamp}")))
    note = {"old_key_id": key.key_id if key else None,
            "old_fingerprint": key.fingerprint if key else "?",
            "at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "reason": reason[:200]}
    localfiles.write_atomic(folder / REPLACED_NAME, json.dumps(note, indent=1))
    return note


def replaced_note(folder: Path | None = None) -> dict | None:
    """What :func:`set_aside` recorded (the old key's fingerprint, when, why), or None."""
    return localfiles.read_json((folder or key_dir()) / REPLACED_NAME) or None


def _usable(folder: Path, key: StationKey | None) -> StationKey | None:
    """*key* unsealed, or a new key in place of one that can never be unsealed again (H1:
    sealed for another account, damaged), or None when the key cannot be read now (a
    transient error: it is kept, never replaced) or not even a new one can be made (the
    station then writes unsigned events: it keeps issuing tickets either way)."""
    if key is None:
        return None
    try:
        key.unseal()
        return key
    except OSError as exc:
        log.error("this PC's station key %s cannot be read now (%s): it is kept; events are "
                  "unsigned until it can be read", key.fingerprint, exc)
        return None
    except ValueError as exc:
        log.error("this PC's station key %s cannot be unsealed (%s): it is set aside and a "
                  "new key is made; an admin must register the new key", key.fingerprint, exc)
        try:
            set_aside(folder, key, f"{type(exc).__name__}: {exc}")
            new, _ = create_key(folder)
        except OSError:
            log.exception("no new station key could be made; events stay unsigned")
            return None
        log.warning("new station key %s made; register it (admin, Stations)", new.fingerprint)
        return new


def this_pc_key(folder: Path | None = None, *, create: bool = False) -> StationKey | None:
    """This PC's key, unsealed here, before any write (``create``: made first if there is
    none; one that can never be unsealed is replaced, H1; one that cannot be read now is
    kept and None is returned: events stay unsigned): the signer a station hands with
    each open (``db/open.py:open_database``), or a look at its fingerprint."""
    folder = folder or key_dir()
    if not create:
        return _usable(folder, load_key(folder))
    try:
        key = create_key(folder)[0]
    except OSError as exc:
        log.error("this PC's station key cannot be read or made now (%s): it is kept; "
                  "events are unsigned until it can be read", exc)
        return None
    return _usable(folder, key)

