"""The complaints on the one LAPOR! clock, and the CSV the SP4N-LAPOR! administrator
uploads (docs/reports.md). The evidence pack's complaints item reads the same list."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from ult_desktop.core.dates import stored_time
from ult_desktop.core.evidence import LAPOR_DAYS, lapor_clock, lapor_steps
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office
from ult_desktop.reports.export import as_text, write_rows
from ult_desktop.reports.verified import Verification, render_and_issue, stamp_csv


def complaints(conn: Connection, date_from: date, date_to: date, tz: str,
               today: date) -> list[dict]:
    """The complaints received *date_from*..*date_to* (request type *pengaduan*, and any
    case marked a SP4N-LAPOR! report), each with its LAPOR! ID and category (a complaint
    without one: *pengaduan*), working days to the first response and to the outcome
    (None: not yet) and its one clock (``core.evidence.lapor_clock``: the plan within 5
    working days, the outcome by the category's 5/14/60), the office calendar's."""
    calendar = OfficeCalendar.from_settings(office.read_settings(conn, ("extra_holidays",)))
    explained = dict(conn.execute("SELECT case_id, MIN(explained_at) FROM handovers WHERE "
                                  "case_id IS NOT NULL GROUP BY case_id").fetchall())
    out = []
    for r in conn.execute(
            "SELECT r.id, r.day, r.answer, r.lapor_id, r.channel, s.prefix, r.topic, "
            "r.question, c.id, c.answered_at, c.callback_done_at, c.closed_at, "
            "c.lapor_category FROM register_records r JOIN services s ON s.id = r.service_id "
            "LEFT JOIN cases c ON c.record_id = r.id WHERE (r.request_type = 'pengaduan' OR "
            "c.lapor_category IS NOT NULL) AND r.day BETWEEN ? AND ? ORDER BY r.day, r.id",
            (date_from.isoformat(), date_to.isoformat())).fetchall():
        received = date.fromisoformat(r[1])

        def on(stamp: str | None) -> date | None:
            moment = stored_time(stamp)  # (no time the app wrote: not a step taken)
            return local_time(moment, tz).date() if moment else None

        if r[8] is None:  # answered at the desk: first response and outcome together
            first = done = received if r[2] else None
        else:
            first, done = lapor_steps(received, on(r[9]),
                                      (on(r[10]), on(explained.get(r[8])), on(r[11])))
        category = r[12] if r[12] in LAPOR_DAYS else "pengaduan"
        clock = lapor_clock(calendar, received, category, today,
                            plan_on=first, done_on=done)

        def days(d: date | None, received: date = received) -> int | None:
            return None if d is None else calendar.working_days_between(received, d)

        out.append({"number": f"P-{r[0]:05d}",
                    "lapor_id": r[3] or "", "received": received,
                    "channel": r[4], "service": r[5], "topic": r[6] or "",
                    "complaint": r[7] or "", "answer": r[2] or "", "first_days": days(first),
                    "done_days": days(done), **clock})
    return out



#: The LAPOR! administrator's upload sheet (docs/reports.md): one complaint a row.
LAPOR_COLUMNS = ("nomor_ult", "id_lapor", "tanggal_diterima", "kanal", "layanan", "perihal",
                 "isi_pengaduan", "tindak_lanjut", "hari_kerja_tanggapan",
                 "hari_kerja_selesai", "status")


def export_lapor(db: Database, date_from: date, date_to: date, out: str | os.PathLike, *,
                 lang: str = "id") -> Path:
    """The complaints of *date_from*..*date_to* as the CSV the SP4N-LAPOR! administrator
    uploads: no name, phone or NIK; verified and recorded as issued like every report."""
    def read(conn: Connection) -> list[dict]:
        tz = office.read_settings(conn, ("timezone",))["timezone"]
        return complaints(conn, date_from, date_to, tz, local_time(utc_now(), tz).date())

    def render(tmp: Path, verification: Verification, record: Database) -> None:
        found = record.read(read)  # (reconciled first)
        write_rows(tmp, [LAPOR_COLUMNS, *as_text(
            (c["number"], c["lapor_id"], c["received"].isoformat(), c["channel"],
             c["service"], c["topic"], c["complaint"], c["answer"], c["first_days"],
             c["done_days"], "selesai" if c["done_days"] is not None else (
                 "ditanggapi" if c["first_days"] is not None else "diterima"))
            for c in found)])
        stamp_csv(tmp, verification, lang)

    return render_and_issue(db, Path(out), render, report="lapor", fmt="csv",
                            date_from=date_from, date_to=date_to)
