"""The kiosk's style sheet (sizes of text are set per widget, see ``pages.scaled``)."""

from __future__ import annotations

from ult_desktop.ui.kiosk.widgets import PRIORITY_COLOR


def stylesheet(u: float) -> str:
    """The kiosk's colours and shapes; *u* is 1 % of the window's shorter side in px."""
    r = round(1.6 * u)
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
