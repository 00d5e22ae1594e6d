"""Admin > Data satu orang: a visitor's request about their data (UU 27/2022), with the
words of ``ult-desktop person``: find, a copy (PDF or JSON), a correction, an erasure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel

from ult_desktop.app.paths import beside_database
from ult_desktop.core.i18n import tr
from ult_desktop.core.localpaths import EXPORT_FOLDER
from ult_desktop.core.personal_data import CORRECTABLE
from ult_desktop.db.privacy import erasure, person
from ult_desktop.ui.admin import base
from ult_desktop.ui.common.boxes import hbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.common.tables import fill_rows, list_table

_COLUMNS = ("id", "name", "id_number", "phone", "records", "days")


def _copy(db, person_id: int, paths: list[str], lang: str):
    from ult_desktop.reports.person_pdf import save_copy

    return save_copy(db, person_id, paths, lang=lang)


class PersonPage(base.Page):
    title_key = "admin.page.person"
    #: another station erased or corrected someone: the search shown is made again
    reload_kinds = frozenset({person.PERSON_ERASED, person.PERSON_CORRECTED})

    def __init__(self, station, parent=None):
        super().__init__(station, parent)
        self.found: list[dict] = []
        self.body.addWidget(QLabel(tr("admin.person.explain"), wordWrap=True))
        self.query = base.line("", 120, objectName="person_query",
                               placeholderText=tr("admin.person.hint"), returnPressed=self.search)
        self.search_button = base.button(tr("admin.person.find"), self.search, primary=True)
        self.body.addLayout(hbox((self.query, 1), self.search_button))
        self.table = list_table([tr(f"admin.person.col.{c}") for c in _COLUMNS],
                                object_name="person_table", stretch=(1,))
        self.table.itemSelectionChanged.connect(self._selected)
        self.body.addWidget(self.table, 1)
        # one request, one copy: its formats and its language chosen together
        row, self.formats = base.checks([("PDF", ".pdf"), ("JSON", ".json")])
        self.formats[".pdf"].setChecked(True)
        self.copy_lang = combo([(tr("admin.lang.id"), "id"), (tr("admin.lang.en"), "en")])
        self.copy_button = base.button(tr("admin.person.copy"), self.copy)
        self.body.addLayout(hbox(row, self.copy_lang, self.copy_button, 1))
        self.field = combo([(tr(f"admin.person.field.{f}"), f) for f in CORRECTABLE])
        self.value = base.line("", 200, objectName="person_value")
        self.correct_button = base.button(tr("admin.person.correct"), self.correct)
        self.body.addLayout(hbox(self.field, (self.value, 1), self.correct_button))
        self.reason = base.line("", 200, objectName="person_reason",
                                placeholderText=tr("admin.person.reason"))
        self.erase_button = base.button(tr("admin.person.erase"), self.erase, danger=True)
        self.body.addLayout(hbox((self.reason, 1), self.erase_button))
        self._selected()

    def load(self) -> None:
        """The search on screen made again (nothing before a search): nobody erased
        elsewhere stays listed."""
        if self.found:
            self.search()
        else:
            super().load()

    def chosen(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def _selected(self) -> None:
        on = self.chosen() is not None
        for b in (self.copy_button, self.correct_button, self.erase_button):
            b.setEnabled(on)

    def search(self) -> None:
        text = self.query.text().strip()
        if text:
            self.run(person.find, text, done=self._show_found, busy_text=tr("admin.loading"))

    def _show_found(self, found: list[dict]) -> None:
        self.found = found
        fill_rows(self.table, ((p["id"], p["name"], ", ".join(p["id_number"]),
                                ", ".join(p["phone"]), p["records"],
                                f"{p['first_day']} – {p['last_day']}") for p in found))
        if found:
            self.table.selectRow(0)
        self.set_status(tr("admin.person.found", n=len(found)))
        self._selected()

    def copy(self) -> None:
        """The copy for the person's request: each chosen format beside the file named."""
        p = self.chosen()
        suffixes = [sfx for sfx, box in self.formats.items() if box.isChecked()]
        if p is None or not suffixes:
            return
        folder = beside_database(self.station.path) / EXPORT_FOLDER  # (an erasure's reach)
        folder.mkdir(exist_ok=True)
        path, _ = QFileDialog.getSaveFileName(self, tr("admin.person.copy"), str(
            folder / f"data-pribadi-{p['id']}{suffixes[0]}"))
        if path:
            stem = Path(path).with_suffix("")
            self.run(_copy, p["id"], [f"{stem}{sfx}" for sfx in suffixes],
                     self.copy_lang.currentData(), busy_text=tr("admin.saving"),
                     done=lambda out: self.set_status(tr(
                         "admin.person.copied", path=", ".join(str(o) for o in out)),
                         base.OK_STYLE))

    def correct(self) -> None:
        p = self.chosen()
        field = self.field.currentData()
        if p is None or not self.confirm(tr("admin.person.confirm_correct",
                                            field=self.field.currentText(), name=p["name"])):
            return
        self.run(person.correct, p["id"], field, self.value.text(), busy_text=tr("admin.saving"),
                 done=lambda done: (self.set_status(tr(
                     "person.cli.corrected", field=self.field.currentText(),
                     n=len(done["records"]), event=done["event"]), base.OK_STYLE),
                     self.value.clear()))

    def erase(self) -> None:
        """The files the erasure would remove and those it would not are read first and
        shown in the confirmation; nothing is deleted before the admin says yes."""
        p = self.chosen()
        if p is None:
            return
        if not self.reason.text().strip():
            self.show_error(tr("person.error.reason"))
            return
        self.run(erasure.files, p["id"], done=lambda shown: self._confirm_erase(p, shown),
                 busy_text=tr("admin.person.erasing"))

    def _confirm_erase(self, p: dict, shown: dict) -> None:
        question = tr("admin.person.confirm_erase", name=p["name"], records=p["records"])
        if not self.confirm("\n\n".join([question, *erasure.files_lines(shown)])):
            self.set_status("")
            return
        self.run(erasure.erase, p["id"], self.reason.text().strip(), shown=shown,
                 done=self._erased, busy_text=tr("admin.person.erasing"))

    def _erased(self, done: dict) -> None:
        unreached = done["backups_skipped"] or done["files_not_reached"] or \
            done["files_not_made"]
        self.set_status("\n".join(erasure.answer(done)),
                        base.ERROR_STYLE if unreached else base.OK_STYLE)
        self.reason.clear()
        self.found = []
        self.table.setRowCount(0)
        self._selected()
