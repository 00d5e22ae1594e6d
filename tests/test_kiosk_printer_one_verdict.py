"""A kiosk's printer is judged once (``db/house/stations.judge_printers``: its live pulse, else
its record while under an hour old), and the counters' hall strip and Admin > Stasiun show
the same verdict for the same kiosks: a real office file, real pulse files, both screens."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

from tests.drivers import WAIT, login
from ult_desktop.app import pulse
from ult_desktop.app.pulse import Pulse, pulse_dir
from ult_desktop.app.selftest.office import printer_words
from ult_desktop.core.i18n import tr

RED = "#b71c1c"


def _row(db, station: str, ago: timedelta, printer: str) -> None:
    db.write(lambda c: c.execute(
        "INSERT INTO stations (id, mode, version, clock, printer_state, detail) "
        "VALUES (?, 'kiosk', '0.1.0', ?, ?, '{}')",
        (station, (datetime.now(timezone.utc) - ago).isoformat(), printer)))


def test_the_counters_strip_and_admin_judge_each_kiosks_printer_alike(
        qtbot, db_path, db, station_window, monkeypatch):
    """Out of paper by its record; out of paper two hours ago (a kiosk since gone); fine by
    its record but its running pulse says the cover is open; and one whose pulse stopped
    (its last word no news, its record fine). Before, Admin > Stasiun read the record's
    state alone, by a rule of its own: it named the old one and missed the open cover."""
    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.station import Station

    monkeypatch.setattr(pulse, "STOPPED_AFTER_S", 0.5)
    _row(db, "kiosk-kertas", timedelta(seconds=5), "paper_out")
    _row(db, "kiosk-lama", timedelta(hours=2), "paper_out")
    _row(db, "kiosk-tutup", timedelta(seconds=5), "ok")
    _row(db, "kiosk-henti", timedelta(seconds=5), "ok")
    folder = pulse_dir(db_path)
    folder.mkdir(exist_ok=True)
    (folder / "kiosk-henti.json").write_text(json.dumps(  # its writer gone: no more beats
        {"mode": "kiosk", "at": time.time(), "printer": "paper_out"}))
    live = Pulse(db_path, "kiosk-tutup", "kiosk", period_s=0.2)
    live.info["printer"] = "cover_open"
    expected = {"kiosk-kertas": "paper_out", "kiosk-tutup": "cover_open"}
    kiosks = ("kiosk-kertas", "kiosk-lama", "kiosk-tutup", "kiosk-henti")

    one = station_window("counter-one")
    login(qtbot, one, "sari", 1)
    station = Station(db_path, station_id="admin-test", mode="admin", poll_ms=50)
    page = StationsPage(station, poll_ms=60_000)
    qtbot.addWidget(page)
    try:
        def counter_says() -> dict[str, str]:
            one.help.watch.look()
            text = one.help.label.text() if not one.help.isHidden() else ""
            return {k: s for k in kiosks for s in ("paper_out", "cover_open")
                    if tr("counter.help.printer", kiosk=k, state=printer_words(s)) in text}

        def admin_says() -> dict[str, str]:
            page.watch.look()
            page.refresh()
            cells = {v.id: page.table.item(r, 4) for r, v in enumerate(page.views)}
            return {k: cell.text() for k, cell in cells.items()
                    if k in kiosks and cell.foreground().color().name() == RED}

        words = {k: printer_words(s) for k, s in expected.items()}
        qtbot.waitUntil(lambda: counter_says() == expected, timeout=WAIT)
        qtbot.waitUntil(lambda: admin_says() == words, timeout=WAIT)
        assert "kiosk-henti" in one.help.watch.sentences  # named as stopped, on both
        assert "kiosk-henti" in page.watch.sentences
    finally:
        live.stop()
        station.close()
