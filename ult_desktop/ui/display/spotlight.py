"""The big panel's turn: every call gets it, one at a time, long enough to be seen.

A TV without sound (or a Deaf visitor) has only the picture: each call keeps the panel for
its whole flash (:meth:`Spotlight.hold_ms`, more blinks for a Deaf visitor);
:attr:`turns` keeps every turn for tests and ``bench/``."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from PySide6.QtCore import QEasingCurve, QObject, QPropertyAnimation, Qt, QTimer, Signal

from ult_desktop.core.priority import DEAF
from ult_desktop.ui.display.model import Call

#: One blink of the call flash (ms) and how many blinks a call gets; a number whose
#: visitor is Deaf or hard of hearing blinks more than twice as long.
FLASH_MS = 700
FLASH_LOOPS = 5
DEAF_FLASH_LOOPS = 12


@dataclass
class Turn:
    """One call's time in the big panel (monotonic seconds; *until* None: still there)."""

    call: Call
    since: float
    needed_s: float
    until: float | None = None

    def shown_s(self, now: float | None = None) -> float:
        return (self.until if self.until is not None else (now or time.monotonic())) - self.since

    def seen(self, now: float | None = None) -> bool:
        return self.shown_s(now) >= self.needed_s


class Spotlight(QObject):
    """The calls waiting for the big panel, and the one in it (:attr:`current`)."""

    showing = Signal(object)   # Call: now in the big panel (start its flash)

    def __init__(self, flash_ms: int = FLASH_MS, targets: tuple[QObject, ...] = (),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.flash_ms = flash_ms
        #: the blinks of the panels that flash (their ``flash`` property) for each turn
        self.anims = []
        for target in targets:
            anim = QPropertyAnimation(target, b"flash", self)
            anim.setDuration(flash_ms)
            anim.setKeyValueAt(0.0, 0.0)
            anim.setKeyValueAt(0.5, 1.0)
            anim.setKeyValueAt(1.0, 0.0)
            anim.setEasingCurve(QEasingCurve.InOutSine)
            self.anims.append(anim)
        self.waiting: list[Call] = []
        self.current: Call | None = None
        self.turns: list[Turn] = []
        self._timer = QTimer(self, singleShot=True, timerType=Qt.PreciseTimer, timeout=self._next)

    def loops(self, call: Call) -> int:
        return DEAF_FLASH_LOOPS if DEAF in call.assist else FLASH_LOOPS

    def hold_ms(self, call: Call) -> int:
        """How long *call* keeps the big panel at least: its whole flash."""
        return self.flash_ms * self.loops(call)

    @property
    def busy(self) -> bool:
        """A call is still in its turn, or others wait for theirs."""
        return self._timer.isActive() or bool(self.waiting)

    def submit(self, call: Call) -> None:
        """A new call or recall: shown now if the panel is free, else after those before
        it (a number already waiting is not shown twice: its newer call takes its place)."""
        same = [i for i, c in enumerate(self.waiting) if c.number == call.number]
        if same:
            self.waiting[same[0]] = call
        else:
            self.waiting.append(call)
        if not self._timer.isActive():
            self._next()

    def _next(self) -> None:
        now = time.monotonic()
        turn = self.turns[-1] if self.turns else None
        if turn is not None and turn.until is None and not turn.seen(now):
            # a timer may fire a little early: the turn is whole or it is not a turn
            self._timer.start(math.ceil((turn.needed_s - turn.shown_s(now)) * 1000) + 1)
            return
        if not self.waiting:
            return  # the last call stays in the panel until the next one
        if self.turns and self.turns[-1].until is None:
            self.turns[-1].until = now
        self.current = self.waiting.pop(0)
        hold = self.hold_ms(self.current)
        self.turns.append(Turn(self.current, now, hold / 1000))
        self._timer.start(hold)
        self.showing.emit(self.current)
        for anim in self.anims:  # flashed for the whole turn (longer for a Deaf visitor)
            anim.stop()
            anim.setLoopCount(self.loops(self.current))
            anim.start()

    def missed(self) -> int:
        """Calls not shown for their whole flash, and calls still waiting for their turn."""
        now = time.monotonic()
        return sum(not t.seen(now) for t in self.turns) + len(self.waiting)

    def stop(self) -> None:
        self._timer.stop()
        for anim in self.anims:
            anim.stop()
