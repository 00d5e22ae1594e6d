"""While the shared folder is away a counter cannot know whether the TV and the kiosk
still run: it says they cannot be checked, never that they stopped (an officer who
restarts a running TV on that advice makes it go dark), and names them again as soon
as their pulses can be read."""

from __future__ import annotations

import pytest

from tests.drivers import WAIT, login
from ult_desktop.app import pulse
from ult_desktop.app.pulse import Pulse, pulse_dir
from ult_desktop.ui.common.pulse import SHARE_AWAY
from ult_desktop.ui.common.station import UNAVAILABLE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(pulse, "STOPPED_AFTER_S", 0.5)


def test_a_running_tv_is_not_called_stopped_while_the_share_is_away(
        qtbot, db_path, station_window, fast):
    one = station_window("counter-one")
    login(qtbot, one, "sari", 1)
    tv = Pulse(db_path, "tv-lobi", "display", period_s=0.1)
    folder = pulse_dir(db_path)
    try:
        watch = one.help.watch
        qtbot.waitUntil(lambda: (watch.look(), "tv-lobi" in (watch.alive or ()))[1],
                        timeout=WAIT)
        # the share goes: its folder can no longer be listed (a file where it was; for
        # the moment between the two steps the folder is simply missing, and a look the
        # counter makes then may rightly say the pulse is gone)
        folder.rename(folder.with_name("away"))
        folder.write_text("")

        def told() -> bool:
            watch.look()
            return "tidak dapat diperiksa selama folder bersama tidak terjangkau" in \
                watch.sentences.get("tv-lobi", "")
        qtbot.waitUntil(told, timeout=WAIT)
        text = watch.sentences["tv-lobi"]
        assert "berhenti" not in text and "jangan nyalakan ulang" in text
        assert SHARE_AWAY == UNAVAILABLE  # the state the watch reads is the station's
        # the share is back: the TV, still running, is fine again
        folder.unlink()
        folder.with_name("away").rename(folder)
        qtbot.waitUntil(lambda: (watch.look(), "tv-lobi" not in watch.sentences)[1],
                        timeout=WAIT)
    finally:
        tv.stop()
