"""The signed-in admin: page list on the left, the chosen page on the right. Pages load when
first opened; a change from another station reloads a page (or says so if it holds
unsaved edits); a change made here refreshes the pages that depend on it."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.db.house.office import Officer
from ult_desktop.ui.admin.audit import AuditPage
from ult_desktop.ui.admin.backup import BackupPage, RetentionPage
from ult_desktop.ui.admin.base import Page
from ult_desktop.ui.admin.counters import CountersPage
from ult_desktop.ui.admin.display import DisplayPage
from ult_desktop.ui.admin.holidays import HolidaysPage
from ult_desktop.ui.admin.officers import OfficersPage
from ult_desktop.ui.admin.person import PersonPage
from ult_desktop.ui.admin.profile import ProfilePage
from ult_desktop.ui.admin.provenance import ProvenancePage
from ult_desktop.ui.admin.reports import ReportsPage
from ult_desktop.ui.admin.services import ServicesPage
from ult_desktop.ui.admin.skm import SkmPage
from ult_desktop.ui.admin.standins import StandinsPage
from ult_desktop.ui.admin.stations import StationsPage
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.fit import CurrentStack
from ult_desktop.ui.common.station import Station

PAGE_CLASSES: tuple[type[Page], ...] = (
    ProfilePage, ServicesPage, CountersPage, OfficersPage, StandinsPage, DisplayPage,
    HolidaysPage,
    ReportsPage, ProvenancePage, SkmPage, StationsPage, BackupPage, RetentionPage, PersonPage,
    AuditPage,
)

#: What the Pimpinan (role ``supervisor``) sees: the reports, where their numbers come
#: from and the SKM (read and print), and the stand-ins they assign; nothing else to change.
READER_PAGES: tuple[type[Page], ...] = (ReportsPage, ProvenancePage, SkmPage, StandinsPage)


class Workspace(QWidget):
    def __init__(self, station: Station, officer: Officer,
                 parent: QWidget | None = None, *, daily_backup=None):
        super().__init__(parent)
        self.station = station
        self.officer = officer
        self.loaded: set[int] = set()
        self.stopped = False
        row = hbox(on=self, margins=0)
        self.nav = QListWidget()
        self.nav.setFixedWidth(230)
        self.nav.setStyleSheet("QListWidget{font-size:15px;border:none;background:#eceff1;}"
                               "QListWidget::item{padding:9px 12px;}"
                               "QListWidget::item:selected{background:#1565c0;color:white;}")
        who = QLabel(tr("admin.signed_in", name=officer.name), wordWrap=True,
                     styleSheet="color:#455a64;padding:6px;")
        self.logout_button = QPushButton(tr("admin.logout"))
        row.addLayout(vbox((self.nav, 1), who, self.logout_button))

        self.stack = CurrentStack()  # the window asks for the page shown, not the widest
        self.pages: list[Page] = []
        # the Pimpinan reads and prints the reports; every other page is the admin's
        classes = PAGE_CLASSES if officer.role == "admin" else READER_PAGES
        for cls in classes:
            page = cls(station)
            if daily_backup is not None and hasattr(page, "follow_daily"):
                page.follow_daily(daily_backup)  # this PC's own copy
            if classes is READER_PAGES and hasattr(page, "read_only"):
                page.read_only()
            self.pages.append(page)
            self.stack.addWidget(page)
            QListWidgetItem(tr(cls.title_key), self.nav)
        row.addWidget(self.stack, 1)
        self.nav.currentRowChanged.connect(self.show_page)
        station.events_arrived.connect(self.on_events)
        QShortcut(QKeySequence.Save, self, activated=self.save_current)
        self.nav.setCurrentRow(0)

    def page(self, cls: type[Page]) -> Page:
        return next(p for p in self.pages if isinstance(p, cls))

    def open(self, cls: type[Page]) -> Page:
        self.nav.setCurrentRow(self.pages.index(self.page(cls)))
        return self.page(cls)

    def show_page(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        page = self.pages[index]
        if index not in self.loaded:
            self.loaded.add(index)
            page.load()
        page.shown()

    def save_current(self) -> None:
        """Ctrl+S: save the page in front, if it has something to save."""
        page = self.stack.currentWidget()
        if hasattr(page, "save") and page.isEnabled():
            page.save()

    def on_events(self, events: list) -> None:
        current = self.stack.currentWidget()
        for index in sorted(self.loaded):
            page = self.pages[index]
            relevant = [e for e in events if page.reload_kinds is None or
                        e.kind in page.reload_kinds]
            if not relevant:
                continue
            if any(e.station != self.station.station_id or e.kind == "database_restored"
                   for e in relevant):
                page.changed_elsewhere()
            elif page is not current and not page.dirty:
                page.load()
            elif page is current and page.reload_kinds is None:
                page.changed_elsewhere()

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        for page in self.pages:
            page.stop()
        self.station.events_arrived.disconnect(self.on_events)
