"""The walk-in register form of the visitor at the desk: its draft (restored after a crash
or logout), the stored record once saved, nothing once the visitor has gone; saved through
:class:`~.session.DraftedSave`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton

from ult_desktop.core.i18n import tr
from ult_desktop.core.receipt import case_number
from ult_desktop.core.register import Channel, RecordInput, merge_record
from ult_desktop.core.tickets import Ticket
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.register_form import RegisterForm
from ult_desktop.ui.counter.session import CounterSession, DraftedSave


class VisitForm(QGroupBox):
    """The right half of the queue page (see module docstring)."""

    def __init__(self, session: CounterSession, parent=None):
        super().__init__(tr("counter.form.title"), parent)
        self.session = session
        self.shown_ticket: int | None = None
        self.ticket_number: str | None = None
        #: the record as last shown (None: unsaved or a draft): a save writes only changes
        self.base: RecordInput | None = None
        self._base_at = None
        self.setObjectName("visit_form")
        self.form = RegisterForm()
        self.form.setObjectName("visit_register")
        self.form.changed.connect(self._changed)
        self.save_btn = QPushButton(tr("counter.form.save") + "  [Ctrl+S]",
                                    objectName="btn_save_record", clicked=self.save)
        QShortcut(QKeySequence("Ctrl+S"), self.form, activated=self.save,
                  context=Qt.WidgetWithChildrenShortcut)
        self.note = QLabel(objectName="form_note", wordWrap=True, styleSheet="color:#455a64;")
        self._save_row = hbox((self.note, 1), self.save_btn)
        self._box = vbox(self.form, self._save_row, 1, on=self)
        self.drafting = DraftedSave(session, write_draft=self.write_draft,
                                    note=self.note.setText, parent=self)

    def save_above(self, above: bool) -> None:
        """Simpan above the form (a short screen) or below it."""
        at = self._box.indexOf(self._save_row)
        if at != (0 if above else 1):
            self._box.removeItem(self._save_row)
            self._box.insertLayout(0 if above else 1, self._save_row)

    def load(self, t: Ticket | None, record=None, desk_answer: str | None = None,
             followup=None) -> None:
        """Show *t*'s register (draft, else stored *record*, else for a follow-up visit who
        she is as her case says: *followup*, ``db.visit.visits.FollowUp``) or nothing;
        *desk_answer*: the back office's answer, shown in an empty Jawaban."""
        tid = t.id if t else None
        if tid == self.shown_ticket:
            self._arrived(record)
            self._desk_answer(desk_answer)
            return
        self.shown_ticket = tid
        self.ticket_number = t.number if t else None
        self.drafting.pending = False
        self.note.setText("")
        self.base = record.data if record is not None else None
        self._base_at = record.updated_at if record is not None else None
        if t is None:
            self.form.clear()
            self.setTitle(tr("counter.form.title"))  # no visitor at the desk
            return
        draft = self.session.journal.draft(f"ticket:{t.id}")
        if draft is not None:
            self.form.set_value(RecordInput.from_dict(draft["data"]), mask_id=False)
            self.note.setText(tr("counter.form.draft_restored"))
        elif record is not None:
            self.form.set_value(record.data)
            self.note.setText(tr("counter.form.saved"))
        elif followup is not None and followup.known is not None:  # one person, not two
            self.form.set_value(followup.known)
            self.note.setText(tr("counter.form.from_case", case=case_number(followup.case_id)))
        else:
            self.form.clear()
        self.setTitle(tr("counter.form.title_ticket", number=t.number))
        self._desk_answer(desk_answer)

    def _arrived(self, record) -> None:
        """The record of the visitor at the desk changed in the file (the back office's
        answer): show it in every field the officer has not changed."""
        if record is None or record.updated_at == self._base_at:
            return
        mine = self.form.value()
        merged = merge_record(self.base, mine, record.data)
        changed = {k for k, v in merged.as_dict().items() if v != mine.as_dict()[k]}
        self.base, self._base_at = record.data, record.updated_at
        if changed:
            self.form.set_value(merged, only=changed)
            if "answer" in changed:
                self.note.setText(tr("counter.form.answer_arrived"))

    def _desk_answer(self, text: str | None) -> None:
        if text and not self.form.answer.toPlainText().strip():
            self.form.set_value(RecordInput(answer=text), only={"answer"})
            self.note.setText(tr("counter.form.answer_arrived"))

    def forget(self) -> None:
        """The officer signed out: nothing of the last visitor stays on screen."""
        self.base = self._base_at = None
        self.shown_ticket = self.ticket_number = None
        self.form.clear()
        self.setTitle(tr("counter.form.title"))

    def _changed(self) -> None:
        if self.shown_ticket is not None:
            self.drafting.edited()

    def write_draft(self) -> None:
        if self.shown_ticket is not None:
            # what was typed, as the local draft keeps it (the ID number unmasked)
            self.session.journal.put_draft(f"ticket:{self.shown_ticket}",
                                           self.form.value().as_dict(),
                                           meta={"number": self.ticket_number})
            self.note.setText(tr("counter.form.draft_kept"))

    def save(self) -> None:
        if self.shown_ticket is None or not self.save_btn.isEnabled() and self.session.online:
            return
        if not self.form.show_problems(self.form.problems(Channel.WALK_IN)):
            return
        ticket_id, sent = self.shown_ticket, self.form.value()

        def done(record) -> None:
            if self.shown_ticket == ticket_id:
                self.session.journal.drop_draft(f"ticket:{ticket_id}")
                self.note.setText(tr("counter.form.saved"))
                if self.form.value() == sent:  # nothing typed meanwhile: show it as stored
                    self.form.set_value(record.data)
                    self.base, self._base_at = record.data, record.updated_at
            self.session.notify(tr("counter.msg.record_saved"))

        self.drafting.save(jobs.save_walk_in, ticket_id=ticket_id, record=sent,
                           base=self.base, officer_id=self.session.officer.id, done=done)

    def retry_pending(self) -> None:
        """The share is back: send the save that could not be sent."""
        self.drafting.retry(self.save, when=self.shown_ticket is not None)
