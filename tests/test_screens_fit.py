"""Screens fit the screens offices have: the counter on a laptop with a taskbar and at
125 % scaling, the lobby display's texts at every TV size, the kiosk and the display
fullscreen even on an X session without a window manager."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.conftest import ROOT
from tests.drivers import WAIT, child, login, queue_form, save_button
from ult_desktop.db.house.office import save_service
from ult_desktop.db.house.setup import DEMO_PINS
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.ui.common.fit import fully_visible
from ult_desktop.ui.counter.window import CounterWindow
from ult_desktop.ui.display.window import DisplayWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

#: the longest service names offices gave their services
LONG_NAMES = {
    "A": "Layanan Informasi Umum, Pengaduan Masyarakat dan Permohonan Informasi Publik",
    "B": "Tunjangan Profesi Guru dan Penilaian Angka Kredit Jabatan Fungsional (PAK)",
    "C": "Dapodik, Helpdesk Aplikasi dan Verifikasi Data Pokok Pendidikan",
}


# -- the counter -------------------------------------------------------------------------
def _counter(qtbot, db_path, tmp_path, size) -> CounterWindow:
    w = CounterWindow(db_path, station_id="counter-fit", data_dir=tmp_path / "d", poll_ms=50)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitUntil(lambda: w.login.officer.count() > 0 and w.session.online, timeout=WAIT)
    assert fully_visible(w.login.button)
    login(qtbot, w, "sari", 1)
    return w


# 1366x728: the usual office monitor less its taskbar; 1280x720 less a title bar;
# 1093x582 and 1024x576: the same two at 125 % scaling (logical pixels).
@pytest.mark.parametrize("size", [(1366, 728), (1280, 690), (1093, 555), (1024, 545)])
def test_counter_keeps_every_key_button_in_view(qtbot, db_path, tmp_path, size):
    w = _counter(qtbot, db_path, tmp_path, size)
    qtbot.waitUntil(lambda: save_button(w).isVisible(), timeout=WAIT)
    assert w.size().width() <= size[0] and w.size().height() <= size[1]
    # Lapor kembali (F9) stands in F8's place, shown instead of it for a missed visitor
    keys = [w.logout_btn, save_button(w),
            *(b for name, b in w.queue.buttons.items() if name != "report_back")]
    assert [b.objectName() for b in keys if not fully_visible(b)] == []


def _counter_scaled(db_path, tmp_path, scale: str) -> dict:
    """A real QT_SCALE_FACTOR=*scale* counter process on a 1366x728 work area."""
    script = textwrap.dedent(f"""
        import json, sys, time
        from pathlib import Path
        from PySide6.QtWidgets import QWidget
        from ult_desktop.ui.common.app import ensure_app
        from ult_desktop.ui.common.fit import fully_visible
        from ult_desktop.ui.counter.window import CounterWindow
        app = ensure_app()
        w = CounterWindow({str(db_path)!r}, station_id="c125", counter=1,
                          data_dir=Path({str(tmp_path / 'd')!r}))
        w.resize(round(1366 / {scale}), round(728 / {scale}) - 24)  # less a title bar
        w.show()
        def wait(cond):
            end = time.monotonic() + 20
            while not cond():
                app.processEvents()
                if time.monotonic() > end:
                    sys.exit("timeout")
        wait(lambda: w.login.officer.count() > 0 and w.session.online)
        login = fully_visible(w.login.button)
        w.login.officer.setCurrentIndex(w.login.officer.findData("sari"))
        w.login.pin.setText({DEMO_PINS["sari"]!r})
        w.login.submit()
        wait(lambda: w.session.officer is not None and w.queue.state is not None)
        for _ in range(20):
            app.processEvents()
        print(json.dumps({{"ratio": w.devicePixelRatioF(), "login": login,
                          "keluar": fully_visible(w.logout_btn),
                          "simpan": fully_visible(w.findChild(QWidget, "btn_save_record")),
                          "selesai": fully_visible(w.queue.buttons["finish"])}}))
        w.close()
    """)
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_counter_at_125_percent_scaling_keeps_keluar_and_simpan_in_view(db_path, tmp_path):
    """A real QT_SCALE_FACTOR=1.25 process on a 1366x728 work area."""
    seen = _counter_scaled(db_path, tmp_path, "1.25")
    assert seen == {"ratio": 1.25, "login": True, "keluar": True, "simpan": True,
                    "selesai": True}


def test_counter_at_150_percent_scaling_keeps_keluar_and_simpan_in_view(db_path, tmp_path):
    """The same at 150 % (Windows' default on many 14-inch laptops)."""
    seen = _counter_scaled(db_path, tmp_path, "1.5")
    assert seen == {"ratio": 1.5, "login": True, "keluar": True, "simpan": True,
                    "selesai": True}


def test_register_title_forgets_the_visitor_after_selesai(qtbot, db_path, db, tmp_path):
    w = _counter(qtbot, db_path, tmp_path, (1366, 728))
    issue_ticket(db, service="A")
    qtbot.waitUntil(lambda: w.queue.buttons["call_next"].isEnabled(), timeout=WAIT)
    qtbot.mouseClick(w.queue.buttons["call_next"], Qt.LeftButton)
    qtbot.waitUntil(lambda: "A-001" in child(w, "visit_form").title(), timeout=WAIT)
    queue_form(w).name.setText("Siti")
    queue_form(w).topic.setText("Informasi")
    qtbot.mouseClick(w.queue.buttons["finish"], Qt.LeftButton)
    w.queue.dialog.set_outcome("answered")
    w.queue.dialog.accept()
    qtbot.waitUntil(lambda: w.queue.current() is None, timeout=WAIT)
    assert "A-001" not in child(w, "visit_form").title()
    assert queue_form(w).name.text() == ""


# -- the survey tablet ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["id", "en"])
def test_survey_at_150_percent_scaling_keeps_every_control_in_view(db_path, db, lang):
    """A real QT_SCALE_FACTOR=1.5 survey process on a 1366x768 screen (911x512 logical
    pixels) and on a 1366x768-logical one: every key, answer and button of every page is
    whole, and the window is no larger than the screen (fixed 560/820-pixel widths
    made it 997x658, its edges beyond the screen)."""
    ticket = issue_ticket(db, service="A")
    call_next(db, counter=1)
    finish(db, counter=1)
    script = textwrap.dedent(f"""
        import json, sys, time
        from ult_desktop.core import skm
        from PySide6.QtWidgets import QWidget
        from ult_desktop.ui.common.app import ensure_app
        from ult_desktop.ui.common.fit import fully_visible
        from ult_desktop.ui.survey.app import SurveyWindow
        app = ensure_app()
        def wait(cond):
            end = time.monotonic() + 20
            while not cond():
                app.processEvents()
                if time.monotonic() > end:
                    sys.exit("timeout")
        seen = {{}}
        for size in [(round(1366 / 1.5), round(768 / 1.5)), (1366, 768)]:
            w = SurveyWindow({str(db_path)!r}, station_name="s150", poll_ms=50)
            w.resize(*size)
            w.show()
            wait(lambda: w.settings is not None)
            f = w.flow
            f.set_language({lang!r})
            hidden = []
            def check(page, widgets):
                for _ in range(20):
                    app.processEvents()
                hidden.extend(page + ":" + n for n, x in widgets if not fully_visible(x))
            check("start", [("code", f.start_page.code_edit), ("go", f.start_page.go), ("erase", f.start_page.backspace),
                            *f.start_page.key_buttons.items()])
            f.start_page.code_edit.setText({ticket.code!r})
            f.begin()
            wait(lambda: f.stack.currentWidget() is f.profile_page)
            check("profile", [("next", f.profile_page.next), ("cancel", f.profile_page.cancel),
                              *[(k + "=" + b, x) for k, row in f.profile_page.buttons.items()
                                for b, x in row.items()]])
            for field, bands in skm.PROFILE.items():
                f.choose_profile(field, bands[0])
            f.profile_done()
            check("question", [("back", f.question_page.back), ("cancel", f.question_page.cancel),
                               *[(str(i), b) for i, b in enumerate(f.question_page.answer_buttons, 1)]])
            for _ in range(skm.ELEMENT_COUNT):
                f.answer(4)
            check("suggestion", [("text", f.suggestion_page.suggestion), ("send", f.suggestion_page.send), ("back", f.suggestion_page.back),
                                 *f.suggestion_page.keyboard.keys.items()])
            seen["x".join(map(str, size))] = {{
                "ratio": w.devicePixelRatioF(), "fits": w.width() <= size[0] and
                w.height() <= size[1], "hidden": hidden}}
            f.reset()
            w.close()
        print(json.dumps(seen))
    """)
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    whole = {"ratio": 1.5, "fits": True, "hidden": []}
    assert seen == {"911x512": whole, "1366x768": whole}


# -- the lobby display ---------------------------------------------------------------------
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (3840, 2160)])
@pytest.mark.parametrize("lang_waiting", [0, 3])
def test_display_shows_long_service_names_whole(qtbot, db_path, db, tmp_path, size,
                                                lang_waiting):
    for prefix, name in LONG_NAMES.items():
        save_service(db, prefix=prefix, name=name)
    for _ in range(lang_waiting):
        for prefix in LONG_NAMES:
            issue_ticket(db, service=prefix)
    w = DisplayWindow(db_path, station_id="fit-display", announce=False, tts=False,
                      poll_ms=50, media_dir=tmp_path / "no-media")
    try:
        w.resize(*size)
        w.show()
        qtbot.waitUntil(lambda: w.model.loaded and len(w.model.services) == 3
                        and all(s["name"] in LONG_NAMES.values() for s in w.model.services),
                        timeout=WAIT)
        qtbot.waitUntil(lambda: w.next_waiting.width() > size[0] // 3, timeout=WAIT)
        texts = w.next_waiting.laid_out()
        shown = [t.text for t in texts]
        for name in LONG_NAMES.values():
            assert name in shown  # whole, not "Layanan Informasi U…"
        if not lang_waiting:
            assert shown.count("tidak ada yang menunggu") == 3
        assert [t.text for t in texts if not t.fits()] == []
    finally:
        w.shutdown()
        w.deleteLater()


# -- fullscreen without a window manager ---------------------------------------------------
def _free_display() -> str | None:
    for n in (47, 48):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return f":{n}"
    return None


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (an X server)")
@pytest.mark.parametrize("mode", ["kiosk", "display"])
def test_public_screen_fills_an_x_screen_without_window_manager(db_path, tmp_path, mode):
    display = _free_display()
    if display is None:
        pytest.skip("no free X display number")
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        sock = Path(f"/tmp/.X11-unix/X{display[1:]}")
        for _ in range(100):
            if sock.exists():
                break
            subprocess.run(["sleep", "0.05"])
        script = textwrap.dedent(f"""
            import json, sys, time, types
            from pathlib import Path
            from ult_desktop.ui.common.app import ensure_app
            app = ensure_app()
            args = types.SimpleNamespace(db={str(db_path)!r}, printer="none", station=None,
                                         windowed=False, config=None)
            from ult_desktop.ui.{mode} import app as mode_app
            from ult_desktop.ui.common import fit
            seen = {{}}
            def report():
                w = next(w for w in app.topLevelWidgets() if w.isVisible())
                g = w.frameGeometry()
                seen.update(window=[g.x(), g.y(), g.width(), g.height()],
                            screen=list(app.primaryScreen().geometry().getRect()))
                print(json.dumps(seen), flush=True)
                for t in app.topLevelWidgets():
                    if hasattr(t, "shutdown"):
                        t.shutdown()
                app.quit()
            from PySide6.QtCore import QTimer
            QTimer.singleShot(1500, report)
            mode_app.main(args)
        """)
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "ULT_STATION_CONFIG": str(tmp_path / "station.json"),
               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             timeout=120, env=env, cwd=ROOT)
        if "could not connect to display" in out.stderr or "xcb" in out.stderr and \
                out.returncode != 0 and not out.stdout:
            pytest.skip(f"Qt cannot use the X server: {out.stderr[-300:]}")
        seen = json.loads(out.stdout.strip().splitlines()[-1])
        assert seen["screen"] == [0, 0, 1366, 768]
        assert seen["window"] == seen["screen"]
    finally:
        xvfb.terminate()
        xvfb.wait(10)


