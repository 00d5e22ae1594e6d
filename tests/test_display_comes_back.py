"""A TV restarted while the share is away comes back with its office name, its counters'
tiles and its clock from its own disk (what it last read cleanly), not a red banner."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.drivers import WAIT
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.queue.desk import call_next
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.display.window import DisplayWindow

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def _tv(qtbot, db_path, tmp_path):
    tv = DisplayWindow(db_path, station_id="tv-lobi", announce=False, tts=False,
                       media_dir=tmp_path / "none", poll_ms=100)
    qtbot.addWidget(tv)
    tv.resize(1366, 768)
    tv.show()
    return tv


@pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown window on the offscreen platform
def test_a_tv_restarted_while_the_share_is_away_shows_its_office_tiles_and_clock(
        qtbot, db, db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("ULT_DATA_DIR", str(tmp_path / "tv-pc"))  # the TV PC's own folder
    set_settings(db, office_name="ULT Dinas Pendidikan Kota Demak", timezone="WITA")
    issue_ticket(db, service="A")
    call_next(db, counter=1)
    db.close()
    tv = _tv(qtbot, db_path, tmp_path)
    try:
        qtbot.waitUntil(lambda: tv.model.loaded and tv.header.office.startswith("ULT Dinas")
                        and (tmp_path / "tv-pc" / "display-tv-lobi.json").exists(),
                        timeout=WAIT)
    finally:
        tv.shutdown()
    db_path.rename(db_path.with_name("away.db"))  # the share is gone; the TV restarts
    tv = _tv(qtbot, db_path, tmp_path)
    try:
        assert tv.header.office == "ULT Dinas Pendidikan Kota Demak"  # at once, from its disk
        assert tv.model.settings["timezone"] == "WITA"
        assert any("A-001" in t for t in tv.counters.texts())
        qtbot.waitUntil(lambda: tv.header.offline, timeout=WAIT)  # the calm dot, no banner
        assert not tv.banner.isVisible()
        tv._tick_clock()
        wita = {(datetime.now(timezone.utc) + timedelta(hours=8, seconds=d)).strftime("%H:%M")
                for d in (-2, 0, 2)}
        assert tv.header.clock[:5] in wita  # the office's WITA, not the default WIB
        if os.environ.get("ULT_SCREENSHOTS") == "1":  # (docs' picture; never by a plain run)
            qtbot.wait(200)
            tv.grab().save(str(SHOTS / "display_restarted_share_away_1366x768.png"))
    finally:
        tv.shutdown()
