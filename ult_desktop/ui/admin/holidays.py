"""Holidays: the national list of a year (built in) beside the office's extra days.

Extra days (cuti bersama, local holidays) are stored in the ``extra_holidays`` setting
as ISO dates; working-day targets skip both lists.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)

from ult_desktop.core.dates import long_date
from ult_desktop.core.i18n import language, tr
from ult_desktop.core.workdays import national_holidays
from ult_desktop.db import office
from ult_desktop.ui.admin import base


class HolidaysPage(base.Page):
    title_key = "admin.page.holidays"

    def __init__(self, station, parent=None, today: date | None = None):
        super().__init__(station, parent)
        self.extra: list[str] = []
        self.saved_extra: list[str] = []
        today = today or date.today()
        top = QHBoxLayout()
        f = base.form()
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        self.year.setValue(today.year)
        self.year.valueChanged.connect(self._refresh)
        f.addRow(tr("admin.holidays.year"), self.year)
        top.addLayout(f)
        top.addStretch(1)
        self.body.addLayout(top)

        lists = QHBoxLayout()
        national = QGroupBox(tr("admin.holidays.national"))
        col = QVBoxLayout(national)
        self.national = QListWidget()
        self.national.setSelectionMode(QListWidget.NoSelection)
        self.national.setWordWrap(True)
        col.addWidget(self.national)
        lists.addWidget(national, 3)

        extra = QGroupBox(tr("admin.holidays.extra"))
        col = QVBoxLayout(extra)
        self.extra_list = QListWidget()
        self.extra_list.setSelectionMode(QListWidget.ExtendedSelection)
        col.addWidget(self.extra_list, 1)
        add = QHBoxLayout()
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setDate(QDate(today.year, today.month, today.day))
        add.addWidget(self.day)
        add.addWidget(base.button(tr("admin.holidays.add"), self.add_day))
        add.addStretch(1)
        add.addWidget(base.button(tr("admin.holidays.remove"), self.remove_selected))
        col.addLayout(add)
        lists.addWidget(extra, 2)
        self.body.addLayout(lists, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = base.button(tr("admin.save"), self.save, primary=True)
        row.addWidget(self.save_button)
        self.body.addLayout(row)

    @staticmethod
    def fetch(db) -> list[str]:
        return list(office.get_settings(db)["extra_holidays"])

    def show_data(self, extra: list[str]) -> None:
        self.extra = sorted(set(extra))
        self.saved_extra = list(self.extra)
        self._refresh()

    def form_values(self) -> list[str]:
        return list(self.extra)

    def _refresh(self) -> None:
        year = self.year.value()
        self.national.clear()
        for day, name in sorted(national_holidays(year, language()).items()):
            self.national.addItem(f"{long_date(day)} · {name}")
        self.extra_list.clear()
        for iso in self.extra:
            day = date.fromisoformat(iso)
            if day.year != year:
                continue
            item = QListWidgetItem(long_date(day))
            item.setData(Qt.UserRole, iso)
            if day.weekday() >= 5:
                item.setForeground(QColor("#90a4ae"))
            self.extra_list.addItem(item)

    def add_day(self) -> None:
        day = self.day.date().toPython()
        if day in national_holidays(day.year):
            self.set_status(tr("admin.holidays.already", day=long_date(day)))
            return
        if day.isoformat() not in self.extra:
            self.extra = sorted({*self.extra, day.isoformat()})
        if day.weekday() >= 5:
            self.set_status(tr("admin.holidays.weekend", day=long_date(day)))
        else:
            self.set_status("")
        if self.year.value() != day.year:
            self.year.setValue(day.year)
        else:
            self._refresh()

    def remove_selected(self) -> None:
        gone = {item.data(Qt.UserRole) for item in self.extra_list.selectedItems()}
        self.extra = [d for d in self.extra if d not in gone]
        self._refresh()

    def save(self) -> None:
        extra = list(self.extra)
        self.save_with(office.set_settings, extra_holidays=extra,
                       then=lambda _: setattr(self, "saved_extra", extra))
