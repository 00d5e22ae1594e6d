"""A TV with its sound off misses no call: 30 calls from three counters, in bursts, on a
real file; each call keeps the big panel for its whole flash (the display's own
timings: one blink times the blinks, more than twice as many for a number whose visitor
is Deaf, drawn white and red), one after the other, in the order they were made."""

from __future__ import annotations

from bench.bench_hall import CALLS, make_calls
from ult_desktop.ui.display.spotlight import DEAF_FLASH_LOOPS, FLASH_LOOPS

BLINK_MS = 40  # one blink; the office's TV blinks 700 ms (the same rule, 17 times slower)


def test_thirty_silent_calls_are_each_shown_long_enough(db, open_display, qtbot):
    tv = open_display(announce=False, flash_ms=BLINK_MS)
    assert tv.queue is None  # no sound at all
    strong: list[tuple[str, bool]] = []
    tv.spotlight.showing.connect(lambda call: strong.append((call.number,
                                                             tv.call_panel.strong)))
    made = make_calls(db)
    assert sum(d for _, d in made) >= 7
    longest = BLINK_MS * DEAF_FLASH_LOOPS * CALLS / 1000 + 10
    qtbot.waitUntil(lambda: len(tv.spotlight.turns) == CALLS and not tv.spotlight.busy,
                    timeout=int(longest * 1000))
    turns = tv.spotlight.turns
    assert [t.call.number for t in turns] == [n for n, _ in made]  # each once, in order
    for turn, (number, deaf) in zip(turns, made, strict=True):
        needed = BLINK_MS * (DEAF_FLASH_LOOPS if deaf else FLASH_LOOPS) / 1000
        assert turn.needed_s == needed
        assert turn.seen(), f"{number} shown {turn.shown_s():.3f} s of {needed} s"
    assert tv.spotlight.missed() == 0  # display_silent_calls_missed
    assert strong == made  # a Deaf visitor's number is drawn strong, the others not
    assert DEAF_FLASH_LOOPS > 2 * FLASH_LOOPS
