"""The queue at one counter: the ticket at the desk with its timer, the actions
(F1-F7), the waiting list per service, and the register form of the visit."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import DEAF, SEAT
from ult_desktop.core.register import Channel
from ult_desktop.core.tickets import FOLLOW_UP, MISSED_AFTER_CALLS, Ticket, TicketState
from ult_desktop.db.queue import desk
from ult_desktop.ui.common.boxes import fill, hbox, vbox
from ult_desktop.ui.common.fit import hold_width, scrolled_body
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.desk_break import PauseControl
from ult_desktop.ui.counter.dialogs import (
    ChoiceReasonDialog,
    FinishDialog,
    KeepWhichDialog,
    ReasonDialog,
    ReceiptDialog,
    TransferDialog,
    transferred_words,
)
from ult_desktop.ui.counter.session import Finishes
from ult_desktop.ui.counter.visit_form import VisitForm
from ult_desktop.ui.counter.waiting_lists import WaitingLists, desk_mark, desk_words

#: action name -> (i18n key, shortcut)
ACTIONS = {
    "call_next": ("counter.action.call_next", "F1"),
    "recall": ("counter.action.recall", "F2"),
    "skip": ("counter.action.skip", "F3"),
    "transfer": ("counter.action.transfer", "F4"),
    "serve": ("counter.action.serve", "F5"),
    "finish": ("counter.action.finish", "F6"),
    # out of turn, with a reason; in the first column, as wide as "call next"
    "call_this": ("counter.action.call_this", "F8"),
    "reclassify": ("counter.action.reclassify", "F7"),
    # a missed visitor came back: in line again after some numbers of the service (in
    # F8's place: shown when a missed visitor is selected, F8 when a waiting one is)
    "report_back": ("counter.action.report_back", "F9"),
}


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def desk_timer(t: Ticket | None, svc, now: datetime) -> tuple[str, str]:
    """The timer under the number: since the call, or serving time against the service's
    target (mutu baku), green, then orange near the target, then red."""
    if t is None:
        return "", "#2e7d32"
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
    if t.fetching:  # the officer goes to the seat: a walk, not a visitor who is late
        color = "#6a1b9a"
    return text, color


def held_sentence(state: jobs.CounterState) -> str:
    """Why a counter with people waiting called nobody: "P-001 ditahan untuk Loket 3
    sampai pukul 09.12; setelah itu loket ini dapat memanggilnya"."""
    if not state.held:
        return tr("counter.msg.nobody_for_here", n=len(state.waiting))
    number, where, until = state.held[0]
    return tr("counter.msg.held", number=number, where=where, until=until) if until else \
        tr("counter.msg.held_always", number=number, where=where)


class AssistRow(QWidget):
    """How the visitor at the desk is met: fetched from the seat, Deaf (wave or walk over),
    an interpreter asked for (``db.visit.hall``). The notice says what to do; the buttons record."""

    def __init__(self, session, parent=None, *, act=None):
        super().__init__(parent, objectName="assist_row")
        self.session = session
        self.ticket: Ticket | None = None
        self.act = act  # the panel's action runner (QueuePanel._act)
        self.notice = QLabel(objectName="assist_notice", wordWrap=True, alignment=Qt.AlignCenter)
        self.notice.setStyleSheet("font-weight:bold;color:#ffffff;background:#6a1b9a;"
                                  "padding:4px;border-radius:4px;")
        self.fetched = QPushButton(tr("counter.action.fetched"), objectName="btn_fetched")
        self.fetched.setStyleSheet("font-weight:bold;")
        self.deaf = QPushButton(tr("counter.action.deaf"), objectName="btn_deaf")
        self.interpreter = QPushButton(tr("counter.action.interpreter"),
                                       objectName="btn_interpreter")
        self.fetched.clicked.connect(self.mark_fetched)
        self.deaf.clicked.connect(self.toggle_deaf)
        self.interpreter.clicked.connect(self.ask_interpreter)
        # one fixed-height row, always there: a call never moves the buttons or guest book
        hbox((self.notice, 1), self.fetched, self.deaf, self.interpreter, on=self, margins=0,
             spacing=4)
        policy = self.notice.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.notice.setSizePolicy(policy)
        self.setFixedHeight(2 * self.notice.fontMetrics().lineSpacing() + 14)

    def show_ticket(self, t: Ticket | None, *, acting: bool, skip=None) -> None:
        """The notice and buttons for *t*; *skip*: the panel's Lewati, kept off while the
        visitor waits to be fetched (never a no-show meanwhile), and told why."""
        self.ticket = t
        if skip is not None:
            skip.setToolTip(tr("counter.skip.fetching") if t is not None and t.fetching
                            else "")
        lines = []
        if t is not None and SEAT in t.assist:
            lines.append(tr("counter.assist.fetching") if t.fetching else
                         tr("counter.assist.fetched", time=t.fetched_at.astimezone().strftime(
                             "%H.%M")) if t.fetched_at else tr("counter.assist.seat"))
        if t is not None and DEAF in t.assist:
            lines.append(tr("counter.assist.deaf"))
        self.notice.setText("\n".join(lines))
        self.notice.setVisible(bool(lines))
        self.fetched.setVisible(t is not None and t.fetching)
        self.fetched.setEnabled(acting)
        self.deaf.setText(tr("counter.action.deaf_off" if t is not None and DEAF in t.assist
                             else "counter.action.deaf"))
        for b in (self.deaf, self.interpreter):
            b.setVisible(t is not None)
            b.setEnabled(acting)

    def _run(self, operation, key: str, **kwargs) -> None:
        self.act(operation, key, officer_id=self.session.officer_id, **kwargs)

    def mark_fetched(self) -> None:
        if self.ticket is not None:
            self._run(desk.mark_fetched, "counter.msg.fetched", number=self.ticket.number)

    def toggle_deaf(self) -> None:
        if self.ticket is not None:
            deaf = DEAF not in self.ticket.assist
            self._run(desk.set_deaf, "counter.msg.deaf_on" if deaf else "counter.msg.deaf_off",
                      number=self.ticket.number, deaf=deaf)

    def ask_interpreter(self) -> None:
        if self.ticket is not None:
            self._run(desk.request_interpreter, "counter.msg.interpreter",
                      number=self.ticket.number)


