"""A "Test this station" button with the self-test's lines under it (the kiosk's settings
page, the wizard's last page), and this PC's key fingerprint for an admin to register.
File, share and printer checks run off the GUI thread; only the Qt areas run on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QWidget

from ult_desktop.app.selftest import Options, Report, run_checks, save_report
from ult_desktop.core.i18n import tr
from ult_desktop.ui.common.boxes import vbox
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.station import error_sentence


def run_and_save(options: Options, qt_checks: list) -> tuple[Report, str]:
    """The non-Qt areas, then the report (with *qt_checks*) saved; off the GUI thread."""
    report = run_checks(options)
    report.checks += qt_checks
    try:
        path = str(save_report(report))
    except OSError as exc:
        path = tr("selftest.not_saved", error=exc)
    return report, path


def key_fingerprint() -> str:
    from ult_desktop.app import station_key

    key = station_key.load_key()
    note = station_key.replaced_note()
    text = tr("selftest.panel.key", fingerprint=key.fingerprint if key else "-")
    if note is not None:
        text += " " + tr("selftest.panel.key_replaced", old=note.get("old_fingerprint", "?"))
    return text


class SelftestPanel(QWidget):
    """:param options: a callable giving the :class:`Options` to test (read on click, so
        the database path typed a moment ago is the one tested)."""

    def __init__(self, options: Callable[[], Options], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.options = options
        self.key_label = QLabel(self, objectName="selftestKey", wordWrap=True)
        self.button = QPushButton(tr("selftest.button"), self, objectName="selftestButton")
        self.output = QPlainTextEdit(self, objectName="selftestOutput", readOnly=True)
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.output.hide()
        self.report: Report | None = None
        vbox(self.key_label, self.button, (self.output, 1), on=self, margins=0)
        self.button.clicked.connect(self.run)
        off_gui(key_fingerprint, done=self.key_label.setText, parent=self)

    def run(self) -> None:
        options = self.options()
        from ult_desktop.app.selftest import run_area
        from ult_desktop.ui.selftest_checks import qt_areas

        qt_checks = []
        for name, area in qt_areas().items():
            qt_checks += run_area(name, area, options)
        self.button.setEnabled(False)
        self.output.show()
        self.output.setPlainText(tr("selftest.running"))
        off_gui(run_and_save, options, qt_checks, done=self._show, parent=self,
                failed=lambda e: self._failed(e))

    def _show(self, answer: tuple[Report, str]) -> None:
        self.report, path = answer
        counts = self.report.counts()
        self.output.setPlainText("\n".join(self.report.lines()) + "\n\n" + tr(
            "selftest.summary", passed=counts["pass"], failed=counts["fail"],
            skipped=counts["skip"], path=path))
        self.button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self.output.setPlainText(error_sentence(error))
        self.button.setEnabled(True)
