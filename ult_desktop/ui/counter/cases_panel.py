"""Back office: open cases (due, overdue, rescheduled, waiting for a call-back),
answer entry, call-back log and closing."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core.dates import long_date
from ult_desktop.core.evidence import LAPOR_DAYS
from ult_desktop.core.i18n import tr
from ult_desktop.core.register import Case, CaseBucket, mask_id_number, roles_that
from ult_desktop.db.visit import cases
from ult_desktop.ui.common.boxes import fill, hbox, vbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.common.fit import any_width, scrolled_body
from ult_desktop.ui.common.tables import fill_rows, list_table
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.dialogs import ReasonDialog
from ult_desktop.ui.counter.visit_booking import VisitBooking

FILTERS = ("active", "overdue", "due_today", "rescheduled", "callback", "closed")
_BUCKET_COLOR = {CaseBucket.OVERDUE: "#ffebee", CaseBucket.DUE_TODAY: "#fff8e1",
                 CaseBucket.CALLBACK: "#e3f2fd"}


def esc(text: str | None) -> str:
    return html.escape(text or "-")


def breakable(text: str) -> str:
    """An address that may wrap after its "@" and dots (a zero-width space there)."""
    return text.replace("@", "@\u200b").replace(".", ".\u200b")


class KeptText(QPlainTextEdit):
    """Text typed about one row (a case's answer, a handover's disposition): a refresh
    shows the row's stored text, never over what the officer is typing on that row."""

    row: int | None = None

    def show_row(self, row: int | None, stored: str | None) -> None:
        if row != self.row or not self.document().isModified():
            self.row = row
            self.setPlainText(stored or "")
            self.document().setModified(False)

    def saved(self, text: str) -> None:
        """*text* is stored: the officer's no longer, unless typed on meanwhile."""
        if self.toPlainText() == text:
            self.document().setModified(False)


def _matches(case: Case, bucket: CaseBucket, which: str) -> bool:
    if which == "closed":
        return bucket is CaseBucket.CLOSED
    if bucket is CaseBucket.CLOSED:
        return False
    if which == "rescheduled":
        return case.reschedule_count > 0
    if which in ("overdue", "due_today", "callback"):
        return bucket.value == which
    return True


