"""The SKM follow-up plan (rencana tindak lanjut): what the office will do about a
weak unsur, in the shared file. The report of the next period shows what was done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ult_desktop.core import skm
from ult_desktop.core.numbering import utc_now as _utc_now
from ult_desktop.db import errors
from ult_desktop.db.engine import port
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record.events import append_event, iso

#: Event kind when the follow-up plan changes.
FOLLOWUP_CHANGED = "skm_followup_changed"
#: Status of a follow-up action.
FOLLOWUP_STATES = ("planned", "in_progress", "done", "dropped")


@dataclass(frozen=True)
class FollowUp:
    """One action the office plans for a weak unsur."""

    id: int
    report_period: str          # the report it answers: '2026' or '2026-S1'
    service_id: int | None      # None: the whole office
    element: int                # 1..9
    action: str
    owner: str
    target_period: str
    status: str                 # planned | in_progress | done | dropped
    note: str


def save_followup(db: Database, *, report_period: str, element: int, action: str,
                  owner: str = "", target_period: str = "", status: str = "planned",
                  note: str = "", service_id: int | None = None, followup_id: int | None = None,
                  now: datetime | None = None) -> int:
    """Add (or, with *followup_id*, change) a follow-up action; returns its id.
    :raises RuleViolation: an empty action, an unknown unsur, status or period."""
    action = (action or "").strip()
    if not action or not 1 <= int(element) <= skm.ELEMENT_COUNT or status not in FOLLOWUP_STATES:
        raise errors.RuleViolation("skm.error.followup_invalid")
    skm.ReportPeriod.parse(report_period)
    stamp = iso(now or _utc_now())
    values = {"report_period": report_period, "service_id": service_id,
              "element": int(element), "action": action, "owner": owner.strip(),
              "target_period": target_period.strip(), "status": status, "note": note.strip()}

    def tx(conn: Connection) -> int:
        if followup_id is None:
            fid = port.insert_row(conn, "skm_followups",
                                  {**values, "created_at": stamp, "updated_at": stamp})
        else:
            cur = conn.execute(
                f"UPDATE skm_followups SET {', '.join(f'{k} = ?' for k in values)}, "
                "updated_at = ? WHERE id = ?", (*values.values(), stamp, followup_id))
            if cur.rowcount == 0:
                raise errors.NotFound("skm.error.followup_missing")
            fid = followup_id
        append_event(conn, db.station, FOLLOWUP_CHANGED, at=now,
                     data={"id": fid, "status": status, "element": int(element)})
        return fid

    return db.write(tx)


def delete_followup(db: Database, *, followup_id: int) -> None:
    """Remove a follow-up action recorded by mistake."""
    def tx(conn: Connection) -> None:
        conn.execute("DELETE FROM skm_followups WHERE id = ?", (followup_id,))
        append_event(conn, db.station, FOLLOWUP_CHANGED, data={"id": followup_id,
                                                             "deleted": True})
    db.write(tx)


def read_followups(conn: Connection, *, report_period: str | None = None) -> list[FollowUp]:
    """Follow-up actions, of one report period or all, oldest first."""
    sql = "SELECT * FROM skm_followups"
    params: tuple[str, ...] = ()
    if report_period is not None:
        sql, params = sql + " WHERE report_period = ?", (report_period,)
    return [FollowUp(**{k: r[k] for k in FollowUp.__dataclass_fields__}) for r in
            conn.execute(sql + " ORDER BY report_period, element, id", params).fetchall()]
