"""The kiosk's style sheet (sizes of text are set per widget, see ``pages.scaled``)."""

from __future__ import annotations

from ult_desktop.ui.kiosk.widgets import PRIORITY_COLOR

#: How much larger the text is in the visitor's large-text mode.
LARGE_TEXT = 1.3


def stylesheet(u: float, *, contrast: bool = False) -> str:
    """The kiosk's colours and shapes; *u* is 1 % of the window's shorter side in px;
    *contrast*: the large-text mode's high contrast (yellow and white on black)."""
    r = round(1.6 * u)
    return _base(u, r) + (_contrast(u, r) if contrast else "")


def _contrast(u: float, r: int) -> str:
    line = max(3, round(0.45 * u))
    return f"""
#kiosk, #header, #footer {{ background: #000000; }}
#header {{ border-bottom: {line}px solid #ffeb3b; }}
QLabel {{ color: #ffffff; }}
#officeName, #clockLabel, #title, #priorityTitle, #ticketNumber, #confirmService,
#ticketHeading, #confirmHeading, #messageHeading, #pinDots {{ color: #ffeb3b; }}
#officeAddress, #dateLabel, #priorityNote, #freeNote, #help, #ticketAhead, #ticketEstimate,
#confirmKeys, #ticketService, #ticketGoTo, #confirmKind, #noticeDetail {{ color: #ffffff; }}
QPushButton {{ background: #000000; color: #ffeb3b; border: {line}px solid #ffeb3b; }}
QPushButton:pressed {{ background: #424242; }}
QPushButton:disabled {{ color: #bdbdbd; border-color: #757575; }}
#doneButton, #keypadOk, #largeButton:checked {{ background: #ffeb3b; color: #000000;
                                               border: none; }}
#ticketCard {{ background: #000000; border: {line}px solid #ffeb3b; border-radius: {r}px; }}
#priorityBadge {{ background: #ffeb3b; color: #000000; }}
"""


def _base(u: float, r: int) -> str:
    return f"""
#kiosk {{ background: #eef2f6; }}
#header {{ background: #ffffff; border-bottom: {max(2, round(0.5 * u))}px solid #0d47a1; }}
#officeName {{ color: #0d47a1; }}
#officeAddress, #dateLabel {{ color: #455a64; }}
#clockLabel {{ color: #0d47a1; }}
#title, #priorityTitle {{ color: #263238; padding: {round(0.6 * u)}px; }}
#notice {{ color: #ffffff; background: #c62828; border-radius: {r}px;
           padding: {round(2 * u)}px; }}
#noticeDetail {{ color: #263238; padding: {round(u)}px; }}
#priorityNote, #freeNote, #help {{ color: #455a64; }}
QPushButton {{ background: #ffffff; color: #263238; border: 2px solid #90a4ae;
               border-radius: {r}px; padding: {round(0.8 * u)}px {round(2 * u)}px; }}
QPushButton:pressed {{ background: #cfd8dc; }}
QPushButton:disabled {{ color: #9e9e9e; border-color: #cfd8dc; }}
#doneButton {{ background: #2e7d32; color: #ffffff; border: none; }}
#exitButton {{ background: #c62828; color: #ffffff; border: none; }}
#keypadOk {{ background: #0d47a1; color: #ffffff; border: none; }}
#ticketCard {{ background: #ffffff; border: {max(2, round(0.4 * u))}px solid #0d47a1;
               border-radius: {round(2.5 * u)}px; }}
#ticketHeading, #ticketService {{ color: #263238; }}
#ticketNumber {{ color: #0d47a1; }}
#ticketAhead, #ticketEstimate {{ color: #37474f; }}
#priorityBadge {{ background: {PRIORITY_COLOR}; color: #ffffff; border-radius: {r}px;
                  padding: {round(0.5 * u)}px {round(2 * u)}px; }}
#messageHeading {{ color: #b71c1c; }}
#pinDots {{ color: #0d47a1; }}
#pinMessage, #settingsResult {{ color: #b71c1c; }}
QLineEdit {{ background: #ffffff; border: 2px solid #90a4ae; border-radius: {round(0.8 * u)}px;
             padding: {round(0.6 * u)}px; }}
"""
