"""Officer PINs: the policy a new PIN must meet, and scrypt hashes that carry their cost.

A hash made with the office's PIN key (never in the shared file,
:mod:`ult_desktop.core.pin_box`) mixes it in (HMAC-SHA512), so neither its check value
nor its seal can be searched from the file. Hashes carry their parameters, so an older
cost still verifies and :func:`needs_rehash` upgrades it at login; the cost is never read
from the file. The policy (:func:`pin_problem`): docs/security.md."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Cost:
    """scrypt parameters: CPU/memory cost *n* (a power of two), block size *r*,
    parallelism *p*. Memory used is about 128 * n * r bytes."""

    n: int
    r: int
    p: int


#: ~250 ms (idle) and 64 MiB per hash on the reference PC (bench ``pin_hash_ms``); was 2**14
#: (~55 ms) before; hashes of that cost are upgraded at the next login.
PRODUCTION_COST = Cost(n=2**16, r=8, p=1)
#: Hashes asking for more than this are refused (a planted hash must not eat the RAM).
_MAX_MEMORY = 256 * 2**20
_MAX_P = 16

_cost = PRODUCTION_COST

MIN_DIGITS, MAX_DIGITS = 4, 12
#: Default minimum length per role; office settings can only raise these.
ROLE_MIN_DEFAULT = {"admin": 6, "supervisor": 6}
STAFF_MIN_DEFAULT = 6
PRIVILEGED_ROLES = frozenset(ROLE_MIN_DEFAULT)

#: Keypad shapes and other PINs people pick first (columns, diagonals, mirrored runs).
_COMMON = frozenset({
    "2580", "0852", "1470", "0741", "3690", "0963", "1379", "1397", "7931", "9731",
    "1590", "1357", "2468", "8642", "7531", "147258", "258369", "369258", "852741",
    "159357", "753951", "123321", "321123", "112233", "111222", "147369", "789456",
    "456123", "123654", "142536", "696969", "147258369", "987654321",
})


def set_cost_for_tests(cost: Cost | None) -> None:
    """Use a cheaper *cost* for new hashes (None: production); for tests/conftest.py only."""
    global _cost
    _cost = cost or PRODUCTION_COST


def current_cost() -> Cost:
    """The cost new hashes are made with."""
    return _cost


def hash_pin(pin: str, floor: Cost | None = None, key: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash$seal`` for *pin* (4–12 digits, else ValueError); no policy.
    *seal* is the public half of the officer's sign-in key (:func:`seal_of`): the second
    half of the same scrypt output is its private half, so only the PIN opens it.
    *floor*: an older hash's cost, never gone below. *key*: the office's PIN key, mixed
    into both halves (``...$seal$key id``): only with the PIN *and* the key do they open."""
    if not (isinstance(pin, str) and pin.isascii() and pin.isdigit()
            and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise ValueError("PIN must be 4 to 12 digits")
    cost = _cost if floor is None else Cost(max(_cost.n, floor.n), max(_cost.r, floor.r),
                                            max(_cost.p, floor.p))
    salt = secrets.token_bytes(16)
    derived = _keyed(_scrypt(pin, salt, cost, 64), key)
    return f"scrypt${cost.n}${cost.r}${cost.p}${salt.hex()}${derived[:32].hex()}$" \
        f"{_public(derived[32:]).hex()}" + (f"${key_id(key)}" if key else "")


def key_id(key: bytes) -> str:
    """A short name of the office's PIN key, carried by the hashes made with it (it says
    which key a PC needs; it tells nothing about the key)."""
    return hashlib.sha256(b"ult-pin-key-id|" + key).hexdigest()[:16]


def keyed_by(stored: str) -> str | None:
    """The :func:`key_id` a hash was made with; None: made without the office's PIN key."""
    parts = stored.split("$") if isinstance(stored, str) else []
    return parts[7] if len(parts) == 8 else None


def _keyed(derived: bytes, key: bytes | None) -> bytes:
    return hmac.new(key, b"ult-pin|" + derived, "sha512").digest() if key else derived


def hash_cost(stored: str) -> Cost | None:
    """The parameters of a stored hash, ``None`` if it is not a usable scrypt hash."""
    try:
        algo, n, r, p = stored.split("$")[:4]
        if stored.count("$") not in (5, 6, 7):
            raise ValueError(stored)
        cost = Cost(int(n), int(r), int(p))
    except (ValueError, AttributeError):
        return None
    acceptable = cost.n > 1 and cost.n & (cost.n - 1) == 0 and 1 <= cost.r and \
        1 <= cost.p <= _MAX_P and 128 * cost.n * cost.r <= _MAX_MEMORY
    return cost if algo == "scrypt" and acceptable else None


def verify_pin(pin: str, stored: str, key: bytes | None = None) -> bool:
    """Constant-time check of *pin* against a value made by :func:`hash_pin` (at any
    cost up to the memory bound; a malformed or oversized hash never matches; one made
    with the office's PIN key matches only given that *key*)."""
    return open_pin(pin, stored, key) is not None


def open_pin(pin: str, stored: str, key: bytes | None = None) -> bytes | None:
    """The officer's sign-in key (its private half) if *pin* matches *stored*; ``b""``
    for a right PIN whose hash has no seal (made before seals); None: no match (or a
    hash made with the office's PIN key and this PC has not that *key*)."""
    cost = hash_cost(stored)
    wanted = keyed_by(stored)
    if cost is None or not isinstance(pin, str) or (
            wanted is not None and (not key or key_id(key) != wanted)):
        return None
    try:
        _, _, _, _, salt, digest, *seal = stored.split("$")
        expected = bytes.fromhex(digest)
        got = _scrypt(pin, bytes.fromhex(salt), cost, len(expected) + 32)
        got = _keyed(got, key) if wanted else got
    except ValueError:
        return None
    if not expected or not hmac.compare_digest(got[:len(expected)], expected):
        return None
    return got[len(expected):] if seal else b""


def seal_of(stored: str) -> bytes | None:
    """The public half of the sign-in key a hash carries (None: none, or malformed)."""
    parts = stored.split("$") if isinstance(stored, str) else []
    try:
        return bytes.fromhex(parts[6]) if len(parts) in (7, 8) and len(parts[6]) == 64 else None
    except ValueError:
        return None


def sign_in_message(key: str | None, username: str, counter: object, at: str) -> bytes:
    """What an officer's sign-in key signs at a sign-in: the station's key, the officer,
    the desk and the time, so that a proof made at one PC proves nothing at another."""
    return f"ult-sign-in|{key}|{username}|{counter}|{at}".encode()


def sign(private: bytes, message: bytes) -> str:
    """The hex Ed25519 signature of *message* by the sign-in key *private*."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(private).sign(message).hex()


def _public(private: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)


def needs_rehash(stored: str, key: bytes | None = None) -> bool:
    """True when *stored* is weaker than the current cost in any parameter, or made
    without the office's PIN *key* this PC has (it is then rewritten at the next
    successful login); a stronger hash is never downgraded."""
    cost = hash_cost(stored)
    return cost is None or seal_of(stored) is None or cost.n < _cost.n or cost.r < _cost.r \
        or cost.p < _cost.p or (bool(key) and keyed_by(stored) is None)


def _scrypt(pin: str, salt: bytes, cost: Cost, dklen: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=cost.n, r=cost.r, p=cost.p,
                          dklen=dklen, maxmem=2 * _MAX_MEMORY)


# -- policy ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PinProblem:
    """Why a PIN is refused: an i18n *key* and its *params*."""

    key: str
    params: Mapping[str, Any]


def min_length(role: str, settings: Mapping[str, Any] | None = None) -> int:
    """The shortest PIN *role* may have: its default, raised (never lowered, at most 12)
    by ``pin_min_length_admin`` (admin, supervisor) or ``pin_min_length``."""
    settings = settings or {}
    if role in PRIVILEGED_ROLES:
        default, key = ROLE_MIN_DEFAULT[role], "pin_min_length_admin"
    else:
        default, key = STAFF_MIN_DEFAULT, "pin_min_length"
    try:
        wanted = int(settings.get(key, default))
    except (TypeError, ValueError):
        wanted = default
    return min(MAX_DIGITS, max(default, wanted))


def pin_problem(pin: str, *, role: str, username: str = "",
                settings: Mapping[str, Any] | None = None) -> PinProblem | None:
    """``None`` when *pin* may be set for an officer *username* with *role*, otherwise
    the first reason it is refused."""
    if not (isinstance(pin, str) and pin.isascii() and pin.isdigit()):
        return PinProblem("pin.not_digits", {})
    shortest = min_length(role, settings)
    if len(pin) < shortest:
        return PinProblem("pin.too_short", {"min": shortest, "role": role})
    if len(pin) > MAX_DIGITS:
        return PinProblem("pin.too_long", {"max": MAX_DIGITS})
    if len(set(pin)) == 1:
        return PinProblem("pin.repeated", {})
    if _is_run(pin, 1) or _is_run(pin, -1):
        return PinProblem("pin.sequence", {})
    if _repeats_block(pin):
        return PinProblem("pin.pattern", {})
    if _from_username(pin, username):
        return PinProblem("pin.username", {})
    if pin in _COMMON:
        return PinProblem("pin.common", {})
    return None


def _is_run(pin: str, step: int) -> bool:
    """Each digit is the previous one +step, modulo 10 (7890, 0987, 901234)."""
    return all((int(b) - int(a)) % 10 == step % 10 for a, b in zip(pin, pin[1:], strict=False))


def _repeats_block(pin: str) -> bool:
    """The PIN is a shorter block repeated (1212, 123123, 100100); a partial last block
    counts too (12121)."""
    return any(all(pin[i] == pin[i % size] for i in range(len(pin)))
               for size in range(1, len(pin) // 2 + 1))


def _from_username(pin: str, username: str) -> bool:
    runs = re.findall(r"\d+", username or "")
    return any(pin in run or (len(run) >= MIN_DIGITS and run in pin) for run in runs)
