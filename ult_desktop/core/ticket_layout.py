"""The printed queue ticket as a list of layout elements (pure: no I/O, no printer).

One model drives the ESC/POS bytes (``devices.printer.escpos_render``) and the preview."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ult_desktop.core.dates import long_datetime
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import OFFICE_ZONES
from ult_desktop.core.queue import wait_text

# -- what a ticket print needs ---------------------------------------------------------

@dataclass(frozen=True)
class TicketPrintData:
    """Everything printed on one ticket: the ticket itself plus the office settings."""

    number: str
    service_name: str
    issued_at: datetime                 # aware (UTC in the database)
    timezone: str = "WIB"               # office zone: WIB, WITA or WIT
    priority: bool = False
    #: the desk(s) that call a priority ticket now ("Anda didahulukan di Loket 3"): the
    #: priority counter that serves, else those serving its service; empty: wherever
    #: its number is announced
    go_to: tuple[int, ...] = ()
    waiting_ahead: int | None = None    # people in line before this ticket
    #: how long the wait may be, from the service's recent visits (None: not said)
    wait_band: tuple[int, int] | None = None
    #: on a regular ticket: when priority may go before it, in one line
    priority_rule: str = ""
    #: the office-wide break of the day ("Istirahat 11.30–13.00"; "" for none)
    break_note: str = ""
    code: str = ""                      # short random ticket code (QR / survey)
    day: str = ""                       # office day, ISO date
    office_name: str = ""
    office_address: str = ""
    header: str = ""                    # extra header line
    footer: str = ""
    qr_content: str = "{code}"          # template: {code}, {number}, {day}
    #: the QR opens the visitor's phone page (one line says so); a second QR joins the
    #: guest Wi-Fi (``WIFI:`` text, "" for none) named *wifi_name*
    phone_page: bool = False
    wifi_qr: str = ""
    wifi_name: str = ""
    logo_png: bytes | None = None       # optional logo, PNG bytes
    language: str = "id"
    test: bool = False                  # a printer test ticket, marked as such
    #: the visitor waits seated and is fetched / is Deaf (``core.priority.ASSISTS``)
    seat: bool = False
    deaf: bool = False

    def local_time(self) -> datetime:
        return self.issued_at.astimezone(OFFICE_ZONES.get(self.timezone.upper(),
                                                          OFFICE_ZONES["WIB"]))

    def qr_text(self) -> str:
        """The QR content with its placeholders filled in ('' means: no QR code)."""
        text = self.qr_content or ""
        for name, value in (("{code}", self.code), ("{number}", self.number),
                            ("{day}", self.day)):
            text = text.replace(name, value or "")
        return text.strip()


# -- layout elements -------------------------------------------------------------------

class Style(str, Enum):
    """How a line of text looks; both renderers map these the same way."""

    TITLE = "title"      # office name: bold, double height
    BODY = "body"        # normal text
    SMALL = "small"      # address, ticket code: small font
    LABEL = "label"      # "Nomor Antrean": bold
    SERVICE = "service"  # service name: bold, double width and height
    MARKER = "marker"    # priority / test marker: white on black, bold, double height


@dataclass(frozen=True)
class Line:
    text: str
    style: Style = Style.BODY


@dataclass(frozen=True)
class BigNumber:
    """The queue number, printed as large as the paper allows."""

    text: str


@dataclass(frozen=True)
class QrCode:
    content: str


@dataclass(frozen=True)
class Logo:
    png: bytes


@dataclass(frozen=True)
class Separator:
    pass


@dataclass(frozen=True)
class Space:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


Element = Line | BigNumber | QrCode | Logo | Separator | Space | Cut


# -- building the layout ---------------------------------------------------------------

def build_layout(data: TicketPrintData) -> list[Element]:
    """The elements of one ticket, top to bottom, ending with a cut."""
    lang = data.language
    out: list[Element] = []

    def put(text: str, style: Style = Style.BODY) -> None:
        """A line of *text* trimmed, none when it is empty."""
        if text.strip():
            out.append(Line(text.strip(), style))

    if data.logo_png:
        out.append(Logo(data.logo_png))
    put(data.office_name, Style.TITLE)
    put(data.office_address, Style.SMALL)
    put(data.header)
    out.append(Separator())
    if data.test:
        out.append(Line(tr("printer.ticket.test_marker", lang), Style.MARKER))
    out.append(Line(tr("printer.ticket.label", lang), Style.LABEL))
    out.append(BigNumber(data.number))
    put(data.service_name, Style.SERVICE)
    if data.priority:
        out.append(Line(tr("printer.ticket.priority", lang), Style.MARKER))
        if data.go_to and not data.seat:
            names = ", ".join(tr("priority.counter", lang, number=n) for n in data.go_to)
            # "Anda didahulukan di Loket 3": the desks that call a priority ticket now
            out.append(Line(tr("priority.go_to", lang, counters=names), Style.LABEL))
    if data.seat:  # no walking up: an officer comes to the seat
        out.append(Line(tr("printer.ticket.seat", lang), Style.LABEL))
    if data.deaf:
        out.append(Line(tr("printer.ticket.deaf", lang), Style.BODY))
    out.append(Space())
    out.append(Line(long_datetime(data.local_time(), lang), Style.BODY))
    if data.waiting_ahead is not None:
        if data.waiting_ahead <= 0:
            out.append(Line(tr("printer.ticket.nobody_ahead", lang), Style.BODY))
        else:
            out.append(Line(tr("printer.ticket.ahead", lang, n=data.waiting_ahead), Style.BODY))
            put(wait_text(data.wait_band, lambda k, **p: tr(k, lang, **p), ticket=True))
    if data.priority_rule and not data.priority:  # a regular visitor may be overtaken
        out.append(Line(data.priority_rule, Style.BODY))
    if data.break_note:
        out.append(Line(data.break_note, Style.BODY))
    out.append(Separator())
    qr = data.qr_text()
    if qr:
        out.append(QrCode(qr))
        if data.code:
            out.append(Line(tr("printer.ticket.code", lang, code=data.code), Style.SMALL))
        if data.phone_page:
            out.append(Line(tr("phone.follow_ticket", lang), Style.BODY))
    if data.wifi_qr:
        out.append(QrCode(data.wifi_qr))
        out.append(Line(tr("phone.wifi_ticket", lang, ssid=data.wifi_name), Style.SMALL))
    put(data.footer)
    out.append(Cut())
    return out


def wrap(text: str, width: int) -> list[str]:
    """Word-wrap *text* to *width* columns; words longer than a line are split."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            while len(word) > width:
                if current:
                    lines.append(current)
                    current = ""
                lines.append(word[:width])
                word = word[width:]
            if current and len(current) + 1 + len(word) <= width:
                current += " " + word
            else:
                if current:
                    lines.append(current)
                current = word
        lines.append(current)
    return lines


