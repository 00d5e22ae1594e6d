"""The office's break kept at the desk and the LAPOR! number's own row, as they look at
1366x768: the desk at the break's start (paused, the break said, the
button reading Tetap melayani), and a complaint's register form with a topic typed and
a word refused in the LAPOR! row::

    python scripts/screenshots.py --only break-desk
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "scenes"))

from screens import counter_signed_in, spin, wait  # noqa: E402

#: The office zones' hours ahead of UTC.
ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}


def break_begun(db) -> None:
    """ISHOMA from the minute before now for an hour, in a zone whose day holds it."""
    from ult_desktop.db.house.office import set_settings

    now = datetime.now(timezone.utc)
    zone = min(ZONES, key=lambda z: (now + timedelta(hours=ZONES[z])).time())
    local = now.astimezone(timezone(timedelta(hours=ZONES[zone])))
    start = local.replace(second=0, microsecond=0)
    set_settings(db, timezone=zone, break_friday="", serving_until="23:59",
                 break_daily=f"{start:%H:%M}-{start + timedelta(hours=1):%H:%M}")


def grab(w, out: Path, name: str) -> None:
    """The window as drawn (no X tool needed: also offscreen)."""
    spin(600)
    w.grab().save(str(out / name))
    print(out / name)


def main(out: Path) -> None:
    from ult_desktop.core.register import Channel
    from ult_desktop.db.house.setup import init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.ui.common.app import ensure_app

    ensure_app()
    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    path = init_database(tmp / "ult.db", demo=True)
    kiosk = open_database(path, station="kiosk-pintu", mode="kiosk")
    for _ in range(4):
        issue_ticket(kiosk, service="A")
    break_begun(kiosk)
    w = counter_signed_in(path, 1, "sari", tmp / "drafts")
    w.setWindowTitle("ULT Desktop - Loket 1")
    w.showNormal()
    w.resize(1366, 768)
    wait(lambda: w.queue.state is not None and w.queue.state.paused is not None)
    grab(w, out, "counter_break_start_1366x768.png")
    w.queue.card.pause.button.click()  # Tetap melayani
    wait(lambda: w.queue.state.paused is None and w.queue.buttons["call_next"].isEnabled())
    w.queue.buttons["call_next"].click()
    wait(lambda: w.queue.current() is not None and w.queue.visit.form.isEnabled())
    form = w.queue.visit.form
    form.name.setText("Ibu Marni")
    form.phone.setText("081234567001")
    form.request_type.setCurrentIndex(form.request_type.findData("pengaduan"))
    form.topic.setText("Nilai rapor belum keluar")
    form.lapor_id.setText("Nilai rapor")
    form.question.setPlainText("Sudah dua bulan nilai rapor anak saya belum keluar.")
    form.show_problems(form.problems(Channel.WALK_IN))
    grab(w, out, "counter_lapor_field_1366x768.png")
    kiosk.close()
    w.close()
