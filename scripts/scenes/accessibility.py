#!/usr/bin/env python3
"""The survey's large text and high contrast at the kiosk's two sizes (docs/accessibility.md).

    python scripts/screenshots.py --only kiosk-headset --only survey-large

Writes ``survey_large_<profile|question>_<portrait|landscape>.png``; ``--headset`` only
the kiosk with a headset plugged in (the spoken mode's keys on screen):
``kiosk_headset_<start|confirm>_<1366x768|1920x1080>.png``. The kiosk's other shots
(spoken check before printing, large text) come from ``python
scripts/screenshots.py --only kiosk``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ult_desktop.core import skm  # noqa: E402
from ult_desktop.db.house.setup import init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402
from ult_desktop.db.queue.desk import call_next, finish  # noqa: E402
from ult_desktop.db.queue.numbers import issue_ticket  # noqa: E402
from ult_desktop.ui.common.app import ensure_app  # noqa: E402
from ult_desktop.ui.survey.app import SurveyWindow  # noqa: E402

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def _wait(app, condition, timeout_s: float = 20.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the survey did not get ready")
        app.processEvents()
        time.sleep(0.02)


def headset(out: Path) -> None:
    """The kiosk just after a headset was plugged in (through its outputs seam), at the
    start and at the check before printing, with the spoken mode's screen keys."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ult_desktop.ui.kiosk.flow import CONFIRM
    from ult_desktop.ui.kiosk.headset import Output
    from ult_desktop.ui.kiosk.window import KioskWindow, Timings

    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ult-headset-shots-"))
    path = init_database(work / "office.db", demo=True)
    long = Timings(ticket_ms=600_000, not_printed_ms=600_000, error_ms=600_000,
                   idle_ms=600_000, refresh_ms=600_000, guard_ms=0)
    for size in ((1366, 768), (1920, 1080)):
        outputs = [Output(b"speaker", "Speakers")]
        w = KioskWindow(path, printer_url=f"virtual://{work / 'tickets'}", locked=False,
                        station_id="kiosk-headset-shots", timings=long,
                        config_file=work / "station.json", audio_outputs=lambda o=outputs: o)
        w.spoken.speaker.player = lambda _utterance, done: done()  # pictures, no sound
        w.spoken.speaker.find_engine = False
        w.resize(*size)
        w.show()
        _wait(app, lambda w=w: w.link.online and w.accepting())
        outputs.append(Output(b"headset", "Headset"))
        w.spoken.control.headset.changed()
        name = f"{size[0]}x{size[1]}"
        for _ in range(20):
            app.processEvents()
        w.grab().save(str(out / f"kiosk_headset_start_{name}.png"))
        QTest.keyClick(w, Qt.Key_2)  # the first service, said back before printing
        _wait(app, lambda w=w: w.view.pages.currentIndex() == CONFIRM)
        for _ in range(20):
            app.processEvents()
        w.grab().save(str(out / f"kiosk_headset_confirm_{name}.png"))
        print(out / f"kiosk_headset_start_{name}.png", out / f"kiosk_headset_confirm_{name}.png")
        w.shutdown()


def main(out: Path) -> None:
    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    path = init_database(Path(tempfile.mkdtemp(prefix="ult-a11y-shots-")) / "office.db",
                         demo=True)
    db = open_database(path, station="shots", mode="cli")
    ticket = issue_ticket(db, service="B")
    call_next(db, counter=1)
    finish(db, counter=1)
    db.close()
    for orientation, size in SIZES.items():
        w = SurveyWindow(path, station_name="survey-a11y-shots")
        w.resize(*size)
        w.show()
        _wait(app, lambda w=w: w.settings is not None)
        w.large_button.click()
        flow = w.flow
        flow.start_page.code_edit.setText(ticket.code)
        flow.begin()
        _wait(app, lambda f=flow: f.stack.currentWidget() is f.profile_page)
        for field, band in (("gender", "p"), ("age_band", "30_39")):
            flow.choose_profile(field, band)
        for name in ("profile", "question"):
            if name == "question":
                for field, bands in skm.PROFILE.items():
                    flow.choose_profile(field, bands[0])
                flow.profile_done()
                flow.answer(4)
            for _ in range(20):
                app.processEvents()
            target = out / f"survey_large_{name}_{orientation}.png"
            w.grab().save(str(target))
            print(target)
        flow.reset()
        w.close()
