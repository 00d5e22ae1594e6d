"""Version strings as the program, the build and the installer read them.

``0.3.0rc1``, ``0.3.0-beta.2``, ``0.3.0.dev4``: a pre-release sorts before its release
(PEP 440's order); unknown text never raises."""

from __future__ import annotations

import re

_VERSION = re.compile(r"^\s*v?(\d+(?:\.\d+)*)(?:[-_.]?([a-z]+)[-_.]?(\d*))?", re.IGNORECASE)
#: Pre-release tags, earliest first; a release (no tag) sorts after all of them.
_TAGS = {"dev": 0, "a": 1, "alpha": 1, "b": 2, "beta": 2, "c": 3, "rc": 3, "pre": 3,
         "preview": 3}


def parse_version(text: str) -> tuple:
    """A tuple that sorts versions in release order: ``(numbers, tag rank, tag number)``;
    text without a leading number sorts first."""
    match = _VERSION.match(str(text or ""))
    if not match:
        return ((0,), -1, 0)
    numbers = tuple(int(p) for p in match.group(1).split("."))
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers = numbers[:-1]
    tag = (match.group(2) or "").lower()
    if not tag or tag in ("post", "final"):
        return (numbers, len(_TAGS) + 1, 0)
    return (numbers, _TAGS.get(tag, 0), int(match.group(3) or 0))


def file_version(text: str) -> tuple[int, int, int, int]:
    """The four numbers a Windows VERSIONINFO needs (``0.3.0rc1`` -> ``(0, 3, 0, 0)``)."""
    match = _VERSION.match(str(text or ""))
    numbers = [int(p) for p in match.group(1).split(".")] if match else []
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


