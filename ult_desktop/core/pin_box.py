"""The office's PIN key, given by an admin PC to one station through the shared file.

The PIN key (mixed into every PIN hash, :mod:`ult_desktop.core.pins`) never sits on the
share in the clear: it is sealed to the station key's public half (as X25519, an
ephemeral exchange, ChaCha20-Poly1305), so only that station's private key opens it.
See docs/security.md ("Hash cost")."""

from __future__ import annotations

import hashlib

_P = 2**255 - 19
_INFO = b"ult-pin-key-box|"


def x25519_public(ed_public: bytes) -> bytes:
    """The X25519 public key matching an Ed25519 public key (Montgomery u = (1+y)/(1-y))."""
    y = int.from_bytes(ed_public, "little") & ((1 << 255) - 1)
    u = (1 + y) * pow((1 - y) % _P, _P - 2, _P) % _P
    return u.to_bytes(32, "little")


def _x25519_private(ed_seed: bytes):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return X25519PrivateKey.from_private_bytes(hashlib.sha512(ed_seed).digest()[:32])


def _cipher(shared: bytes, eph: bytes, ed_public: bytes):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(hashes.SHA256(), 32, salt=None, info=_INFO + eph + ed_public).derive(shared)
    return ChaCha20Poly1305(key)


def seal_to(ed_public: bytes, secret: bytes) -> dict:
    """*secret* sealed to the station whose Ed25519 public key is *ed_public*."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes_raw()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(x25519_public(ed_public)))
    box = _cipher(shared, eph_public, ed_public).encrypt(bytes(12), secret, ed_public)
    return {"eph": eph_public.hex(), "box": box.hex()}


def open_sealed(ed_seed: bytes, ed_public: bytes, sealed: object) -> bytes | None:
    """The secret of :func:`seal_to` opened with the station's private key (its 32-byte
    Ed25519 seed); None if it is not for this key, or damaged."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    if not isinstance(sealed, dict):
        return None
    try:
        eph = bytes.fromhex(str(sealed.get("eph")))
        box = bytes.fromhex(str(sealed.get("box")))
        shared = _x25519_private(ed_seed).exchange(X25519PublicKey.from_public_bytes(eph))
        return _cipher(shared, eph, ed_public).decrypt(bytes(12), box, ed_public)
    except (ValueError, InvalidTag):
        return None
