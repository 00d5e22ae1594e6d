"""What an evaluator asks for: the Standar Pelayanan's 14 components
(PermenPANRB 15/2014) and the complaint clocks, pure.

The 14 components: six the visitor sees (*penyampaian pelayanan*), eight the office
manages (*pengelolaan pelayanan*). A service's row carries the first six; jumlah
pelaksana comes from the queue (officers and counters that served it); the rest are the
office's, set once for every service on Admin > Profil with the SK that adopted them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

#: (key, where it comes from): "service" (the service's row), "queue" (counted from the
#: record) or "office" (the office's Standar Pelayanan setting).
SP_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("persyaratan", "service"),
    ("prosedur", "service"),
    ("jangka_waktu", "service"),
    ("biaya", "service"),
    ("produk", "service"),
    ("penanganan_pengaduan", "service"),
    ("dasar_hukum", "office"),
    ("sarana", "office"),
    ("kompetensi", "office"),
    ("pengawasan", "office"),
    ("jumlah_pelaksana", "queue"),
    ("jaminan_pelayanan", "office"),
    ("jaminan_keamanan", "office"),
    ("evaluasi", "office"),
)
SP_KEYS = tuple(k for k, _where in SP_COMPONENTS)
#: The office-level components and the SK, as kept in the ``standar_pelayanan`` setting.
SP_OFFICE_KEYS = ("sk_number", "sk_date", *(k for k, where in SP_COMPONENTS
                                           if where == "office"))


@dataclass(frozen=True)
class SpItem:
    key: str
    present: bool
    value: str          # what the office wrote (or counted), "" when missing


def sp_items(service: Any, staff: int, office_sp: Mapping[str, Any]) -> list[SpItem]:
    """The 14 components of *service* (a ``db.office.Service``): present or missing."""
    out = []
    for key, where in SP_COMPONENTS:
        if where == "queue":
            value = str(staff) if staff else ""
        elif key == "jangka_waktu":
            days = getattr(service, "target_resolution_days", 0) or 0
            value = f"{days}" if days else ""
        elif where == "service":
            value = str(getattr(service, key, "") or "").strip()
        else:
            value = str(office_sp.get(key) or "").strip()
        out.append(SpItem(key, bool(value), value))
    return out


#: SP4N-LAPOR!'s clocks for a complaint, in working days from its receipt: a first
#: response, the follow-up, the outcome.
COMPLAINT_CLOCKS = (3, 5, 10)


@dataclass(frozen=True)
class ComplaintClock:
    """One complaint against the clocks: working days to each step, None while open."""

    received: date
    first_response_days: int | None
    resolved_days: int | None

    def met(self, clock: int, days: int | None, today_days: int) -> bool | None:
        """Whether the step came within *clock* working days (None: still open and not
        late yet; False once *today_days* passed the clock without it)."""
        if days is not None:
            return days <= clock
        return None if today_days <= clock else False
