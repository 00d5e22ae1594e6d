"""The queue at one counter: the ticket at the desk with its timer, the actions
(F1-F7), the waiting list per service, and the register form of the visit."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core.i18n import tr
from ult_desktop.core.register import Channel, can
from ult_desktop.core.tickets import Outcome, Ticket, TicketState
from ult_desktop.db import operations
from ult_desktop.ui.common.fit import scrolled_body
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.dialogs import FinishDialog, ReasonDialog, TransferDialog
from ult_desktop.ui.counter.register_form import RegisterForm
from ult_desktop.ui.counter.session import DraftedSave

#: action name -> (i18n key, shortcut)
ACTIONS = {
    "call_next": ("counter.action.call_next", "F1"),
    "recall": ("counter.action.recall", "F2"),
    "skip": ("counter.action.skip", "F3"),
    "transfer": ("counter.action.transfer", "F4"),
    "serve": ("counter.action.serve", "F5"),
    "finish": ("counter.action.finish", "F6"),
    "reclassify": ("counter.action.reclassify", "F7"),
}


def _minutes(since: datetime | None, now: datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60)) if since else 0


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class QueuePanel(QWidget):
    """The queue at the desk of *session* (a :class:`~.session.CounterSession`); its
    F1-F7 shortcuts are installed on *shortcut_host* (the window)."""

    def __init__(self, session, parent=None, *, shortcut_host: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.state: jobs.CounterState | None = None
        self.dialog = None
        self._refreshing = False
        self._dirty = False
        self._shown_ticket: int | None = None

        # -- the ticket at the desk -------------------------------------------------
        self.number = QLabel("-", objectName="current_number")
        self.number.setAlignment(Qt.AlignCenter)
        self.number.setStyleSheet("font-size:44px;font-weight:bold;")
        self.service_label = QLabel("", objectName="current_service")
        self.service_label.setAlignment(Qt.AlignCenter)
        self.service_label.setWordWrap(True)
        self.status = QLabel(tr("counter.queue.idle"), objectName="current_status")
        self.status.setAlignment(Qt.AlignCenter)
        self.timer_label = QLabel("", objectName="service_timer")
        self.timer_label.setAlignment(Qt.AlignCenter)
        self.timer_label.setStyleSheet("font-size:18px;font-weight:bold;")
        card = QVBoxLayout()
        card.setSpacing(2)
        for w in (self.number, self.service_label, self.status, self.timer_label):
            card.addWidget(w)
        card_box = QGroupBox(tr("counter.queue.at_desk"))
        card_box.setLayout(card)

        # -- actions ----------------------------------------------------------------
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, (name, (key, shortcut)) in enumerate(ACTIONS.items()):
            btn = QPushButton(f"{tr(key)}  [{shortcut}]", objectName=f"btn_{name}")
            btn.setMinimumHeight(38)
            btn.clicked.connect(getattr(self, f"do_{name}"))
            sc = QShortcut(QKeySequence(shortcut), shortcut_host or self)
            sc.setContext(Qt.WindowShortcut)
            sc.activated.connect(lambda b=btn: b.isEnabled() and b.isVisible() and b.click())
            self.buttons[name] = btn
            grid.addWidget(btn, i // 2, i % 2)
        self.buttons["call_next"].setStyleSheet("font-weight:bold;")

        # -- waiting: per service, then the list ------------------------------------
        self.summary = QTableWidget(0, 4, objectName="service_summary")
        self.summary.setHorizontalHeaderLabels([tr("counter.col.service"),
                                                tr("counter.col.waiting"),
                                                tr("counter.col.priority"),
                                                tr("counter.col.longest")])
        self.waiting = QTableWidget(0, 4, objectName="waiting_list")
        self.waiting.setHorizontalHeaderLabels([tr("counter.col.number"),
                                                tr("counter.col.service"),
                                                tr("counter.col.wait"),
                                                tr("counter.col.note")])
        for table in (self.summary, self.waiting):
            table.verticalHeader().hide()
            table.setEditTriggers(QAbstractItemView.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectRows)
            table.setSelectionMode(QAbstractItemView.SingleSelection)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.summary.setMaximumHeight(124)
        self.summary.setFocusPolicy(Qt.NoFocus)
        self.waiting.itemSelectionChanged.connect(self.update_actions)

        left = QVBoxLayout()
        top = self._top = QBoxLayout(QBoxLayout.LeftToRight)
        top.addWidget(card_box, 2)
        btn_box = QWidget()
        btn_box.setLayout(grid)
        top.addWidget(btn_box, 3)
        left.addLayout(top)
        self.waiting_title = QLabel(objectName="waiting_title")
        self.waiting_title.setStyleSheet("font-weight:bold;")
        left.addWidget(self.summary)
        left.addWidget(self.waiting_title)
        left.addWidget(self.waiting, 1)

        # -- the visit's register form ----------------------------------------------
        self.form = RegisterForm()
        self.form.changed.connect(self._form_changed)
        self.save_btn = QPushButton(tr("counter.form.save") + "  [Ctrl+S]",
                                    objectName="btn_save_record")
        self.save_btn.clicked.connect(self.save_record)
        QShortcut(QKeySequence("Ctrl+S"), self.form, activated=self.save_record,
                  context=Qt.WidgetWithChildrenShortcut)
        self.form_note = QLabel(objectName="form_note")
        self.form_note.setWordWrap(True)
        self.form_note.setStyleSheet("color:#455a64;")
        right_box = QGroupBox(tr("counter.form.title"))
        self.right_box = right_box
        rl = self._right = QVBoxLayout(right_box)
        rl.addWidget(self.form)
        row = self._save_row = QHBoxLayout()
        row.addWidget(self.form_note, 1)
        row.addWidget(self.save_btn)
        rl.addLayout(row)
        rl.addStretch(1)

        body = scrolled_body(self)
        layout = QHBoxLayout(body)
        layout.addLayout(left, 10)
        layout.addWidget(right_box, 11)
        #: narrower than this, the ticket card goes above the actions (125 % scaling)
        self._wide_width = body.minimumSizeHint().width()

        self.drafting = DraftedSave(session, write_draft=self._write_draft,
                                    note=self.form_note.setText, parent=self)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        self.update_actions()

    def reflow(self, width: int) -> None:
        """Side by side when the page is wide enough; when not (125 % scaling), the card
        goes above the actions and Simpan above the form, so both stay in view."""
        narrow = width < self._wide_width
        self._top.setDirection(QBoxLayout.TopToBottom if narrow else QBoxLayout.LeftToRight)
        at = self._right.indexOf(self._save_row)
        if at != (0 if narrow else 1):  # narrow: Simpan above the form, never below the fold
            self._right.removeItem(self._save_row)
            self._right.insertLayout(0 if narrow else 1, self._save_row)

    # -- context -------------------------------------------------------------------
    @property
    def counter(self) -> int | None:
        return self.session.counter

    @property
    def officer(self):
        return self.session.officer

    def may_act(self) -> bool:
        return self.officer is not None and self.counter is not None and \
            can(self.officer.role, "queue")

    def current(self) -> Ticket | None:
        return self.state.current if self.state else None

    def selected_ticket(self) -> Ticket | None:
        rows = self.waiting.selectionModel().selectedRows() if self.waiting.selectionModel() \
            else []
        if not rows:
            return None
        return self.waiting.item(rows[0].row(), 0).data(Qt.UserRole)

    # -- refresh -------------------------------------------------------------------
    def refresh(self) -> None:
        if self._refreshing:
            self._dirty = True
            return
        self._refreshing = True
        officer_id = self.officer.id if self.officer else None
        self.session.station.run(jobs.counter_state, counter=self.counter, officer_id=officer_id,
                             done=self._apply, failed=self._refresh_failed)

    def _refresh_failed(self, _error) -> None:
        # Busy or gone: the connection banner says so; the feed refreshes us on return.
        self._refreshing = False
        self._dirty = False

    def _apply(self, state: jobs.CounterState) -> None:
        self._refreshing = False
        self.state = self.session.queue_state = state
        self._show_current()
        self._fill_tables()
        self.update_actions()
        if self._dirty:
            self._dirty = False
            self.refresh()

    def _show_current(self) -> None:
        t = self.current()
        if t is None:
            self.number.setText("-")
            self.service_label.setText("")
            self.status.setText(tr("counter.queue.idle") if self.counter is not None
                                else tr("counter.queue.no_counter"))
            self.number.setStyleSheet("font-size:44px;font-weight:bold;color:#607d8b;")
        else:
            self.number.setText(t.number)
            self.service_label.setText(t.service_name + (
                "  ♿ " + tr("counter.priority") if t.priority else ""))
            self.status.setText(tr(f"state.{t.state.value}").capitalize())
            color = "#2e7d32" if t.state is TicketState.SERVING else "#1565c0"
            self.number.setStyleSheet(f"font-size:44px;font-weight:bold;color:{color};")
        self._load_form(t)
        self._on_tick()

    def _service(self, service_id: int):
        if self.state is None:
            return None
        return next((s for s in self.session.info.services if s.id == service_id), None)

    def _fill_tables(self) -> None:
        now = datetime.now(timezone.utc)
        st = self.state
        self.summary.setRowCount(len(st.services))
        for row, svc in enumerate(st.services):
            mine = [t for t in st.waiting if t.service_id == svc.id]
            longest = max((_minutes(t.sort_at, now) for t in mine), default=0)
            cells = [f"{svc.prefix} - {svc.name}", str(len(mine)),
                     str(sum(t.priority for t in mine)),
                     tr("counter.minutes", n=longest) if mine else "-"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3 and mine and longest > svc.target_wait_min:
                    item.setForeground(QColor("#c62828"))
                self.summary.setItem(row, col, item)
        selected = self.selected_ticket()
        tickets = st.waiting + st.skipped
        self.waiting_title.setText(tr("counter.queue.waiting_title", n=len(st.waiting),
                                      skipped=len(st.skipped)))
        self.waiting.setRowCount(len(tickets))
        for row, t in enumerate(tickets):
            note = []
            if t.priority:
                note.append("♿ " + tr("counter.priority"))
            if t.state is TicketState.SKIPPED:
                note.append(tr("state.skipped"))
            if t.state is TicketState.TRANSFERRED:
                dest = ""
                if t.target_counter is not None:
                    dest = st.counters.get(t.target_counter, str(t.target_counter))
                note.append(tr("counter.queue.transferred", dest=dest).strip())
            cells = [t.number, t.service_prefix, tr("counter.minutes",
                                                    n=_minutes(t.sort_at, now)),
                     ", ".join(note)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(Qt.UserRole, t)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if t.priority:
                    item.setBackground(QColor("#fff3e0"))
                if t.state is TicketState.SKIPPED:
                    item.setForeground(QColor("#78909c"))
                self.waiting.setItem(row, col, item)
            if selected is not None and t.id == selected.id:
                self.waiting.selectRow(row)

    def _on_tick(self) -> None:
        t = self.current()
        if t is None:
            self.timer_label.setText("")
            return
        svc = self._service(t.service_id)
        now = datetime.now(timezone.utc)
        if t.state is TicketState.SERVING and t.serving_at:
            elapsed = (now - t.serving_at).total_seconds()
            target = (svc.target_service_min if svc else 5) * 60
            text = tr("counter.timer.serving", elapsed=_clock(elapsed), target=_clock(target))
        else:
            elapsed = (now - (t.called_at or now)).total_seconds()
            target = 3 * 60  # mutu baku: the visitor comes to the desk within minutes
            text = tr("counter.timer.called", elapsed=_clock(elapsed))
        color = "#2e7d32" if elapsed < 0.8 * target else (
            "#ef6c00" if elapsed <= target else "#c62828")
        self.timer_label.setText(text)
        self.timer_label.setStyleSheet(f"font-size:18px;font-weight:bold;color:{color};")

    def update_actions(self) -> None:
        online = self.session.online
        t = self.current()
        acting = self.may_act() and online
        sel = self.selected_ticket()
        state = t.state if t else None
        enabled = {
            "call_next": acting and t is None,
            "recall": acting and (t is not None or (sel is not None and
                                                    sel.state is TicketState.SKIPPED)),
            "skip": acting and state is TicketState.CALLED,
            "transfer": acting and (t is not None or sel is not None),
            "serve": acting and state is TicketState.CALLED,
            "finish": acting and t is not None,
            "reclassify": online and self.officer is not None and
            can(self.officer.role, "reclassify") and (t is not None or sel is not None),
        }
        for name, btn in self.buttons.items():
            btn.setEnabled(bool(enabled[name]))
            btn.setVisible(self.may_act() or name == "reclassify")
        editable = t is not None and self.officer is not None and \
            can(self.officer.role, "register")
        self.form.setEnabled(editable)
        self.save_btn.setEnabled(editable and online)
        self.right_box.setVisible(self.counter is not None)

    # -- actions -------------------------------------------------------------------
    def _done(self, message_key: str | None = None):
        def done(result) -> None:
            if message_key and isinstance(result, Ticket):
                self.session.notify(tr(message_key, number=result.number))
            elif message_key == "counter.msg.nobody":
                self.session.notify(tr(message_key))
            self.refresh()
        return done

    def do_call_next(self) -> None:
        def done(ticket) -> None:
            if ticket is None:
                self.session.notify(tr("counter.msg.nobody"))
            else:
                self.session.notify(tr("counter.msg.called", number=ticket.number))
            self.refresh()
        self.session.run(operations.call_next, counter=self.counter, officer_id=self.officer.id,
                     done=done)

    def do_recall(self) -> None:
        t = self.current()
        if t is not None:
            self.session.run(operations.recall, counter=self.counter,
                         done=self._done("counter.msg.recalled"))
            return
        sel = self.selected_ticket()
        if sel is not None and sel.state is TicketState.SKIPPED:
            self.session.run(operations.recall, counter=self.counter, number=sel.number,
                         done=self._done("counter.msg.recalled"))

    def do_skip(self) -> None:
        self.session.run(operations.skip, counter=self.counter, done=self._done("counter.msg.skipped"))

    def do_serve(self) -> None:
        self.session.run(operations.start_serving, counter=self.counter,
                     done=self._done("counter.msg.serving"))

    def do_transfer(self) -> None:
        t = self.current() or self.selected_ticket()
        if t is None:
            return
        officers = [o for o in self.session.info.officers
                    if o.role in ("front_office", "helpdesk") and o.id != self.officer.id]
        self.dialog = TransferDialog(t.number, services=self.session.info.services,
                                     counters=self.state.counters if self.state else {},
                                     officers=officers, own_counter=self.counter, parent=self)
        number = t.number

        def accepted() -> None:
            self.session.run(operations.transfer, number=number, **self.dialog.destination(),
                         done=self._done("counter.msg.transferred"))
        self.dialog.accepted.connect(accepted)
        self.dialog.open()

    def do_reclassify(self) -> None:
        t = self.selected_ticket() or self.current()
        if t is None:
            return
        self.dialog = ReasonDialog(tr("counter.reclassify.title", number=t.number),
                                   prompt=tr("counter.reclassify.prompt"),
                                   priority=not t.priority, parent=self)
        number = t.number

        def accepted() -> None:
            self.session.run(operations.reclassify_priority, number=number,
                         priority=self.dialog.priority.isChecked(),
                         reason=self.dialog.reason.text(),
                         done=self._done("counter.msg.reclassified"))
        self.dialog.accepted.connect(accepted)
        self.dialog.open()

    def do_finish(self) -> None:
        t = self.current()
        if t is None:
            return
        self.dialog = FinishDialog(t.number, parent=self)
        ticket_id = t.id

        def accepted() -> None:
            outcome = self.dialog.outcome()
            escalating = outcome in (Outcome.ESCALATED.value, Outcome.REFERRED.value)
            record = None if self.form_is_empty() else self.form.value()
            if record is not None or escalating:
                problems = self.form.problems(Channel.WALK_IN, need_question=escalating)
                if problems:
                    self.form.show_problems(problems)
                    self.session.notify(tr("counter.msg.fix_form"), error=True)
                    return
            self.drafting.stop()
            if record is not None:  # kept until the visit is finished in the file
                self.session.drafts.put(f"ticket:{ticket_id}", record.as_dict())
            self.session.run(jobs.finish_visit, counter=self.counter, ticket_id=ticket_id,
                         outcome=outcome, record=record, officer_id=self.officer.id,
                         unit=self.dialog.unit.text().strip() or None,
                         callback_needed=self.dialog.callback.isChecked(),
                         done=self._finished)
        self.dialog.accepted.connect(accepted)
        self.dialog.open()

    def _finished(self, ticket: Ticket) -> None:
        self.session.drafts.drop(f"ticket:{ticket.id}")
        self.session.notify(tr("counter.msg.finished", number=ticket.number,
                           outcome=tr(f"counter.outcome.{ticket.outcome}")))
        self.refresh()
        self.session.refresh_cases()

    # -- register form, drafts -------------------------------------------------------
    def form_is_empty(self) -> bool:
        return self.form.value().is_empty()

    def _load_form(self, t: Ticket | None) -> None:
        tid = t.id if t else None
        if tid == self._shown_ticket:
            return
        self._shown_ticket = tid
        self.drafting.pending = False
        self.form_note.setText("")
        if t is None:
            self.form.clear()
            self.right_box.setTitle(tr("counter.form.title"))  # no visitor at the desk
            return
        draft = self.session.drafts.get(f"ticket:{t.id}")
        record = self.state.record if self.state else None
        if draft is not None:
            from ult_desktop.core.register import RecordInput
            self.form.set_value(RecordInput.from_dict(draft["data"]), mask_id=False)
            self.form_note.setText(tr("counter.form.draft_restored"))
        elif record is not None:
            self.form.set_value(record.data)
            self.form_note.setText(tr("counter.form.saved"))
        else:
            self.form.clear()
        self.right_box.setTitle(tr("counter.form.title_ticket", number=t.number))

    def _form_changed(self) -> None:
        if self._shown_ticket is not None:
            self.drafting.edited()

    def _write_draft(self) -> None:
        if self._shown_ticket is not None:
            self.session.drafts.put(f"ticket:{self._shown_ticket}", self.form.draft(),
                                meta={"number": self.current().number if self.current()
                                      else None})
            self.form_note.setText(tr("counter.form.draft_kept"))

    def save_record(self) -> None:
        t = self.current()
        if t is None or not self.save_btn.isEnabled() and self.session.online:
            return
        problems = self.form.problems(Channel.WALK_IN)
        if problems:
            self.form.show_problems(problems)
            return
        self.form.show_problems({})
        ticket_id = t.id
        sent = self.form.value()

        def done(record) -> None:
            if self._shown_ticket == ticket_id:
                self.session.drafts.drop(f"ticket:{ticket_id}")
                self.form_note.setText(tr("counter.form.saved"))
                if self.form.value() == sent:  # nothing typed meanwhile: show it as stored
                    self.form.set_value(record.data)
            self.session.notify(tr("counter.msg.record_saved"))

        self.drafting.save(jobs.save_walk_in, ticket_id=ticket_id, record=sent,
                           officer_id=self.officer.id, done=done)

    @property
    def _save_pending(self) -> bool:
        return self.drafting.pending

    def forget(self) -> None:
        """The officer signed out: nothing of the last visitor stays on screen."""
        self.state = None
        self._shown_ticket = None
        self.form.clear()
        self.right_box.setTitle(tr("counter.form.title"))

    def retry_pending(self) -> None:
        """The share is back: send the save that could not be sent."""
        self.drafting.retry(self.save_record, when=self.current() is not None)
