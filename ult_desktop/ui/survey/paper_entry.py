"""Typing in SKM questionnaires collected on paper or by phone: keyboard only, fast.

One digit per cell and the cursor moves on by itself: four profile cells (1..n for the
bands, 0 = "tidak ingin menjawab", empty = not asked), nine unsur (1-4), the suggestion.
Ctrl+S saves the sheet (source ``paper``/``phone``, its number) and clears the form,
keeping source, service and month and offering the next number. A service's month takes
no more sheets than people it served; on an error the sheet stays with one sentence."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core import skm
from ult_desktop.core.dates import office_today
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.ui.common.boxes import fill, hbox, vbox
from ult_desktop.ui.common.station import Station, error_sentence
from ult_desktop.ui.survey import jobs

_OK = "color:#1b5e20;font-weight:bold;"
_ERROR = "color:#b71c1c;font-weight:bold;"
_INFO = "color:#37474f;"


class DigitCell(QLineEdit):
    """One digit from *allowed*; typing it moves the focus on, Enter too."""

    def __init__(self, allowed: str, parent: QWidget | None = None):
        super().__init__(parent, maxLength=1, alignment=Qt.AlignCenter, styleSheet=(
            "QLineEdit{font-size:20px;font-weight:bold;padding:4px;}"
            "QLineEdit:focus{border:2px solid #1565c0;background:#e3f2fd;}"))
        self.setFixedWidth(44)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(f"[{allowed}]?"), self))
        self.textEdited.connect(lambda text: text and self.focusNextChild())
        self.returnPressed.connect(self.focusNextChild)


def _profile_digits(field: str) -> dict[str, str]:
    """Digit -> band: 1..n for the bands in order, 0 for "tidak ingin menjawab"."""
    bands = [b for b in skm.PROFILE[field] if b != skm.DECLINED]
    digits = {str(i): band for i, band in enumerate(bands, start=1)}
    digits["0"] = skm.DECLINED
    return digits


class PaperEntryForm(QWidget):
    """See module docstring. ``saved`` carries the stored response."""

    saved = Signal(object)

    def __init__(self, station: Station, *, lang: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.station = station
        self.lang = lang
        self.count = 0
        self.busy = False
        col = QVBoxLayout(self)
        hint = QLabel(self.t("skm.entry.hint"), wordWrap=True, styleSheet="color:#455a64;")
        fill(col, hint, self._sheet_row(), self._profile_grid())
        self._element_cells(col)

        self.suggestion = QLineEdit(maxLength=1000)
        self.suggestion.returnPressed.connect(self.save)
        col.addLayout(hbox(QLabel(self.t("skm.entry.suggestion")), (self.suggestion, 1)))
        self.message = QLabel(wordWrap=True)
        self.save_button = QPushButton(self.t("skm.entry.save"), focusPolicy=Qt.NoFocus)
        self.save_button.clicked.connect(self.save)
        fill(col, hbox((self.message, 1), self.save_button), 1)
        QShortcut(QKeySequence.Save, self, activated=self.save,
                  context=Qt.WidgetWithChildrenShortcut)
        self.station.run(office.list_services, done=self._services, failed=lambda _e: None,
                         parent=self)
        self.station.run(jobs.office_month, done=self._office_month, failed=lambda _e: None,
                         parent=self)

    def _sheet_row(self) -> QHBoxLayout:
        """Source, service, month and the sheet's number."""
        top = QHBoxLayout()
        self.source = QComboBox()
        for src in ("paper", "phone"):
            self.source.addItem(self.t(f"skm.source.{src}"), src)
        self.service = QComboBox(minimumWidth=280)
        self._guessed_month = f"{office_today('WIB'):%Y-%m}"  # refined from the file below
        self.month = QLineEdit(self._guessed_month, inputMask="9999-99")
        self.month.setFixedWidth(90)
        self.month.returnPressed.connect(self.month.focusNextChild)
        # the number written on the sheet: each sheet once, counted per month
        self.sheet = QLineEdit()
        self.sheet.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,6}"),
                                                            self.sheet))
        self.sheet.setFixedWidth(80)
        self.sheet.returnPressed.connect(self.sheet.focusNextChild)
        for key, widget in (("skm.entry.source", self.source), ("skm.entry.service", self.service),
                            ("skm.entry.month", self.month), ("skm.entry.sheet", self.sheet)):
            fill(top, QLabel(self.t(key)), widget)
        top.addStretch(1)
        return top

    def _profile_grid(self) -> QGridLayout:
        """One digit per profile question, its legend beside it."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.profile_cells: dict[str, DigitCell] = {}
        self.digits = {f: _profile_digits(f) for f in skm.PROFILE}
        for row, field in enumerate(skm.PROFILE):
            cell = DigitCell("".join(self.digits[field]))
            legend = " · ".join(f"{d} {skm.profile_label(field, b, self.lang)}"
                                for d, b in self.digits[field].items())
            name = QLabel(self.t(f"skm.profile.{field}"))  # shared text is never HTML: bold
            name.setStyleSheet("font-weight:bold;")  # by style, not by markup
            grid.addWidget(name, row, 0)
            grid.addWidget(cell, row, 1)
            grid.addWidget(QLabel(legend, styleSheet="color:#607d8b;", wordWrap=True), row, 2)
            self.profile_cells[field] = cell
        grid.setColumnStretch(2, 1)
        return grid

    def _element_cells(self, col: QVBoxLayout) -> None:
        """One digit (1-4) per SKM element, and their names under them."""
        unsur = QGridLayout()
        unsur.setHorizontalSpacing(6)
        self.answer_cells: list[DigitCell] = []
        for i, element in enumerate(skm.ELEMENTS):
            name = QLabel(f"U{element.number}", toolTip=element.name(self.lang),
                          alignment=Qt.AlignCenter)
            cell = DigitCell("1-4")
            cell.setToolTip(element.name(self.lang))
            unsur.addWidget(name, 0, i)
            unsur.addWidget(cell, 1, i)
            self.answer_cells.append(cell)
        unsur.setColumnStretch(skm.ELEMENT_COUNT, 1)
        col.addLayout(unsur)
        names = QLabel(" · ".join(f"U{e.number} {e.name(self.lang)}" for e in skm.ELEMENTS),
                       wordWrap=True, styleSheet="color:#607d8b;font-size:11px;")
        col.addWidget(names)

    def _office_month(self, month: str) -> None:
        """The month offered first is the office's (not the PC's), unless already typed."""
        if self.month.text() == self._guessed_month:
            self.month.setText(month)
        self._guessed_month = month

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.service.count() == 0:  # the share was away when the form was made
            self.station.run(office.list_services, done=self._services,
                             failed=lambda _e: None, parent=self)

    def _services(self, services) -> None:
        if self.service.count():
            return
        for s in services:
            if s.active:
                self.service.addItem(f"{s.prefix} - {s.name}", s.id)

    def t(self, key: str, **params) -> str:
        return tr(key, self.lang, **params)

    def say(self, text: str, style: str = _INFO) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    def values(self) -> dict | None:
        """The sheet on screen, or None (with the reason shown) if it is not complete."""
        month = self.month.text()
        try:
            date.fromisoformat(month + "-01")
        except ValueError:
            return self._refuse(self.month, self.t("skm.entry.bad_month"))
        if not self.sheet.text():
            return self._refuse(self.sheet, self.t("skm.entry.no_sheet"))
        for i, cell in enumerate(self.answer_cells, start=1):
            if not cell.text():
                return self._refuse(cell, self.t("skm.entry.incomplete", n=i))
        answers = [int(cell.text()) for cell in self.answer_cells]
        profile = {f: (self.digits[f].get(c.text()) if c.text() else None)
                   for f, c in self.profile_cells.items()}
        return {"service_id": self.service.currentData(), "period": month,
                "source": self.source.currentData(), "answers": answers,
                "profile": profile, "suggestion": self.suggestion.text().strip() or None,
                "sheet_no": int(self.sheet.text())}

    def _refuse(self, field: QWidget, why: str) -> None:
        """The sheet is not complete: *why* said, the cursor in *field*."""
        self.say(why, _ERROR)
        field.setFocus()

    def save(self) -> None:
        """Ctrl+S: store the sheet, then clear it for the next one."""
        if self.busy:
            return
        sheet = self.values()
        if sheet is None:
            return
        self.busy = True
        self.say(self.t("skm.entry.saving"))
        # parent=self: a sheet whose form was closed meanwhile is stored, nobody is told
        self.station.run(skm_db.record_response, **sheet, done=self._saved, failed=self._failed,
                         parent=self)

    def _saved(self, response) -> None:
        self.busy = False
        self.count += 1
        self.sheet.setText(str(int(self.sheet.text() or 0) + 1))  # the next sheet, usually
        self.clear()
        self.say(self.t("skm.entry.saved", n=self.count), _OK)
        self.saved.emit(response)

    def _failed(self, error: BaseException) -> None:
        self.busy = False  # the sheet stays on screen: nothing typed is lost
        self.say(error_sentence(error, self.lang), _ERROR)

    def clear(self) -> None:
        for cell in (*self.profile_cells.values(), *self.answer_cells):
            cell.clear()
        self.suggestion.clear()
        next(iter(self.profile_cells.values())).setFocus()


class PaperEntryDialog(QDialog):
    """The form in its own window (admin opens it; it stays open while sheets are typed)."""

    def __init__(self, station: Station, parent: QWidget | None = None):
        super().__init__(parent, windowTitle=tr("skm.entry.title"))
        self.form = PaperEntryForm(station)
        vbox(self.form, on=self)
        self.resize(900, 520)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        next(iter(self.form.profile_cells.values())).setFocus()
