"""Queue numbers (``A-001``) and the office day in the office's time zone."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

#: Indonesia's three zones have no daylight saving, so fixed offsets are exact.
OFFICE_ZONES: dict[str, timezone] = {
    name: timezone(timedelta(hours=hours), name)
    for name, hours in (("WIB", 7), ("WITA", 8), ("WIT", 9))}


def zone(name: str) -> timezone:
    try:
        return OFFICE_ZONES[name.upper()]
    except KeyError:
        raise ValueError(f"unknown office time zone {name!r}; use WIB, WITA or WIT") from None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def local_time(now_utc: datetime, tz: str) -> datetime:
    """*now_utc* (aware) as wall-clock time in the office zone *tz*."""
    return now_utc.astimezone(zone(tz))


def office_day(now_utc: datetime, tz: str) -> date:
    """The office's calendar day at *now_utc*: numbering restarts when it changes."""
    return local_time(now_utc, tz).date()


def format_number(prefix: str, seq: int) -> str:
    """``format_number("A", 7) == "A-007"``; numbers past 999 keep all digits."""
    if seq < 1:
        raise ValueError("queue numbers start at 1")
    return f"{prefix}-{seq:03d}"


def parse_number(number: str) -> tuple[str, int]:
    """``parse_number("a-7") == ("A", 7)``; also accepts ``A007``."""
    text = number.strip().upper().replace(" ", "")
    prefix, _, digits = text.partition("-")
    if not digits:
        prefix = text.rstrip("0123456789")
        digits = text[len(prefix):]
    if not prefix.isalpha() or not digits.isdigit():
        raise ValueError(f"not a queue number: {number!r} (expected e.g. A-012)")
    return prefix, int(digits)


def is_valid_prefix(prefix: str) -> bool:
    return len(prefix) in (1, 2) and prefix.isascii() and prefix.isalpha() and prefix.isupper()


#: The highest number of one service's day (four digits, as the paper and the TV show it).
MAX_SEQ = 9999


def is_office_number(number: object, prefixes=None) -> bool:
    """Whether *number* is a queue number exactly as :func:`format_number` writes it
    (1 .. :data:`MAX_SEQ`), with one of *prefixes* when given."""
    if not isinstance(number, str) or len(number) > 8:
        return False
    prefix, dash, digits = number.partition("-")
    if not dash or not is_valid_prefix(prefix) or not digits.isascii() or \
            not digits.isdigit() or not 1 <= int(digits) <= MAX_SEQ:
        return False
    return format_number(prefix, int(digits)) == number and \
        (prefixes is None or prefix in prefixes)


#: Ticket codes (QR, survey, reprint) use no 0/O or 1/I: read aloud and typed safely.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: The random part of a code: 40 bits, so a code cannot be guessed from another.
CODE_RANDOM_LEN = 8


def random_part() -> str:
    """A code's random part (32 letters divide 256: every letter as likely)."""
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)]
                   for b in secrets.token_bytes(CODE_RANDOM_LEN))


def ticket_code(random_part: str, ticket_id: int) -> str:
    """A ticket's code: *random_part* (the secret), then the ticket's id in the code
    alphabet (unique, and a lookup needs no index of its own)."""
    if len(random_part) != CODE_RANDOM_LEN or ticket_id < 1:
        raise ValueError("a code is 8 random characters and a positive ticket id")
    digits = ""
    n = ticket_id
    while n:
        n, d = divmod(n, len(CODE_ALPHABET))
        digits = CODE_ALPHABET[d] + digits
    return random_part + digits


#: A requester's code's seven characters after the random part are above this, an id below.
RECORD_CODE_BASE = len(CODE_ALPHABET) ** 6


def _code_number(code: str) -> int | None:
    text = (code or "").strip().upper()
    tail = text[CODE_RANDOM_LEN:]
    if not tail or any(c not in CODE_ALPHABET for c in text) or len(tail) > 7:
        return None
    n = 0
    for c in tail:
        n = n * len(CODE_ALPHABET) + CODE_ALPHABET.index(c)
    return n


def code_ticket_id(code: str) -> int | None:
    """The ticket id a code carries, or None (an older code, a requester's, or no code)."""
    n = _code_number(code)
    return n if n is not None and n < RECORD_CODE_BASE else None


def remote_code(choice: Callable[[str], str]) -> str:
    """A phone or online requester's survey code (drawn with *choice*): it names no record
    (found by its keyed hash); 15 characters, the ninth never the alphabet's first."""
    return ("".join(choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LEN))
            + choice(CODE_ALPHABET[1:]) + "".join(choice(CODE_ALPHABET) for _ in range(6)))


def is_record_code(code: str) -> bool:
    """Whether *code* is a phone or online requester's, not a ticket's."""
    n = _code_number(code)
    return n is not None and n >= RECORD_CODE_BASE
