"""What an evaluator asks for, pure: the Standar Pelayanan's 14 components (PermenPANRB
15/2014: six on a service's row, jumlah pelaksana from the queue, the rest the office's,
set on Admin > Profil with their SK) and the complaint clocks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

#: (key, where it comes from: "service" row, "queue" record or "office" setting).
SP_COMPONENTS: tuple[tuple[str, str], ...] = (
    *((k, "service") for k in ("persyaratan", "prosedur", "jangka_waktu", "biaya", "produk",
                               "penanganan_pengaduan")),
    *((k, "office") for k in ("dasar_hukum", "sarana", "kompetensi", "pengawasan")),
    ("jumlah_pelaksana", "queue"),
    *((k, "office") for k in ("jaminan_pelayanan", "jaminan_keamanan", "evaluasi")))
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
    """The 14 components of *service* (a ``db.house.office.Service``): present or missing."""
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


#: A LAPOR! report is finished by its category, in working days from its receipt: a
#: request for information or a complaint 5, a dispute without a field check 14, with
#: one 60; whatever the category, a follow-up plan within 5.
LAPOR_DAYS = {"informasi": 5, "pengaduan": 5, "sengketa": 14, "sengketa_lapangan": 60}
LAPOR_PLAN_DAYS = 5
#: The back-office desk warns from this many working days before a LAPOR! deadline.
LAPOR_WARN_DAYS = 2


def lapor_clock(calendar, received: date, category: str, today: date, *,
                plan_on: date | None = None, done_on: date | None = None) -> dict:
    """A LAPOR! report's two deadlines on the office's *calendar* (``core.workdays``:
    holidays and cuti bersama are not counted) and where each stands: ``met`` or
    ``late`` once given (*plan_on*, *done_on*), else ``running``, ``warn`` (within
    :data:`LAPOR_WARN_DAYS`) or ``overdue``."""
    plan_due = calendar.add_working_days(received, LAPOR_PLAN_DAYS)
    done_due = calendar.add_working_days(received, LAPOR_DAYS[category])

    def state(due: date, on: date | None) -> str:
        if on is not None:
            return "met" if on <= due else "late"
        if today > due:
            return "overdue"
        return "warn" if calendar.working_days_between(today, due) <= LAPOR_WARN_DAYS \
            else "running"
    return {"category": category, "plan_due": plan_due, "done_due": done_due,
            "plan": state(plan_due, plan_on), "done": state(done_due, done_on)}




def lapor_steps(received: date, answered: date | None,
                told: Iterable[date | None]) -> tuple[date | None, date | None]:
    """A LAPOR! report's (plan, outcome) days for :func:`lapor_clock`, the one rule of the
    desk's warnings and the reports: the plan is the case's first answer; the outcome the
    first day the complainant was *told* (a call-back, the explanation at the desk, the
    case closed), not before the plan, and none without one; neither before *received*."""
    plan = max(answered, received) if answered else None
    days = [max(d, received) for d in told if d]
    return plan, max(min(days), plan) if days and plan is not None else None
