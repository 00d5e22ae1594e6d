"""The kiosk's flows as plain objects, driven without widgets, a database or a clock."""

from __future__ import annotations

from dataclasses import dataclass

from ult_desktop.ui.kiosk.flow import (
    MESSAGE,
    PIN,
    PRIORITY,
    SETTINGS,
    START,
    TICKET,
    PinDoor,
    VisitorFlow,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class State:
    any_available: bool = True


@dataclass
class Ticket:
    id: int


@dataclass
class Issued:
    ticket: Ticket


def flow(clock: Clock) -> VisitorFlow:
    return VisitorFlow("kiosk-1", guard_s=0.8, retry_s=120, clock=clock)


ON = {"online": True, "state": State()}


def test_one_touch_is_one_ticket():
    clock = Clock()
    f = flow(clock)
    first = f.touch("A", False, **ON)
    assert first is not None and first.startswith("kiosk-1:")
    assert f.touch("A", False, **ON) is None  # the first is still on its way
    assert f.touch("B", False, **ON) is None
    assert f.ignored_touches == 2
    f.issued_ok(Issued(Ticket(1)))
    assert f.page == TICKET and f.waiting_for_printer()
    assert not f.accepting(**ON)


def test_touches_right_after_a_ticket_are_ignored_then_start_accepts_again():
    clock = Clock()
    f = flow(clock)
    f.touch("A", False, **ON)
    f.issued_ok(Issued(Ticket(1)))
    assert not f.leave_ticket() and f.ignored_touches == 1  # a bouncing screen
    clock.now += 1
    assert f.leave_ticket()
    f.go_start()
    assert f.page == START and f.issued is None and f.accepting(**ON)


def test_nothing_is_issued_offline_closed_or_before_the_state_is_read():
    f = flow(Clock())
    assert f.touch("A", False, online=False, state=State()) is None
    assert f.touch("A", False, online=True, state=None) is None
    assert f.touch("A", False, online=True, state=State(any_available=False)) is None
    assert f.ignored_touches == 3 and not f.in_flight


def test_retry_after_a_lost_reply_repeats_the_request_id():
    clock = Clock()
    f = flow(clock)
    first = f.touch("A", False, **ON)
    f.issue_failed(connection_problem=True)  # committed, maybe; the reply was lost
    assert f.page == MESSAGE
    clock.now += 1
    f.go_start()
    assert f.touch("A", False, **ON) == first  # the same touch: the same ticket
    f.issue_failed(connection_problem=True)
    clock.now += 1
    other = f.touch("A", True, **ON)  # priority is another request
    assert other != first


def test_a_refused_request_or_an_old_one_is_not_repeated():
    clock = Clock()
    f = flow(clock)
    first = f.touch("A", False, **ON)
    f.issue_failed(connection_problem=False)  # closed, quota: nothing was issued
    clock.now += 1
    f.go_start()
    second = f.touch("A", False, **ON)
    assert second not in (None, first)
    f.issue_failed(connection_problem=True)
    clock.now += 121  # long after: a new visitor
    f.go_start()
    assert f.touch("A", False, **ON) not in (None, second)


def test_a_late_printer_answer_about_an_earlier_visitor_is_ignored():
    clock = Clock()
    f = flow(clock)
    f.touch("A", False, **ON)
    f.issued_ok(Issued(Ticket(1)))
    clock.now += 1
    f.go_start()
    f.touch("A", False, **ON)
    f.issued_ok(Issued(Ticket(2)))
    assert not f.printed(1, "late")
    assert f.printed(2, "ok") and f.print_outcome == "ok" and not f.waiting_for_printer()


def test_priority_path_and_idle():
    f = flow(Clock())
    assert f.open_priority(**ON) and f.page == PRIORITY
    f.pick_group("elderly")
    assert f.priority_step == 1 and f.priority_group == "elderly"
    assert not f.priority_back() and f.priority_step == 0
    assert f.priority_back()  # leaves the page
    assert f.idle()
    f.page = TICKET
    assert not f.idle()  # a number on screen stays until it is read


def test_admin_gesture_opens_the_keypad_once():
    f = flow(Clock())
    assert f.open_admin() and f.page == PIN
    assert not f.open_admin()
    f.page = SETTINGS
    assert not f.open_admin()


def test_pin_door_locks_after_repeated_wrong_pins():
    clock = Clock()
    door = PinDoor(max_failures=3, lockout_s=60, clock=clock)
    for pin in ("0000", "0001"):
        for d in pin:
            door.digit(d)
        token, typed = door.submit()
        assert typed == pin and door.pin == ""
        assert door.answer(token, None) == "wrong"
    for d in "12":
        door.digit(d)
    assert door.submit() is None  # too short: wrong at once
    assert door.answer(None, None) == "locked"
    assert door.locked_for() == 60
    for d in "1234":
        door.digit(d)
    assert door.submit() is None  # locked: not even checked
    clock.now += 61
    for d in "1234":
        door.digit(d)
    token, _ = door.submit()
    assert door.answer(token, "admin") == "ok" and door.wrong == 0


def test_pin_door_ignores_stale_answers():
    door = PinDoor(max_failures=5, lockout_s=60, clock=Clock())
    for d in "1234":
        door.digit(d)
    token, _ = door.submit()
    assert door.answer(token, "admin") == "ok"
    assert door.answer(token, None) is None  # the database answered late: ignored
    for d in "9999":
        door.digit(d)
    token, _ = door.submit()
    door.reset()  # the keypad was left
    assert door.answer(token, None) is None and door.wrong == 0
