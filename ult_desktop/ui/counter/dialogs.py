"""Small dialogs of the counter: Selesai (outcome), Alihkan, priority, reschedule, the
online form's import."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
)

from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import GROUPS
from ult_desktop.core.queue import CALL_REASONS, PAUSE_REASONS
from ult_desktop.core.tickets import Outcome, Ticket
from ult_desktop.ui.common.boxes import fill, form, hbox, vbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.counter import jobs


class _Dialog(QDialog):
    """A counter's question: gone once answered (a counter opens hundreds a day), so what
    it was told is read in its ``accepted`` handlers, never later."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent, windowTitle=title, minimumWidth=460)
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.layout_ = QVBoxLayout(self)
        self.error = QLabel(styleSheet="color:#c62828;font-weight:bold;", wordWrap=True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(tr("counter.dialog.ok"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr("counter.dialog.cancel"))
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        fill(self.layout_, self.error, self.buttons)

    def then(self, accepted) -> _Dialog:
        """Open it; *accepted()* once the officer says OK (it reads what was told here)."""
        self.accepted.connect(accepted)
        self.open()
        return self

    def check(self) -> str | None:
        """An i18n key saying what is missing, or ``None``."""
        return None

    def _try_accept(self) -> None:
        problem = self.check()
        if problem:
            self.error.setText(tr(problem))
            self.error.show()
            self.adjustSize()  # the sentence below the fields, never squeezing them
            return
        self.accept()


class FinishDialog(_Dialog):
    """Selesai: how the visit ended; escalations name where they go."""

    def __init__(self, number: str, *, reschedule: bool = False, parent=None):
        super().__init__(tr("counter.finish.title", number=number), parent)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        # "consulted" is not chosen: the file knows when the back office answered;
        # "rescheduled" is the helpdesk's (SOP 000 step 5), offered to who may reschedule
        hidden = {Outcome.CONSULTED} | (set() if reschedule else {Outcome.RESCHEDULED})
        for i, outcome in enumerate(o for o in Outcome if o not in hidden):
            radio = QRadioButton(f"&{i + 1}  " + tr(f"counter.outcome.{outcome.value}"))
            radio.setObjectName(f"outcome_{outcome.value}")
            self.group.addButton(radio, i)
            self.radios[outcome.value] = radio
            self.layout_.addWidget(radio)
        self.radios[Outcome.ANSWERED.value].setChecked(True)
        self.unit = QLineEdit(objectName="finish_unit",
                              placeholderText=tr("counter.finish.unit_hint"))
        self.callback = QCheckBox(tr("counter.finish.callback"), objectName="finish_callback")
        self.layout_.addLayout(form((tr("counter.finish.unit"), self.unit), ("", self.callback)))
        self.group.idToggled.connect(lambda *_: self._sync())
        self._sync()
        self.finish_layout()

    def keyPressEvent(self, event) -> None:  # Qt name
        """A digit alone chooses its outcome (typed in the unit's field it stays text
        there: the field takes it first)."""
        n = event.key() - Qt.Key_1
        if 0 <= n < len(self.radios) and event.modifiers() in (Qt.NoModifier,
                                                              Qt.KeypadModifier):
            list(self.radios.values())[n].click()
            return
        super().keyPressEvent(event)

    def _sync(self) -> None:
        out = self.outcome()
        self.unit.setEnabled(out == Outcome.REFERRED.value)
        self.callback.setEnabled(out in (Outcome.ESCALATED.value, Outcome.REFERRED.value,
                                         Outcome.RESCHEDULED.value))

    def outcome(self) -> str:
        return next(k for k, r in self.radios.items() if r.isChecked())

    def set_outcome(self, outcome: str) -> None:
        self.radios[outcome].setChecked(True)

    def check(self) -> str | None:
        if self.outcome() == Outcome.REFERRED.value and not self.unit.text().strip():
            return "counter.error.unit_required"
        return None


class TransferDialog(_Dialog):
    """Alihkan to another service, counter or officer; a counter nobody serves now (by
    *state*, ``CounterState``) is marked so, and chosen it is refused with the reason."""

    def __init__(self, number: str, state, *, services: list, officers: list,
                 own_counter: int | None, parent=None):
        super().__init__(tr("counter.transfer.title", number=number), parent)
        counters, self.serving = state.counters, state.serving
        self.service = combo([(tr("counter.transfer.same"), None)] + [
            (f"{s.prefix} - {s.name}", s.prefix) for s in services], objectName="transfer_service")
        self.counter = combo([(tr("counter.transfer.any"), None)] + [
            (name if number_ in self.serving else tr("counter.transfer.not_serving", counter=name),
             number_) for number_, name in sorted(counters.items()) if number_ != own_counter],
            objectName="transfer_counter")
        self.officer = combo([(tr("counter.transfer.any"), None)] + [
            (f"{o.name} ({tr('counter.role.' + o.role)})", o.id) for o in officers],
            objectName="transfer_officer")
        self.reason = QLineEdit(objectName="transfer_reason")
        self.layout_.addLayout(form((tr("counter.transfer.service"), self.service),
                                    (tr("counter.transfer.counter"), self.counter),
                                    (tr("counter.transfer.officer"), self.officer),
                                    (tr("counter.transfer.reason"), self.reason)))
        self.finish_layout()

    def destination(self) -> dict:
        return {"to_service": self.service.currentData(), "to_counter": self.counter.currentData(),
                "to_officer": self.officer.currentData(),
                "reason": self.reason.text().strip() or None}

    def check(self) -> str | None:
        d = self.destination()
        if d["to_service"] is None and d["to_counter"] is None and d["to_officer"] is None:
            return "counter.transfer.need_destination"
        if d["to_counter"] is not None and d["to_counter"] not in self.serving:
            return "counter.transfer.refused"
        return None


def transferred_words(t: Ticket, sent: dict[str, tuple[str, str]]) -> str:
    """What the sending desk is told: where the visitor now waits and until when (then
    she is back in her line; *sent*: ``CounterState.sent``), or only that she was sent on."""
    if t.number not in sent:
        return tr("counter.msg.transferred", number=t.number)
    where, until = sent[t.number]
    return tr("counter.msg.transferred_to", number=t.number, where=where, until=until)


class ReasonDialog(_Dialog):
    """A reason (required), with an optional priority switch or a number of days."""

    def __init__(self, title: str, *, prompt: str, priority: bool | None = None,
                 group: str | None = None, days: int | None = None, preview=None,
                 parent=None):
        super().__init__(title, parent)
        self.layout_.addWidget(QLabel(prompt, wordWrap=True))
        rows = form()
        self.priority = None
        if priority is not None:
            self.priority = QCheckBox(tr("counter.reclassify.priority"),
                                      objectName="reason_priority")
            self.priority.setChecked(priority)
            rows.addRow("", self.priority)
            self.group = combo([(tr("priority.group.unknown"), None)] + [
                (tr(f"priority.group.{key}"), key) for key in GROUPS], objectName="reason_group")
            self.group.setCurrentIndex(max(0, self.group.findData(group)))
            self.priority.toggled.connect(self.group.setEnabled)
            self.group.setEnabled(priority)
            rows.addRow(tr("counter.reclassify.group"), self.group)
        self.days = None
        if days is not None:
            self.days = QSpinBox(objectName="reason_days", minimum=1, maximum=30, value=days,
                                 suffix=" " + tr("counter.days_suffix"))
            rows.addRow(tr("counter.reschedule.days"), self.days)
            if preview is not None:  # the new tenggat, as the days are picked
                self.preview = QLabel(preview(days), objectName="reason_preview", wordWrap=True,
                                      styleSheet="font-weight:bold;")
                self.days.valueChanged.connect(lambda n: self.preview.setText(preview(n)))
                rows.addRow("", self.preview)
        self.reason = QLineEdit(objectName="reason_text")
        rows.addRow(tr("counter.reason"), self.reason)
        self.layout_.addLayout(rows)
        self.finish_layout()

    def check(self) -> str | None:
        return None if self.reason.text().strip() else "error.reason_required"

    @classmethod
    def ask(cls, title: str, prompt: str, parent, *, then) -> ReasonDialog:
        """Open it for a reason alone; ``then(reason)`` once given."""
        dialog = cls(title, prompt=prompt, parent=parent)
        return dialog.then(lambda: then(dialog.reason.text().strip()))


class ChoiceReasonDialog(_Dialog):
    """A reason from the office's short list, or typed words for "other" (calling a ticket out of turn, pausing a counter). :meth:`reason` gives the key, or
    ``"other:<words>"``."""

    def __init__(self, title: str, prompt: str, choices: list[tuple[str, str]], *,
                 words_needed: str, name: str, parent=None):
        super().__init__(title, parent)
        self.words_needed = words_needed
        self.layout_.addWidget(QLabel(prompt, wordWrap=True))
        self.choice = combo(choices, objectName=name)
        self.note = QLineEdit(objectName=f"{name}_note", enabled=False)
        self.choice.currentIndexChanged.connect(
            lambda: self.note.setEnabled(self.choice.currentData() == "other"))
        self.layout_.addLayout(form((tr("counter.reason"), self.choice), ("", self.note)))
        self.finish_layout()

    def reason(self) -> str:
        key = self.choice.currentData()
        return f"other:{self.note.text().strip()}" if key == "other" else key

    def check(self) -> str | None:
        return self.words_needed if self.reason() == "other:" else None

    @classmethod
    def call_out_of_turn(cls, number: str, parent, then) -> ChoiceReasonDialog:
        """Open it for calling *number* before its turn; ``then(number=..., reason=...)``
        once the officer confirms."""
        dialog = cls(tr("counter.call_this.title", number=number),
                     tr("counter.call_this.prompt", number=number),
                     [(tr(f"counter.call_reason.{k}"), k) for k in CALL_REASONS],
                     words_needed="error.call_reason_needed_text", name="call_reason",
                     parent=parent)
        return dialog.then(lambda: then(number=number, reason=dialog.reason()))

    @classmethod
    def pause(cls, counter_name: str, parent) -> ChoiceReasonDialog:
        """Why the counter pauses: ISHOMA, rapat, tugas luar, or typed words."""
        return cls(tr("counter.pause.title", counter=counter_name), tr("counter.pause.prompt"),
                   [(tr("counter.pause.other_label") if k == "other" else
                     tr(f"counter.pause.{k}"), k) for k in PAUSE_REASONS],
                   words_needed="error.pause_reason_needed", name="pause_reason",
                   parent=parent)


class KeepWhichDialog(QMessageBox):
    """Calling the next visitor while one is at the desk: keep that visit (its times as
    they are), or, the called visitor not come, mark a no-show and call the next; one
    being served is finished first (Selesai). :attr:`other` is the second choice."""

    def __init__(self, number: str, *, serving: bool, parent=None):
        super().__init__(parent, objectName="keep_which", icon=QMessageBox.Question,
                         windowTitle=tr("counter.keep.title"),
                         text=tr("counter.keep.serving" if serving else "counter.keep.called",
                                 number=number))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.keep = self.addButton(tr("counter.keep.keep", number=number),
                                   QMessageBox.RejectRole)
        self.other = self.addButton(tr("counter.keep.finish" if serving else
                                       "counter.keep.next", number=number),
                                    QMessageBox.AcceptRole)
        self.setDefaultButton(self.keep)
        self.setEscapeButton(self.keep)

    @classmethod
    def ask(cls, number: str, parent, *, serving: bool, finish, call_instead
            ) -> KeepWhichDialog:
        """Open it; the second choice runs *finish()* (served) or *call_instead()*;
        keeping changes nothing."""
        dialog = cls(number, serving=serving, parent=parent)
        dialog.buttonClicked.connect(lambda button: button is dialog.other and (
            finish() if serving else call_instead()))
        dialog.open()
        return dialog


class ReceiptDialog(QDialog):
    """The escalation receipt after a visit or a request went on: the officer
    reads it out or copies it into a reply; one click closes it."""

    def __init__(self, lines: list[str], parent=None, printer: str | None = None):
        super().__init__(parent, objectName="receipt_dialog",
                         windowTitle=tr("receipt.dialog_title"))
        self.setAttribute(Qt.WA_DeleteOnClose)  # one a visit: gone once closed
        self.lines, self.printer = lines, printer
        layout = vbox(QLabel(tr("receipt.read_out"), wordWrap=True), on=self)
        self.text = QLabel("\n".join(lines), objectName="receipt_text", wordWrap=True,
                           textFormat=Qt.PlainText, textInteractionFlags=Qt.TextSelectableByMouse,
                           styleSheet="font-size:16px;padding:8px;background:white;",
                           minimumWidth=420)
        layout.addWidget(self.text)
        self.copy_btn = QPushButton(tr("receipt.copy"), objectName="receipt_copy",
                                    clicked=self.copy)
        close = QPushButton(tr("receipt.close"), objectName="receipt_close", default=True,
                            clicked=self.accept)
        # the desk's own receipt printer, when it has one: the visitor takes it home
        self.print_btn = QPushButton(tr("counter.visit.print"), objectName="receipt_print",
                                     clicked=self.print_it)
        self.print_btn.setVisible(bool(printer) and printer != "none")
        self.said = QLabel(objectName="receipt_said", wordWrap=True)
        layout.addWidget(self.said)
        layout.addLayout(hbox(1, self.print_btn, self.copy_btn, close))

    @classmethod
    def show_for(cls, parent, **which) -> None:
        """Read the escalation receipt (*which*: ``jobs.receipt``'s record or ticket) and open
        it as *parent*'s ``receipt`` (None: nothing went on, nothing shown), with Cetak on
        the desk's printer (*parent*'s session's) if it has one."""
        def show(lines: list[str] | None) -> None:
            parent.receipt = cls(lines, parent, parent.session.printer) if lines else None
            if parent.receipt is not None:
                parent.receipt.open()
        parent.session.run(jobs.receipt, parent=parent, done=show, **which)

    def print_it(self) -> None:
        """The receipt on the desk's printer (a pool thread waits for its answer)."""
        from ult_desktop.core.receipt import receipt_slip
        from ult_desktop.ui.common.off_gui import off_gui
        from ult_desktop.ui.counter.visit_booking import print_on

        self.print_btn.setEnabled(False)  # one receipt a click: back once it answered
        self.said.setText(tr("counter.visit.printing"))

        def answered(text: str) -> None:
            self.said.setText(text)
            self.print_btn.setEnabled(True)
        off_gui(print_on, receipt_slip(self.lines), self.printer, parent=self,
                done=answered)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text.text())
        self.copy_btn.setText(tr("receipt.copied"))


class OnlineImportDialog(QDialog):
    """The web form's export into the register and the back-office desk: one column per
    field (guessed, remembered here), then the import on the worker with its progress."""

    progressed = Signal(int, int)

    def __init__(self, session, path: str, header: list[str], services, parent=None):
        from ult_desktop.app import online_import

        super().__init__(parent)
        self.session, self.path, self.result = session, path, None
        self.setWindowTitle(tr("import.title"))
        rows = form()
        guessed = online_import.guess_mapping(header, online_import.remembered())
        self.columns: dict[str, QComboBox] = {}
        for fld in online_import.FIELDS:
            box = combo([(tr("import.none"), "")] + [(h, h) for h in header],
                        objectName=f"import_{fld}")
            box.setCurrentIndex(max(0, box.findData(guessed.get(fld, ""))))
            rows.addRow(tr(f"import.field.{fld}"), box)
            self.columns[fld] = box
        self.service = combo(((f"{s.prefix} - {s.name}", s.prefix) for s in services),
                             objectName="import_default_service")
        rows.addRow(tr("import.default_service"), self.service)
        self.message = QLabel(objectName="import_message", wordWrap=True)
        # the new requesters' survey codes, for the officer to send on: shown, never filed
        self.codes = QPlainTextEdit(objectName="import_codes", readOnly=True)
        self.codes.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.start = self.buttons.addButton(tr("import.start"), QDialogButtonBox.AcceptRole)
        self.start.clicked.disconnect()
        self.start.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        vbox(QLabel(tr("import.hint"), wordWrap=True), rows, self.message, self.codes,
             self.buttons, on=self)
        self.progressed.connect(lambda n, total: self.message.setText(
            tr("import.working", n=n, total=total)))

    def mapping(self) -> dict[str, str]:
        return {f: box.currentData() for f, box in self.columns.items() if box.currentData()}

    def run_import(self) -> None:
        from ult_desktop.app import online_import

        mapping = self.mapping()
        self.start.setEnabled(False)
        online_import.remember(mapping)  # this PC's own folder, not the share
        self.session.run(online_import.import_requests, self.path, mapping,
                         default_service=self.service.currentData(),
                         officer_id=self.session.officer.id, progress=self.progressed.emit,
                         parent=self, done=self._done, failed=self._failed)

    def _done(self, result) -> None:
        self.result = result
        self.message.setText(result.summary())
        self.codes.setPlainText("\n".join(result.code_lines()))
        self.codes.setVisible(bool(result.codes))
        self.start.setEnabled(True)
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr("receipt.close"))

    def _failed(self, error: BaseException) -> None:
        from ult_desktop.ui.common.station import error_sentence

        self.start.setEnabled(True)
        self.message.setText(error_sentence(error))