class CasesPanel(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session  # a CounterSession
        self.today: date | None = None
        self.cases: list[Case] = []
        self.loads = 0  # how many times the list arrived (tests wait on it)
        self.dialog = None
        # scrolls where it cannot fit
        hbox((self._list(), 3), (self._detail(), 2), on=scrolled_body(self))
        self.update_actions()

    def _list(self) -> QVBoxLayout:
        """The filter, the counts, the cuti bersama note and the cases' table."""
        self.filter = combo(((tr(f"counter.cases.filter.{f}"), f) for f in FILTERS),
                            objectName="case_filter")
        self.filter.currentIndexChanged.connect(self._fill)
        self.counts = QLabel(objectName="case_counts", wordWrap=True)
        # from November: next year's cuti bersama not entered, due dates may be wrong
        self.holiday_note = QLabel(objectName="cuti_bersama_note", wordWrap=True,
                                   styleSheet="background:#fff3e0;color:#e65100;padding:6px;")
        self.holiday_note.hide()
        self.table = list_table([
            tr("counter.col.due"), tr("counter.col.status"), tr("counter.col.channel"),
            tr("counter.col.name"), tr("counter.col.service"), tr("counter.col.topic"),
            tr("counter.col.to")], object_name="case_list", stretch=(3, 5))
        # long names and topics cut (whole text in tooltip, detail): no scrolling at 1366 px
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.table.itemSelectionChanged.connect(self._show_selected)
        head = hbox(QLabel(tr("counter.cases.show")), self.filter, (self.counts, 1))
        return vbox(head, self.holiday_note, (self.table, 1))

    def _detail(self) -> QGroupBox:
        """The chosen case, its answer and what can be done with it."""
        self.detail = QLabel(objectName="case_detail", wordWrap=True, textFormat=Qt.RichText,
                             alignment=Qt.AlignTop | Qt.AlignLeft,
                             textInteractionFlags=Qt.TextSelectableByMouse)
        self.answer = KeptText(objectName="case_answer", maximumHeight=110,
                               placeholderText=tr("counter.cases.answer_hint"))
        self.btn_answer = QPushButton(tr("counter.cases.save_answer"), objectName="btn_answer",
                                      clicked=self.do_answer)
        self.btn_reschedule = QPushButton(tr("counter.cases.reschedule"),
                                          objectName="btn_reschedule", clicked=self.do_reschedule)
        self.btn_reached = QPushButton(tr("counter.cases.callback_reached"),
                                       objectName="btn_callback_reached")
        self.btn_unreached = QPushButton(tr("counter.cases.callback_unreached"),
                                         objectName="btn_callback_unreached")
        self.btn_close = QPushButton(tr("counter.cases.close"), objectName="btn_close_case",
                                     clicked=self.do_close)
        self.btn_reached.clicked.connect(lambda: self.do_callback(True))
        self.btn_unreached.clicked.connect(lambda: self.do_callback(False))
        self.lapor = combo(((tr(f"evidence.lapor.cat.{key}") if key else "-", key)
                            for key in (None, *LAPOR_DAYS)),
                           objectName="case_lapor")  # its deadline by category
        self.lapor.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.lapor.setMinimumContentsLength(14)
        self.lapor.activated.connect(self.do_lapor)
        box = QGroupBox(tr("counter.cases.detail"))
        dl = vbox((self.detail, 1), hbox(QLabel(tr("counter.cases.lapor")), (self.lapor, 1)),
                  QLabel(tr("counter.cases.answer")), self.answer, on=box)
        self.visit = VisitBooking(self)  # a follow-up visit with a date, its slip
        # two buttons a row and the visitor's text free to wrap: the page fits 1366 px
        any_width(self.detail)
        fill(dl, hbox(self.btn_answer, self.btn_reschedule),
             hbox(self.visit.button, self.btn_close),
             hbox(self.btn_reached, self.btn_unreached))
        return box

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        self.session.station.run(jobs.case_list, done=self._apply, parent=self)

    def _apply(self, result) -> None:
        self.today, self.cases, missing = result
        self.holiday_note.setText(tr("counter.cases.cuti_unknown", year=missing)
                                  if missing else "")
        self.holiday_note.setVisible(missing is not None)
        self.loads += 1
        self._fill()

    def _fill(self) -> None:
        if self.today is None:
            return
        keep = self.selected()
        buckets = [c.bucket(self.today) for c in self.cases]
        self.counts.setText(tr("counter.cases.counts",
                               overdue=buckets.count(CaseBucket.OVERDUE),
                               due=buckets.count(CaseBucket.DUE_TODAY),
                               callback=buckets.count(CaseBucket.CALLBACK),
                               open=sum(b is not CaseBucket.CLOSED for b in buckets)))
        which = self.filter.currentData()
        shown = [c for c in self.cases if _matches(c, c.bucket(self.today), which)]
        rows = fill_rows(self.table, (self._cells(c) for c in shown), tips=True)
        for row, (c, items) in enumerate(zip(shown, rows, strict=True)):
            items[0].setData(Qt.UserRole, c.id)
            color = _BUCKET_COLOR.get(c.bucket(self.today))
            for item in items if color else ():
                item.setBackground(QColor(color))
            if keep is not None and keep.id == c.id:
                self.table.selectRow(row)
        self._show_selected()

    def _cells(self, c: Case) -> list[str]:
        """The case's row: due, status, channel, name, service, topic, where it went."""
        status = tr(f"counter.bucket.{c.bucket(self.today).value}")
        if c.reschedule_count:
            status += " · " + tr("counter.cases.rescheduled_n", n=c.reschedule_count)
        to = tr("counter.escalated.rescheduled") if c.rescheduled else \
            tr(f"counter.escalated.{c.escalated_to.value}") + (f": {c.unit}" if c.unit else "")
        r = c.record
        return [c.due_day.strftime("%d-%m-%Y"), status,
                tr(f"counter.channel.{r.channel.value}") + (
                    f" {r.ticket_number or r.data.online_ref}"
                    if r.ticket_number or r.data.online_ref else ""),
                r.data.visitor_name, r.service_prefix, r.data.subject, to]

    def selected(self) -> Case | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        cid = self.table.item(rows[0].row(), 0).data(Qt.UserRole)
        return next((c for c in self.cases if c.id == cid), None)

    def _show_selected(self) -> None:
        c = self.selected()
        self.answer.show_row(c and c.id, c and c.answer)  # never over what is being typed
        if c is None:
            self.detail.setText(tr("counter.cases.none_selected"))
        else:
            r = c.record.data
            lines = [
                f"<b>{esc(r.visitor_name)}</b> — {esc(r.institution)}",
                f"{tr('counter.form.region')}: {esc(r.region_name)}",
                f"{tr('counter.form.phone')}: {esc(r.phone)} &nbsp; "
                f"{tr('counter.form.email')} {breakable(esc(r.email))}",
                f"{tr('counter.form.id_number')}: {esc(mask_id_number(r.id_number))}",
                f"<b>{tr('counter.form.topic')}:</b> {esc(r.topic)}" + (
                    f" · {tr('counter.remote.online_ref')} {esc(r.online_ref)}"
                    if r.online_ref else ""),
                f"<b>{tr('counter.form.question')}:</b> {esc(r.question)}",
                tr("counter.cases.due_line", due=long_date(c.due_day)) + (
                    " · " + tr("counter.cases.rescheduled_n", n=c.reschedule_count)
                    if c.reschedule_count else ""),
            ]
            if c.reschedule_reason:
                lines.append(tr("counter.cases.reason_line", reason=esc(c.reschedule_reason)))
            if c.callback_needed:
                lines.append(tr("counter.cases.callback_line", n=c.callback_attempts) + (
                    " ✔" if c.callback_done_at else ""))
            self.detail.setText("<br>".join(lines))
            self.lapor.setCurrentIndex(max(0, self.lapor.findData(c.lapor_category)))
        self.update_actions()

    def update_actions(self) -> None:
        c = self.selected()
        may, online = self.session.may, self.session.online
        open_ = c is not None and c.state.value != "closed"
        answered = c is not None and c.state.value == "answered"
        self.answer.setReadOnly(not (open_ and may("answer")))
        self.visit.button.setEnabled(online and open_ and may("visit"))
        self.visit.button.setToolTip("" if may("visit") else tr(
            "counter.visit.who_can", roles=", ".join(
                tr(f"counter.role.{r}") for r in roles_that("visit"))))
        self.lapor.setEnabled(online and open_ and may("answer"))
        callback = answered and c.callback_needed and c.callback_done_at is None
        for btn, action, when in ((self.btn_answer, "answer", open_),
                                  (self.btn_reschedule, "reschedule", open_),
                                  (self.btn_reached, "callback", callback),
                                  (self.btn_unreached, "callback", callback),
                                  (self.btn_close, "close", answered)):
            btn.setEnabled(online and when and may(action))
            btn.setVisible(may(action))

    # -- actions -------------------------------------------------------------------
    def _act(self, fn, key: str, case_id: int, *, answer_saved: str | None = None,
             **kwargs) -> None:
        """*fn* on the case by the officer; then *key* said and the list read again."""
        def done(case: Case) -> None:
            if answer_saved is not None:
                self.answer.saved(answer_saved)
            self.session.notify(tr(key, name=case.record.data.visitor_name))
            self.refresh()
        self.session.run(fn, case_id=case_id, officer_id=self.session.officer.id, done=done,
                         parent=self, **kwargs)

    def do_answer(self) -> None:
        c = self.selected()
        if c is not None:
            answer = self.answer.toPlainText()
            self._act(cases.answer_case, "counter.msg.answered", c.id, answer=answer,
                      answer_saved=answer)

    def with_calendar(self, then) -> None:
        """``then(case, calendar, today)`` for the selected case once the office's calendar
        and today are read (a reschedule, a follow-up visit)."""
        c = self.selected()
        if c is not None:
            self.session.run(cases.calendar_and_today, parent=self,
                             done=lambda got: then(c, *got))

    def do_reschedule(self) -> None:
        self.with_calendar(self._reschedule_dialog)

    def _reschedule_dialog(self, c: Case, calendar, today) -> None:
        case_id, old_due = c.id, c.due_day

        def preview(n: int) -> str:
            new = calendar.rescheduled(today, old_due, n)
            text = tr("counter.reschedule.preview", new=long_date(new), old=long_date(old_due))
            closed = calendar.closed_between(max(today, old_due), new)
            if closed:
                text += " " + tr("counter.reschedule.closed", days="; ".join(
                    f"{d.day}/{d.month} {why}" for d, why in closed))
            return text

        self.dialog = ReasonDialog(tr("counter.cases.reschedule"),
                                   prompt=tr("counter.reschedule.prompt"), days=1,
                                   preview=preview, parent=self)

        def accepted() -> None:
            self._act(cases.reschedule_case, "counter.msg.rescheduled", case_id,
                      reason=self.dialog.reason.text(), days=self.dialog.days.value())
        self.dialog.then(accepted)

    def do_lapor(self) -> None:
        c, category = self.selected(), self.lapor.currentData()
        if c is not None and category and category != c.lapor_category:
            self._act(cases.set_lapor_category, "counter.msg.lapor_category", c.id,
                      category=category)

    def do_callback(self, reached: bool) -> None:
        c = self.selected()
        if c is None:
            return
        self.btn_reached.setEnabled(False)  # one attempt per click, not per double click
        self.btn_unreached.setEnabled(False)
        self._act(cases.record_callback, "counter.msg.callback_reached" if reached
                  else "counter.msg.callback_unreached", c.id, reached=reached,
                  failed=lambda _: self.update_actions())

    def do_close(self) -> None:
        c = self.selected()
        if c is not None:
            self._act(cases.close_case, "counter.msg.case_closed", c.id)
