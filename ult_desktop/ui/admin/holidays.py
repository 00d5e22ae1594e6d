"""Holidays: a year's national holidays and cuti bersama (built in) beside the office's own
days, kept in ``extra_holidays`` as ``{"date", "name"}`` (older files: bare dates);
working-day targets skip both."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)

from ult_desktop.core.dates import long_date, office_today
from ult_desktop.core.i18n import language, tr
from ult_desktop.core.workdays import (
    cuti_bersama_unknown,
    extra_days_setting,
    official_holidays,
    parse_extra_days,
)
from ult_desktop.db.house import office
from ult_desktop.ui.admin import base
from ult_desktop.ui.common.boxes import hbox


class HolidaysPage(base.Page):
    title_key = "admin.page.holidays"

    def __init__(self, station, parent=None, today: date | None = None):
        super().__init__(station, parent)
        self.extra: dict[date, str] = {}
        today = today or office_today("WIB")  # the year shown first, December's warning
        self.today = today
        # December: next year's cuti bersama not known yet
        self.cuti_warning = QLabel(objectName="cutiBersamaWarning", wordWrap=True,
                                   styleSheet=base.ERROR_STYLE)
        self.cuti_warning.hide()
        warn = hbox((self.cuti_warning, 1))
        # one step to enter them by hand: next year, a range of days, the name filled in
        self.cuti_button = base.button(tr("admin.holidays.add_cuti"), self.start_cuti)
        self.cuti_button.hide()
        warn.addWidget(self.cuti_button)
        self.body.addLayout(warn)
        self.year = QSpinBox(minimum=2020, maximum=2100, value=today.year)
        self.year.valueChanged.connect(self._refresh)
        self.body.addLayout(hbox(base.form((tr("admin.holidays.year"), self.year)), 1))

        national = QGroupBox(tr("admin.holidays.national"))
        col = QVBoxLayout(national)
        self.national = QListWidget()
        self.national.setSelectionMode(QListWidget.NoSelection)
        self.national.setWordWrap(True)
        col.addWidget(self.national)
        self.body.addLayout(hbox((national, 3), (self._extra_days(today), 2)), 1)
        self.add_save_row()

    def _extra_days(self, today: date) -> QGroupBox:
        """The office's own days off: the list, a day or a range with its name."""
        extra = QGroupBox(tr("admin.holidays.extra"))
        col = QVBoxLayout(extra)
        self.extra_list = QListWidget()
        self.extra_list.setSelectionMode(QListWidget.ExtendedSelection)
        col.addWidget(self.extra_list, 1)
        self.day = base.date_edit(today)
        # a range: every working day
        self.until = base.date_edit(today, objectName="holiday_until")
        self.day.dateChanged.connect(self.until.setDate)  # one day unless a range is set
        self.day_name = QLineEdit(objectName="holiday_name")
        self.day_name.setPlaceholderText(tr("holidays.name_hint"))
        col.addLayout(hbox(self.day, QLabel(tr("admin.holidays.until")), self.until,
                           (self.day_name, 1),
                           base.button(tr("admin.holidays.add"), self.add_day)))
        col.addLayout(hbox(1, base.button(tr("admin.holidays.remove"), self.remove_selected)))
        return extra

    @staticmethod
    def fetch(db) -> dict[date, str]:
        return parse_extra_days(office.get_settings(db, "extra_holidays")["extra_holidays"])

    def show_data(self, extra: dict[date, str]) -> None:
        self.extra = dict(sorted(extra.items()))
        self._refresh()

    def form_values(self) -> list[dict[str, str]]:
        return extra_days_setting(self.extra)

    def _refresh(self) -> None:
        missing = cuti_bersama_unknown(self.today, self.extra)
        self.cuti_warning.setText(tr("holidays.cuti_bersama_unknown", year=missing)
                                  if missing else "")
        self.cuti_warning.setVisible(missing is not None)
        self.cuti_button.setVisible(missing is not None)
        year = self.year.value()
        self.national.clear()
        for day, name in sorted(official_holidays(year, language()).items()):
            self.national.addItem(f"{long_date(day)} · {name}")
        self.extra_list.clear()
        for day, name in sorted(self.extra.items()):
            if day.year != year:
                continue
            item = QListWidgetItem(f"{long_date(day)} · {name}" if name else long_date(day))
            item.setData(Qt.UserRole, day.isoformat())
            if day.weekday() >= 5:
                item.setForeground(QColor("#90a4ae"))
            self.extra_list.addItem(item)

    def start_cuti(self) -> None:
        """Next year's cuti bersama, by hand: the form on 1 January with the name."""
        year = self.today.year + 1
        self.year.setValue(year)
        self.day.setDate(date(year, 1, 1))
        self.day_name.setText(tr("admin.holidays.cuti_name"))
        self.set_status(tr("admin.holidays.cuti_how", year=year))
        self.day.setFocus()

    def add_day(self) -> None:
        """The day chosen, or every working day from it to *until*, under the name."""
        first, last = self.day.date().toPython(), self.until.date().toPython()
        name = self.day_name.text().strip()
        if not name:
            self.set_status(tr("holidays.name_required"))
            self.day_name.setFocus()
            return
        days = [first + timedelta(days=i) for i in range((max(last, first) - first).days + 1)]
        official = {d: n for y in {d.year for d in days}
                    for d, n in official_holidays(y, language()).items()}
        if len(days) == 1 and first in official:
            self.set_status(tr("holidays.already_named", day=long_date(first),
                               name=official[first]))
            return
        added = [d for d in days if d not in official and (len(days) == 1 or d.weekday() < 5)]
        self.extra = dict(sorted({**self.extra, **{d: name for d in added}}.items()))
        self.day_name.clear()
        if len(days) > 1:
            self.set_status(tr("admin.holidays.added_range", n=len(added)))
        elif first.weekday() >= 5:
            self.set_status(tr("admin.holidays.weekend", day=long_date(first)))
        else:
            self.set_status("")
        if self.year.value() != first.year:
            self.year.setValue(first.year)
        else:
            self._refresh()

    def remove_selected(self) -> None:
        gone = {date.fromisoformat(item.data(Qt.UserRole))
                for item in self.extra_list.selectedItems()}
        self.extra = {d: n for d, n in self.extra.items() if d not in gone}
        self._refresh()

    def save(self) -> None:
        self.save_with(office.set_settings, extra_holidays=extra_days_setting(dict(self.extra)))
