"""The escalation receipt for a visitor whose request goes on: case number, topic and
tenggat (with why holidays stretch it), as text in the screen's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ult_desktop.core.dates import long_date
from ult_desktop.core.i18n import tr
from ult_desktop.core.register import mask_phone


@dataclass(frozen=True)
class Receipt:
    case_id: int
    ticket_number: str | None
    channel: str
    topic: str
    opened: date                 # the office day it went on
    due: date                    # the tenggat
    days: int                    # the working days counted
    holidays: list[tuple[date, str]] = field(default_factory=list)  # between, weekdays
    callback_phone: str | None = None  # told "we will call you on ..." (masked)
    unit: str | None = None      # the unit utama it went to, if any
    rescheduled: bool = False    # the helpdesk keeps it ("dijadwalkan ulang")
    online_ref: str | None = None  # the web form's request number
    notice: str = ""             # what is kept of the visitor and whom to ask (one line)


def case_number(case_id: int) -> str:
    """How a case is named to a visitor: ``K-00042``."""
    return f"K-{case_id:05d}"


def receipt_lines(r: Receipt, lang: str | None = None) -> list[str]:
    """The receipt, one sentence a line, as the officer reads it out."""
    lines = [tr("receipt.title_rescheduled" if r.rescheduled else "receipt.title", lang),
             tr("receipt.case", lang, number=case_number(r.case_id)) +
             (" · " + tr("receipt.ticket", lang, number=r.ticket_number)
              if r.ticket_number else "") +
             (" · " + tr("receipt.online_ref", lang, ref=r.online_ref)
              if r.online_ref else "")]
    if r.topic:
        lines.append(tr("receipt.topic", lang, topic=r.topic))
    if r.unit:
        lines.append(tr("receipt.unit", lang, unit=r.unit))
    lines.append(tr("receipt.due", lang, due=long_date(r.due, lang)))
    if r.holidays:
        lines.append(tr("receipt.why", lang, days=r.days, holidays="; ".join(
            f"{long_date(d, lang)} ({why})" for d, why in r.holidays)))
    if r.callback_phone:
        lines.append(tr("receipt.callback", lang, phone=mask_phone(r.callback_phone)))
    if r.notice:
        lines.append(r.notice)
    return lines


def visit_slip(*, office_name: str, case_id: int, day: date, opens: str, closes: str,
               code: str, topic: str = "", lang: str | None = None) -> list:
    """The follow-up visit's slip for the receipt printer (``core.ticket_layout``
    elements): when to come, the code and its QR (read at the kiosk, typed if need be)."""
    from ult_desktop.core.ticket_layout import Cut, Line, QrCode, Separator, Space, Style

    spaced = f"{code[:4]} {code[4:]}"
    return [Line(office_name, Style.TITLE), Separator(),
            Line(tr("receipt.visit.title", lang), Style.LABEL),
            Line(tr("receipt.case", lang, number=case_number(case_id))),
            *([Line(tr("receipt.topic", lang, topic=topic))] if topic else []),
            Space(), Line(long_date(day, lang), Style.SERVICE),
            Line(tr("receipt.visit.window", lang, opens=opens, closes=closes), Style.LABEL),
            Space(), QrCode(code), Line(tr("receipt.visit.code", lang, code=spaced)),
            Line(tr("receipt.visit.how", lang), Style.SMALL), Cut()]


def receipt_slip(lines: list[str]) -> list:
    """The forwarding receipt (its *lines*, as the desk shows them) for the receipt
    printer (``core.ticket_layout`` elements): the visitor takes it home."""
    from ult_desktop.core.ticket_layout import Cut, Line

    return [*(Line(line) for line in lines if line), Cut()]
