"""Row-less acts judged against what they move (``core.authority.Acts`` calls them; the
figures read them by the same rules): a help call's answer names an earlier unanswered
kiosk call, once, and its minutes are the judge's own subtraction; a sign-out names an
officer signed in at that station; an admin-only setting is changed only by the admin
station. No database here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ult_desktop.core.dates import seconds_of

HELP_REQUESTED, HELP_ANSWERED = "help_requested", "help_answered"
SIGN_OUT = "officer_logout"
SETTINGS_CHANGED = "settings_changed"
#: Settings only the admin station writes whose change is counted in a figure (the
#: evidence pack's publications of the SKM result).
ADMIN_SETTINGS = frozenset({"skm_published"})
#: The row-less kinds judged here besides the counted ones (``core.acts.COUNTED_KINDS``),
#: and all the kinds judged here.
CLAIMS = frozenset({SIGN_OUT, SETTINGS_CHANGED})
DESK_KINDS = frozenset({HELP_REQUESTED, HELP_ANSWERED, *CLAIMS})
#: The hall's counted acts that are a ticket's move (``db.queue.desk.mark_fetched``,
#: ``set_deaf``): each comes with its ticket's row, and one without is no act.
TICKET_MARKS = frozenset({"fetched", "deaf_marked"})
#: How far (s) an answer may be dated before its call (two PCs' clocks).
_SLACK_S = 15 * 60


def help_minutes(call_at: str, answer_at: str) -> float:
    """Minutes from a call to its answer, as the events' own times say (never below 0)."""
    start, end = seconds_of(call_at), seconds_of(answer_at)
    if start is None or end is None:
        return 0.0
    return round(max(0.0, end - start) / 60, 2)


@dataclass
class HelpCalls:
    """The hall's help calls that stood (event id -> its time) and those answered."""

    calls: dict[int, str] = field(default_factory=dict)
    answered: set[int] = field(default_factory=set)

    def judge(self, kind: str, event_id: int, at: str, data: object) -> str | None:
        """Take in a call, or judge an answer: why it may not stand (``help_call``: no
        unanswered call of a kiosk before it; ``help_twice``), or None."""
        if kind == HELP_REQUESTED:
            self.calls[event_id] = at
            return None
        call = data.get("call") if isinstance(data, dict) else None
        if type(call) is not int or call not in self.calls:
            return "help_call"
        if call in self.answered:
            return "help_twice"
        start, end = seconds_of(self.calls[call]), seconds_of(at)
        if start is None or end is None or end < start - _SLACK_S:
            return "help_call"
        self.answered.add(call)
        return None

    def minutes(self, data: dict, at: str) -> float:
        """An answer's minutes (once :meth:`judge` let it stand)."""
        return help_minutes(self.calls[data["call"]], at)


def settings_claim(data: object, role: str | None) -> str | None:
    """Why a ``settings_changed`` signed by *role* may not stand: it names a setting only
    the admin station writes (``role``; as the figure reads it: anywhere in its data)."""
    if role == "admin" or data is None:
        return None
    return "role" if any(name in str(data) for name in ADMIN_SETTINGS) else None


@dataclass
class DeskActs:
    """The row-less acts of the hall and the desk judged as moves (:class:`HelpCalls`,
    sign-outs, settings claims), fed in chain order by ``Acts``."""

    help: HelpCalls = field(default_factory=HelpCalls)

    def judge(self, kind: str, event_id: int, at: str, key: str | None, role: str | None,
              data: object, signed_in: set[tuple[str, str]]) -> str | None:
        if kind in (HELP_REQUESTED, HELP_ANSWERED):
            return self.help.judge(kind, event_id, at, data)
        if kind == SETTINGS_CHANGED:
            return settings_claim(data, role)
        if kind == SIGN_OUT and role != "admin":
            name = data.get("username") if isinstance(data, dict) else None
            if name is not None and (key, name) not in signed_in:
                return "signed_out"  # an officer never signed in at that station
        return None


Stands = Callable[[str | None, int, str], bool]


def standing_help(events: Iterable[tuple], stands: Stands
                  ) -> list[tuple[str, float, int, int]]:
    """(answer's time, minutes, the call's event, the answer's) of each help answer that
    stands among *events* (``(id, kind, at, key, data)`` in id order, *data* read),
    *stands* saying whether the event's signer may sign its kind (the table of acts):
    the judge's own minutes."""
    calls, out = HelpCalls(), []
    for event_id, kind, at, key, data in events:
        if not stands(key, event_id, kind):
            continue
        if calls.judge(kind, event_id, str(at), data) is None and kind == HELP_ANSWERED:
            out.append((str(at), calls.minutes(data, str(at)), data["call"], event_id))
    return out
