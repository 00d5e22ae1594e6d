"""The key ceremony: who may sign an update (TUF roles, python-tuf's metadata API).

Four Ed25519 keys. The **root** key signs only the list of the other keys; it is written
sealed with a passphrase (PKCS#8, the best encryption ``cryptography`` offers) to a file
for the IT officer's stick and never stays on a PC. The **targets**, **snapshot** and
**timestamp** keys sign every release and the folder's freshness; they live on the admin
PC in ``update-keys.json`` (sealed for that Windows account, ``localfiles.write_private``).
``root.json`` and its numbered copies (``1.root.json`` ...) sit beside them: what a
release copies to the share and what an install gives a station as its trust."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata, Root
from tuf.api.serialization.json import JSONSerializer

from ult_desktop.app.localfiles import read_private, write_atomic, write_private

ONLINE_ROLES = ("targets", "snapshot", "timestamp")
KEYS_FILE = "update-keys.json"
#: How long a root stays valid: renewed with ``release keys rotate`` before it ends.
ROOT_DAYS = 3 * 365


class KeyProblem(Exception):
    """A key file that cannot be used (missing, wrong passphrase, not ours)."""


@dataclass(frozen=True)
class Ceremony:
    """What ``release keys init`` made: the sealed root key's file, the keys folder,
    and the key id of each role (to read aloud and write down)."""

    root_key: Path
    keys_dir: Path
    key_ids: dict[str, str]


def metadata_bytes(md: Metadata) -> bytes:
    return md.to_bytes(JSONSerializer(compact=False))


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def pem(key: Ed25519PrivateKey, passphrase: str | None = None) -> bytes:
    encryption = (serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
                  if passphrase else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             encryption)


def signer_of(data: bytes, passphrase: str | None = None) -> CryptoSigner:
    """A signer from a PEM key; :raises KeyProblem: wrong passphrase or not a key."""
    try:
        key = serialization.load_pem_private_key(
            data, passphrase.encode("utf-8") if passphrase else None)
    except (ValueError, TypeError) as exc:
        raise KeyProblem(str(exc)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem("not an Ed25519 key")
    return CryptoSigner(key)


def root_signer(path: Path, passphrase: str) -> CryptoSigner:
    """The offline root key from its sealed file; :raises KeyProblem: missing or the
    passphrase does not open it."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KeyProblem(str(exc)) from exc
    return signer_of(data, passphrase)


def online_signers(keys_dir: Path) -> dict[str, CryptoSigner]:
    """The admin PC's three day-to-day signers; :raises KeyProblem: no keys here."""
    try:
        keys = json.loads(read_private(Path(keys_dir) / KEYS_FILE))
    except (OSError, ValueError) as exc:
        raise KeyProblem(f"{Path(keys_dir) / KEYS_FILE}: {exc}") from exc
    return {role: signer_of(keys[role].encode("ascii")) for role in ONLINE_ROLES}


def write_online_keys(keys_dir: Path, keys: dict[str, Ed25519PrivateKey]) -> None:
    text = json.dumps({role: pem(k).decode("ascii") for role, k in keys.items()})
    write_private(Path(keys_dir) / KEYS_FILE, text)


def write_root(folder: Path, md: Metadata) -> None:
    """``N.root.json`` and ``root.json`` (the newest) into *folder*."""
    data = metadata_bytes(md)
    write_atomic(Path(folder) / f"{md.signed.version}.root.json", data)
    write_atomic(Path(folder) / "root.json", data)


def newest_root(folder: Path) -> Metadata:
    """The highest ``N.root.json`` in *folder*; :raises KeyProblem: none there."""
    numbered = [p for p in Path(folder).glob("*.root.json") if p.name.split(".")[0].isdigit()]
    if not numbered:
        raise KeyProblem(f"no root metadata in {folder}")
    newest = max(numbered, key=lambda p: int(p.name.split(".")[0]))
    return Metadata.from_bytes(newest.read_bytes())


def init_keys(root_key: Path, keys_dir: Path, passphrase: str) -> Ceremony:
    """Make the four keys and the first root: the root key sealed with *passphrase* at
    *root_key* (refused if a file is there), the others and ``1.root.json`` in
    *keys_dir*. :raises FileExistsError: a root key or keys already there."""
    root_key, keys_dir = Path(root_key), Path(keys_dir)
    if root_key.exists() or (keys_dir / KEYS_FILE).exists():
        raise FileExistsError(root_key if root_key.exists() else keys_dir / KEYS_FILE)
    if len(passphrase) < 12:
        raise KeyProblem("the passphrase needs at least 12 characters")
    now = datetime.now(timezone.utc)
    private = {"root": new_key(), **{role: new_key() for role in ONLINE_ROLES}}
    signers = {role: CryptoSigner(k) for role, k in private.items()}
    root = Root(expires=(now + timedelta(days=ROOT_DAYS)).replace(microsecond=0),
                consistent_snapshot=True)
    for role, signer in signers.items():
        root.add_key(signer.public_key, role)
    md = Metadata(root)
    md.sign(signers["root"])
    write_atomic(root_key, pem(private["root"], passphrase))
    write_online_keys(keys_dir, {r: private[r] for r in ONLINE_ROLES})
    write_root(keys_dir, md)
    return Ceremony(root_key, keys_dir,
                    {role: s.public_key.keyid for role, s in signers.items()})


def rotate_online_keys(root: Metadata, root_key: CryptoSigner, keys_dir: Path) -> Metadata:
    """A new root (version + 1, signed by the offline root key) naming three new
    day-to-day keys, written with those keys to *keys_dir*: what the IT officer does
    when the admin PC is gone or its keys may have leaked. The old keys sign nothing
    a station believes once it has read the new root."""
    now = datetime.now(timezone.utc)
    signed = root.signed
    if root_key.public_key.keyid not in signed.roles["root"].keyids:
        raise KeyProblem("this root key is not the office's root key")
    private = {role: new_key() for role in ONLINE_ROLES}
    for role in ONLINE_ROLES:
        for keyid in list(signed.roles[role].keyids):
            signed.revoke_key(keyid, role)
        signed.add_key(CryptoSigner(private[role]).public_key, role)
    signed.version += 1
    signed.expires = (now + timedelta(days=ROOT_DAYS)).replace(microsecond=0)
    md = Metadata(signed)
    md.sign(root_key)
    write_online_keys(keys_dir, private)
    write_root(keys_dir, md)
    return md
