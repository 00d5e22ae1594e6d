"""A follow-up visit for the selected case (SOP 000 step 5, SOP 002 step 6): a day and a
window inside the office's hours and working days (refused in one sentence otherwise),
then the slip as the receipt printer draws it, with its QR, and "Cetak" prints it on the
counter's own receipt printer (the station's ``printer``, docs/counter.md)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QObject, Qt, QTime, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QPushButton, QTimeEdit

from ult_desktop.core.i18n import tr
from ult_desktop.core.receipt import visit_slip
from ult_desktop.db.visit import visits
from ult_desktop.ui.common.boxes import form, vbox
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.station import error_sentence


class VisitDialog(QDialog):
    """The day and the window of a follow-up visit."""

    def __init__(self, day: date, parent=None):
        super().__init__(parent, objectName="visit_dialog", windowTitle=tr("counter.visit.title"))
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.day = QDateEdit(QDate(day.year, day.month, day.day), calendarPopup=True,
                             objectName="visit_day", displayFormat="dd/MM/yyyy")
        self.day.setMinimumDate(QDate(day.year, day.month, day.day))
        self.opens = QTimeEdit(QTime(9, 0), objectName="visit_opens", displayFormat="HH:mm")
        self.closes = QTimeEdit(QTime(10, 0), objectName="visit_closes", displayFormat="HH:mm")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form((QLabel(tr("counter.visit.prompt"), wordWrap=True),),
             (tr("counter.visit.day"), self.day), (tr("counter.visit.opens"), self.opens),
             (tr("counter.visit.closes"), self.closes),
             (buttons,), on=self)

    def chosen(self) -> tuple[date, str, str]:
        return (self.day.date().toPython(), self.opens.time().toString("HH:mm"),
                self.closes.time().toString("HH:mm"))


class SlipDialog(QDialog):
    """The booked visit's slip as it prints: the visitor takes it (or photographs it);
    "Cetak" asks for it on paper (:attr:`print_asked`), the answer in :attr:`said`."""

    print_asked = Signal()

    def __init__(self, png: bytes, code: str, parent=None):
        super().__init__(parent, objectName="slip_dialog", windowTitle=tr("counter.visit.slip"))
        self.setAttribute(Qt.WA_DeleteOnClose)
        picture = QPixmap()
        picture.loadFromData(png, "PNG")
        self.picture = QLabel(objectName="slip_picture", alignment=Qt.AlignCenter)
        self.picture.setPixmap(picture.scaledToHeight(min(picture.height(), 520),
                                                      Qt.SmoothTransformation))
        self.code = QLabel(tr("receipt.visit.code", code=f"{code[:4]} {code[4:]}"),
                           objectName="slip_code", alignment=Qt.AlignCenter)
        self.print = QPushButton(tr("counter.visit.print"), objectName="slip_print",
                                 clicked=self._ask)
        self.said = QLabel(objectName="slip_said", alignment=Qt.AlignCenter, wordWrap=True)
        close = QPushButton(tr("receipt.close"), objectName="slip_close", default=True,
                            clicked=self.accept)
        vbox(self.picture, self.code, self.print, self.said, close, on=self)

    def _ask(self) -> None:
        self.print.setEnabled(False)  # one slip per click; back once the printer answered
        self.said.setText(tr("counter.visit.printing"))
        self.print_asked.emit()

    def answered(self, sentence: str) -> None:
        self.said.setText(sentence)
        self.print.setEnabled(True)


def slip_png(elements: list) -> bytes:
    """The slip drawn by the printer preview (``devices.printer.preview``), as PNG."""
    import io

    from ult_desktop.devices.printer.preview import render_preview

    out = io.BytesIO()
    render_preview(elements).save(out, "PNG")
    return out.getvalue()


def book_and_draw(db, *, case_id: int, day: date, opens: str, closes: str,
                  officer_id: int | None) -> tuple[visits.Visit, bytes, list]:
    """Book the visit, then draw its slip (on the worker: the drawing is not the GUI's):
    the visit, the picture and the slip's elements (what "Cetak" prints)."""
    from ult_desktop.db.house.office import get_settings

    visit = visits.book_visit(db, case_id=case_id, day=day, opens=opens, closes=closes,
                              officer_id=officer_id)
    elements = visit_slip(office_name=get_settings(db, "office_name")["office_name"],
                          case_id=visit.case_id, day=visit.day, opens=visit.opens,
                          closes=visit.closes, code=visit.code, topic=visit.topic)
    return visit, slip_png(elements), elements


def print_on(elements: list, printer: str) -> str:
    """Print the slip on *printer* (a pool thread: it waits for the printer's answer) and
    say how it went, in one sentence."""
    from ult_desktop.app.print_service import print_slip

    result = print_slip(elements, printer)
    if result is None:
        return tr("counter.visit.print_timeout")
    if not result.ok:
        return tr("counter.visit.print_failed", error=result.error)
    return tr("counter.visit.printed")


class VisitBooking(QObject):
    """The cases panel's "Jadwalkan kunjungan" button and what follows it."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.dialog: QDialog | None = None
        self.button = QPushButton(tr("counter.visit.button"), objectName="btn_visit")
        self.button.clicked.connect(self.ask)

    def ask(self) -> None:
        self.panel.with_calendar(self._dialog)

    def _dialog(self, case, calendar, today: date) -> None:
        case_id = case.id
        self.dialog = dialog = VisitDialog(calendar.add_working_days(today, 1), self.panel)

        def accepted() -> None:
            day, opens, closes = dialog.chosen()
            self.panel.session.run(book_and_draw, case_id=case_id, day=day, opens=opens,
                                   closes=closes, officer_id=self.panel.session.officer.id,
                                   done=self._booked, parent=self.panel)
        dialog.accepted.connect(accepted)
        dialog.open()

    def _booked(self, got: tuple[visits.Visit, bytes, list]) -> None:
        visit, png, elements = got
        self.panel.session.notify(tr("counter.msg.visit_booked", day=visit.day.isoformat(),
                                     opens=visit.opens, closes=visit.closes))
        self.dialog = dialog = SlipDialog(png, visit.code, self.panel)
        dialog.print_asked.connect(lambda: self._print(dialog, visit.case_id, elements))
        dialog.open()
        self.panel.refresh()

    def _print(self, dialog: SlipDialog, case_id: int, elements: list) -> None:
        """On this counter's printer (a pool thread); without one, a kiosk's is asked
        (an event on its feed, as a reprint is)."""
        session = self.panel.session
        if session.printer and session.printer != "none":
            off_gui(print_on, elements, session.printer, parent=dialog,
                    done=dialog.answered)
            return
        session.run(visits.ask_kiosk_slip, case_id=case_id, parent=dialog,
                    done=lambda kiosk: dialog.answered(tr("counter.visit.kiosk_asked",
                                                          kiosk=kiosk)),
                    failed=lambda error: dialog.answered(error_sentence(error)))
