"""Penugasan (stand-ins): who does an absent officer's work, from when to
when, under which letter (or orally, as SOP 000 allows). The admin or the Pimpinan
records it; for its days the stand-in sees and does the absent officer's desk items,
routed visitors and role at the counter, and it ends by itself."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel

from ult_desktop.core.dates import long_date, office_today
from ult_desktop.core.i18n import tr
from ult_desktop.db.house import office, officers
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.combos import combo, refill
from ult_desktop.ui.common.tables import fill_rows, list_table


class StandinsPage(base.Page):
    title_key = "admin.page.standins"
    reload_kinds = frozenset({"settings_changed", "database_restored",
                              officers.STANDIN_RECORDED, officers.STANDIN_ENDED})

    def __init__(self, station, parent=None, today: date | None = None):
        super().__init__(station, parent)
        self.today = today or office_today("WIB")
        self.standins: list[office.Standin] = []
        self.table = list_table([tr("admin.standins.absent"), tr("admin.standins.standin"),
                                 tr("admin.standins.days"), tr("admin.standins.letter_no")],
                                fit_contents=False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.table.itemSelectionChanged.connect(self._pick)
        self.body.addWidget(self.table, 1)

        group = QGroupBox(tr("admin.standins.new"))
        self.absent, self.standin = combo([]), combo([])
        self.first, self.last = base.date_edit(self.today), base.date_edit(self.today)
        self.first.dateChanged.connect(lambda d: self.last.setDate(max(d, self.last.date())))
        self.letter_no = base.line(max_len=100)
        self.letter_date = base.date_edit(self.today)
        self.oral = QCheckBox(tr("admin.standins.oral"))
        self.oral.toggled.connect(lambda on: (self.letter_no.setEnabled(not on),
                                              self.letter_date.setEnabled(not on)))
        f = base.form((tr("admin.standins.absent"), self.absent),
                      (tr("admin.standins.standin"), self.standin),
                      (tr("admin.standins.days"),
                       hbox(self.first, QLabel(tr("admin.holidays.until")), self.last, 1)),
                      (tr("admin.standins.letter_no"),
                       hbox(self.letter_no, QLabel(tr("admin.standins.letter_date")),
                            self.letter_date, self.oral)))
        self.end_button = base.button(tr("admin.standins.end"), self.end_selected)
        self.end_button.setEnabled(False)
        self.save_button = base.button(tr("admin.standins.save"), self.save, primary=True)
        vbox(f, hbox(self.end_button, 1, self.save_button), on=group)
        self.body.addWidget(group)

    @staticmethod
    def fetch(db):
        return db.read(lambda conn: (office.read_officers(conn), office.read_standins(conn)))

    def show_data(self, data) -> None:
        people, self.standins = data
        for box in (self.absent, self.standin):
            refill(box, ((f"{o.name} ({tr('admin.role.' + o.role)})", o.username)
                         for o in people if o.active))
        rows = fill_rows(self.table, ([
            s.absent_name, s.standin_name, f"{s.first_day:%d-%m-%Y} – {s.last_day:%d-%m-%Y}" + (
                f" ({tr('admin.standins.over')})" if s.last_day < self.today else ""),
            tr("admin.standins.oral") if s.letter_no is None else tr(
                "admin.standins.letter", no=s.letter_no, date=f"{s.letter_date:%d-%m-%Y}")]
            for s in self.standins), tips=True, fit=range(3))
        for items, s in zip(rows, self.standins, strict=True):
            items[2].setToolTip(f"{long_date(s.first_day)} – {long_date(s.last_day)}")
        self.end_button.setEnabled(False)

    def form_values(self) -> dict:
        oral = self.oral.isChecked()
        return {"absent": self.absent.currentData(), "standin": self.standin.currentData(),
                "first_day": self.first.date().toPython(),
                "last_day": self.last.date().toPython(),
                "letter_no": None if oral else self.letter_no.text().strip(),
                "letter_date": None if oral else self.letter_date.date().toPython()}

    def _pick(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        chosen = self.standins[min(rows)] if rows else None
        self.end_button.setEnabled(chosen is not None and chosen.last_day >= self.today)

    def save(self) -> None:
        values = self.form_values()
        if not self.oral.isChecked() and not values["letter_no"]:
            self.show_error(tr("admin.error.standin_letter"))
            self.letter_no.setFocus()
            return
        self.save_with(officers.record_standin, **values, then=lambda s: (
            self.load(), self.set_status(tr("admin.standins.saved", absent=s.absent_name,
                                            standin=s.standin_name), base.OK_STYLE)))

    def end_selected(self) -> None:
        """The absent officer is back: the stand-in ends yesterday (or never starts)."""
        rows = {i.row() for i in self.table.selectedIndexes()}
        if not rows:
            return
        s = self.standins[min(rows)]
        self.run(officers.end_standin, standin_id=s.id,
                 last_day=self.today - timedelta(days=1),
                 done=lambda _: (self.load(), self.set_status(
                     tr("admin.standins.ended", standin=s.standin_name), base.OK_STYLE)))

    def shown(self) -> None:
        self.run(jobs.office_day_today, done=lambda day: setattr(self, "today", day))