class DeskCard(QGroupBox):
    """The ticket at the desk: its number, service, state and timer; its break control
    (:attr:`pause`) sits in the window's top bar, where it takes no height."""

    def __init__(self, session, parent=None, *, act=None):
        super().__init__(tr("counter.queue.at_desk"), parent)
        self.number = QLabel("-", objectName="current_number")
        self.number.setStyleSheet("font-size:44px;font-weight:bold;")
        self.service_label = QLabel("", objectName="current_service", wordWrap=True)
        self.status = QLabel(tr("counter.queue.idle"), objectName="current_status")
        self.timer_label = QLabel("", objectName="service_timer",
                                  styleSheet="font-size:18px;font-weight:bold;", wordWrap=True)
        self.timer_label.setFixedHeight(52)
        # a follow-up visitor named: her case, her name (else empty)
        self.followup = QLabel("", objectName="current_followup", wordWrap=True)
        self.followup.setStyleSheet("font-weight:bold;color:#1b5e20;")
        self.pause = PauseControl(session, self.status)
        self.assist = AssistRow(session, act=act)
        card = QVBoxLayout(self)
        card.setSpacing(2)
        for w in (self.number, self.service_label, self.followup, self.status,
                  self.timer_label):
            w.setAlignment(Qt.AlignCenter)
            card.addWidget(w)
        # (self.assist sits under the card and the buttons: QueuePanel places it)

    def show_ticket(self, t: Ticket | None, *, has_counter: bool,
                    state: jobs.CounterState | None = None) -> None:
        """*t* at the desk; *state* says the calls before a miss and who a visit brings."""
        missed_after = state.missed_after if state else MISSED_AFTER_CALLS
        self.followup.setText(desk_words(state, t))
        if t is None:
            self.number.setText("-")
            self.service_label.setText("")
            self.status.setText(tr("counter.queue.idle") if has_counter
                                else tr("counter.queue.no_counter"))
            self.number.setStyleSheet("font-size:44px;font-weight:bold;color:#607d8b;")
            return
        self.number.setText(t.number)
        self.service_label.setText(t.service_name + (
            "  " + desk_mark(t.priority_group, self.service_label.font()) if t.priority else ""))
        status = tr(f"state.{t.state.value}").capitalize()
        if t.state is TicketState.CALLED:  # how many calls, and when the next one is the last
            status = tr("counter.calls_last" if t.calls >= missed_after and not t.fetching
                        else "counter.calls", calls=t.calls, most=missed_after)
        self.status.setText(status)
        self.status.setToolTip(tr("counter.calls_tip", most=missed_after)
                               if t.state is TicketState.CALLED else "")
        color = "#2e7d32" if t.state is TicketState.SERVING else "#1565c0"
        self.number.setStyleSheet(f"font-size:44px;font-weight:bold;color:{color};")


