"""``ult-desktop admin``: sign in as an admin, then configure the office.

All database work runs on the :class:`Station` worker; every change is written with
an event, so it is audited and reaches the other stations through the change feed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from ult_desktop.core.i18n import set_language, tr
from ult_desktop.db.house.office import Officer
from ult_desktop.db.record import audit
from ult_desktop.ui.admin.login import LoginPage
from ult_desktop.ui.admin.workspace import Workspace
from ult_desktop.ui.common.app import run_window, station_id
from ult_desktop.ui.common.banner import ConnectionBanner
from ult_desktop.ui.common.boxes import vbox
from ult_desktop.ui.common.station import Station
from ult_desktop.ui.common.this_pc import ThisPC

#: An admin PC left alone signs out after this long without a key press or click.
IDLE_LOGOUT_MS = 15 * 60 * 1000
_INPUT_EVENTS = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.Wheel}


class AdminWindow(QMainWindow):
    def __init__(self, db_path: str | Path, *, station_name: str | None = None,
                 poll_ms: int | None = None, idle_logout_ms: int = IDLE_LOGOUT_MS,
                 signer=None):
        super().__init__(windowTitle=tr("admin.title"))
        self.idle = QTimer(self, singleShot=True, interval=idle_logout_ms, timeout=self.logout)
        self.station = Station(db_path, station_id=station_id("admin", station_name),
                               mode="admin", signer=signer, poll_ms=poll_ms)
        self.pc = ThisPC(self.station)  # what runs on this PC beside the screen
        self.officer: Officer | None = None
        central = QWidget()
        self.banner = ConnectionBanner()
        self.station.connection_changed.connect(self.banner.set_state)
        self.stack = QStackedWidget()
        self.login = LoginPage(self.station)
        self.login.logged_in.connect(self.enter)
        self.stack.addWidget(self.login)
        vbox(self.banner, (self.stack, 1), on=central, margins=0, spacing=0)
        self.setCentralWidget(central)
        self.workspace: Workspace | None = None
        self.resize(1366, 768)  # the office monitor; shown as it is, it fits its screen

    def enter(self, officer: Officer) -> None:
        self.officer = officer
        self.workspace = Workspace(self.station, officer, daily_backup=self.pc.daily_backup)
        self.workspace.logout_button.clicked.connect(self.logout)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        QApplication.instance().installEventFilter(self)
        self.idle.start()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in _INPUT_EVENTS and self.workspace is not None:
            self.idle.start()
        return False

    def logout(self) -> None:
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.workspace is not None:
            self.workspace.stop()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.officer is not None:
            # parent=None: an audit write at sign-out; its answer belongs to no widget
            self.station.run(audit.record_session, audit.ADMIN_LOGOUT, self.officer.username,
                             screen="admin", parent=None)
        self.officer = None
        self.stack.setCurrentWidget(self.login)
        self.login.reset()

    def closeEvent(self, event) -> None:
        self.logout()
        self.station.close()
        super().closeEvent(event)


def open_demo_window(db_path: Path, *, demo_dir: Path, signer=None) -> AdminWindow:
    """The admin login on the demo database (windowed)."""
    window = AdminWindow(db_path, station_name="admin-demo", signer=signer)
    window.login.username.setText("admin")
    return window


def main(args) -> int:
    def make() -> AdminWindow:
        set_language(getattr(args, "lang", None) or "id")
        return AdminWindow(args.db, station_name=getattr(args, "station", None),
                           signer=getattr(args, "signer", None))
    return run_window(args, make)