# -- the admin's Layanan page and the kiosk's tiles at 1366x768 ----------------------------
def _cut_widgets(root, scroll) -> list[str]:
    """The widgets under *root* a person cannot read whole once scrolled down to: cut at
    the scroll area's edge, or a one-line label's text wider than the label."""
    from PySide6.QtWidgets import QApplication, QLabel, QWidget

    from ult_desktop.ui.common.fit import visible_rect

    cut = []
    for widget in (root, *root.findChildren(QWidget)):
        if not widget.isVisible() or widget.width() == 0:
            continue
        scroll.ensureWidgetVisible(widget, 0, 0)  # scrolled down to it; never sideways
        scroll.horizontalScrollBar().setValue(0)
        QApplication.processEvents()
        if visible_rect(widget).width() < widget.width():
            cut.append(f"{type(widget).__name__} {widget.objectName()} at the edge")
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() and \
                widget.fontMetrics().horizontalAdvance(widget.text()) > \
                widget.contentsRect().width():
            cut.append(f"label {widget.text()!r}")
    return cut


def test_admin_services_page_shows_the_standar_pelayanan_whole_at_1366(qtbot, db_path):
    """Admin > Layanan on a 1366x768 screen less its taskbar: every field and label of
    the Standar Pelayanan can be scrolled to and read whole, none cut at the right edge."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QScrollArea

    from tests.drivers import open_page, signed_in
    from ult_desktop.ui.admin.app import AdminWindow
    from ult_desktop.ui.admin.services import ServicesPage

    app = QApplication.instance()
    font = app.font()
    app.setFont(QFont(font.family(), max(font.pointSize(), 11)))  # as ensure_app() sets it
    w = AdminWindow(db_path, station_name="admin-fit", poll_ms=50)
    qtbot.addWidget(w)
    try:
        w.resize(1366, 728)
        w.show()
        page = open_page(qtbot, signed_in(qtbot, w), ServicesPage)
        qtbot.waitUntil(lambda: page.list.count() == 3, timeout=WAIT)
        assert w.width() <= 1366
        scroll = page.standard.parentWidget()
        while not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        assert _cut_widgets(page.standard, scroll) == []
    finally:
        w.close()
        app.setFont(font)
