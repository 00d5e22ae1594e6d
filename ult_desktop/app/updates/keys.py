"""The key ceremony: who may sign an update (TUF roles, python-tuf's metadata API).

Four Ed25519 keys. The **root** key signs the list of the other keys; it is written
sealed with a passphrase (PKCS#8, the best encryption ``cryptography`` offers) to a file
for the IT officer's stick and never stays on a PC. The **snapshot** and **timestamp**
keys sign the folder's freshness and live on the admin PC in ``update-keys.json``
(sealed for that Windows account, ``localfiles.write_private``) with the admin's
**targets** key. The targets role, which names the releases, needs :data:`THRESHOLD`
signatures of its keys: the admin PC's, the root key's, and each second person's
(:func:`add_signer`, sealed on that person's stick), so the admin PC's keys alone,
stolen, ship no code: every release also needs the root stick or a second person.
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
#: Signatures a release's targets metadata needs (TUF's role threshold): the admin PC's
#: and the root stick's or a second person's.
THRESHOLD = 2
#: The root's field naming the second persons' keys (kept by a rotation of the admin's).
PEOPLE = "x-ult-release-signers"
KEYS_FILE = "update-keys.json"
#: How long a root stays valid: renewed with ``release keys rotate`` before it ends.
ROOT_DAYS = 3 * 365


class KeyProblem(Exception):
    """A key file that cannot be used (missing, wrong passphrase, not ours)."""


class NotAReleaseKey(KeyProblem):
    """A key the office's root names for no release (*keyid*)."""

    def __init__(self, keyid: str) -> None:
        super().__init__(f"key {keyid} is none of the office's release keys")
        self.keyid = keyid


@dataclass(frozen=True)
class Ceremony:
    """What ``release keys init`` made: the sealed root key's file, the keys folder,
    and the key id of each role (to read aloud and write down)."""

    root_key: Path
    keys_dir: Path
    key_ids: dict[str, str]


def default_dir() -> Path:
    """The admin PC's keys folder (its record of what it published beside them): in its
    data folder, never on the share."""
    from ult_desktop.app.paths import user_data_dir

    return user_data_dir() / "release-keys"


def expiry(now: datetime, days: int) -> datetime:
    """*days* after *now*, to the second: when a metadata signed now expires."""
    return (now + timedelta(days=days)).replace(microsecond=0)


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


def numbered_roots(folder: Path) -> list[Path]:
    """The ``N.root.json`` files in *folder*, oldest (lowest N) first."""
    numbered = [p for p in Path(folder).glob("*.root.json") if p.name.split(".")[0].isdigit()]
    return sorted(numbered, key=lambda p: int(p.name.split(".")[0]))


def newest_root(folder: Path) -> Metadata:
    """The highest ``N.root.json`` in *folder*; :raises KeyProblem: none there."""
    numbered = numbered_roots(folder)
    if not numbered:
        raise KeyProblem(f"no root metadata in {folder}")
    return Metadata.from_bytes(numbered[-1].read_bytes())


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
    root = Root(expires=expiry(now, ROOT_DAYS),
                consistent_snapshot=True)
    for role, signer in signers.items():
        root.add_key(signer.public_key, role)
    _second_signature(root, signers["root"])
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
    kept = {root_key.public_key.keyid, *people(root)}  # a second person's stay
    for role in ONLINE_ROLES:
        for keyid in list(signed.roles[role].keyids):
            if role != "targets" or keyid not in kept:
                signed.revoke_key(keyid, role)
        signed.add_key(CryptoSigner(private[role]).public_key, role)
    _second_signature(signed, root_key)
    md = _next_root(signed, root_key, now)
    write_online_keys(keys_dir, private)
    write_root(keys_dir, md)
    return md


def _second_signature(root: Root, root_key: CryptoSigner) -> None:
    """The targets role needs :data:`THRESHOLD` signatures, the root key's among those
    that count (a root from before: made so by its next rotation)."""
    if root_key.public_key.keyid not in root.roles["targets"].keyids:
        root.add_key(root_key.public_key, "targets")
    root.roles["targets"].threshold = THRESHOLD


def _next_root(signed: Root, root_key: CryptoSigner, now: datetime) -> Metadata:
    signed.version += 1
    signed.expires = expiry(now, ROOT_DAYS)
    md = Metadata(signed)
    md.sign(root_key)
    return md


def people(root: Metadata) -> dict[str, str]:
    """The second persons' release keys the root names: key id -> name."""
    named = root.signed.unrecognized_fields.get(PEOPLE)
    return dict(named) if isinstance(named, dict) else {}


def add_signer(root: Metadata, root_key: CryptoSigner, keys_dir: Path, out: Path,
               passphrase: str, name: str) -> tuple[Metadata, str]:
    """A second person's release key: made, sealed with *passphrase* at *out* (their
    stick; refused if a file is there), and named a targets key in a new root (version
    + 1, signed by the root key) written to *keys_dir*. Returns the root and the key id.
    :raises FileExistsError: a file at *out*; :raises KeyProblem: not the root key, or
    a short passphrase."""
    out = Path(out)
    if out.exists():
        raise FileExistsError(out)
    if len(passphrase) < 12:
        raise KeyProblem("the passphrase needs at least 12 characters")
    signed = root.signed
    if root_key.public_key.keyid not in signed.roles["root"].keyids:
        raise KeyProblem("this root key is not the office's root key")
    key = new_key()
    keyid = CryptoSigner(key).public_key.keyid
    signed.add_key(CryptoSigner(key).public_key, "targets")
    signed.unrecognized_fields[PEOPLE] = {**people(root), keyid: name}
    _second_signature(signed, root_key)
    md = _next_root(signed, root_key, datetime.now(timezone.utc))
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, pem(key, passphrase))
    write_root(keys_dir, md)
    return md, keyid


def signatures_short(root: Metadata, md: Metadata) -> int:
    """How many more signatures of its keys *md* (a targets metadata) needs under
    *root* before a station takes it (0: enough)."""
    result = root.signed.get_verification_result(
        "targets", md.signed_bytes, md.signatures)
    return max(0, result.threshold - len(result.signed))
