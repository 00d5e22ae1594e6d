"""Codes read at the kiosk: a QR scanner (a keyboard to the PC) types a code and Enter
on the start screen, all at once. A follow-up visit's code checks the visitor in (a number, printed as
any); a missed visitor's ticket (its QR, code or number) reports back and is in line
again after the office's number of calls (docs/counter.md)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from ult_desktop.db.errors import NotFound
from ult_desktop.ui.common.station import public_sentence
from ult_desktop.ui.kiosk import jobs
from ult_desktop.ui.kiosk.flow import START, WrongTries

#: A scanner types a whole code and Enter within this of its first key; what a hand
#: pressed meanwhile goes on to the spoken mode's keypad (docs/accessibility.md) after it.
BURST_MS = 300
#: The fewest characters of a code (a ticket's code is longer, a visit's is 8 digits).
MIN_CODE = 6
_ENTER = (Qt.Key_Return, Qt.Key_Enter)
#: Keys no code holds (a ticket's QR is a link: letters, digits, ``-./:``): the spoken
#: keypad's own, passed on at once with what was held before them.
NEVER_IN_CODE = ("+", "*")


class CodeReader(QObject):
    """The kiosk's code reader: the window's keys on the start screen (:meth:`read`), before
    the spoken mode's keypad sees them (while it is not in use); keys that were no code are
    handed on to it, in order. Codes typed on the touch keypad (:mod:`.code_pad`) come the
    same way (:meth:`send`); wrong ones, scanned or typed, count against :attr:`wrong`."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.typed: list[tuple[str, int]] = []
        self.burst = QTimer(self, singleShot=True, interval=BURST_MS, timeout=self._hand_on)
        self.busy = False
        self.wrong = WrongTries(allowed=5, lock_s=10.0)

    def read(self, event) -> bool:
        """A key pressed on the kiosk: True when it was kept as part of a code."""
        if self.window.flow.page != START or self.window.spoken.active:
            return False
        if event.key() in _ENTER and len(self.typed) >= MIN_CODE:
            text = "".join(c for c, _ in self.typed).strip()
            self.typed.clear()
            self.burst.stop()
            self.send(text)
            return True
        if event.text() in NEVER_IN_CODE or not self.typed and not event.text()[:1].isalnum():
            self.burst.stop()
            self._hand_on()  # no code starts so (nor holds + or *): the keypad's, now
            return False
        self.typed.append((event.text(), event.key()))
        if not self.burst.isActive():
            self.burst.start()
        return True

    def _hand_on(self) -> None:
        """No code within the burst: its keys were a hand's, for the keypad."""
        typed, self.typed = self.typed, []
        for _, key in typed:
            self.window.spoken.key(key)

    def send(self, text: str) -> None:
        """The code *text* to the shared file (one at a time)."""
        if self.busy:
            return
        wait = self.wrong.wait_s()
        if wait:
            t = self.window.view.t
            self.window.message(t("kiosk.code.failed"), t("kiosk.code.wait", s=wait),
                                ms=self.window.timings.error_ms)
            return
        self.busy = True
        self.window.touched()
        self.window.link.station.run(jobs.code_at_kiosk, text, parent=self,
                                     done=self._answered, failed=self._failed)

    def _answered(self, answer: jobs.CodeAnswer) -> None:
        self.busy = False
        w = self.window
        if answer.issued is not None:
            w.on_issued(answer.issued)  # shown and printed as a touched service's
            return
        assert answer.back is not None
        t = w.view.t
        w.message(t("kiosk.code.back", number=answer.back.number),
                  t("kiosk.code.back_after", n=answer.after) if answer.after else
                  t("kiosk.code.back_next"), t("kiosk.code.back_hint"), ms=w.timings.ticket_ms)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, NotFound):
            self.wrong.failed()
        w = self.window
        heading = "kiosk.code.unknown" if isinstance(error, NotFound) else "kiosk.code.failed"
        w.message(w.view.t(heading), public_sentence(error, w.view.lang),
                  w.view.t("kiosk.code.ask"), ms=w.timings.error_ms)
