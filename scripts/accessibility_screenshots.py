#!/usr/bin/env python3
"""The survey's large text and high contrast at the kiosk's two sizes (docs/accessibility.md).

    QT_QPA_PLATFORM=offscreen python scripts/accessibility_screenshots.py docs/screenshots

Writes ``survey_large_<profile|question>_<portrait|landscape>.png``. The kiosk's own
(spoken check before printing, large text) come from ``python
scripts/kiosk_screenshots.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ult_desktop.core import skm  # noqa: E402
from ult_desktop.db import queue  # noqa: E402
from ult_desktop.db.engine import Database  # noqa: E402
from ult_desktop.db.setup import init_database  # noqa: E402
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


def main(out: Path) -> None:
    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    path = init_database(Path(tempfile.mkdtemp(prefix="ult-a11y-shots-")) / "office.db",
                         demo=True)
    db = Database.open(path, station="shots", mode="cli")
    ticket = queue.issue_ticket(db, service="B")
    queue.call_next(db, counter=1)
    queue.finish(db, counter=1)
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


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
