"""What the scenes share: wait for a screen without sleeping blindly, and grab the whole
X screen (window manager, frames and all) as Qt reads the root window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer


def spin(ms: int) -> None:
    """Let Qt run for *ms* milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(cond, ms: int = 20_000) -> None:
    """Until *cond()* holds (the screen is ready), or stop the script."""
    for _ in range(ms // 50):
        if cond():
            return
        spin(50)
    raise SystemExit("timed out waiting for the screen")


def grab_root(path: Path) -> None:
    """The whole X screen (the root window: every window, openbox's frames) into *path*."""
    from PySide6.QtGui import QGuiApplication

    if not QGuiApplication.primaryScreen().grabWindow(0).save(str(path)):
        raise SystemExit(f"could not write {path}")


def grab(out: Path, name: str, settle_ms: int = 600) -> None:
    spin(settle_ms)
    grab_root(out / name)
    print(out / name)


def counter_signed_in(path: Path, counter: int, username: str, data_dir: Path):
    """A counter window on *path* at *counter*, maximised, *username* signed in (the demo
    office's PIN), its queue read."""
    from ult_desktop.db.house.setup import DEMO_PINS
    from ult_desktop.ui.counter.window import CounterWindow

    w = CounterWindow(path, station_id=f"counter-{counter}", counter=counter,
                      data_dir=data_dir)
    w.showMaximized()
    wait(lambda: w.login.officer.count() > 0 and w.session.online)
    w.login.officer.setCurrentIndex(w.login.officer.findData(username))
    w.login.pin.setText(DEMO_PINS[username])
    w.login.submit()
    wait(lambda: w.queue.state is not None)
    return w
