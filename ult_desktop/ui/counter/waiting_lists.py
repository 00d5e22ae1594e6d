"""What waits at this counter: per service, then every ticket in calling order."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from ult_desktop.app.localfiles import read_json, write_atomic
from ult_desktop.app.selftest.office import printer_words
from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import DEAF, SEAT
from ult_desktop.core.priority import mark as priority_mark
from ult_desktop.core.receipt import case_number
from ult_desktop.core.tickets import Ticket, TicketState
from ult_desktop.db.house import stations
from ult_desktop.db.queue.desk import request_reprint
from ult_desktop.db.visit import hall
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.pulse import HallWatch
from ult_desktop.ui.common.tables import fill_rows, list_table, pick_rows
from ult_desktop.ui.counter import jobs


def minutes_since(since: datetime | None, now: datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60)) if since else 0


log = logging.getLogger(__name__)


def desk_mark(group: str | None, font: QFont | None = None) -> str:
    """The priority mark (``core.priority.mark``) with a sign *font* (None: the screen's)
    has: never a box."""
    has = QFontMetrics(font or QFont()).inFontUcs4
    return priority_mark(group, drawn=lambda c: all(has(ord(ch)) for ch in c))


def followup_words(followup) -> str:
    """"Kunjungan lanjutan K-00001: Ratna" for a follow-up visitor (``db.visit.visits.
    FollowUp``), "" for anyone else."""
    if followup is None:
        return ""
    return tr("counter.followup", case=case_number(followup.case_id),
              name=followup.name or tr("counter.followup.no_name"))


def desk_words(state, t: Ticket | None) -> str:
    """The line under the number at the desk: a priority visitor of a service the desk
    did not choose, who a follow-up visit brings back, or for a visitor whose paper said
    she may not be served today, the offer of a booked visit (its link opens the cases,
    where the visit is booked)."""
    if state is None or t is None:
        return ""
    if t.priority and t.service_id not in {s.id for s in state.services}:
        # the priority desk nobody serves was there for her: called here, of a service
        # this desk did not choose (she may need its officer's help)
        return tr("counter.priority_other_service", service=t.service_name)
    if t.id in state.not_today:
        return tr("counter.not_today", link=f'<a href="{BOOK_LINK}">{tr("counter.visit.button")}</a>')
    return followup_words(state.followups.get(t.id))


#: The link of the desk's offer of a booked visit.
BOOK_LINK = "book-visit"


class UnprintedStrip(QWidget):
    """Tickets whose print failed (still queued); a button each asks the issuing kiosk to
    print again."""

    MAX_SHOWN = 4

    def __init__(self, session, parent=None):
        super().__init__(parent, objectName="unprinted")
        self.session = session
        self.label = QLabel(tr("counter.unprinted"), wordWrap=True,
                            styleSheet="color:#c62828;font-weight:bold;")
        self.row = hbox((self.label, 1), on=self, margins=0)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_tickets(self, tickets: list[Ticket]) -> None:
        for b in self.buttons:
            b.deleteLater()
        self.buttons = []
        for t in tickets[:self.MAX_SHOWN]:
            b = QPushButton(tr("counter.reprint", number=t.number),
                            objectName=f"btn_reprint_{t.number}")
            b.clicked.connect(lambda _=False, n=t.number: self.reprint(n))
            self.row.addWidget(b)
            self.buttons.append(b)
        self.setVisible(bool(tickets))

    def reprint(self, number: str) -> None:
        self.session.run(request_reprint, number=number, parent=self,
                         done=lambda t: self.session.notify(
                             tr("counter.msg.reprint_asked", number=t.number)))


class FirstVisitorChime(QCheckBox):
    """The first visitor of a quiet queue: status line, taskbar flash and, if the officer
    keeps this box on (per officer, this PC), the office's chime."""

    def __init__(self, session, parent=None):
        super().__init__(tr("counter.first_visitor.option"), parent,
                         objectName="first_visitor_chime")
        self.session = session
        self.username: str | None = None
        self._player = None
        self.toggled.connect(self._chosen)

    def load(self, username: str) -> None:
        """The officer's own choice (on until they switch it off)."""
        self.username = username
        self.blockSignals(True)
        chosen = read_json(self.session.prefs).get("first_visitor_chime", {})
        self.setChecked(bool(chosen.get(username, True)))
        self.blockSignals(False)

    def _chosen(self, on: bool) -> None:
        if self.username is None:
            return
        prefs = read_json(self.session.prefs)
        prefs.setdefault("first_visitor_chime", {})[self.username] = on
        try:
            write_atomic(self.session.prefs, json.dumps(prefs))
        except OSError as exc:  # a preference, not a record: said, and kept for this run
            self.session.notify(tr("counter.first_visitor.not_kept", reason=exc), error=True)

    def ring(self, ticket: Ticket) -> None:
        self.session.notify(tr("counter.first_visitor.now", number=ticket.number,
                               service=ticket.service_name))
        if self.isChecked():
            QApplication.alert(self.window(), 3000)
            self.play()

    def play(self) -> None:
        """The office's chime, short, on the default output (``ULT_SOUND=off``: none, for
        a PC or a test run without a sound card)."""
        if os.environ.get("ULT_SOUND") == "off":
            log.info("first-visitor chime: sound is off on this PC")
            return
        try:
            from ult_desktop.devices.audio.announcer import Announcer
            from ult_desktop.devices.audio.compose import compose
            from ult_desktop.ui.common.voice.sound import QtSoundPlayer

            if self._player is None:
                self._player = QtSoundPlayer(self, watch_devices=False)
            chime = Announcer(voice_pack="default", lang="id", volume=60).chime
            self._player(compose(None, None, chime=chime), lambda: None)
        except Exception:  # no sound here: the message and the taskbar still say it
            log.warning("first-visitor chime not played", exc_info=True)


class HelpStrip(QWidget):
    """Kiosks needing an officer (*Butuh bantuan*, ``db.visit.hall``) until one answers "Saya ke
    sana", and kiosks whose printer needs an officer until it is fine."""

    def __init__(self, session, parent=None):
        super().__init__(parent, objectName="help_strip",
                         styleSheet="#help_strip{background:#e3f2fd;border:2px solid #1565c0;}")
        self.session = session
        self.calls: list[hall.HelpCall] = []
        self.printers: dict[str, tuple] = {}  # kiosk -> its printer's (state, age), recorded
        self.stopped: dict[str, str] = {}  # a TV or kiosk that stopped: what to do
        self.watch = HallWatch(session.station, modes=("display", "kiosk"), parent=self)
        self.watch.changed.connect(self.show_stopped)  # its printers' words too
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.label = QLabel(wordWrap=True, objectName="help_label",
                            styleSheet="font-weight:bold;color:#0d47a1;")
        self.go = QPushButton(tr("counter.help.go"), objectName="btn_help_go", clicked=self.answer)
        hbox((self.label, 1), self.go, on=self)
        self.hide()

    def load(self) -> None:
        """The calls nobody answered yet and the kiosks' printers (a counter that just
        signed in)."""
        self.session.run(hall.open_calls, parent=self, done=self.show_calls)
        self.session.run(stations.kiosk_printers, parent=self, done=self.show_printers)

    def on_events(self, events: list) -> None:
        if any(e.kind in (hall.HELP_REQUESTED, hall.HELP_ANSWERED) for e in events):
            self.session.run(hall.open_calls, parent=self, done=self.show_calls)
        states = {e.station: (e.data.get("state"), 0.0) for e in events
                  if e.kind == stations.PRINTER_STATE}
        if states:
            self.show_printers({**self.printers, **states})

    def show_calls(self, calls: list) -> None:
        self.calls = list(calls)
        self._show()

    def show_printers(self, printers: dict) -> None:
        self.printers = dict(printers)
        self._show()

    def show_stopped(self, sentences: dict) -> None:
        self.stopped = dict(sentences)
        self._show()

    def _show(self) -> None:
        calls, lines = self.calls, []
        if calls:
            first = calls[0]
            lines.append(tr("counter.help.waiting", kiosk=first.station,
                            since=first.at.astimezone().strftime("%H.%M"),
                            more=len(calls) - 1) if len(calls) > 1 else
                         tr("counter.help.one", kiosk=first.station,
                            since=first.at.astimezone().strftime("%H.%M")))
        verdicts = stations.judge_printers(self.printers, self.watch.kiosk_printers)
        lines += [tr("counter.help.printer", kiosk=kiosk, state=printer_words(v.state))
                  for kiosk, v in sorted(verdicts.items()) if v.trouble]
        lines += [self.stopped[s] for s in sorted(self.stopped)]
        self.label.setText("\n".join(lines))
        self.go.setVisible(bool(calls))
        self.setVisible(bool(lines))

    def answer(self) -> None:
        if not self.calls:
            return
        self.session.run(hall.answer_help, event_id=self.calls[0].event_id,
                         officer_id=self.session.officer_id, parent=self,
                         done=lambda minutes: self.session.notify(
                             tr("counter.help.answered", minutes=round(minutes))))


class WaitingModel(QAbstractTableModel):
    """The waiting list's rows: a cell is worded only when the view shows it, so a
    refresh costs the same with 20 waiting as with 2,000."""

    HEADERS = ("counter.col.number", "counter.col.service", "counter.col.wait",
               "counter.col.note")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tickets: list[Ticket] = []
        self.state: jobs.CounterState | None = None
        self._held: dict[str, str] = {}
        self._now = datetime.now(timezone.utc)
        self._bold = QFont()
        self._bold.setBold(True)

    def show(self, st: jobs.CounterState, now: datetime) -> None:
        self.beginResetModel()
        self.tickets, self.state, self._now = st.waiting + st.skipped, st, now
        self._held = {n: tr("counter.queue.kept_until", where=where, until=until) if until
                      else tr("counter.queue.kept", where=where) for n, where, until in st.held}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.tickets)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or self.state is None:
            return None
        t, col = self.tickets[index.row()], index.column()
        if role == Qt.DisplayRole:
            return self._cell(t, col)
        if role == Qt.UserRole:
            return t
        if role == Qt.FontRole and col == 0:
            return self._bold
        if role == Qt.BackgroundRole and t.priority:
            return QColor("#fff3e0")
        if role == Qt.ForegroundRole and t.state is TicketState.SKIPPED:
            return QColor("#78909c")
        return None

    def _cell(self, t: Ticket, col: int) -> str:
        if col == 0:
            return t.number
        if col == 1:
            return t.service_prefix
        if col == 2:
            return tr("counter.minutes", n=minutes_since(t.waiting_since, self._now))
        note = []
        if (followup := self.state.followups.get(t.id)) is not None:
            note.append(followup_words(followup))
        if t.priority:
            note.append(desk_mark(t.priority_group))
        if SEAT in t.assist:  # an officer fetches this visitor from the seat
            note.append(tr("counter.assist.seat"))
        if DEAF in t.assist:
            note.append(tr("counter.assist.deaf_short"))
        if t.id in self.state.not_today:  # told she may not be served today
            note.append(tr("counter.queue.not_today"))
        if t.print_status == "failed":  # the visitor has no paper: call by voice too
            note.append(tr("counter.queue.unprinted"))
        if t.state is TicketState.SKIPPED:
            note.append(tr("state.skipped"))
        if (kept := self._held.get(t.number)) is not None:  # not callable here yet
            note.append(kept)
        if t.state is TicketState.TRANSFERRED and kept is None:  # (kept says where)
            dest = ""
            if t.target_counter is not None:
                dest = self.state.counters.get(t.target_counter, str(t.target_counter))
            note.append(tr("counter.queue.transferred", dest=dest).strip())
        return ", ".join(note)


