"""Officer PINs: hashed with scrypt (a slow, memory-hard KDF), never stored plain."""

from __future__ import annotations

import hashlib
import hmac
import secrets

_N, _R, _P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    """Return ``scrypt$n$r$p$salt$hash`` for *pin* (4–12 digits)."""
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ValueError("PIN must be 4 to 12 digits")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time check of *pin* against a value made by :func:`hash_pin`."""
    try:
        algo, n, r, p, salt, digest = stored.split("$")
        if algo != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(bytes.fromhex(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)
