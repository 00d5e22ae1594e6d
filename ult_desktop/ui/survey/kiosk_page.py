"""The survey on the kiosk: the tablet's :class:`SurveyFlow` as a kiosk page (source
``kiosk``). "‹ Kembali" on the code screen, the thank-you page, a cancel or the idle time
return to the kiosk's start; leaving forgets every answer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.station import Station
from ult_desktop.ui.survey.flow import SurveyFlow
from ult_desktop.ui.survey.pages import PLAIN
from ult_desktop.ui.survey.pages import button as _button


class KioskSurveyPage(QWidget):
    """See module docstring. ``leave``: the kiosk should go back to its start screen."""

    leave = Signal()

    def __init__(self, station: Station, parent: QWidget | None = None):
        super().__init__(parent)
        self.station = station
        self.flow = SurveyFlow(station, source="kiosk")
        self.flow.setStyleSheet("QLabel{color:#263238;}")
        self.back = _button("", PLAIN)
        self.back.clicked.connect(self.leave)
        vbox((self.flow, 1), hbox((self.back, 0, Qt.AlignLeft), margins=(40, 0, 40, 10)), on=self,
             margins=0)
        self._started = False
        self.flow.stack.currentChanged.connect(self._page_changed)

    @staticmethod
    def on(pages, page: KioskSurveyPage | None, station: Station, leave) -> KioskSurveyPage:
        """The survey page in the kiosk's *pages*: *page* again, or a new one when the
        kiosk (re)connected meanwhile; *leave* is called when the visitor leaves it."""
        if page is None or page.station is not station:
            if page is not None:
                pages.removeWidget(page)
                page.deleteLater()
            page = KioskSurveyPage(station)
            page.leave.connect(leave)
            pages.addWidget(page)
        return page

    def start(self, *, lang: str, large: bool = False, speaker=None,
              spoken: bool = False) -> None:
        """A visitor opened the survey: a fresh code screen in the kiosk's language,
        with the kiosk's large text and its spoken mode (said with *speaker*)."""
        self.flow.reset()
        self.flow.set_language(lang)
        self.flow.set_large(large)
        self.flow.speech.use(speaker, active=spoken)
        self.back.setText(tr("survey.back", lang))
        self._started = True
        self._page_changed()
        self.flow.start_page.code_edit.setFocus()

    def _page_changed(self, *_args) -> None:
        at_start = self.flow.stack.currentWidget() is self.flow.start_page
        self.back.setVisible(at_start)
        # back to the code screen after thanks, cancel or idle: the visit is over
        if at_start and self._started and self.flow.state.visit_done:
            self._started = False
            self.leave.emit()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._started = False
        self.flow.reset()  # nothing of this visitor stays on screen
