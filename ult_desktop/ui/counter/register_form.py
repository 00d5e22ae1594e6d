"""The register form: one visitor's entry in the digital guest book."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from ult_desktop.core.i18n import tr
from ult_desktop.core.register import (
    LETTER_TYPES,
    REQUEST_TYPES,
    Channel,
    RecordInput,
    mask_id_number,
    validate,
)
from ult_desktop.ui.common.boxes import form, hbox, vbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.counter import regions

_ERROR_STYLE = "border:2px solid #c62828;"


class RegionCompleter(QCompleter):
    """Kabupaten/kota pick list forgiving spacing, hyphens, dots and Kab./Kep./Kota
    (``regions.compact``); picking inserts the regency's label."""

    def __init__(self, parent=None):
        model = QStandardItemModel(parent)
        for reg in regions.regencies():
            item = QStandardItem(reg.label)
            item.setData(regions.search_key(reg), Qt.UserRole)
            model.appendRow(item)
        super().__init__(model, parent)
        self.setCompletionRole(Qt.UserRole)
        self.setCaseSensitivity(Qt.CaseInsensitive)

    def splitPath(self, path: str) -> list[str]:
        return [regions.compact(path)]

    def pathFromIndex(self, index) -> str:
        return index.data(Qt.DisplayRole)


