#!/usr/bin/env python3
"""Admin > Asal angka on a 1366x768 screen under a window manager: a demo office with a
generated month (tests/reports_month.py), the month counted and the figure "Dilayani"
chosen, its acts listed, then the median wait (a statistic: how it is made from the acts);
in Indonesian, then in English. On 1366x768 also Admin > Layanan and the backup page
naming a trigger planted with plain sqlite3. The whole X screen (1366x768 or 1920x1080; the size goes
into the median's file name)::

    python scripts/screenshots.py --only provenance
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "scenes"), str(ROOT / "tests")]

from screens import grab, wait  # noqa: E402

from tests.reports_month import generate_month  # noqa: E402
from ult_desktop.core.dates import month_range  # noqa: E402
from ult_desktop.db.house.setup import DEMO_PINS, init_database  # noqa: E402
from ult_desktop.db.open import open_database  # noqa: E402


def main(out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ult-provenance-"))
    os.environ["ULT_KEY_DIR"] = str(tmp / "admin-pc")
    path = init_database(tmp / "ult.db", demo=True)
    first, _ = month_range(datetime.now(timezone.utc).date(), 1)  # last month: all past
    db = open_database(path, station="Loket 1", mode="test")
    generate_month(db, first.year, first.month, per_day=12, seed=3)
    db.close()
    from ult_desktop.core.i18n import set_language
    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.provenance import ProvenancePage
    from ult_desktop.ui.common.app import ensure_app

    app = ensure_app()
    screen = app.primaryScreen().geometry()
    size = f"{screen.width()}x{screen.height()}"
    for lang in ("id", "en"):
        set_language(lang)
        w = AdminWindow(path, station_name="pc-admin", poll_ms=200)
        w.resize(screen.width(), screen.height() - 28)
        w.show()
        wait(lambda w=w: w.login.isVisible())
        w.login.username.setText("admin")
        w.login.pin.setText(DEMO_PINS["admin"])
        w.login.submit.click()
        wait(lambda w=w: w.workspace is not None)
        page = w.workspace.open(ProvenancePage)
        wait(lambda page=page: page.month_figures is not None)
        page.month.setCurrentIndex(page.month.findData(f"{first:%Y-%m}"))
        page.month_figures = None
        page.load()
        wait(lambda page=page: page.month_figures is not None)
        page.choose("served")
        if size == "1366x768":
            grab(out, f"admin_provenance_{lang}.png")
        page.choose("wait.all.median")
        grab(out, f"admin_provenance_median_{lang}_{size}.png")
        if size == "1366x768" and lang == "id":
            admin_pages(w, path, out)
        w.close()


def admin_pages(w, path: Path, out: Path) -> None:
    """The services page; then the backup page naming a trigger planted with sqlite3."""
    import sqlite3

    from PySide6.QtWidgets import QScrollArea

    from ult_desktop.ui.admin.backup import BackupPage
    from ult_desktop.ui.admin.services import ServicesPage

    services = w.workspace.open(ServicesPage)
    grab(out, "admin_services.png")
    # 1366 wide: the Standar Pelayanan under the rest, whole when scrolled down to
    scroll = services.standard.parentWidget()
    while not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    scroll.ensureWidgetVisible(services.pelaksana)
    grab(out, "admin_services_standard_1366x768.png")
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("CREATE TRIGGER hide_events AFTER INSERT ON events "
                "BEGIN DELETE FROM events WHERE id = new.id; END")
    page = w.workspace.open(BackupPage)
    page.check_schema()
    wait(lambda: "hide_events" in page.schema_info.text())
    grab(out, "admin_schema_drift.png")
    raw.execute("DROP TRIGGER hide_events")
    raw.close()