class WaitingTable(QTableView):
    """The waiting list (:class:`WaitingModel`), one row selectable."""

    def __init__(self, parent=None):
        super().__init__(parent, objectName="waiting_list")
        self.setModel(WaitingModel(self))

    def rowCount(self) -> int:
        return self.model().rowCount()

    def text(self, row: int, col: int) -> str:
        return self.model().data(self.model().index(row, col)) or ""

    def ticket(self, row: int) -> Ticket:
        return self.model().tickets[row]


class WaitingLists(QWidget):
    """The service summary, the waiting title and list, the failed prints above it; it costs the
    rows in view, never the day's (counts come with the state, row words when shown)."""

    #: nobody was waiting for this desk and now somebody is (the first of a quiet queue)
    first_visitor = Signal(object)

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self._before: tuple[str, int] | None = None  # (day, how many waited) last shown
        self.unprinted = UnprintedStrip(session)
        self.summary = list_table([tr("counter.col.service"), tr("counter.col.waiting"),
                                   tr("counter.col.priority"), tr("counter.col.longest")],
                                  object_name="service_summary")
        self.waiting = pick_rows(WaitingTable())
        # sized once to the rows in view, never again by the contents: a header resized
        # to its contents measures on every refresh, the longer the list the longer
        header = self.waiting.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(0)
        self._sized = False
        self.summary.setMaximumHeight(124)
        self.summary.setFocusPolicy(Qt.NoFocus)
        self.title = QLabel(objectName="waiting_title", styleSheet="font-weight:bold;")
        vbox(self.summary, self.unprinted, self.title, (self.waiting, 1), on=self, margins=0)

    def selected(self) -> Ticket | None:
        rows = self.waiting.selectionModel().selectedRows()
        return self.waiting.ticket(rows[0].row()) if rows else None

    def select(self, ticket_id: int) -> None:
        """The ticket's row selected, if it is listed (by the state's own rows)."""
        state = self.waiting.model().state
        row = state.rows.get(ticket_id) if state is not None else None
        if row is not None:
            self.waiting.selectRow(row)

    def show_state(self, st: jobs.CounterState) -> None:
        now = datetime.now(timezone.utc)
        if self._before == (st.day, 0) and st.waiting:
            self.first_visitor.emit(st.waiting[0])
        self._before = (st.day, len(st.waiting))
        self.unprinted.show_tickets(st.unprinted)
        counts = [(svc, *st.summary.get(svc.id, (0, 0, None))) for svc in st.services]
        rows = fill_rows(self.summary, ([f"{svc.prefix} - {svc.name}", count, priority,
                                         tr("counter.minutes", n=minutes_since(oldest, now))
                                         if count else "-"]
                                        for svc, count, priority, oldest in counts))
        for items, (svc, count, _, oldest) in zip(rows, counts, strict=True):
            if count and minutes_since(oldest, now) > svc.target_wait_min:
                items[3].setForeground(QColor("#c62828"))
        selected = self.selected()
        self.title.setText(tr("counter.queue.waiting_title", n=len(st.waiting),
                              skipped=len(st.skipped)))
        self.waiting.model().show(st, now)
        if not self._sized and st.waiting:
            self._sized = True
            self.waiting.resizeColumnsToContents()
        if selected is not None:  # kept where it now is, if still listed
            self.select(selected.id)