def shown(action: str, selected: Ticket | None) -> bool:
    """F8 and F9 share a place: Lapor kembali for a missed visitor, F8 for the others."""
    missed = selected is not None and selected.state is TicketState.SKIPPED
    return missed if action == "report_back" else not missed if action == "call_this" \
        else True


def recalled_words(t: Ticket) -> str:
    """What a recall did: called again, or (called the office's times) marked missed."""
    if t.state is TicketState.SKIPPED:
        return tr("counter.msg.missed", number=t.number, calls=t.calls)
    return tr("counter.msg.recalled", number=t.number)


def report_back(panel: QueuePanel) -> None:
    """The missed visitor selected came back (F9): in line again behind the office's
    numbers of the line; a second time today only with the officer's reason."""
    t = panel.selected_ticket()
    if t is None or t.state is not TicketState.SKIPPED:
        return
    act = partial(panel._act, desk.report_back, lambda t: tr(
        "counter.msg.reported_back", number=t.number, after=panel.state.return_after),
        number=t.number)
    if t.returned_at is None:
        act()
    else:
        panel.dialog = ReasonDialog.ask(tr("counter.report_back.title", number=t.number),
                                        tr("counter.report_back.prompt", number=t.number),
                                        panel, then=lambda reason: act(override=reason))


