"""What every admin page shares: background loading/saving, a status line, dirty state.
A page implements :meth:`Page.fetch` (on the worker), :meth:`Page.show_data` and
:meth:`Page.form_values`; a change made elsewhere reloads it only when that loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTime, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office
from ult_desktop.ui.common import boxes
from ult_desktop.ui.common.boxes import ERROR_STYLE, INFO_STYLE, OK_STYLE, fill, hbox, say
from ult_desktop.ui.common.combos import select
from ult_desktop.ui.common.fit import any_width
from ult_desktop.ui.common.station import Station, error_sentence, report_failure

#: The one sentence a person reads for an error (shared with every screen).
error_text = error_sentence


class Page(QWidget):
    """Base of the admin pages (see module docstring)."""

    title_key = ""
    #: Event kinds after which this page's data may be stale (``None``: every kind).
    reload_kinds: frozenset[str] | None = frozenset({"settings_changed", "database_restored"})
    loaded = Signal()
    saved = Signal()

    def __init__(self, station: Station, parent: QWidget | None = None):
        super().__init__(parent)
        self.station = station
        self._snapshot: Any = None
        self.busy = False
        self.fields: dict[str, Any] = {}  # office setting (or item's field) -> its widget
        self.settings: dict[str, Any] = {}  # the office settings as last shown
        self.files: list[Path] = []  # the files the page made last (reports)
        self.status = QLabel(objectName="pageStatus", wordWrap=True,
                             textInteractionFlags=Qt.TextSelectableByMouse)
        # two lines, always: a message appearing, wrapping or clearing never moves the
        # page's buttons above it (the officers' walk)
        self.status.setFixedHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        any_width(self.status)  # a copy's long path never widens the page
        self.outer = QVBoxLayout(self)
        heading = QLabel(tr(self.title_key), objectName="pageHeading",
                         styleSheet="font-size:20px;font-weight:bold;")
        self.outer.addWidget(heading)
        self.body = QVBoxLayout()
        fill(self.outer, (self.body, 1), self.status)

    # -- to implement -------------------------------------------------------------------
    @staticmethod
    def fetch(db) -> Any:
        """The page's data, read on the worker thread: a plain function of the database
        (a static method), never a widget method."""
        return None

    def fetch_args(self) -> tuple:
        """What :meth:`fetch` needs from the page, read here on the GUI thread."""
        return ()

    def show_data(self, data: Any) -> None:
        pass

    def form_values(self) -> Any:
        """What the form holds, to tell whether it changed (default: its :attr:`fields`)."""
        return self.field_values() if self.fields else None

    def shown(self) -> None:
        """The page came to the front (pages with timers start them here)."""

    def stop(self) -> None:
        """The admin signed out or the window closes."""

    # -- loading -----------------------------------------------------------------------
    def load(self) -> None:
        self.run(self.fetch, *self.fetch_args(), done=self._loaded,
                 busy_text=tr("admin.loading"))

    def _loaded(self, data: Any) -> None:
        self.show_data(data)
        self._snapshot = self.form_values()
        if self.status.text() in (tr("admin.loading"), tr("admin.changed_elsewhere")):
            self.set_status("")  # keep the outcome of the last action on screen
        self.loaded.emit()

    @property
    def dirty(self) -> bool:
        return self._snapshot is not None and self.form_values() != self._snapshot

    def mark_clean(self) -> None:
        self._snapshot = self.form_values()

    def changed_elsewhere(self) -> None:
        """Another station (or a restore) changed the office data."""
        if self.dirty:
            self.set_status(tr("admin.changed_elsewhere"), INFO_STYLE)
        else:
            self.load()

    # -- background work ----------------------------------------------------------------
    def run(self, fn: Callable, *args: Any, done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None,
            busy_text: str | None = None, **kwargs: Any) -> None:
        """``fn(db, *args, **kwargs)`` on the worker; a failure is logged and said in the status
        line (``station.report_failure``), then *failed* (if given) is called."""
        self.busy = True
        if busy_text:
            self.set_status(busy_text, INFO_STYLE)

        def ok(result: Any) -> None:
            self.busy = False
            if done is not None:
                done(result)

        def bad(error: BaseException) -> None:
            self.busy = False
            report_failure(error, self.show_error)
            if failed is not None:
                failed(error)

        # parent=self: signed out meanwhile, the page is gone and nothing is called
        self.station.run(fn, *args, done=ok, failed=bad, parent=self, **kwargs)

    def save_with(self, fn: Callable, *args: Any, then: Callable[[Any], None] | None = None,
                  **kwargs: Any) -> None:
        """Run a saving job; on success mark the form clean and say "Saved"."""

        def done(result: Any) -> None:
            self.mark_clean()
            self.set_status(tr("admin.saved"), OK_STYLE)
            if then is not None:
                then(result)
            self.saved.emit()

        self.run(fn, *args, done=done, busy_text=tr("admin.saving"), **kwargs)

    def save_settings(self, values: dict) -> None:
        """Save those of the office settings *values* that differ from :attr:`settings`
        (none: "Saved" at once), then keep them there."""
        changed = {k: v for k, v in values.items() if self.settings.get(k) != v}
        if not changed:
            self.set_status(tr("admin.saved"), OK_STYLE)
            return
        self.save_with(office.set_settings, then=lambda _: self.settings.update(changed),
                       **changed)

    def field(self, key: str, widget):
        """*widget* shows and edits the office setting (or the item's field) *key*."""
        self.fields[key] = widget
        return widget

    def show_fields(self, settings: dict) -> None:
        for key, widget in self.fields.items():
            set_field(widget, settings[key])

    def field_values(self) -> dict:
        return {key: field_value(widget) for key, widget in self.fields.items()}

    def add_save_row(self, *left: QWidget) -> None:
        """The page's last row: *left* on the left, the save button on the right."""
        self.save_button = button(tr("admin.save"), self.save, primary=True)
        self.body.addLayout(hbox(*left, 1, self.save_button))

    def open_file(self) -> None:
        """The first of the files the page made last, in this PC's program for it."""
        if self.files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0])))

    # -- feedback -----------------------------------------------------------------------
    def set_status(self, text: str, style: str = INFO_STYLE) -> None:
        say(self.status, text, style)

    def show_error(self, error: BaseException | str) -> None:
        self.set_status(error if isinstance(error, str) else error_text(error), ERROR_STYLE)

    def confirm(self, text: str) -> bool:
        """Ask yes/no (tests replace this method)."""
        answer = QMessageBox.question(self, tr("admin.title"), text,
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes


# -- small widget helpers --------------------------------------------------------------
def line(text: str = "", max_len: int = 200, width: int | None = None, **props: Any
         ) -> QLineEdit:
    edit = QLineEdit(text, maxLength=max_len, **props)
    if width:
        edit.setFixedWidth(width)
    return edit


def pin_line(**props: Any) -> QLineEdit:
    """A PIN's field: digits only, twelve at most, never shown."""
    edit = QLineEdit(echoMode=QLineEdit.Password, maxLength=12, **props)
    edit.setValidator(QRegularExpressionValidator(r"\d{0,12}", edit))
    return edit


def text_box(height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(tabChangesFocus=True)
    box.setFixedHeight(height)
    return box


def spin(low: int, high: int, suffix: str = "", special: str | None = None,
         width: int | None = None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    if width:
        box.setFixedWidth(width)
    if suffix:
        box.setSuffix(suffix)
    if special:
        box.setSpecialValueText(special)
    return box


def time_edit() -> QTimeEdit:
    return QTimeEdit(displayFormat="HH:mm")


def date_edit(day: date | None = None, **props: Any) -> QDateEdit:
    """A day's field (dd-MM-yyyy, a calendar to pick from), on *day* if given."""
    edit = QDateEdit(calendarPopup=True, displayFormat="dd-MM-yyyy", **props)
    if day is not None:
        edit.setDate(day)
    return edit


def checks(items: list[tuple[str, Any]]) -> tuple[QWidget, dict[Any, QCheckBox]]:
    """A row of check boxes; returns the widget and value -> check box."""
    holder = QWidget()
    return holder, fill_checks(hbox(on=holder, margins=0), ((t, v, "") for t, v in items))


def fill_checks(row, items) -> dict[Any, QCheckBox]:
    """*row* emptied (:func:`clear_layout`), then a check box in it for each (text, value,
    tool tip) of *items*; returns value -> check box."""
    clear_layout(row)
    boxes = {value: QCheckBox(text, toolTip=tip) for text, value, tip in items}
    fill(row, *boxes.values(), 1)
    return boxes


def set_field(widget, value: Any) -> None:
    """Show a setting's *value* in *widget*, the way its kind shows one."""
    if isinstance(widget, dict):  # a row of check boxes (checks): the values ticked
        for key, box in widget.items():
            box.setChecked(key in value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        select(widget, value)
    elif isinstance(widget, QSpinBox | QSlider):
        widget.setValue(int(value))
    elif isinstance(widget, QTimeEdit):
        widget.setTime(QTime.fromString(value, "HH:mm"))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    else:
        widget.setText("" if value is None else str(value))


def field_value(widget) -> Any:
    """What *widget* holds, as the setting stores it (text trimmed, a time as HH:mm)."""
    if isinstance(widget, dict):
        return [key for key, box in widget.items() if box.isChecked()]
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QSpinBox | QSlider):
        return widget.value()
    if isinstance(widget, QTimeEdit):
        return widget.time().toString("HH:mm")
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    return widget.text().strip()


def form(*rows: tuple[str, Any], on: QWidget | None = None) -> QFormLayout:
    """A form of (label, field) *rows*, set on the widget *on*."""
    layout = boxes.form(*rows, on=on)
    layout.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
    return layout


def clear_layout(layout) -> None:
    """Remove (and delete) every widget and spacer of *layout*."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()


def scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea(widgetResizable=True, horizontalScrollBarPolicy=Qt.ScrollBarAlwaysOff,
                       frameShape=QScrollArea.NoFrame)
    area.setWidget(widget)
    return area


def button(text: str, slot: Callable, *, primary: bool = False,
           danger: bool = False, **props: Any) -> QPushButton:
    """*danger*: red, for what cannot be undone (restore, repair, purge)."""
    b = QPushButton(text, clicked=slot, **props)
    if primary:
        b.setDefault(False)
        b.setStyleSheet("QPushButton{background:#1565c0;color:white;padding:6px 18px;"
                        "border-radius:4px;font-weight:bold;}"
                        "QPushButton:disabled{background:#90a4ae;}")
    if danger:
        b.setStyleSheet("QPushButton{background:#c62828;color:white;padding:6px 18px;"
                        "border-radius:4px;}QPushButton:disabled{background:#cfd8dc;}")
    return b