# -- transliteration ---------------------------------------------------------------------

#: Characters NFKD does not reduce to something printable, mapped by hand.
TRANSLIT = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...", "\u2022": "*", "\u00b7": ".", "\u2116": "No.",
    "\u2122": "TM", "\u00a9": "(c)", "\u00ae": "(R)", "\u20ac": "EUR", "\u00a3": "GBP",
    "\u00a5": "JPY", "\u2264": "<=", "\u2265": ">=", "\u00d7": "x", "\u00f7": "/",
    "\u2192": "->", "\u2190": "<-", "\u00b0": " derajat ",
    "\u00df": "ss", "\u00e6": "ae", "\u00c6": "AE", "\u00f8": "o", "\u00d8": "O",
    "\u0153": "oe", "\u0152": "OE", "\u0111": "d", "\u0110": "D", "\u0142": "l",
    "\u0141": "L", "\u00fe": "th", "\u00de": "Th", "\u0131": "i", "\u00f0": "d",
    "\u00d0": "D", "\u0127": "h", "\u0126": "H",
}


def transliterate(text: str, can_encode: Callable[[str], bool]) -> str:
    """*text* with every character *can_encode* rejects replaced by a readable stand-in
    (a table entry, else without accents) or left out (no ``?`` or mojibake)."""
    out: list[str] = []
    dropped = False
    for ch in text:
        if ch == "\n" or (ch.isprintable() and can_encode(ch)):
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category == "Zs" or ch == "\t":
            out.append(" ")
            continue
        if category.startswith("C"):          # control / format characters
            continue
        table = TRANSLIT.get(ch)
        if table is not None and all(can_encode(c) for c in table):
            out.append(table)
            continue
        decomposed = "".join(c for c in unicodedata.normalize("NFKD", ch)
                             if not unicodedata.combining(c))
        if decomposed and decomposed != ch and all(
                c.isprintable() and can_encode(c) for c in decomposed):
            out.append(decomposed)
            continue
        dropped = True
    text = "".join(out)
    if dropped:
        text = "\n".join(re.sub(r" {2,}", " ", row).strip() for row in text.split("\n"))
    return text


