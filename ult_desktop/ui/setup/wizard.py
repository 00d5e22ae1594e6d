"""First-run station setup: mode, database, printer, counter; writes the station config.

The database check and the test print can take seconds on a slow share or a dead
printer, so they run off the GUI thread (``pages.in_background``); the pages stay usable
and show the result as one sentence when it arrives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWizard

from ult_desktop.app.station_config import (
    StationConfig,
    StationConfigError,
    load_station_config,
    save_station_config,
)
from ult_desktop.core.i18n import tr
from ult_desktop.core.localpaths import station_name_problem
from ult_desktop.ui.common.boxes import ERROR_STYLE, say
from ult_desktop.ui.common.station import error_sentence
from ult_desktop.ui.setup.pages import (
    PAGE_COUNTER,
    PAGE_DB,
    PAGE_FINISH,
    PAGE_MODE,
    PAGE_PRINTER,
    CounterPage,
    DatabasePage,
    FinishPage,
    ModePage,
    PrinterPage,
    status_label,
)


class SetupWizard(QWizard):
    """The first-run wizard; ``saved`` carries the path once the config is written
    (*config_path*, default the user's). *make_shortcuts*: ``fn(mode, autostart)``
    after saving, when asked for (tests pass their own)."""

    saved = Signal(object)

    def __init__(self, config_path: str | Path | None = None, *,
                 make_shortcuts: Callable[[str, bool], Any] | None = None, parent=None):
        super().__init__(parent)
        from ult_desktop.app.station_config import user_config_path

        self.config_path = Path(config_path) if config_path else user_config_path()
        self.make_shortcuts = make_shortcuts
        #: Why the old station file was not used (shown on the first page), or "".
        self.config_error = ""
        try:
            self.initial = load_station_config(self.config_path if self.config_path.exists()
                                               else None)
        except StationConfigError as exc:
            self.config_error = error_sentence(exc)
            self.initial = StationConfig()
        self.setWindowTitle(tr("setup.title"))
        self.setWizardStyle(QWizard.ModernStyle)
        self.setOption(QWizard.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.NextButton, tr("setup.next"))
        self.setButtonText(QWizard.BackButton, tr("setup.back"))
        self.setButtonText(QWizard.FinishButton, tr("setup.save"))
        self.setButtonText(QWizard.CancelButton, tr("setup.cancel"))
        self.mode_page = ModePage(self.initial)
        if self.config_error:
            note = status_label("config_error")
            say(note, tr("setup.config_broken_note", error=self.config_error),
                        ERROR_STYLE)
            self.mode_page.layout().insertWidget(0, note)
        self.db_page = DatabasePage(self.initial)
        self.printer_page = PrinterPage(self.initial)
        self.counter_page = CounterPage(self.initial)
        self.finish_page = FinishPage(self.initial)
        for page_id, page in ((PAGE_MODE, self.mode_page), (PAGE_DB, self.db_page),
                              (PAGE_PRINTER, self.printer_page),
                              (PAGE_COUNTER, self.counter_page),
                              (PAGE_FINISH, self.finish_page)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_MODE)
        self.resize(720, 560)
        self.saved_path: Path | None = None

    def collected(self) -> StationConfig:
        """The config as the pages now show it."""
        return StationConfig(
            mode=self.mode_page.mode(),
            db=self.db_page.target(),
            printer=self.printer_page.url.text().strip() or "none",
            paper_width=int(self.printer_page.width.currentData()),
            counter=self.counter_page.counter.value(),
            language=self.mode_page.language.currentData(),
            station=self.finish_page.station.text().strip(),
            root_key=self._root_key(),
            screen=(self.finish_page.screen.currentData() or "")
            if self.mode_page.mode() == "display" else self.initial.screen,
        )

    def _root_key(self) -> str:
        """The root of trust pinned at setup: made here with the new
        office, or given (typed or scanned) and found in the checked file; never one the
        file names by itself. Setting up again on the same file keeps an earlier pin."""
        page = self.db_page
        path, result = page.target(), page.result
        if result is not None and result.ok and result.root and page.checked_path == path \
                and (result.created or page.given_root() == result.root):
            return result.root
        return self.initial.root_key if path == self.initial.db and self.initial.root_key else ""

    def validateCurrentPage(self) -> bool:
        return super().validateCurrentPage() if self.currentId() != PAGE_FINISH else self.save()

    def save(self) -> bool:
        """Write the config (and shortcuts); False, with the reason shown, on failure."""
        page = self.finish_page
        config = self.collected()
        bad = station_name_problem(config.station)
        if bad:  # the name is a file name on the share: said here, nothing written
            say(page.status, tr(bad.key, **bad.params), ERROR_STYLE)
            page.station.setFocus()
            return False
        try:
            self.saved_path = save_station_config(config, self.config_path)
        except (OSError, ValueError) as exc:
            say(page.status, tr("setup.finish.save_failed", path=self.config_path,
                                  reason=getattr(exc, "strerror", None) or exc), ERROR_STYLE)
            return False
        if page.shortcut.isChecked() or page.autostart.isChecked():
            try:
                if self.make_shortcuts is not None:
                    self.make_shortcuts(config.mode, page.autostart.isChecked())
                else:
                    from ult_desktop.app.shortcuts import create_shortcuts

                    create_shortcuts(config.mode, desktop=page.shortcut.isChecked(),
                                     autostart=page.autostart.isChecked())
            except OSError as exc:
                # The config is saved; say why the shortcut failed and let the next click
                # on Save finish without it (it can be made later: ult-desktop shortcuts).
                say(page.status, tr("setup.finish.shortcut_failed", reason=exc),
                            ERROR_STYLE)
                page.shortcut.setChecked(False)
                page.autostart.setChecked(False)
                return False
        self.saved.emit(self.saved_path)
        return True
