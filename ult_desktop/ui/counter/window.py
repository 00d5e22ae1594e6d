"""The counter window: officer login, then the queue, phone/online requests and the
back-office cases, each shown only to the roles that may use it."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.app.trust_memory import journal_path
from ult_desktop.core.i18n import tr
from ult_desktop.core.register import can
from ult_desktop.db.journal import CounterJournal
from ult_desktop.ui.common.banner import ConnectionBanner
from ult_desktop.ui.common.fit import scrolled_body
from ult_desktop.ui.common.station import OK, Station, error_sentence
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.backoffice_panel import BackOfficePanel
from ult_desktop.ui.counter.cases_panel import CasesPanel
from ult_desktop.ui.counter.drafts import DraftStore
from ult_desktop.ui.counter.offline import OfflineDesk
from ult_desktop.ui.counter.queue_panel import QueuePanel
from ult_desktop.ui.counter.remote_panel import RemotePanel
from ult_desktop.ui.counter.session import CounterSession
from ult_desktop.ui.counter.waiting_lists import FirstVisitorChime, HelpStrip
from ult_desktop.ui.survey.paper_entry import PaperEntryForm

log = logging.getLogger(__name__)


class LoginPage(QWidget):
    """Officer, PIN, counter and its services; :attr:`signed_in` once the PIN is right."""

    signed_in = Signal(object, object, list)   # officer, counter number or None, services

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        title = QLabel(tr("counter.login.title"), objectName="login_title")
        title.setStyleSheet("font-size:26px;font-weight:bold;")
        title.setAlignment(Qt.AlignCenter)
        self.office = QLabel("", alignment=Qt.AlignCenter)
        self.office.setStyleSheet("font-size:16px;color:#455a64;")
        self.officer = QComboBox(objectName="login_officer")
        self.pin = QLineEdit(objectName="login_pin")
        self.pin.setEchoMode(QLineEdit.Password)
        self.pin.setMaxLength(12)
        self.pin.returnPressed.connect(self.submit)
        self.counter = QComboBox(objectName="login_counter")
        self.counter.currentIndexChanged.connect(self._counter_changed)
        self.services_box = QGroupBox(tr("counter.login.services"))
        self.services_layout = QVBoxLayout(self.services_box)
        self.service_checks: dict[str, QCheckBox] = {}
        self._services_shown: list[tuple[str, str]] = []
        self.error = QLabel(objectName="login_error")
        self.error.setStyleSheet("color:#c62828;font-weight:bold;")
        self.error.setWordWrap(True)
        self.button = QPushButton(tr("counter.login.submit"), objectName="login_submit")
        self.button.setMinimumHeight(40)
        self.button.clicked.connect(self.submit)
        form = QFormLayout()
        form.addRow(tr("counter.login.officer"), self.officer)
        form.addRow(tr("counter.login.pin"), self.pin)
        form.addRow(tr("counter.login.counter"), self.counter)
        box = QWidget()
        box.setMaximumWidth(520)
        bl = QVBoxLayout(box)
        bl.addStretch(1)
        bl.addWidget(title)
        bl.addWidget(self.office)
        bl.addSpacing(12)
        bl.addLayout(form)
        bl.addWidget(self.services_box)
        bl.addWidget(self.error)
        bl.addWidget(self.button)
        bl.addStretch(2)
        outer = QHBoxLayout(scrolled_body(self))  # scrolls at 125 % on a small screen
        outer.addStretch(1)
        outer.addWidget(box, 2)
        outer.addStretch(1)

    def fill(self, info: jobs.OfficeInfo, preferred_counter: int | None) -> None:
        self.office.setText(info.settings.get("office_name", ""))
        keep = self.officer.currentData()
        self.officer.clear()
        for o in info.officers:
            self.officer.addItem(f"{o.name} ({tr('counter.role.' + o.role)})", o.username)
        if keep:
            self.officer.setCurrentIndex(max(0, self.officer.findData(keep)))
        had_counter = self.counter.count() > 0
        want = self.counter.currentData() if had_counter else preferred_counter
        self.counter.blockSignals(True)
        self.counter.clear()
        for c in info.counters:
            self.counter.addItem(c.name, c.number)
        self.counter.addItem(tr("counter.login.no_counter"), None)
        idx = self.counter.findData(want) if want is not None else 0
        self.counter.setCurrentIndex(max(0, idx))
        self.counter.blockSignals(False)
        shown = [(s.prefix, s.name) for s in info.services]
        if shown == self._services_shown and had_counter and self.counter.currentData() == want:
            return  # a repeated load (feed, reconnect): keep what the officer ticked
        self._services_shown = shown
        for cb in self.service_checks.values():
            cb.deleteLater()
        self.service_checks = {}
        for s in info.services:
            cb = QCheckBox(f"{s.prefix} - {s.name}".replace("&", "&&"),
                           objectName=f"login_service_{s.prefix}")
            self.services_layout.addWidget(cb)
            cb.show()
            self.service_checks[s.prefix] = cb
        self._counter_changed()

    def _counter_changed(self) -> None:
        number = self.counter.currentData()
        info = self.session.info
        ctr = next((c for c in info.counters if c.number == number), None) if info else None
        self.services_box.setVisible(ctr is not None)
        if ctr is not None:
            for s in info.services:
                self.service_checks[s.prefix].setChecked(s.id in ctr.service_ids)

    def chosen_services(self) -> list[str]:
        return [p for p, cb in self.service_checks.items() if cb.isChecked()]

    def submit(self) -> None:
        if not self.button.isEnabled():  # Enter again while the PIN is being checked
            return
        if not self.officer.currentData() or not self.pin.text():
            self.error.setText(tr("counter.error.bad_login"))
            return
        if self.counter.currentData() is not None and not self.chosen_services():
            self.error.setText(tr("counter.login.need_service"))
            return
        self.error.setText(tr("counter.login.checking"))
        self.button.setEnabled(False)
        self.session.station.run(jobs.login, self.officer.currentData(), self.pin.text(),
                             done=self._logged_in, failed=self._failed, parent=self)

    def _failed(self, error) -> None:
        self.button.setEnabled(True)
        self.pin.clear()
        self.error.setText(error_sentence(error))

    def _logged_in(self, officer) -> None:
        self.button.setEnabled(True)
        self.pin.clear()
        self.error.setText("")
        self.signed_in.emit(officer, self.counter.currentData(), self.chosen_services())


class CounterWindow(QMainWindow):
    """The whole counter station. *draft_dir*: where form drafts are kept locally."""

    def __init__(self, db_path: str | Path, *, station_id: str = "counter",
                 counter: int | None = None, draft_dir: Path | None = None,
                 poll_ms: int | None = None):
        super().__init__()
        self.setWindowTitle(tr("counter.window_title"))
        self._info_pending = False
        kwargs = {"poll_ms": poll_ms} if poll_ms else {}
        station = Station(db_path, station_id=station_id, mode="counter", **kwargs)
        self.session = session = CounterSession(station, DraftStore(draft_dir),
                                                preferred_counter=counter, parent=self)

        self.banner = ConnectionBanner()
        self._state = (OK, "")
        # serving while the file is away: acts kept on this PC's disk
        self.journal = CounterJournal(journal_path(db_path, f"{station_id}-desk"))
        self.offline = OfflineDesk(session, self.journal, announce=self._lan_call)
        self.offline.hide()
        self.offline.acted.connect(self._show_state)
        station.report_pending(self.journal.waiting)  # the admin sees who holds what
        self.login = LoginPage(session)
        self.queue = QueuePanel(session, shortcut_host=self)
        self.remote = RemotePanel(session)
        self.cases = CasesPanel(session)
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.addTab(self.queue, tr("counter.tab.queue"))
        self.tabs.addTab(self.remote, tr("counter.tab.remote"))
        self.tabs.addTab(self.cases, tr("counter.tab.cases"))
        self.backoffice = BackOfficePanel(session)
        self.tabs.addTab(self.backoffice, tr("backoffice.tab"))
        # paper / phone SKM questionnaires, typed in by the officer
        self.skm_entry = PaperEntryForm(session.station)
        self.tabs.addTab(self.skm_entry, tr("skm.entry.tab"))
        self.who = QLabel(objectName="who")
        self.who.setWordWrap(True)  # a long name never pushes "Keluar" off the screen
        self.who.setStyleSheet("font-weight:bold;font-size:15px;")
        self.logout_btn = QPushButton(tr("counter.logout"), objectName="btn_logout")
        self.logout_btn.clicked.connect(self.logout)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 0)
        bar.addWidget(self.who, 1)
        bar.addWidget(self.queue.card.pause)  # Jeda / Lanjutkan
        # the first visitor of a quiet queue: a short chime, the taskbar flashes (also
        # when the window is behind another); each officer may switch it off
        self.chime = FirstVisitorChime(session)
        bar.addWidget(self.chime)
        self.queue.lists.first_visitor.connect(self.chime.ring)
        bar.addWidget(self.logout_btn)
        work = QWidget()
        wl = QVBoxLayout(work)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addLayout(bar)
        wl.addWidget(self.tabs, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.login)
        self.pages.addWidget(work)
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.banner)
        cl.addWidget(self.offline)  # also at the sign-in: a PIN cannot be checked now
        self.help = HelpStrip(session)  # a visitor at a kiosk asked for an officer
        cl.addWidget(self.help)
        cl.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.message = QLabel(objectName="status_message")
        self.message.setWordWrap(True)  # a long error never widens the window
        # two lines, always: a message appearing or clearing never moves the page above
        # it (four missed clicks on the desk)
        self.message.setFixedHeight(2 * self.message.fontMetrics().lineSpacing() + 4)
        self.statusBar().addWidget(self.message, 1)
        self._clear_msg = QTimer(self, singleShot=True, interval=8000)
        self._clear_msg.timeout.connect(lambda: self.message.setText(""))

        station.connection_changed.connect(self._connection)
        station.events_arrived.connect(self._events)
        session.message.connect(lambda text, error: self.notify(text, error=error))
        session.started.connect(self._arrange)
        session.started.connect(lambda _s: self._show_state())
        self.login.signed_in.connect(session.start)
        session.started.connect(lambda _s: self._signed_in_here())
        session.queue_moved.connect(self.queue.refresh)
        session.cases_changed.connect(self.cases.refresh)
        session.desk_changed.connect(self.backoffice.update_actions)
        self.load_info()

    def notify(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#c62828;font-weight:bold;" if error else
                                   "color:#1b5e20;")
        self._clear_msg.start()

    def load_info(self, then=None) -> None:
        self._info_pending = True

        def done(info: jobs.OfficeInfo) -> None:
            self._info_pending = False
            self.session.info = info
            self.session.drafts.timezone = str(info.settings.get("timezone", "WIB"))
            self.login.fill(info, self.session.preferred_counter)
            if self.session.officer is not None:
                self.remote.load_services()
            if then:
                then()
        self.session.station.run(jobs.office_info, done=done, parent=self,
                                 failed=lambda e: setattr(self, "_info_pending", False))

    # -- session -------------------------------------------------------------------
    def _arrange(self, services: list[str]) -> None:
        """An officer signed in: the tabs their role may use, the counter's services."""
        officer = self.session.officer
        may_queue = can(officer.acting_role, "queue")
        role = tr("counter.role." + officer.role) + "".join(  # stand-ins
            " · " + tr("counter.standin", name=c.absent_name) for c in officer.covers)
        info, counter = self.session.info, self.session.counter
        where = info and next((c.name for c in info.counters if c.number == counter), None)
        self.who.setText(f"{officer.name} · {role}" + (f" · {where}" if where else ""))
        self.tabs.setTabVisible(0, may_queue or can(officer.acting_role, "queue_view"))
        self.tabs.setTabVisible(1, can(officer.acting_role, "register"))
        self.tabs.setTabVisible(2, can(officer.acting_role, "cases_view"))
        self.tabs.setTabVisible(3, can(officer.acting_role, "cases_view"))
        self.tabs.setTabVisible(4, can(officer.acting_role, "register"))
        # Desk officers start at the queue; back office at its desk.
        order = (0, 2, 1, 3, 4) if may_queue else (3, 2, 0, 1, 4)
        self.tabs.setCurrentIndex(next(i for i in order if self.tabs.isTabVisible(i)))
        self.pages.setCurrentIndex(1)
        ctr = next((c for c in info.counters if c.number == counter), None) if info else None
        if ctr is not None and services:
            ids = {s.id for s in info.services if s.prefix in services}
            if ids != set(ctr.service_ids):
                self.session.run(jobs.set_services, self.session.counter, services,
                                 done=lambda _: self.load_info(then=self.refresh_all), parent=self)
                return
        self.remote.load_services()
        self.refresh_all()

    def refresh_all(self) -> None:
        if self.session.officer is None:
            return
        self.queue.refresh()
        self.remote.refresh()
        self.session.refresh_cases()
        self.backoffice.refresh()
        self.update_actions()

    def update_actions(self) -> None:
        self.queue.update_actions()
        self.remote.update_actions()
        self.cases.update_actions()
        self.backoffice.update_actions()

    def flush_drafts(self) -> None:
        """Write drafts still waiting on their timer (logout, close)."""
        self.queue.visit.drafting.flush()
        self.remote.drafting.flush()

    def logout(self) -> None:
        self.flush_drafts()
        if self.session.officer is not None:  # audited (officer_logout)
            # parent=None: an audit write at sign-out; its answer belongs to no widget
            self.session.station.run(jobs.logout, self.session.officer.username,
                                     parent=None)
        self.session.end()
        self.queue.forget()
        self._show_state()
        self.pages.setCurrentIndex(0)
        self.login.pin.setFocus()

    # -- the shared file -----------------------------------------------------------
    def _show_state(self) -> None:
        self.banner.pending = self.journal.waiting()[0]
        self.banner.set_state(*self._state)
        self.offline.setVisible(not self.session.online and self.offline.counter() is not None)

    def _lan_call(self, number: str, counter: int) -> None:
        """Say the call on the LAN, signed with this PC's key: the TV shows and speaks it
        while the file is away (no key or no root known: the paper only)."""
        from ult_desktop.app.station_key import this_pc_key
        from ult_desktop.devices import lan

        key, info = this_pc_key(), self.session.info
        if key is not None and info is not None and info.root:
            lan.send(lan.signed_call(key, number=number, counter=counter, office=info.root))

    def land_acts(self) -> None:
        """The acts kept while the file was away, into the record in one step."""
        # a sign-in too (it credits acts landed before), and once a run: this office's
        # journals kept under another path spelling or station name
        if self.journal.acts("pending") or not self.journal.adopted:
            self.session.station.run(jobs.land_desk, self.journal, parent=self,
                                     done=self._landed, failed=lambda _e: None)

    def _signed_in_here(self) -> None:
        """The record checked this officer's PIN at this counter: the acts kept here today
        are theirs, also those done before anyone could sign in (credited at landing)."""
        officer, counter = self.session.officer, self.session.counter
        if officer is not None:
            self.chime.load(officer.username)
            self.help.load()
        if officer is not None and counter is not None:
            self.journal.signin(day=self.offline._day(), counter=counter, officer_id=officer.id)
            self.land_acts()

    def _landed(self, told: list) -> None:
        # the officers hear how a number called at two counters was decided from the
        # record's call_conflict event (both of them, whichever landed first: _events);
        # an act the record refused is said here, once
        for act in told:
            if act.state == "refused" and act.kind != "signin":
                self.notify(tr("counter.offline.refused", number=act.number), error=True)
        self._show_state()
        self.offline.refresh()
        self.queue.refresh()

    def _connection(self, state: str, _message: str) -> None:
        self._state = (state, _message)
        was = self.session.online
        if was and state != OK:  # the visitor at the desk is served on from the strip
            current = self.queue.state.current if self.queue.state is not None else None
            self.offline.at_desk = current.number if current is not None else None
            self.offline.refresh()
        self.session.set_online(state == OK)
        self._show_state()
        self.update_actions()
        if self.session.online and not was:  # the Selesai kept here before the outage's acts
            self.queue.retry_pending()
        if self.session.online:
            self.land_acts()
        if self.session.online and not was:
            # The first load opens the file (and so sends this signal) before it
            # answers: a second one would refill the sign-in form under the officer.
            if self.session.info is None and not self._info_pending:
                self.load_info()
            self.remote.retry_pending()
            self.refresh_all()

    def _events(self, events: list) -> None:
        if self.journal.waiting()[0] and any(e.kind == "issued" for e in events):
            self.land_acts()  # a kiosk's tickets landed: acts that waited for them
        mine = self.offline.counter()
        for e in events:  # a number called at two counters while the file was away
            if e.kind == "call_conflict" and mine in (e.data.get("kept_by"),
                                                     e.data.get("set_aside")):
                kept = e.data.get("kept_by") == mine
                key = ("kept" if kept else "set_aside") + (
                    "_finished" if e.data.get("rule") == "finished" else "")
                self.notify(tr(f"counter.offline.conflict_{key}", number=e.ticket_number,
                               counter=e.data.get("set_aside" if kept else "kept_by")),
                            error=not kept)
        if self.session.officer is None:
            if any(e.kind == "settings_changed" for e in events):
                self.load_info()
            return
        kinds = {e.kind for e in events}
        self.help.on_events(events)
        self.backoffice.on_events(events)
        if jobs.queue_news(events, self.queue.state):  # never its own action's again
            self.queue.refresh()
        if any(k.startswith(("case_", "register_")) for k in kinds) or "escalated" in kinds:
            self.session.refresh_cases()
            self.remote.refresh()

    def closeEvent(self, event) -> None:
        self.flush_drafts()
        self.session.station.close()
        self.journal.close()
        super().closeEvent(event)

