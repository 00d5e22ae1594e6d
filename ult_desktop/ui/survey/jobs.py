"""The survey screens' worker-side functions (run on their Station worker, never on the
GUI thread); the answers themselves go through ``app/survey_queue.py``."""

from __future__ import annotations

from ult_desktop.core.dates import office_today
from ult_desktop.db import office


def office_month(db) -> str:
    """This month on the office's clock, as ``2026-04``."""
    return f"{office_today(office.get_settings(db, 'timezone')['timezone']):%Y-%m}"
