#!/usr/bin/env python3
"""A follow-up visitor at the desk (docs/counter.md): Ratna checks in with her visit's
code and is called; the counter's list named her before the call, the desk names her and
her case (``..._waiting_...``: the list before the call). The whole X screen, window manager and all:

    python scripts/screenshots.py --only followup-desk
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "scenes")]

from screens import counter_signed_in, grab, wait  # noqa: E402

from ult_desktop.core.register import RecordInput  # noqa: E402
from ult_desktop.db.house.office import set_settings  # noqa: E402
from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.db.queue.desk import call_next, finish  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.db.queue.rows import survey_code_hash  # noqa: E402
from ult_desktop.db.visit import cases, register, visits  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402


def seed(path: Path) -> None:
    """Ratna's case from an earlier visit, her visit booked for today, two walk-ins
    waiting, then her check-in by the slip's code (as the kiosk does)."""
    db = open_database(path, station="kiosk-pintu", mode="kiosk")
    set_settings(db, open_time="00:00", close_time="23:59")
    now = datetime.now(timezone.utc)
    first = issue_ticket(db, service="A", now=now)
    call_next(db, counter=1, now=now)
    rec = register.save_record(db, record=RecordInput(
        visitor_name="Ratna Dewi", phone="081234567001", topic="Legalisir ijazah",
        question="Ijazah 1998 belum terdaftar di Dapodik"), channel="walk_in",
        ticket_id=first.id, now=now)
    case = cases.open_case(db, record_id=rec.id, now=now).id
    finish(db, counter=1)
    today = db.query("SELECT max(day) FROM tickets")[0][0]
    db.write(lambda conn: conn.execute(
        "UPDATE cases SET visit_day = ?, visit_opens = '00:00', visit_closes = '23:59', "
        "visit_code = ? WHERE id = ?", (today, survey_code_hash(conn, "40718265"), case)))
    for service in "AB":
        issue_ticket(db, service=service)
    visits.check_in(db, code="40718265")
    issue_ticket(db, service="A")
    db.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    size = app.primaryScreen().size()
    folder = Path(tempfile.mkdtemp(prefix="ult-followup-desk-"))
    os.environ["ULT_SOUND"] = "off"
    path = init_database(folder / "office.db", demo=True)
    seed(path)
    w = counter_signed_in(path, 1, "sari", folder / "data")
    wait(lambda: w.session.officer is not None)
    wait(lambda: any(w.queue.state.followups.values()) if w.queue.state else False)
    grab(out, f"counter_followup_visitor_waiting_{size.width()}x{size.height()}_openbox.png")
    w.queue.do_call_next()
    wait(lambda: w.queue.current() is not None and w.queue.current().followup_case)
    grab(out, f"counter_followup_visitor_at_desk_{size.width()}x{size.height()}_openbox.png")
    w.close()