class RegisterForm(QWidget):
    """Name, institution, kabupaten/kota, contacts, ID number, acting for someone else,
    topic, question and answer. Emits :attr:`changed` on every edit (for drafts)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._stored_id = ""   # the real ID number behind a masked display
        self._loading = False
        self._fields()
        self._lay_out()
        self._wire()

    def _fields(self) -> None:
        """The guest book's fields, one widget each."""
        self.name = QLineEdit(objectName="reg_name")
        self.institution = QLineEdit(objectName="reg_institution")
        self.region = QLineEdit(objectName="reg_region")
        self.region.setPlaceholderText(tr("counter.form.region_hint"))
        self._region_completer = RegionCompleter(self)
        self._region_completer.setFilterMode(Qt.MatchContains)
        self._region_completer.setMaxVisibleItems(12)
        self.region.setCompleter(self._region_completer)
        self.phone = QLineEdit(objectName="reg_phone")
        self.phone.setPlaceholderText(tr("counter.form.phone_hint"))
        self.email = QLineEdit(objectName="reg_email")
        self.id_number = QLineEdit(objectName="reg_id_number")
        self.id_number.setPlaceholderText(tr("counter.form.id_hint"))
        self.on_behalf = QCheckBox(tr("counter.form.on_behalf"), objectName="reg_on_behalf")
        self.on_behalf_of = QLineEdit(objectName="reg_on_behalf_of")
        self.on_behalf_of.setPlaceholderText(tr("counter.form.on_behalf_of"))
        self.letter_type = combo([(tr("counter.form.letter_choose"), "")] + [
            (tr(f"counter.letter.{lt}"), lt) for lt in LETTER_TYPES], objectName="reg_letter_type")
        self.letter_number = QLineEdit(objectName="reg_letter_number")
        self.letter_number.setPlaceholderText(tr("counter.form.letter_number"))
        # informasi first: the usual visit
        self.request_type = combo(((tr(f"counter.request.{kind}"), kind) for kind in REQUEST_TYPES),
                                  objectName="reg_request_type")
        self.topic = QLineEdit(objectName="reg_topic")
        self.question = QPlainTextEdit(objectName="reg_question")
        self.answer = QPlainTextEdit(objectName="reg_answer")
        for edit in (self.question, self.answer):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(56)
            edit.setMaximumHeight(96)

    def _lay_out(self) -> None:
        """The fields in their rows."""
        # who is represented on its own line, the letter and its number below, both readable
        self._behalf_box = QWidget()
        vbox(self.on_behalf_of, hbox((self.letter_type, 2), (self.letter_number, 3)),
             on=self._behalf_box, margins=0)
        contact_row = hbox((self.phone, 1), QLabel(tr("counter.form.email")), (self.email, 1),
                           margins=0)

        # a complaint's SP4N-LAPOR! tracking number, when it came that way: its own
        # labelled row under the topic (shown for a complaint), digits only
        self.lapor_id = QLineEdit(objectName="reg_lapor_id",
                                  placeholderText=tr("counter.form.lapor_id_hint"), maxLength=20)
        self.form = form(
            (tr("counter.form.name"), self.name),
            (tr("counter.form.institution"), self.institution),
            (tr("counter.form.region"), self.region), (tr("counter.form.phone"), contact_row),
            (tr("counter.form.id_number"), self.id_number),
            (self.on_behalf,),  # both columns: its long text sets no width
            ("", self._behalf_box),
            (tr("counter.form.topic"), hbox(self.request_type, (self.topic, 1), margins=0)),
            (tr("counter.form.lapor_id"), self.lapor_id),
            (tr("counter.form.question"), self.question), (tr("counter.form.answer"), self.answer))
        self.form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.form.setVerticalSpacing(6)
        self.error = QLabel(objectName="reg_error", styleSheet="color:#c62828;font-weight:bold;",
                            wordWrap=True)
        self.error.hide()
        # what is kept, why, how long, whom to ask: told, not hidden (UU 27/2022)
        # (one line, cut to the form's width: the whole sentence in its tooltip)
        self.notice = QLabel(objectName="reg_notice", styleSheet="color:#546e7a;font-size:11px;")
        self.notice.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self._notice = ""
        self.notice.hide()
        vbox(self.form, self.error, self.notice, on=self, margins=0)

    def set_notice(self, text: str) -> None:
        """The office's one line to the visitor about their data."""
        self._notice = text
        self.notice.setToolTip(text)
        self.notice.setVisible(bool(text))
        self._fit_notice()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_notice()

    def _fit_notice(self) -> None:
        self.notice.setText(self.notice.fontMetrics().elidedText(
            self._notice, Qt.ElideRight, max(40, self.width())))

    def _wire(self) -> None:
        """Every edit marks the form changed; the letter and LAPOR! rows show when they apply."""
        self.on_behalf.toggled.connect(self._behalf_box.setVisible)
        self._behalf_box.setVisible(False)
        for w in (self.name, self.institution, self.region, self.phone, self.email,
                  self.id_number, self.on_behalf_of, self.letter_number, self.topic,
                  self.lapor_id):
            w.textEdited.connect(self._edited)
        self.request_type.currentIndexChanged.connect(lambda _i: self.form.setRowVisible(
            self.lapor_id, self.request_type.currentData() == "pengaduan"))
        self.form.setRowVisible(self.lapor_id, False)
        self.region.textChanged.connect(self._edited)
        for w in (self.question, self.answer):
            w.textChanged.connect(self._edited)
        self.on_behalf.toggled.connect(self._edited)
        self.letter_type.currentIndexChanged.connect(self._edited)
        self.request_type.currentIndexChanged.connect(self._edited)

    # -- values ----------------------------------------------------------------------
    def _edited(self, *_args) -> None:
        if not self._loading:
            self.changed.emit()

    def _id_value(self) -> str:
        text = self.id_number.text().strip()
        if self._stored_id and text == mask_id_number(self._stored_id):
            return self._stored_id
        return text

    def value(self) -> RecordInput:
        label = self.region.text().strip()
        reg = regions.resolve(label)
        return RecordInput(
            visitor_name=self.name.text(), institution=self.institution.text(),
            region_code=reg.code if reg else "", region_name=reg.name if reg else label,
            phone=self.phone.text(), email=self.email.text(), id_number=self._id_value(),
            on_behalf=self.on_behalf.isChecked(), on_behalf_of=self.on_behalf_of.text(),
            letter_type=self.letter_type.currentData() or "",
            letter_number=self.letter_number.text(), topic=self.topic.text(),
            question=self.question.toPlainText(), answer=self.answer.toPlainText(),
            request_type=self.request_type.currentData() or "",
            lapor_id=self.lapor_id.text() if self.request_type.currentData() == "pengaduan"
            else "")

    def set_value(self, record: RecordInput | None, *, mask_id: bool = True,
                  only: set[str] | None = None) -> None:
        """Fill the form (a stored record shows its ID number masked); *only*: just these
        fields (another station's change arriving while the officer types elsewhere)."""
        record = record or RecordInput()

        def wanted(*keys: str) -> bool:
            return only is None or any(k in only for k in keys)

        self._loading = True
        try:
            for key, widget in (("visitor_name", self.name), ("institution", self.institution),
                                ("phone", self.phone), ("email", self.email),
                                ("on_behalf_of", self.on_behalf_of),
                                ("letter_number", self.letter_number), ("topic", self.topic),
                                ("lapor_id", self.lapor_id)):
                if wanted(key):
                    widget.setText(getattr(record, key))
            if wanted("region_code", "region_name"):
                reg = regions.by_code(record.region_code) if record.region_code else None
                self.region.setText(reg.label if reg else record.region_name)
            if wanted("id_number"):
                if mask_id and record.id_number:
                    self._stored_id = record.id_number
                    self.id_number.setText(mask_id_number(record.id_number))
                else:
                    self._stored_id = ""
                    self.id_number.setText(record.id_number)
            if wanted("on_behalf"):
                self.on_behalf.setChecked(record.on_behalf)
            if wanted("letter_type"):
                idx = self.letter_type.findData(record.letter_type or "")
                self.letter_type.setCurrentIndex(max(0, idx))
            if wanted("request_type"):
                self.request_type.setCurrentIndex(max(0, self.request_type.findData(
                    record.request_type or REQUEST_TYPES[0])))
            if wanted("question"):
                self.question.setPlainText(record.question)
            if wanted("answer"):
                self.answer.setPlainText(record.answer)
        finally:
            self._loading = False
        if only is None:
            self.show_problems({})

    def clear(self) -> None:
        self.set_value(None)

    # -- checking --------------------------------------------------------------------
    def problems(self, channel: Channel, *, need_question: bool = False,
                 need_contact: bool = False) -> dict:
        value = self.value()
        found = validate(value, channel=channel, need_question=need_question,
                         need_contact=need_contact)
        if self.region.text().strip() and not value.region_code:
            found["region"] = "counter.invalid.region"
        return found

    def _widget(self, field: str) -> QWidget | None:
        return getattr(self, {"visitor_name": "name"}.get(field, field), None)

    def show_problems(self, problems: dict) -> bool:
        """Each problem at its field, the others' marks gone; True when there are none (the
        one check a save, a Selesai and a remote request make)."""
        for field in ("visitor_name", "region", "phone", "email", "id_number",
                      "on_behalf_of", "letter_type", "letter_number", "lapor_id",
                      "question"):
            w = self._widget(field)
            if w is not None:
                w.setStyleSheet(_ERROR_STYLE if field in problems else "")
        if problems:
            self.error.setText(" ".join(tr(k) for k in dict.fromkeys(problems.values())))
            self.error.show()
            first = self._widget(next(iter(problems)))
            if first is not None:
                first.setFocus()
        else:
            self.error.hide()
        return not problems
