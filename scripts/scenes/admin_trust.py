"""Screenshots of the admin's trust pages on a real X server.

Run on Xvfb with a window manager, e.g.::

    python scripts/screenshots.py --only admin-trust

A demo office in a temporary folder: this admin PC's key registered as the root of
trust (pinned here: the QR new stations scan), a counter PC's key waiting for approval
(Stations page), then one event edited with raw SQL and the Audit page's chain check
naming it; a survey tablet whose key the admin has not approved; last, a counter PC's setup wizard given another office's root fingerprint,
then the right one. Each picture is the whole screen
(``import -window root``), window frame included.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from screens import grab_root

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> None:
    import os

    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    os.environ["ULT_KEY_DIR"] = str(tmp / "admin-pc")  # this PC's own memory
    from PySide6.QtWidgets import QApplication

    from ult_desktop.app import station_key
    from ult_desktop.app.trust_memory import pin_if_made_here
    from ult_desktop.core import chain
    from ult_desktop.db.house.setup import DEMO_PINS, init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.record import station_keys
    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.audit import AuditPage
    from ult_desktop.ui.admin.stations import StationsPage
    from ult_desktop.ui.common.app import ensure_app

    app = ensure_app()
    db_path = tmp / "ult.db"
    init_database(db_path, demo=True)
    admin_key, _ = station_key.create_key(tmp / "admin-key")
    counter_key, _ = station_key.create_key(tmp / "loket1-key")
    admin_db = open_database(db_path, station="pc-admin", mode="admin", signer=admin_key)
    admin_db.set_actor("admin")
    station_keys.request_registration(admin_db, label="pc-admin")
    station_keys.approve_key(admin_db, admin_key.key_id)
    pin_if_made_here(admin_db)  # the admin PC made the root: pinned here
    counter = open_database(db_path, station="loket-1", mode="counter")
    counter.set_signer(counter_key)
    station_keys.announce_key(counter)

    def wait(cond, timeout=20.0) -> None:
        end = time.monotonic() + timeout
        while not cond():
            app.processEvents()
            time.sleep(0.01)
            if time.monotonic() > end:
                raise SystemExit("timeout")

    def settle(seconds=0.8) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def shot(name: str) -> None:
        settle()
        grab_root(out / name)
        print(out / name)

    w = AdminWindow(db_path, station_name="pc-admin", poll_ms=200, signer=admin_key)
    w.resize(1366, 740)
    w.show()
    wait(lambda: w.login.isVisible())
    w.login.username.setText("admin")
    w.login.pin.setText(DEMO_PINS["admin"])
    w.login.submit.click()
    wait(lambda: w.workspace is not None)
    ws = w.workspace

    page = ws.page(StationsPage)
    ws.open(StationsPage)
    wait(lambda: page.keys.table.rowCount() == 2)
    shot("admin_stations_keys.png")

    conn = sqlite3.connect(db_path, isolation_level=None)
    target = conn.execute("SELECT id FROM events WHERE kind = 'station_key_registered' "
                          "ORDER BY id LIMIT 1").fetchone()[0]
    conn.execute("UPDATE events SET at = '2026-01-01T00:00:00.000000+00:00' WHERE id = ?",
                 (target,))
    conn.close()
    audit_page = ws.page(AuditPage)
    ws.open(AuditPage)
    settle()
    audit_page.chain.result = None
    audit_page.chain.check_button.click()
    wait(lambda: audit_page.chain.result is not None)
    shot("admin_audit_chain_tampered.png")
    w.close()

    from ult_desktop.ui.survey.app import SurveyWindow

    tablet_key, _ = station_key.create_key(tmp / "tablet-key")  # announced, not approved
    tablet = SurveyWindow(db_path, station_name="tablet-lobi", signer=tablet_key)
    tablet.setWindowTitle("ULT Desktop - Survei")
    tablet.showMaximized()
    wait(lambda: tablet.settings is not None and not tablet.approved)
    shot("survey_not_approved_1366.png")
    tablet.close()
    root = station_keys.root_info(admin_db)[0]
    counter.close()
    admin_db.close()
    QApplication.processEvents()

    from ult_desktop.ui.setup.wizard import SetupWizard

    os.environ["ULT_KEY_DIR"] = str(tmp / "counter-pc")  # another PC
    wizard = SetupWizard(tmp / "station.json", make_shortcuts=lambda *a: None)
    wizard.mode_page.buttons["counter"].setChecked(True)
    wizard.show()
    settle()
    wizard.next()
    page = wizard.db_page
    page.path.setText(str(db_path))
    page.root.setText("0011 2233 aabb ccdd")  # read off another office's report
    page.check_button.click()
    wait(lambda: page.check_button.isEnabled() and "0011" in page.status.text())
    shot("setup_2_database_root_mismatch.png")
    page.root.setText(chain.root_qr_text(root))  # what the scanner types from the QR
    page.check_button.click()
    wait(lambda: wizard.button(wizard.WizardButton.NextButton).isEnabled())
    shot("setup_2_database_root_given.png")
    wizard.close()
