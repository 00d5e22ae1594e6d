"""Phone and online requests: a register record without a queue ticket (SOP layanan
informasi melalui telepon, permintaan layanan ULT secara daring)."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core.i18n import tr
from ult_desktop.core.register import Channel, RecordInput, mask_phone
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.db.visit import cases
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.combos import combo, refill
from ult_desktop.ui.common.fit import scrolled_body
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.station import report_failure
from ult_desktop.ui.common.tables import fill_rows, list_table
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.dialogs import ReceiptDialog
from ult_desktop.ui.counter.register_form import RegisterForm
from ult_desktop.ui.counter.session import DraftedSave

DRAFT_KEY = "remote"


class RemotePanel(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.receipt = None  # the last escalation receipt shown
        self.session = session  # a CounterSession
        #: Kept while one form is being saved (and retried): a retry never adds a copy.
        self._request_id: str | None = None
        self._draft_checked = False
        self._fields()
        # scrolls where it cannot fit
        hbox((self._form_box(), 3), (self._list_box(), 2), on=scrolled_body(self))

        self.phone_radio.toggled.connect(self._sync)
        self.outcome.currentIndexChanged.connect(self._sync)
        self.drafting = DraftedSave(session, write_draft=self._write_draft, note=self.note.setText,
                                    parent=self)
        self._sync()

    def _fields(self) -> None:
        """The request's channel, service, reference and outcome."""
        self.phone_radio = QRadioButton(tr("counter.channel.phone"), objectName="channel_phone")
        self.online_radio = QRadioButton(tr("counter.channel.online"),
                                         objectName="channel_online")
        self.phone_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.phone_radio)
        group.addButton(self.online_radio)
        self.service = QComboBox(objectName="remote_service")
        self.online_ref = QLineEdit(objectName="remote_online_ref")
        self.online_ref.setPlaceholderText(tr("counter.remote.online_ref_hint"))
        self.outcome = combo([(tr("counter.remote.answered"), None),
                              (tr("counter.remote.to_back_office"), "back_office"),
                              (tr("counter.remote.to_unit_utama"), "unit_utama")],
                             objectName="remote_outcome")
        self.unit = QLineEdit(objectName="remote_unit")
        self.unit.setPlaceholderText(tr("counter.finish.unit_hint"))
        self.callback = QCheckBox(tr("counter.finish.callback"), objectName="remote_callback")
        self.callback.setChecked(True)

    def _form_box(self) -> QGroupBox:
        """The request's form: channel row, the guest book, the follow-up, buttons."""
        top = QFormLayout()
        self.import_btn = QPushButton(tr("import.button"), objectName="btn_import_online")
        self.import_btn.clicked.connect(lambda: self.import_online())
        self.import_dialog = None
        top.addRow(tr("counter.remote.channel"),
                   hbox(self.phone_radio, self.online_radio, 1, self.import_btn))
        top.addRow(tr("counter.transfer.service"), self.service)
        top.addRow(tr("counter.remote.online_ref"), self.online_ref)
        self.form = RegisterForm()
        self.form.setObjectName("remote_register")
        self.form.changed.connect(lambda: self.drafting.edited())
        follow = QFormLayout()
        follow.addRow(tr("counter.remote.outcome"), hbox((self.outcome, 2), (self.unit, 2)))
        follow.addRow("", self.callback)
        # one line that never grows: a note must not push Baru/Simpan off at 1366x768
        self.note = QLabel(objectName="remote_note")
        self.note.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.save_btn = QPushButton(tr("counter.form.save") + "  [Ctrl+S]",
                                    objectName="btn_save_remote", clicked=self.save)
        self.new_btn = QPushButton(tr("counter.remote.new"), objectName="btn_new_remote",
                                   clicked=self.new_record)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save,
                  context=Qt.WidgetWithChildrenShortcut)

        form_box = QGroupBox(tr("counter.remote.title"))
        vbox(top, self.form, follow, hbox((self.note, 1), self.new_btn, self.save_btn),
             on=form_box)
        return form_box

    def _list_box(self) -> QGroupBox:
        """Today's phone and online requests."""
        # the name takes what is left, cut (tooltip: all): no sideways scrolling at 1366 px
        self.table = list_table([tr("counter.col.channel"), tr("counter.col.name"),
                                 tr("counter.col.service"), tr("counter.col.phone"),
                                 tr("counter.col.status")], object_name="remote_list",
                                stretch=(1,))
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        list_box = QGroupBox(tr("counter.remote.today"))
        QVBoxLayout(list_box).addWidget(self.table)
        return list_box

    # -- state ---------------------------------------------------------------------
    def channel(self) -> Channel:
        return Channel.PHONE if self.phone_radio.isChecked() else Channel.ONLINE

    def _sync(self) -> None:
        self.online_ref.setEnabled(self.channel() is Channel.ONLINE)
        self.unit.setEnabled(self.outcome.currentData() == "unit_utama")
        self.callback.setEnabled(self.outcome.currentData() is not None)

    def load_services(self) -> None:
        refill(self.service, ((f"{s.prefix} - {s.name}", s.prefix)
                              for s in self.session.info.services))
        if self._draft_checked:  # restore once: later reloads must not undo typing
            return
        self._draft_checked = True
        draft = self.session.journal.draft(DRAFT_KEY)
        if draft is not None:
            self.form.set_value(RecordInput.from_dict(draft["data"]), mask_id=False)
            meta = draft.get("meta", {})
            (self.online_radio if meta.get("channel") == "online" else
             self.phone_radio).setChecked(True)
            self.online_ref.setText(draft["data"].get("online_ref", ""))
            self.note.setText(tr("counter.form.draft_restored"))

    def update_actions(self) -> None:
        allowed = self.session.may("register")
        self.setEnabled(allowed)
        self.save_btn.setEnabled(allowed and self.session.online)

    def value(self) -> RecordInput:
        rec = self.form.value()
        rec.online_ref = self.online_ref.text() if self.channel() is Channel.ONLINE else ""
        return rec

    def _write_draft(self) -> None:
        if not self.value().is_empty():
            self.session.journal.put_draft(DRAFT_KEY, self.value().as_dict(),
                                meta={"channel": self.channel().value})
            self.note.setText(tr("counter.form.draft_kept"))

    def new_record(self) -> None:
        self._request_id = None
        self.form.clear()
        self.online_ref.clear()
        self.outcome.setCurrentIndex(0)
        self.unit.clear()
        self.session.journal.drop_draft(DRAFT_KEY)
        self.note.setText("")

    # -- saving --------------------------------------------------------------------
    def save(self) -> None:
        if self.drafting.saving:
            return
        escalate = self.outcome.currentData()
        unit_missing = escalate == "unit_utama" and not self.unit.text().strip()
        if unit_missing:
            self.note.setText(tr("counter.error.unit_required"))
        if not self.form.show_problems(self.form.problems(self.channel(), need_question=True)) \
                or unit_missing:
            return

        def done(record) -> None:
            self.new_record()
            if escalate:  # the caller hears the case number and the tenggat
                ReceiptDialog.show_for(self, record_id=record.id)
            saved = tr("counter.msg.remote_saved_ref", name=record.data.visitor_name,
                       ref=record.data.online_ref) if record.data.online_ref else \
                tr("counter.msg.remote_saved", name=record.data.visitor_name)
            self.session.notify(saved)
            # the requester's survey code, given once (SOP 001 step 3)
            self.session.run(skm_db.remote_survey_code, record_id=record.id, parent=self,
                             done=lambda code: code and self.session.notify(saved + " " + tr(
                                 "counter.msg.survey_code", name=record.data.visitor_name,
                                 code=code)))
            self.refresh()
            self.session.refresh_cases()

        if self._request_id is None:
            self._request_id = uuid.uuid4().hex
        self.drafting.save(cases.save_remote, request_id=self._request_id,
                           channel=self.channel().value,
                           service=self.service.currentData(), record=self.value(),
                           officer_id=self.session.officer.id, escalate_to=escalate,
                           unit=self.unit.text().strip() or None,
                           callback_needed=bool(escalate) and self.callback.isChecked(),
                           done=done)

    def import_online(self, path: str | None = None) -> None:
        """The web form's export (CSV/XLSX) in one go instead of retyping."""
        from PySide6.QtWidgets import QFileDialog

        from ult_desktop.app.online_import import read_table
        from ult_desktop.ui.counter.dialogs import OnlineImportDialog

        path = path or QFileDialog.getOpenFileName(self, tr("import.title"), "",
                                                   "CSV / Excel (*.csv *.xlsx)")[0]
        if not path or self.session.info is None:
            return
        # its header read off the GUI thread (an export on a share must not hold the screen)
        off_gui(read_table, path, parent=self, failed=partial(
            report_failure, show=partial(self.session.notify, error=True)), done=lambda table: (
            setattr(self, "import_dialog", OnlineImportDialog(
                self.session, path, table[0], self.session.info.services, self)),
            self.import_dialog.finished.connect(lambda _r: (self.refresh(),
                                                            self.session.refresh_cases())),
            self.import_dialog.open()))

    def retry_pending(self) -> None:
        # no officer signed in: kept for the next one
        self.drafting.retry(self.save, when=self.session.officer is not None)

    def refresh(self) -> None:
        self.session.station.run(jobs.remote_records, done=self._fill, parent=self)

    def _fill(self, rows) -> None:
        shown = []
        for rec, case in reversed(rows):
            status = tr("counter.remote.status_answered") if case is None else \
                tr(f"counter.case_state.{case.state.value}")
            channel = tr(f"counter.channel.{rec.channel.value}")
            if rec.data.online_ref:  # the request number stays in view after saving
                channel += f" · {rec.data.online_ref}"
            shown.append([channel, rec.data.visitor_name,
                          rec.service_prefix, mask_phone(rec.data.phone), status])
        fill_rows(self.table, shown, tips=True)
