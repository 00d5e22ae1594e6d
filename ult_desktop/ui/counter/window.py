"""The counter window: officer login, then the queue, phone/online requests and the
back-office cases, each shown only to the roles that may use it."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.app import localfiles
from ult_desktop.app.trust_memory import journal_path
from ult_desktop.core.i18n import tr
from ult_desktop.core.personal_data import privacy_notice
from ult_desktop.db.journals.desk_journal import CounterJournal
from ult_desktop.db.queue.offline import CALL_CONFLICT, conflict_sentence, day_conflicts
from ult_desktop.ui.common.banner import ConnectionBanner
from ult_desktop.ui.common.boxes import fill, form, hbox, vbox
from ult_desktop.ui.common.combos import refill
from ult_desktop.ui.common.fit import scrolled_body
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.station import OK, Station, error_sentence
from ult_desktop.ui.common.this_pc import ThisPC
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.backoffice_panel import BackOfficePanel
from ult_desktop.ui.counter.cases_panel import CasesPanel
from ult_desktop.ui.counter.offline import OfflineDesk, StatusLine
from ult_desktop.ui.counter.queue_panel import QueuePanel
from ult_desktop.ui.counter.remote_panel import RemotePanel
from ult_desktop.ui.counter.scan import ScanField
from ult_desktop.ui.counter.session import CounterSession
from ult_desktop.ui.counter.waiting_lists import FirstVisitorChime, HelpStrip
from ult_desktop.ui.survey.paper_entry import PaperEntryForm


class LoginPage(QWidget):
    """Officer, PIN, counter and its services; :attr:`signed_in` once the PIN is right."""

    signed_in = Signal(object, object, list)   # officer, counter number or None, services

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        title = QLabel(tr("counter.login.title"), objectName="login_title",
                       styleSheet="font-size:26px;font-weight:bold;", alignment=Qt.AlignCenter)
        self.office = QLabel("", alignment=Qt.AlignCenter,
                             styleSheet="font-size:16px;color:#455a64;")
        self.officer = QComboBox(objectName="login_officer")
        self.pin = QLineEdit(objectName="login_pin", echoMode=QLineEdit.Password, maxLength=12,
                             returnPressed=self.submit)
        self.counter = QComboBox(objectName="login_counter",
                                 currentIndexChanged=self._counter_changed)
        self.services_box = QGroupBox(tr("counter.login.services"))
        self.services_layout = QVBoxLayout(self.services_box)
        self.service_checks: dict[str, QCheckBox] = {}
        self._services_shown: list[tuple[str, str]] = []
        self.error = QLabel(objectName="login_error", styleSheet="color:#c62828;font-weight:bold;",
                            wordWrap=True)
        self.button = QPushButton(tr("counter.login.submit"), objectName="login_submit",
                                  minimumHeight=40, clicked=self.submit)
        box = QWidget(maximumWidth=520)
        column = vbox(1, title, self.office, on=box)
        column.addSpacing(12)
        fill(column, form((tr("counter.login.officer"), self.officer),
                          (tr("counter.login.pin"), self.pin),
                          (tr("counter.login.counter"), self.counter)),
             self.services_box, self.error, self.button, 2)
        hbox(1, (box, 2), 1, on=scrolled_body(self))  # scrolls at 125 % on a small screen

    def fill(self, info: jobs.OfficeInfo, preferred_counter: int | None) -> None:
        self.office.setText(info.settings.get("office_name", ""))
        refill(self.officer, ((f"{o.name} ({tr('counter.role.' + o.role)})", o.username)
                              for o in info.officers))
        had_counter = self.counter.count() > 0
        want = self.counter.currentData() if had_counter else preferred_counter
        self.counter.blockSignals(True)
        self.counter.clear()
        for c in info.counters:
            if info.desks is None or c.number in info.desks:  # (its key's desks only)
                self.counter.addItem(c.name, c.number)
        self.counter.addItem(tr("counter.login.no_counter"), None)
        self.counter.setCurrentIndex(max(0, self.counter.findData(want) if want is not None else 0))
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
                                 self.counter.currentData(), done=self._logged_in,
                                 failed=self._failed, parent=self)

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
    """The whole counter station. *data_dir*: where this PC keeps the officers' choices
    (its acts and the forms' drafts are in its journal, ``db.journals.desk_journal``)."""

    def __init__(self, db_path: str | Path, *, station_id: str = "counter",
                 counter: int | None = None, data_dir: Path | None = None,
                 poll_ms: int | None = None, signer=None):
        super().__init__(windowTitle=tr("counter.window_title"))
        self._info_pending = False
        station = Station(db_path, station_id=station_id, mode="counter", signer=signer,
                          poll_ms=poll_ms)
        # Selesai, offline acts, drafts: kept on this PC's disk, visitors' text sealed
        self.journal = CounterJournal(journal_path(db_path, f"{station_id}-desk"), signer=signer,
                                      seal=(localfiles.protect, localfiles.unprotect))
        # what runs on this PC beside the screen; the admin sees who holds what
        self.pc = ThisPC(station, pending=self.journal.waiting)
        self.session = session = CounterSession(station, self.journal, data_dir=data_dir,
                                                preferred_counter=counter, parent=self)

        self.banner = ConnectionBanner()
        self._state = (OK, "")
        self.offline = OfflineDesk(session, self.journal, announce=self._lan_call)
        self.offline.hide()
        self.offline.acted.connect(self._show_state)
        self._build(session)
        self._wire(station, session)
        self.load_info()
        # the office day's end ends a sign-in: the record credits her nothing after it
        self._day, self._day_timer = "", QTimer(self, interval=60_000, timeout=self._day_end)
        self._day_timer.start()

    def _build(self, session: CounterSession) -> None:
        """The sign-in page, the work page (the officer's bar over the tabs) and the strips
        above both: connection, offline desk, a kiosk's help call."""
        self.login = LoginPage(session)
        self.queue = QueuePanel(session, shortcut_host=self)
        self.remote = RemotePanel(session)
        self.cases = CasesPanel(session)
        self.backoffice = BackOfficePanel(session)
        self.skm_entry = PaperEntryForm(session.station)  # paper / phone SKM, typed in
        self.tabs = QTabWidget(objectName="tabs")
        for panel, key in ((self.queue, "counter.tab.queue"), (self.remote, "counter.tab.remote"),
                           (self.cases, "counter.tab.cases"), (self.backoffice, "backoffice.tab"),
                           (self.skm_entry, "skm.entry.tab")):
            self.tabs.addTab(panel, tr(key))
        # a long name never pushes "Keluar" off the screen
        self.who = QLabel(objectName="who", wordWrap=True,
                          styleSheet="font-weight:bold;font-size:15px;")
        self.logout_btn = QPushButton(tr("counter.logout"), objectName="btn_logout",
                                      clicked=self.logout)
        # the first visitor of a quiet queue: chime and taskbar flash (per officer)
        self.chime = FirstVisitorChime(session)
        self.queue.lists.first_visitor.connect(self.chime.ring)
        self.scan = ScanField(self, session)  # a USB scanner types a code and Enter
        bar = hbox((self.who, 1), self.scan, self.queue.card.pause, self.chime, self.logout_btn,
                   margins=(8, 4, 8, 0))
        work = QWidget()
        vbox(bar, (self.tabs, 1), on=work, margins=0)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.login)
        self.pages.addWidget(work)
        central = QWidget()
        self.help = HelpStrip(session)  # a visitor at a kiosk asked for an officer
        # the offline desk also at the sign-in: a PIN cannot be checked now
        vbox(self.banner, self.offline, self.help, (self.pages, 1), on=central, margins=0,
             spacing=0)
        self.setCentralWidget(central)
        self.status = StatusLine()
        self.statusBar().addWidget(self.status, 1)
        self.phone_page = QLabel()  # the officer must not close a PC the phones rely on
        self.phone_page.hide()
        self.statusBar().addPermanentWidget(self.phone_page)

    def _wire(self, station: Station, session: CounterSession) -> None:
        station.connection_changed.connect(self._connection)
        station.events_arrived.connect(self._events)
        if self.pc.phone is not None:
            self.pc.phone.changed.connect(self._phone_page)
        session.message.connect(lambda text, error: self.notify(text, error=error))
        self.status.acknowledged.connect(self._acknowledged)
        session.started.connect(self._arrange)
        session.started.connect(lambda _s: self._show_state())
        self.login.signed_in.connect(session.start)
        session.started.connect(lambda _s: self._signed_in_here())
        session.queue_moved.connect(self.queue.refresh)
        self.queue.finishes.acts_landed.connect(self._landed)
        session.cases_changed.connect(self.cases.refresh)
        session.desk_changed.connect(self.backoffice.update_actions)
        # the visitor told she may not be served today: her visit is booked in the cases
        self.queue.card.followup.linkActivated.connect(
            lambda _link: self.tabs.setCurrentWidget(self.cases))

    def _phone_page(self) -> None:
        here = self.pc.phone.here if self.pc.phone is not None else None
        self.phone_page.setVisible(here is not None)
        if here is not None:
            self.phone_page.setText(tr("counter.phone_page.serving" if here[0] else
                                       "counter.phone_page.problem", address=here[1]))
            self.phone_page.setStyleSheet("" if here[0] else "color: #c62828;")

    def notify(self, text: str, *, error: bool = False) -> None:
        self.status.say(text, error=error)

    def _tell_conflicts(self, events: list) -> None:
        """A number called at two counters while the file was away: told until an officer
        at this PC acknowledges it, across restarts (the ids acknowledged kept here)."""
        conflicts = [e for e in events if e.kind == CALL_CONFLICT]
        mine, seen = self.offline.counter(), self._acknowledged() if conflicts else set()
        for e in conflicts:  # (the PC's file read only when there is one)
            told = None if e.id in seen else conflict_sentence(e.data or {}, e.ticket_number,
                                                                mine)
            if told is not None:
                self.status.say(told[0], error=not told[1], until_ack=True, key=e.id)

    def _acknowledged(self, add: int | None = None) -> set[int]:
        path = self.session.prefs.with_name("counter-acknowledged.json")
        try:
            seen = set(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            seen = set()
        if add is not None:  # the newest few hundred are enough for any day's conflicts
            seen = set(sorted(seen | {add})[-500:])
            localfiles.write_atomic(path, json.dumps(sorted(seen)))
        return seen

    def load_info(self, then=None) -> None:
        self._info_pending = True

        def done(info: jobs.OfficeInfo) -> None:
            self._info_pending = False
            self.session.info = info
            self.journal.timezone = str(info.settings.get("timezone", "WIB"))
            self.login.fill(info, self.session.preferred_counter)
            notice = privacy_notice(str(info.settings.get("privacy_notice") or ""),
                                    int(info.settings.get("retention_months") or 24))
            for visit_form in (self.queue.visit.form, self.remote.form):
                visit_form.set_notice(notice)
            if self.session.officer is not None:
                self.remote.load_services()
            if then:
                then()
        self.session.station.run(jobs.office_info, done=done, parent=self,
                                 failed=lambda e: setattr(self, "_info_pending", False))

    # -- session -------------------------------------------------------------------
    def _arrange(self, services: list[str]) -> None:
        """An officer signed in: the tabs their role may use, the counter's services."""
        officer, may = self.session.officer, self.session.may
        may_queue = may("queue")
        role = tr("counter.role." + officer.role) + "".join(  # stand-ins
            " · " + tr("counter.standin", name=c.absent_name) for c in officer.covers)
        info, counter = self.session.info, self.session.counter
        where = info and next((c.name for c in info.counters if c.number == counter), None)
        self.who.setText(f"{officer.name} · {role}" + (f" · {where}" if where else ""))
        for tab, action in enumerate(("queue_view", "register", "cases_view", "cases_view",
                                      "register")):
            self.tabs.setTabVisible(tab, may(action) or tab == 0 and may_queue)
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
                                     self.session.counter, parent=None)
        self.session.end()
        self.queue.forget()
        self._show_state()
        self.pages.setCurrentIndex(0)
        self.login.pin.setFocus()

    def _day_end(self) -> None:
        """A new office day with an officer signed in: signed out, she signs in again."""
        if self.session.officer is not None and self._day != self.journal.today():
            self.logout()
            self.notify(tr("counter.day_ended"), error=True)

    # -- the shared file -----------------------------------------------------------
    def _show_state(self) -> None:
        self.banner.pending = self.journal.waiting()[0]
        self.banner.set_state(*self._state)
        self.offline.setVisible(not self.session.online and self.offline.counter() is not None)

    def _lan_call(self, number: str, counter: int) -> None:
        """Say the call on the LAN, signed, off the GUI thread (the TV shows it while the
        file is away); with no key or office root the officer is told the TV did not hear."""
        info = self.session.info

        def done(sent: bool) -> None:
            if not sent:
                self.notify(tr("counter.offline.not_on_lan", number=number), error=True)
        off_gui(jobs.lan_call, number, counter, info.root if info else None,
                self.session.station.path, done=done, parent=self)

    def _signed_in_here(self) -> None:
        """The record checked this officer's PIN at this counter: the acts kept here today
        are theirs, also those done before anyone could sign in (credited at landing)."""
        officer, counter = self.session.officer, self.session.counter
        self._day = self.journal.today()
        self.session.station.run(day_conflicts, done=self._tell_conflicts,
                                 failed=lambda _e: None, parent=self)
        if officer is not None:
            self.chime.load(officer.username)
            self.help.load()
        if officer is not None and counter is not None:
            self.journal.signin(day=self.journal.today(), counter=counter, officer_id=officer.id)
            self.queue.finishes.land()

    def _landed(self) -> None:
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
        self.session.online = state == OK
        self._show_state()
        self.update_actions()
        if self.session.online:
            self.queue.finishes.land()
        if self.session.online and not was:
            self.queue.visit.retry_pending()
            # the first load opens the file (so sends this signal) before it answers: a
            # second would refill the sign-in form under the officer
            if self.session.info is None and not self._info_pending:
                self.load_info()
            self.remote.retry_pending()
            self.refresh_all()

    def _events(self, events: list) -> None:
        if self.queue.finishes.pending or self.journal.waiting()[0] and any(
                e.kind == "issued" for e in events):  # a Selesai a busy share turned back,
            self.queue.finishes.land()  # or a kiosk's tickets landed: acts waited for them
        self._tell_conflicts(events)
        if self.session.officer is None:
            if any(e.kind == "settings_changed" for e in events):
                self.load_info()
            return
        kinds = {e.kind for e in events}
        self.help.on_events(events)
        if kinds & jobs.PERSON_EVENTS:  # a person erased or corrected: nothing of the old
            self.refresh_all()          # values stays on any tab
            return
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


def nobody_signed_in(window: CounterWindow) -> bool:
    """A release staged here may start now (``ui/common/update_switch.py``): the sign-in
    page (nobody served, no form open), all this desk did written to the share."""
    return window.pages.currentIndex() == 0 and window.journal.waiting()[0] == 0