class QueuePanel(QWidget):
    """The queue at *session*'s desk; its F-key shortcuts on *shortcut_host* (the window)."""

    def __init__(self, session, parent=None, *, shortcut_host: QWidget | None = None):
        super().__init__(parent, objectName="queue_panel")
        self.session = session
        self.state: jobs.CounterState | None = None
        self.dialog = None
        self.receipt = None  # the last escalation receipt shown
        self._refreshing = self._dirty = False

        # -- the ticket at the desk -------------------------------------------------
        card_box = self.card = DeskCard(session, act=self._act)

        # -- actions ----------------------------------------------------------------
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, (name, (key, shortcut)) in enumerate(ACTIONS.items()):
            btn = QPushButton(f"{tr(key)}  [{shortcut}]", objectName=f"btn_{name}",
                              minimumHeight=38, clicked=getattr(self, f"do_{name}"))
            sc = QShortcut(QKeySequence(shortcut), shortcut_host or self)
            sc.setContext(Qt.WindowShortcut)
            sc.activated.connect(lambda b=btn: b.isEnabled() and b.isVisible() and b.click())
            self.buttons[name] = btn
            at = list(ACTIONS).index("call_this") if name == "report_back" else i
            grid.addWidget(btn, at // 2, at % 2)
        self.buttons["call_next"].setStyleSheet("font-weight:bold;")

        # -- waiting, and the visit's register form ---------------------------------
        self.lists = WaitingLists(session)
        self.lists.waiting.selectionModel().selectionChanged.connect(
            lambda *_: self.update_actions())
        self.visit = VisitForm(session)

        btn_box = QWidget()
        btn_box.setLayout(grid)
        top = self._top = fill(QBoxLayout(QBoxLayout.LeftToRight), (card_box, 2), (btn_box, 3))
        left_box = QWidget(objectName="queue_left")
        vbox(top, self.card.assist, (self.lists, 1), on=left_box, margins=0)
        body = scrolled_body(self)
        hbox((left_box, 10), (self.visit, 11), on=body)
        #: narrower than this, the ticket card goes above the actions (125 % scaling)
        self._wide_width = body.minimumSizeHint().width()
        # the card and buttons keep their share: the F-keys never move under the hand
        hold_width(card_box, btn_box)

        self.finishes = Finishes(session, parent=self)
        self.finishes.landed.connect(self._finished)
        # the desk's clock: the timer under the number, and the office's break at its start
        self._tick = QTimer(self, interval=1000, timeout=self._on_tick)
        self._tick.timeout.connect(self.card.pause.keep_break)
        self._tick.start()
        self.update_actions()

    def reflow(self, width: int) -> None:
        """Side by side when the page is wide enough; when not (125 % scaling), the card
        goes above the actions and Simpan above the form, so both stay in view."""
        narrow = width < self._wide_width
        self._top.setDirection(QBoxLayout.TopToBottom if narrow else QBoxLayout.LeftToRight)
        self.visit.save_above(narrow)  # narrow: Simpan above the form, never below the fold

    # -- context -------------------------------------------------------------------
    def may_act(self) -> bool:
        return self.session.counter is not None and self.session.may("queue")

    def current(self) -> Ticket | None:
        return self.state.current if self.state else None

    def selected_ticket(self) -> Ticket | None:
        return self.lists.selected()

    # -- refresh -------------------------------------------------------------------
    def refresh(self) -> None:
        if self._refreshing:
            self._dirty = True
            return
        self._refreshing = True
        self.session.station.run(jobs.counter_state, counter=self.session.counter,
                                 officer_id=self.session.officer_id, done=self._apply,
                                 failed=self._refresh_failed, parent=self)

    def _refresh_failed(self, _error) -> None:
        # Busy or gone: the connection banner says so; the feed refreshes us on return.
        self._refreshing = self._dirty = False

    def _apply(self, state: jobs.CounterState) -> None:
        self._refreshing = False
        self.show_state(state)
        if self._dirty:
            self._dirty = False
            self.refresh()

    def show_state(self, state: jobs.CounterState) -> None:
        """Show *state* (a refresh's, or the one an action read after its write)."""
        if state.current is not None and state.current.id in self.finishes.pending:
            # its Selesai is kept here and on its way: no longer at the desk
            state = replace(state, current=None, record=None, desk_answer=None)
        self.state = self.session.queue_state = state
        self._show_current()
        self.lists.show_state(state)
        self.session.station.news_soon(not state.waiting)  # a first visitor heard at once
        self.update_actions()
        self.session.desk_changed.emit()  # the consult tab names the visitor at the desk

    def _show_current(self) -> None:
        t = self.current()
        self.card.show_ticket(t, has_counter=self.session.counter is not None, state=self.state)
        self._load_form(t)
        self._on_tick()

    def _service(self, service_id: int):
        return next((s for s in self.session.info.services if s.id == service_id and
                     self.state is not None), None)

    def _on_tick(self) -> None:
        t = self.current()
        text, color = desk_timer(t, self._service(t.service_id) if t else None,
                                 datetime.now(timezone.utc))
        self.card.timer_label.setText(text)
        self.card.timer_label.setStyleSheet(f"font-size:18px;font-weight:bold;color:{color};")

    def update_actions(self) -> None:
        online = self.session.online
        t = self.current()
        paused, sel = self.state.paused if self.state else None, self.selected_ticket()
        acting = self.may_act() and online and not paused
        state = t.state if t else None
        self.card.pause.show_paused(self.state, self.may_act(), free=online and t is None)
        enabled = {
            "call_next": acting,  # at the desk: asks which visitor to keep
            "recall": acting and (t is not None or (sel is not None and
                                                    sel.state is TicketState.SKIPPED)),
            "skip": acting and state is TicketState.CALLED and not t.fetching,
            "transfer": acting and (t is not None or sel is not None),
            "serve": acting and state is TicketState.CALLED,
            "finish": acting and t is not None,
            "call_this": acting and t is None and sel is not None and sel.state in (
                TicketState.WAITING, TicketState.TRANSFERRED),
            "report_back": acting and sel is not None and sel.state is TicketState.SKIPPED,
            "reclassify": online and self.session.may("reclassify") and
            (t is not None or sel is not None),
        }
        for name, btn in self.buttons.items():
            btn.setEnabled(bool(enabled[name]))
            btn.setVisible((self.may_act() or name == "reclassify") and shown(name, sel))
        self.card.assist.show_ticket(t, acting=acting, skip=self.buttons["skip"])
        editable = t is not None and self.session.may("register")
        self.visit.form.setEnabled(editable)
        self.visit.save_btn.setEnabled(editable and online)
        self.visit.setVisible(self.session.counter is not None)

    # -- actions -------------------------------------------------------------------
    def _act(self, operation, message_key: str, **kwargs) -> None:
        """Run a queue *operation* with the read after it (``jobs.act``): the panel
        shows the queue it returns, once (the feed skips the action's own event)."""
        def done(acted: jobs.Acted) -> None:
            self.show_state(acted.state)
            if isinstance(acted.result, Ticket) and callable(message_key):
                self.session.notify(message_key(acted.result))
            elif isinstance(acted.result, Ticket):
                self.session.notify(tr(message_key, number=acted.result.number))
            elif acted.state.waiting:  # waiting, none for here yet: whose, until when
                self.session.notify(held_sentence(acted.state))
            else:  # call_next found nobody waiting
                self.session.notify(tr("counter.msg.nobody"))
        self.session.run(jobs.act, operation, desk=(self.session.counter, self.session.officer_id),
                         done=done, parent=self, say=self.session.say_calls(), **kwargs)

    def do_call_next(self) -> None:
        t = self.current()
        if self.card.pause.holds_call(busy=t is not None):
            return  # the office's break: nobody called unless its officer serves on
        call = partial(self._act, desk.call_next, "counter.msg.called",
                       counter=self.session.counter, officer_id=self.session.officer.id)
        if t is None:
            call()
        else:  # somebody at the desk: which visitor to keep
            self.dialog = KeepWhichDialog.ask(t.number, self, serving=t.state is
                                              TicketState.SERVING, finish=self.do_finish,
                                              call_instead=partial(call, instead_of=t.number))

    def do_recall(self) -> None:
        sel = self.selected_ticket()
        if self.current() is not None:  # called the office's times already: missed
            self._act(desk.recall, recalled_words, counter=self.session.counter)
        elif sel is not None and sel.state is TicketState.SKIPPED:
            self._act(desk.recall, "counter.msg.recalled", counter=self.session.counter,
                      number=sel.number)

    def do_call_this(self) -> None:
        if not self.card.pause.holds_call(busy=False):  # (the office's break: nobody)
            self.dialog = ChoiceReasonDialog.call_out_of_turn(
                self.selected_ticket().number, self, partial(
                    self._act, desk.call_next, "counter.msg.called", counter=self.session.counter,
                    officer_id=self.session.officer.id))

    do_report_back = report_back

    def do_skip(self) -> None:
        self._act(desk.skip, "counter.msg.skipped", counter=self.session.counter)

    def do_serve(self) -> None:
        self._act(desk.start_serving, "counter.msg.serving", counter=self.session.counter)

    def do_transfer(self) -> None:
        t = self.current() or self.selected_ticket()
        if t is None:
            return
        officers = [o for o in self.session.info.officers
                    if o.role in ("front_office", "helpdesk") and o.id != self.session.officer.id]
        self.dialog = TransferDialog(t.number, self.state, services=self.session.info.services,
                                     officers=officers, own_counter=self.session.counter,
                                     parent=self)
        number = t.number

        def accepted() -> None:  # told where she waits and until when (the state after)
            self._act(desk.transfer, lambda t: transferred_words(t, self.state.sent),
                      number=number, **self.dialog.destination())
        self.dialog.then(accepted)

    def do_reclassify(self) -> None:
        t = self.selected_ticket() or self.current()
        if t is None:
            return
        self.dialog = ReasonDialog(tr("counter.reclassify.title", number=t.number),
                                   prompt=tr("counter.reclassify.prompt"),
                                   priority=not t.priority, group=t.priority_group,
                                   parent=self)
        number = t.number

        def accepted() -> None:
            self._act(desk.reclassify_priority, "counter.msg.reclassified",
                      number=number, priority=self.dialog.priority.isChecked(),
                      priority_group=self.dialog.group.currentData(),
                      reason=self.dialog.reason.text())
        self.dialog.then(accepted)

    def do_finish(self) -> None:
        t = self.current()
        if t is None:
            return
        self.dialog = FinishDialog(t.number, reschedule=self.session.may("reschedule"),
                                   parent=self)
        ticket_id, number = t.id, t.number

        def accepted() -> None:
            outcome = self.dialog.outcome()
            escalating = outcome in FOLLOW_UP
            record = self.visit.form.value()
            record = None if record.is_empty() else record
            callback = self.dialog.callback.isChecked()
            form = self.visit.form
            if (record is not None or escalating) and not form.show_problems(form.problems(
                    Channel.WALK_IN, need_question=escalating,
                    need_contact=callback and escalating)):
                self.session.notify(tr("counter.msg.fix_form"), error=True)
                return
            self.visit.drafting.stop()
            if self.finishes.finish(number, record, self.visit.base, ticket_id=ticket_id,
                                    counter=self.session.counter, outcome=outcome,
                                    officer_id=self.session.officer_id,
                                    unit=self.dialog.unit.text().strip() or None,
                                    callback_needed=callback):
                self.show_state(self.state)  # done on screen at once
        self.dialog.then(accepted)

    def _finished(self, acted: jobs.Acted) -> None:
        ticket = acted.result
        self.show_state(acted.state)
        self.session.refresh_cases()
        if ticket.outcome in FOLLOW_UP:
            ReceiptDialog.show_for(self, ticket_id=ticket.id)  # her case number, by when

    # -- the register form (VisitForm) ----------------------------------------------
    def _load_form(self, t: Ticket | None) -> None:
        self.visit.load(t, self.state.record if self.state else None,
                        self.state.desk_answer if self.state else None,
                        self.state.followups.get(t.id) if self.state and t else None)

    def forget(self) -> None:
        """The officer signed out: nothing of the last visitor stays on screen."""
        self.state = None
        self.visit.forget()
