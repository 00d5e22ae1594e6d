"""Screenshots of Admin > Data satu orang and the counter's register form with the notice
line, on a real X server, at one screen size (run once per size)::

    python scripts/screenshots.py --only person

A demo office in a temporary folder with three visitors (one of them twice, by phone);
the admin searches a misspelt name. Each picture is the window as drawn (``grab``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> None:
    from ult_desktop.core.register import RecordInput
    from ult_desktop.db.house.setup import DEMO_PINS, init_database
    from ult_desktop.db.open import open_database
    from ult_desktop.db.visit import register
    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.person import PersonPage
    from ult_desktop.ui.common.app import ensure_app

    app = ensure_app()
    width, height = app.primaryScreen().size().toTuple()
    size = f"{width}x{height}"
    tmp = Path(tempfile.mkdtemp(prefix="ult-shots-"))
    db_path = tmp / "ult.db"
    init_database(db_path, demo=True)
    db = open_database(db_path, station="loket-1", mode="counter")
    for name, nik, phone in (("Zulkarnaen Rahasiawati", "3374990100000003", "081299887703"),
                             ("zulkarnaen rahasiawati", "", "+62 812-9988-7703"),
                             ("Zulkarnain Hidayat", "3374990100000777", "081311112222"),
                             ("Siti Aminah", "3374990100000004", "081211112222")):
        register.save_record(db, record=RecordInput(visitor_name=name, id_number=nik,
                                                    phone=phone, question="Tunjangan"),
                             channel="phone", service="A")
    db.close()

    def wait(cond, timeout=20.0) -> None:
        end = time.monotonic() + timeout
        while not cond():
            app.processEvents()
            time.sleep(0.01)
            if time.monotonic() > end:
                raise SystemExit("timeout")

    def shot(widget, name: str) -> None:
        end = time.monotonic() + 0.8
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)
        path = out / f"{name}_{size}.png"
        widget.grab().save(str(path))
        print(path)

    w = AdminWindow(db_path, station_name="pc-admin", poll_ms=200)
    w.resize(width, height - 40)
    w.show()
    wait(lambda: w.login.isVisible())
    w.login.username.setText("admin")
    w.login.pin.setText(DEMO_PINS["admin"])
    w.login.submit.click()
    wait(lambda: w.workspace is not None)
    page = w.workspace.page(PersonPage)
    w.workspace.open(PersonPage)
    page.query.setText("zulkarnain rahasiawti")
    page.search()
    wait(lambda: page.table.rowCount() > 0)
    page.reason.setText("permintaan pemilik data")
    shot(w, "admin_person")
    w.close()

    from ult_desktop.ui.counter.window import CounterWindow

    c = CounterWindow(db_path, station_id="loket-1", data_dir=tmp / "data", poll_ms=200)
    c.resize(width, height - 40)
    c.show()
    wait(lambda: c.login.officer.count() > 0)
    c.login.officer.setCurrentIndex(c.login.officer.findData("sari"))
    c.login.counter.setCurrentIndex(c.login.counter.findData(1))
    c.login.pin.setText(DEMO_PINS["sari"])
    c.login.button.click()
    wait(lambda: c.session.officer is not None)
    c.tabs.setCurrentWidget(c.remote)
    wait(lambda: c.remote.form.notice.isVisible())
    shot(c, "counter_register_notice")
    c.close()
