"""This PC's station key: the Ed25519 key that signs every event it writes (issue #12).

The private key lives only on this PC, in the user data folder (never on the share),
sealed with :func:`ult_desktop.app.localfiles.write_private` (DPAPI on Windows, 0600
elsewhere). The public half sits next to it in plain text, so a station knows its key
id without unsealing anything; the private key is read on the first signature.

An admin registers the public key in the shared file (admin Stations page, or
``ult-desktop station-key approve``); until then the station's events are signed but
reported as "signed by a key no admin registered". See docs/security.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ult_desktop.app import localfiles
from ult_desktop.app.paths import user_data_dir
from ult_desktop.db.audit import fingerprint, key_id_of
from ult_desktop.db.events import set_process_signer

PRIVATE_NAME = "station-key.bin"
PUBLIC_NAME = "station-key.pub.json"


def key_dir() -> Path:
    """``$ULT_KEY_DIR`` when set, else ``<user data dir>/keys``."""
    explicit = os.environ.get("ULT_KEY_DIR")
    return Path(explicit) if explicit else user_data_dir() / "keys"


class StationKey:
    """A :class:`~ult_desktop.db.events.Signer` backed by this PC's key files."""

    def __init__(self, folder: Path, key_id: str, public_key: bytes):
        self.folder = folder
        self.key_id = key_id
        self.public_key = public_key
        self._private = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)

    def sign(self, data: bytes) -> bytes:
        if self._private is None:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            raw = localfiles.read_private(self.folder / PRIVATE_NAME)
            self._private = Ed25519PrivateKey.from_private_bytes(raw)
        return self._private.sign(data)


def load_key(folder: Path | None = None) -> StationKey | None:
    """This PC's key, or ``None`` if it has none (or its public file is unreadable)."""
    folder = folder or key_dir()
    try:
        info = json.loads((folder / PUBLIC_NAME).read_text(encoding="utf-8"))
        public = bytes.fromhex(info["public_key"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (folder / PRIVATE_NAME).exists() or key_id_of(public) != info.get("key_id"):
        return None
    return StationKey(folder, info["key_id"], public)


def create_key(folder: Path | None = None) -> tuple[StationKey, bool]:
    """This PC's key, made now if it has none; ``(key, created)``. Never replaces a key."""
    folder = folder or key_dir()
    existing = load_key(folder)
    if existing is not None:
        return existing, False
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
    return StationKey(folder, key_id, public), True


def install(folder: Path | None = None, *, create: bool = False) -> StationKey | None:
    """Make this PC's key sign every event written from now on (``create``: make one
    first if there is none). Returns the key, or ``None`` (events stay unsigned)."""
    key = create_key(folder)[0] if create else load_key(folder)
    set_process_signer(key)
    return key
