"""Selesai while another PC holds the share (a kiosk landing, a backup), as it looks on a
real X server (1366x768, openbox): the desk is free and the status line says the visit is
finished at once; the record has it when the lock comes free::

    python scripts/screenshots.py --only kept-finish
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "scenes"))

from screens import counter_signed_in, grab, wait  # noqa: E402


def main(out: Path) -> None:
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.ui.common.app import ensure_app

    ensure_app()
    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    path = init_database(tmp / "ult.db", demo=True)
    kiosk = open_database(path, station="kiosk-pintu", mode="kiosk")
    for _ in range(3):
        issue_ticket(kiosk, service="A")
    w = counter_signed_in(path, 1, "sari", tmp / "drafts")
    w.setWindowTitle("ULT Desktop - Loket 1")
    wait(lambda: w.queue.buttons["call_next"].isEnabled())
    w.queue.buttons["call_next"].click()
    wait(lambda: w.queue.current() is not None and w.queue.visit.form.isEnabled())
    form = w.queue.visit.form
    form.name.setText("Bu Endang")
    form.institution.setText("SMP Negeri 3 Salatiga")
    form.question.setPlainText("Cara mengurus mutasi guru antarkabupaten?")
    held = sqlite3.connect(path, isolation_level=None)
    held.execute("BEGIN EXCLUSIVE")  # another PC holds the share's write lock
    w.queue.buttons["finish"].click()
    w.queue.dialog.set_outcome("answered")
    w.queue.dialog.accept()
    assert w.queue.current() is None and "selesai" in w.status.label.text()
    grab(out, "counter_selesai_while_share_held_1366x768_openbox.png")
    held.execute("ROLLBACK")
    held.close()
    wait(lambda: queue_done(kiosk, 1))
    kiosk.close()
    w.close()


def queue_done(db, ticket_id: int) -> bool:
    from ult_desktop.db import queries

    return queries.get_ticket(db, ticket_id=ticket_id).state.value == "done"


def transfer_list(out: Path) -> None:
    """Alihkan at Loket 1 (B-001 at the desk): the counters' list, each one nobody serves
    now marked so (counter_transfer_list_1366x768.png)."""
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.ui.common.app import ensure_app

    ensure_app()
    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    path = init_database(tmp / "ult.db", demo=True)
    kiosk = open_database(path, station="kiosk-pintu", mode="kiosk")
    for service in "BABB":
        issue_ticket(kiosk, service=service)
    kiosk.close()
    w = counter_signed_in(path, 1, "sari", tmp / "drafts")
    w.setWindowTitle("ULT Desktop - Loket 1")
    wait(lambda: w.queue.buttons["call_next"].isEnabled())
    w.queue.buttons["call_next"].click()
    wait(lambda: w.queue.current() is not None)
    w.queue.do_transfer()
    dialog = w.queue.dialog
    wait(lambda: dialog.isVisible())
    dialog.counter.showPopup()
    grab(out, "counter_transfer_list_1366x768.png")
    dialog.reject()
    w.close()
