"""The survey screens' worker-side functions (run on their Station worker, never on the
GUI thread); the answers themselves go through ``app/survey_queue.py``."""

from __future__ import annotations

from ult_desktop.core.dates import office_today
from ult_desktop.core.numbering import utc_now
from ult_desktop.db.house import office
from ult_desktop.db.survey import skm as skm_db


def survey_start(db, *, ticket_code: str):
    """The visit a code is for, and whether the SPAK items follow the nine: one read."""
    return db.read(lambda conn: (
        skm_db.read_survey_ticket(conn, ticket_code, utc_now()),
        bool(office.read_settings(conn, ("spak_enabled",))["spak_enabled"])))


def office_month(db) -> str:
    """This month on the office's clock, as ``2026-04``."""
    return f"{office_today(office.get_settings(db, 'timezone')['timezone']):%Y-%m}"
