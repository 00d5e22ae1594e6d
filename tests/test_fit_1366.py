"""The counter's cases page and Admin > Data satu orang fit a 1366x768 screen: shown at
that size with long real-world text in them (a long e-mail, a question that is one long
address, a copy written into a deep folder), every button lies whole inside the window and
the window asks for no more than the screen; and under a real window manager the demo's
windows, title bars included, lie whole on the screen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QFileDialog

from tests.conftest import ROOT
from tests.drivers import WAIT, login, open_page
from ult_desktop.core.i18n import set_language
from ult_desktop.core.register import RecordInput
from ult_desktop.db.visit import cases, register
from ult_desktop.ui.admin.person import PersonPage
from ult_desktop.ui.common.fit import fully_visible
from ult_desktop.ui.counter.window import CounterWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SCREEN = (1366, 768)
EMAIL = "ratna.sari.dewi.kusumawardhani.guru.sdnegeri3denpasarutara@belajar.id"
QUESTION = ("https://dapodik.kemdikbud.go.id/sekolah/verifikasi/20100123456789/ptk/"
            "ratna-sari-dewi-kusumawardhani/riwayat-sertifikasi-dan-tunjangan-profesi")


def _long_case(db) -> None:
    record = register.save_record(db, record=RecordInput(
        visitor_name="Ratna Sari Dewi Kusumawardhani Putri Anak Agung Istri", phone="081355550001",
        email=EMAIL, institution="SD Negeri 3 Denpasar Utara, Kabupaten Badung, Provinsi Bali",
        question=QUESTION, topic="Tunjangan profesi guru bersertifikat pendidik"),
        channel="phone", service="B")
    cases.open_case(db, record_id=record.id, callback_needed=True)


def _fits(window, root) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1], hint
    buttons = [b for b in root.findChildren(QAbstractButton) if b.isVisible()]
    assert buttons
    inside = window.rect()
    cut = [b.objectName() or b.text() for b in buttons if not fully_visible(b) or
           not inside.contains(QRect(b.mapTo(window, b.rect().topLeft()), b.size()))]
    assert cut == []


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("who", [("sari", 1), ("dewi", 3)])
def test_the_cases_page_fits_1366x768(qtbot, db_path, db, tmp_path, who, lang):
    _long_case(db)
    set_language(lang)
    try:
        w = CounterWindow(db_path, station_id="counter-fit", data_dir=tmp_path / "d",
                          poll_ms=50)
        qtbot.addWidget(w)
        w.resize(*SCREEN)
        w.show()
        qtbot.waitUntil(lambda: w.login.officer.count() > 0 and w.session.online,
                        timeout=WAIT)
        login(qtbot, w, *who)
        w.tabs.setCurrentWidget(w.cases)
        w.session.refresh_cases()
        qtbot.waitUntil(lambda: w.cases.table.rowCount() == 1, timeout=WAIT)
        w.cases.table.selectRow(0)
        qtbot.waitUntil(lambda: "Putri Anak Agung" in w.cases.detail.text(), timeout=WAIT)
        _fits(w, w.cases)
    finally:
        set_language("id")


def test_admin_person_page_fits_1366x768(qtbot, admin_ws, db, tmp_path, monkeypatch):
    _long_case(db)
    page = open_page(qtbot, admin_ws, PersonPage)
    window = admin_ws.window()
    window.resize(*SCREEN)
    window.show()
    page.query.setText("ratna sari dewi")
    page.search()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    deep = tmp_path / "Permintaan-data-pribadi-UU-27-2022" / "2026" / "Maret" / "Ratna-Sari-Dewi"
    deep.mkdir(parents=True)
    out = deep / "data-pribadi-ratna-sari-dewi-kusumawardhani-putri-anak-agung-istri.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.formats[".json"].setChecked(True)
    page.copy()
    qtbot.waitUntil(lambda: str(out) in page.status.text(), timeout=WAIT)
    _fits(window, page)


_SHOW_DEMO = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QTimer
    from ult_desktop.db.house.setup import DEMO_PINS
    from ult_desktop.ui import demo
    from ult_desktop.ui.admin.person import PersonPage
    from ult_desktop.ui.common.app import ensure_app
    app = ensure_app()
    def wait(cond):
        for _ in range(1200):
            if cond():
                return
            loop = QEventLoop()
            QTimer.singleShot(50, loop.quit)
            loop.exec()
        raise SystemExit("timed out")
    windows = {type(w).__name__: w for w in demo.open_windows(Path(sys.argv[1]))}
    admin, counter = windows["AdminWindow"], windows["CounterWindow"]
    admin.login.pin.setText(DEMO_PINS["admin"])
    admin.login.submit.click()
    wait(lambda: admin.workspace is not None)
    pages = {}
    for page in admin.workspace.pages:  # every page in turn, Data satu orang last
        admin.workspace.open(type(page))
        loop = QEventLoop()
        QTimer.singleShot(150, loop.quit)
        loop.exec()
        pages[type(page).__name__] = list(admin.frameGeometry().getRect())
    admin.workspace.open(PersonPage)
    wait(lambda: counter.login.officer.count() > 0 and counter.session.online)
    counter.login.officer.setCurrentIndex(counter.login.officer.findData("dewi"))
    counter.login.pin.setText(DEMO_PINS["dewi"])
    counter.login.submit()
    wait(lambda: counter.session.officer is not None)
    counter.tabs.setCurrentWidget(counter.cases)
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)
    loop.exec()
    print(json.dumps({"screen": list(app.primaryScreen().availableGeometry().getRect()),
                      "frames": {name: list(w.frameGeometry().getRect())
                                 for name, w in windows.items()},
                      "admin_pages": pages}), flush=True)
""")


@pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("openbox") is None,
                    reason="needs Xvfb and a window manager (openbox)")
def test_the_demo_windows_lie_whole_on_a_1366x768_screen_under_a_window_manager(
        db_path, tmp_path):
    display = next((f":{n}" for n in range(140, 200)
                    if not Path(f"/tmp/.X11-unix/X{n}").exists()), None)
    if display is None:
        pytest.skip("no free X display number")
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "ULT_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    wm = None
    try:
        subprocess.run(["sh", "-c", f"until [ -e /tmp/.X11-unix/X{display[1:]} ]; do "
                                    "sleep 0.05; done"], timeout=30, check=True)
        wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        out = subprocess.run([sys.executable, "-c", _SHOW_DEMO, str(db_path)], env=env,
                             capture_output=True, text=True, timeout=120, cwd=ROOT)
        seen = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        for process in (wm, xvfb):
            if process is not None:
                process.terminate()
                process.wait(10)
    x, y, width, height = seen["screen"]
    assert (width, height) == SCREEN
    outside = {name: frame for name, frame in seen["frames"].items()
               if frame[0] < x or frame[1] < y or frame[0] + frame[2] > x + width or
               frame[1] + frame[3] > y + height}
    assert "CounterWindow" in seen["frames"] and "AdminWindow" in seen["frames"]
    assert outside == {}
    wide = {name: frame for name, frame in seen["admin_pages"].items()
            if frame[2] > width or frame[3] > height}
    assert len(seen["admin_pages"]) == 15 and wide == {}
