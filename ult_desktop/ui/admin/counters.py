"""Counters (loket): number, name, services called there, priority counter, on/off."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QWidget

from ult_desktop.core.hours import FOLLOWUP_ORDERS
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import is_valid_prefix
from ult_desktop.core.queue import ORDER_KINDS, PriorityOrder, order_text
from ult_desktop.db.house import office
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.common.boxes import fill, hbox, vbox
from ult_desktop.ui.common.combos import combo, select
from ult_desktop.ui.common.tables import fill_rows, list_table

POLICIES = ("priority_counter_first", "first_everywhere", "priority_counter_only")


class CountersPage(base.Page):
    title_key = "admin.page.counters"

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        self.counters: list[office.Counter] = []
        self.services: list[office.Service] = []
        self.body.addLayout(self._policy_row())
        self.table = list_table([tr("admin.counters.number"), tr("admin.counters.name"),
                                 tr("admin.counters.services"),
                                 tr("admin.counters.priority_short"), tr("admin.counters.active")],
            fit_contents=False, stretch=(1, 2))
        self.table.itemSelectionChanged.connect(self._pick)
        fill(self.body, (self.table, 1), self._editor())
        self.add_save_row(base.button(tr("admin.new"), self.new_counter))

    def _policy_row(self) -> QHBoxLayout:
        """The office's priority policy and order, its prefix, routing wait and outage reserve."""
        self.policy = self.field("priority_policy", combo(
            [(tr(f"admin.counters.policy.{p}"), p) for p in POLICIES]))
        self.priority_prefix = self.field("priority_prefix", base.line(max_len=1, width=60))
        # a follow-up visit checked in by code is numbered in its own line (L-001)
        self.followup_prefix = self.field("followup_prefix", base.line(max_len=1, width=60))
        # when priority goes first, in an office's words; published as one line
        self.order = combo([(tr(f"admin.counters.order.{k}"), k) for k in ORDER_KINDS])
        self.order_n = base.spin(1, 120)
        self.order_shown = QLabel(objectName="order_shown", wordWrap=True)
        order_row = hbox((self.order, 1), QLabel(tr("admin.counters.order_n")), self.order_n)
        self.order.currentIndexChanged.connect(self._show_order)
        self.order_n.valueChanged.connect(self._show_order)
        self.route_wait = self.field("route_wait_min", base.spin(
            1, 240, suffix=tr("admin.counters.route_wait_suffix")))
        # numbers each kiosk keeps for a long outage of the shared file
        self.outage_reserve = self.field("outage_reserve", base.spin(
            0, 200, special=tr("admin.counters.no_reserve")))
        self.outage_reserve.setToolTip(tr("settings.outage_reserve"))
        # the ministry's ULT procedure: called 3 times, then missed; back after 3 numbers
        self.missed_after = self.field("missed_after_calls", base.spin(
            1, 9, suffix=tr("admin.counters.missed_after_suffix")))
        self.return_after = self.field("return_after_numbers", base.spin(
            0, 20, suffix=tr("admin.counters.return_after_suffix")))
        self.followup_order = self.field("followup_order", combo(
            [(tr(f"admin.counters.followup_order.{k}"), k) for k in FOLLOWUP_ORDERS]))
        f = base.form((tr("admin.counters.policy"), self.policy),
                      (tr("admin.counters.order"), order_row), ("", self.order_shown),
                      (tr("admin.counters.prefix"), self.priority_prefix),
                      (tr("admin.counters.followup_prefix"), self.followup_prefix),
                      (tr("admin.counters.route_wait"), self.route_wait),
                      (tr("admin.counters.outage_reserve"), self.outage_reserve),
                      (tr("admin.counters.missed_after"), self.missed_after),
                      (tr("admin.counters.return_after"), self.return_after),
                      (tr("admin.counters.followup_order"), self.followup_order))
        return fill(QHBoxLayout(), f, 1)

    def _editor(self) -> QGroupBox:
        """One counter: number, name, services, priority desk, active."""
        editor = QGroupBox()
        self.number = base.spin(1, 99, width=80)
        self.name = base.line(max_len=60)
        self.service_holder = QWidget()
        self.service_row = hbox(on=self.service_holder, margins=0)
        self.service_boxes: dict[str, QCheckBox] = {}
        self.priority = QCheckBox(tr("admin.counters.priority"))
        self.active = QCheckBox(tr("admin.counters.active"))
        vbox(base.form((tr("admin.counters.number"), self.number),
                       (tr("admin.counters.name"), self.name),
                       (tr("admin.counters.services"), self.service_holder),
                       ("", self.priority), ("", self.active)), on=editor)
        return editor

    @staticmethod
    def fetch(db):
        return office.list_counters(db), office.list_services(db), office.get_settings(db)

    def show_data(self, data) -> None:
        self.counters, self.services, self.settings = data
        keep = self.number.value() if self.counters else None
        self.show_fields(self.settings)
        order = PriorityOrder.parse(self.settings.get("priority_order"))
        select(self.order, order.kind)
        self.order_n.setValue(order.n or (2 if order.kind != "after" else 10))
        self._show_order()
        by_id = {s.id: s.prefix for s in self.services}
        self.table.blockSignals(True)
        fill_rows(self.table, ([c.number, c.name,
                                ", ".join(by_id.get(i, "?") for i in c.service_ids),
                                tr("admin.yes") if c.priority_counter else "",
                                tr("admin.yes") if c.active else tr("admin.no")]
                               for c in self.counters), fit=(0,))
        self.table.blockSignals(False)
        self.service_boxes = base.fill_checks(self.service_row, (
            (s.prefix, s.prefix, s.name) for s in self.services))
        row = next((i for i, c in enumerate(self.counters) if c.number == keep), 0)
        if self.counters:
            self.table.selectRow(row)
            self._fill(self.counters[row])
        else:
            self.new_counter()

    def _order(self) -> str:
        kind = self.order.currentData()
        return str(PriorityOrder(kind, self.order_n.value() if kind != "always" else 0))

    def _show_order(self) -> None:
        self.order_n.setEnabled(self.order.currentData() != "always")
        self.order_shown.setText(tr("admin.counters.order_shown", rule=order_text(
            PriorityOrder.parse(self._order()))))

    def _pick(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if rows:
            self._fill(self.counters[min(rows)])
            self.mark_clean()

    def _fill(self, c: office.Counter | None) -> None:
        self.number.setValue(c.number if c else max((x.number for x in self.counters),
                                                    default=0) + 1)
        self.number.setReadOnly(c is not None)
        self.name.setText(c.name if c else "")
        prefixes = {s.prefix for s in self.services if c and s.id in c.service_ids}
        for prefix, box in self.service_boxes.items():
            box.setChecked(prefix in prefixes)
        self.priority.setChecked(bool(c and c.priority_counter))
        self.active.setChecked(c.active if c else True)

    def new_counter(self) -> None:
        self.table.clearSelection()
        self._fill(None)
        self.name.setFocus()

    def form_values(self) -> dict:
        return {
            "number": self.number.value(),
            "name": self.name.text().strip(),
            "service_prefixes": [p for p, b in self.service_boxes.items() if b.isChecked()],
            "priority_counter": self.priority.isChecked(),
            "active": self.active.isChecked(),
            "priority_order": self._order(),
            **self.field_values(),
            "priority_prefix": self.priority_prefix.text().strip().upper(),
            "followup_prefix": self.followup_prefix.text().strip().upper(),
        }

    def save(self) -> None:
        values = self.form_values()
        settings = {k: values.pop(k) for k in ("priority_order", *self.fields)}
        letters = (settings["priority_prefix"], settings["followup_prefix"])
        settings = {k: v for k, v in settings.items() if self.settings.get(k) != v}
        # a changed letter: one letter A-Z, no service's, not the other line's
        changed = [settings[k] for k in ("priority_prefix", "followup_prefix") if k in settings]
        taken = {s.prefix for s in self.services} | (
            {letters[0]} if letters[0] == letters[1] else set())
        if any(len(x) != 1 or not is_valid_prefix(x) for x in changed):
            self.show_error(tr("admin.counters.bad_letter"))
            return
        if taken.intersection(changed):
            self.show_error(tr("admin.counters.letter_taken",
                               prefix=min(taken.intersection(changed))))
            return
        if not values["service_prefixes"]:
            self.show_error(tr("admin.counters.none_selected"))
            return
        values["name"] = values["name"] or None
        old = next((c for c in self.counters if c.number == values["number"]), None)
        by_id = {s.id: s.prefix for s in self.services}
        unchanged = old is not None and {
            "name": old.name, "services": sorted(by_id[i] for i in old.service_ids if i in by_id),
            "priority_counter": old.priority_counter, "active": old.active,
        } == {"name": values["name"], "services": sorted(values["service_prefixes"]),
              "priority_counter": values["priority_counter"], "active": values["active"]}
        self.save_with(jobs.save_counter, counter=None if unchanged else values, settings=settings,
                       then=lambda _: self.load())
