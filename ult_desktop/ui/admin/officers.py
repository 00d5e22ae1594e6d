"""Officers: add, change name/role/on-off, reset a PIN. PINs are never shown or read back."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QGroupBox

from ult_desktop.core import pins
from ult_desktop.core.i18n import tr
from ult_desktop.core.register import ROLES
from ult_desktop.db.house import office, officers
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.common.tables import fill_rows, list_table

USERNAME_RE = re.compile(r"^[a-z0-9._]{2,40}$")


def _pin_refusal(pin: str, role: str, username: str) -> str | None:
    """The policy's reason to refuse *pin* (office settings may still raise the minimum:
    the database checks again)."""
    problem = pins.pin_problem(pin, role=role, username=username)
    if problem is None:
        return None
    return tr(problem.key, **problem.params, role_name=tr(f"admin.role.{role}"))


class OfficersPage(base.Page):
    title_key = "admin.page.officers"

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        self.officers: list[office.Officer] = []
        self.current: office.Officer | None = None
        self.table = list_table([tr("admin.officers.username"), tr("admin.officers.name"),
                                 tr("admin.officers.role"), tr("admin.officers.active")],
                                fit_contents=False, stretch=(1,))
        self.table.itemSelectionChanged.connect(self._pick)
        self.body.addWidget(self.table, 1)

        editor = QGroupBox()
        self.username = self.field("username", base.line(max_len=40))
        self.name = self.field("name", base.line(max_len=100))
        self.role = self.field("role", combo([(tr(f"admin.role.{r}"), r) for r in ROLES]))
        self.active = self.field("active", QCheckBox(tr("admin.officers.active")))
        self.pin = base.pin_line(minimumWidth=140, maximumWidth=140)
        # as the office knows them: printed on reports and assignments
        self.nip = self.field("nip", base.line(max_len=22))
        self.nip.setValidator(QRegularExpressionValidator(r"[0-9 ]{0,22}", self.nip))
        self.jabatan = self.field("jabatan", base.line(max_len=100))
        self.unit = self.field("unit", base.line(
            max_len=100, placeholderText=tr("admin.officers.unit_hint")))
        self.new_pin = base.pin_line(minimumWidth=140, maximumWidth=140)
        self.reset_button = base.button(tr("admin.officers.reset_pin"), self.reset_pin)
        self.unlock_button = base.button(tr("pin.unlock"), self.unlock_pin)
        reset = hbox(self.new_pin, self.reset_button, self.unlock_button, 1)
        f = base.form((tr("admin.officers.username"), self.username),
                      (tr("admin.officers.name"), self.name), (tr("admin.officers.nip"), self.nip),
                      (tr("admin.officers.jabatan"), self.jabatan),
                      (tr("admin.officers.role"), self.role), (tr("admin.officers.unit"), self.unit),
                      ("", self.active), (tr("admin.officers.pin"), self.pin),
                      (tr("admin.officers.new_pin"), reset))
        vbox(f, on=editor)
        self.form_layout, self.reset_row = f, reset
        self.body.addWidget(editor)
        self.add_save_row(base.button(tr("admin.new"), self.new_officer))

    fetch = staticmethod(office.list_officers)

    def show_data(self, officers) -> None:
        keep = self.current.username if self.current else None
        self.officers = officers
        self.table.blockSignals(True)
        fill_rows(self.table, ([o.username, o.name, tr(f"admin.role.{o.role}"),
                                ", ".join([tr("admin.yes") if o.active else tr("admin.no")]
                                          + [tr("pin.locked_mark")] * (o.locked_until is not None)
                                          + [tr("pin.weak_mark")] * o.pin_weak)]
                               for o in officers), fit=(0, 2))
        self.table.blockSignals(False)
        row = next((i for i, o in enumerate(officers) if o.username == keep), 0)
        if officers:
            self.table.selectRow(row)
            self._fill(officers[row])
        else:
            self.new_officer()

    def _pick(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if rows:
            self._fill(self.officers[min(rows)])
            self.mark_clean()

    def select_username(self, username: str) -> None:
        self.table.selectRow(next(i for i, o in enumerate(self.officers)
                                  if o.username == username))

    def _fill(self, o: office.Officer | None) -> None:
        self.current = o
        self.show_fields({key: getattr(o, key) for key in self.fields} if o else
                         {"username": "", "name": "", "nip": "", "jabatan": "", "unit": "",
                          "role": "front_office", "active": True})
        self.username.setReadOnly(o is not None)
        self.pin.clear()
        self.new_pin.clear()
        # a new officer gets a first PIN; an existing one only a reset
        self.form_layout.setRowVisible(self.pin, o is None)
        self.form_layout.setRowVisible(self.reset_row, o is not None)
        self.unlock_button.setEnabled(o is not None and o.locked_until is not None)

    def new_officer(self) -> None:
        self.table.clearSelection()
        self._fill(None)
        self.username.setFocus()

    def form_values(self) -> dict:
        return {**self.field_values(), "username": self.username.text().strip().lower()}

    def save(self) -> None:
        values = self.form_values()
        if not values["name"]:
            self.show_error(tr("admin.services.bad_name"))
            return
        if self.current is None:
            if not USERNAME_RE.match(values["username"]):
                self.show_error(tr("admin.officers.bad_username"))
                return
            if any(o.username == values["username"] for o in self.officers):
                self.show_error(tr("admin.officers.taken", username=values["username"]))
                return
            refusal = _pin_refusal(self.pin.text(), values["role"], values["username"])
            if refusal:
                self.show_error(refusal)
                return

            def added(_):
                self.current = office.Officer(id=0, **{k: v or None if k in (
                    "nip", "jabatan", "unit") else v for k, v in values.items()})
                self.load()

            self.save_with(jobs.add_officer, pin=self.pin.text(), **values, then=added)
        else:
            extra = {}
            if values["role"] == "admin" and self.current.role != "admin":
                extra["pin"] = self.new_pin.text() or None  # a new admin's PIN

            def saved(_):
                self.new_pin.clear()
                self.load()

            self.save_with(officers.update_officer, **values, **extra, then=saved)

    def reset_pin(self) -> None:
        if self.current is None:
            return
        pin = self.new_pin.text()
        refusal = _pin_refusal(pin, self.current.role, self.current.username)
        if refusal:
            self.show_error(refusal)
            return
        name = self.current.name

        def done(_):
            self.new_pin.clear()
            self.set_status(tr("admin.officers.pin_reset", name=name), base.OK_STYLE)

        self.run(office.reset_pin, username=self.current.username, pin=pin, done=done,
                 busy_text=tr("admin.saving"))

    def unlock_pin(self) -> None:
        """Lift the wrong-PIN lock of the selected officer (audited)."""
        if self.current is None:
            return
        name, username = self.current.name, self.current.username

        def done(_):
            self.show_data([replace(o, locked_until=None) if o.username == username else o
                            for o in self.officers])
            self.set_status(tr("pin.unlocked", name=name), base.OK_STYLE)

        self.run(office.unlock_pin, username=self.current.username, done=done,
                 busy_text=tr("admin.saving"))
