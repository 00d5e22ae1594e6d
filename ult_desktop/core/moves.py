"""What a kiosk's or counter's act may move, judged against the thing it names as the record
holds it at the act's time (``core.authority.Acts`` and ``core.replay`` ask): a ticket's
state and columns move only by the act whose kind moves them; report-backs, follow-up
tickets and bookings only on their own day's terms; a closed month's guest book and cases
keep what they said (only their steps go on); a survey code's hash is only set by the act
that gives one, otherwise only cleared. No database here."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from ult_desktop.core import pins
from ult_desktop.core.chain import verify_hex
from ult_desktop.core.dates import seconds_of
from ult_desktop.core.hours import visit_sort_at
from ult_desktop.core.numbering import office_day, zone
from ult_desktop.core.priority import SEAT, parse_assist
from ult_desktop.core.settings import SETTINGS
from ult_desktop.core.tickets import RECLASSIFIABLE

#: The tables whose rows are judged by their month and their moves (:func:`dated`).
DATED = frozenset({"register_records", "cases", "handovers"})
#: The events that give a ticket a new survey code (``db.survey.skm.renew_code``), and a
#: phone or online requester's guest-book record one (``remote_survey_code``).
CODE_GIVING = frozenset({"survey_code_renewed"})
RECORD_CODE_GIVING = frozenset({"survey_code_given"})
#: The states in which a ticket's code may be renewed (``core.skm``'s, as the record sees).
RENEWABLE = frozenset({"waiting", "called"})
#: What a guest-book record of a closed month may still change: the answer its case gave,
#: the survey code given or spent, the online request it was matched to.
RECORD_GOES_ON = frozenset({"answer", "updated_at", "code_hash", "request_id"})
#: What a guest-book record never changes once written: the visit (its ticket) or the call
#: it records, the channel, the office day, when and where it was made.
RECORD_BORN = frozenset({"id", "ticket_id", "channel", "day", "created_at", "station"})
#: What a case of a closed month may not change: what it was opened as.
CASE_BORN = frozenset({"id", "record_id", "escalated_to", "opened_at", "opened_by"})
#: A case's times, each the time of the act that sets it.
CASE_TIMES = frozenset({"answered_at", "closed_at", "callback_done_at"})
#: What a hand-over never changes in a closed month: what was sent, about whom, by whom,
#: when (its day), and how long the visitor had been served (``db.visit.handover``).
HANDOVER_BORN = frozenset({"id", "ticket_id", "service_id", "channel", "day", "from_officer",
                           "question", "served_at", "sent_at"})
#: A hand-over's step times, each the time of the act that moves it there.
HANDOVER_TIMES = frozenset({"taken_at", "coordinating_at", "answered_at", "returned_at",
                            "explained_at"})
#: A booked visit's columns (``db.visit.visits.book_visit``).
VISIT_COLUMNS = frozenset({"visit_day", "visit_opens", "visit_closes", "visit_code"})
_ZONE = SETTINGS["timezone"].default


def day_of(at: str, tz: object) -> str:
    """The office day (ISO) of event time *at* (UTC ISO) in zone *tz*; "" unreadable."""
    try:
        return office_day(datetime.fromisoformat(at), str(tz or _ZONE)).isoformat()
    except (TypeError, ValueError):
        return ""


def report_back(row: dict, at: str, tz: object, role: str) -> str | None:
    """Why a skipped ticket *row* reported back at *at* may not move: not of that office
    day, or reported back before at a kiosk (again only at a counter, with the officer's
    reason: ``db.queue.desk.report_back``)."""
    if row.get("day") != day_of(at, tz):
        return "not_today"
    return "once" if role == "kiosk" and row.get("returned_at") is not None else None


def fetch(row: dict | None) -> str | None:
    """Why a fetch (``fetched_at`` set: ``db.queue.desk.mark_fetched``) may not move ticket
    *row* as it stood: only a visitor called to be fetched from the seat, not fetched yet
    (``core.tickets.Ticket.fetching``)."""
    if row is None or SEAT not in parse_assist(row.get("assist")) or \
            row.get("state") != "called" or row.get("fetched_at") is not None:
        return "not_fetching"
    return None


def act_on(kind: str, values: dict, row: dict | None, at: str, tz: object) -> str | None:
    """Why a ticket act of *kind* writing *values* may not move ticket *row* as it stood
    at *at*: a fetch (:func:`fetch`), a priority corrected (:func:`reclassify`)."""
    if values.get("fetched_at") is not None:
        return fetch(row)
    return reclassify(row, at, tz) if kind == "reclassified" else None


def landed_once(act: dict, data: dict, kind: str, ticket: object,
                row: dict | None) -> tuple[str | None, tuple]:
    """One act lands for one ticket: why a counter's landed *act* (its event of *kind*
    writing *ticket*, *row* as it stood) may not move it, ``act_ticket`` (a visit not the
    act's own, by its day and number; only a sign-in is credited to each visit served
    before it), and what it lands as once: its hash and kind (an act carried before
    events carried acts: its request id, kind and ticket)."""
    if not act.get("hash"):
        return None, (str(data.get("request_id")), kind, ticket)
    signin = act.get("kind") == "signin"
    if not signin and row is not None and (row.get("day"), row.get("number")) != (
            act.get("day"), act.get("number")):
        return "act_ticket", ()
    return None, (str(act["hash"]), kind, ticket if signin else None)


def reclassify(row: dict | None, at: str, tz: object) -> str | None:
    """Why a priority correction (``db.queue.desk.reclassify_priority``) may not move
    ticket *row* as it stood at *at*: only a ticket of that office day whose visit has not
    ended (``core.tickets.RECLASSIFIABLE``)."""
    if row is None or row.get("day") != day_of(at, tz) or \
            row.get("state") not in _RECLASSIFIABLE:
        return "reclassify"
    return None


_RECLASSIFIABLE = frozenset(s.value for s in RECLASSIFIABLE)


#: The state each ticket act moves a ticket to (``db.queue.desk``, ``db.queue.offline``,
#: ``db.visit.handover``): a state written under another kind is no act of the queue.
STATE_OF_KIND = {"called": {"called"}, "recalled": {"called"}, "call_conflict": {"called"},
                 "serving": {"serving"}, "finished": {"done", "cancelled"},
                 "escalated": {"escalated"}, "skipped": {"skipped"},
                 "cancelled": {"cancelled"}, "transferred": {"transferred"},
                 "reported_back": {"waiting"}}
#: The figures' other ticket columns and the only acts that write them.
KINDS_OF_COLUMN = {"priority": {"reclassified"}, "priority_group": {"reclassified"},
                   "transfer_count": {"transferred"}, "service_id": {"transferred"},
                   "returned_at": {"reported_back"}, "fetched_at": {"fetched"},
                   "first_called_at": {"called", "call_conflict"}, "assist": {"deaf_marked"}}


def kind_fits(kind: str, values: dict) -> str | None:
    """Why a ticket update *values* signed as an event of *kind* is not that act: a state
    the act does not move to, or a figure's column only another act writes."""
    state = values.get("state")
    if state is not None and state not in STATE_OF_KIND.get(kind, ()):
        return "kind_move"
    if any(kind not in KINDS_OF_COLUMN[c] for c in values.keys() & KINDS_OF_COLUMN.keys()):
        return "kind_move"
    return None


def followup_birth(values: dict, case: dict | None, taken: set, tz: object,
                   order: object) -> str | None:
    """Why a ticket born *values* for follow-up case *case* (the record's row, None: no
    such case) may not stand: no visit booked for the ticket's day, the visit taken
    already (*taken*: cases with a ticket), or a place in line not the rule's."""
    if case is None or case.get("visit_day") != values.get("day") or \
            not case.get("visit_opens"):
        return "followup"
    if values.get("followup_case") in taken:
        return "followup_taken"
    try:
        day, now = date.fromisoformat(str(values["day"])), datetime.fromisoformat(
            str(values["issued_at"]))
        office = zone(str(tz or _ZONE))
        opens = datetime.combine(day, time.fromisoformat(str(case["visit_opens"])), office)
        starts = datetime.combine(day, time(0), office).astimezone(timezone.utc)
        placed = datetime.fromisoformat(str(values.get("sort_at")))
    except (KeyError, TypeError, ValueError):
        return "place"
    rule = visit_sort_at(str(order or SETTINGS["followup_order"].default), now, opens, starts)
    if abs((placed - rule).total_seconds()) > 0.001:
        return "place"
    return None


def walk_in_place(values: dict) -> str | None:
    """A walk-in's place in line is the time it was taken (never the writer's choice)."""
    if values.get("sort_at") == values.get("issued_at") is not None:
        return None  # (as the app writes it: no parsing)
    try:
        same = datetime.fromisoformat(str(values.get("sort_at"))) == \
            datetime.fromisoformat(str(values.get("issued_at")))
    except ValueError:
        return "place"
    return None if same else "place"


def code_hash(kind: str, row: dict | None, values: dict) -> str | None:
    """Why a ticket's survey code hash *values* may not be written by an event of *kind*:
    only cleared (the code spent), or set anew by the act that renews a code while the
    visit is still to come."""
    if values.get("code_hash") is None:
        return None
    if kind in CODE_GIVING and row is not None and row.get("state") in RENEWABLE:
        return None
    return "code"


def _retimed(times: frozenset, values: dict, row: dict | None, at: str) -> bool:
    """Whether *values* set one of the step *times* to a time that is not the act's *at*."""
    return any(values[c] is not None and (row is None or values[c] != row.get(c)) and
               seconds_of(values[c]) != seconds_of(at) for c in times & values.keys())


def booked(values: dict, at: str, tz: object, closed) -> str | None:
    """Why a case's booked visit *values* may not stand: for a day before the act's office
    day or in a closed month (*closed*: the judge's ``closed(day, at)``)."""
    if "visit_day" not in values:
        return None
    day = values["visit_day"]  # (a booking gives a day: none is a visit unbooked)
    if type(day) is not str or day < day_of(at, tz) or closed(day, at):
        return "visit_day"
    return None


def record_move(image: list, row: dict | None, at: str, closed) -> str | None:
    """Why a counter's image of a guest-book record may not stand: born in a closed month,
    or a closed month's record changed beyond its answer."""
    values = image[3] if len(image) > 3 and type(image[3]) is dict else {}
    if image[0] == "i":
        return "closed_month" if closed(values.get("day"), at) else None
    if image[0] == "d":
        return "closed_month" if row is not None and closed(row.get("day"), at) else None
    if values.keys() & RECORD_BORN:
        return "born"  # the visit or call it records, its channel and its day are its own
    if row is not None and closed(row.get("day"), at) and not values.keys() <= RECORD_GOES_ON:
        return "closed_month"
    return None


def case_move(image: list, row: dict | None, at: str, tz: object, closed) -> str | None:
    """Why a counter's image of a case may not stand: opened in a closed month, what a
    closed month's case was opened as changed, a time that is not the act's, or a visit
    booked for a past day or a closed month."""
    values = image[3] if len(image) > 3 and type(image[3]) is dict else {}
    if image[0] == "d":
        return "closed_month" if row is not None and closed(
            str(row.get("opened_at") or "")[:10], at) else None
    if image[0] == "i":
        if closed(str(values.get("opened_at") or "")[:10], at):
            return "closed_month"
    elif values.keys() & CASE_BORN and (row is not None and closed(
            str(row.get("opened_at") or "")[:10], at) or closed(
            str(values.get("opened_at") or "")[:10], at)):
        return "closed_month"  # (nor is an open month's case moved into a closed one)
    if _retimed(CASE_TIMES, values, row, at):
        return "time"
    if values.keys() & VISIT_COLUMNS and (row is None or values.get("visit_day") !=
                                          row.get("visit_day")):
        return booked(values, at, tz, closed)
    return None


def handover_move(image: list, row: dict | None, at: str, closed) -> str | None:
    """Why a counter's image of a hand-over may not stand: sent in a closed month, moved
    into one, what it was sent as changed (``born``; in a closed month ``closed_month``),
    deleted (no act deletes one: the SOP's steps count it), or a step's time that is not
    the act's (its steps go on: a case answered later)."""
    values = image[3] if len(image) > 3 and type(image[3]) is dict else {}
    if image[0] == "d":
        return "closed_month" if row is not None and closed(row.get("day"), at) else "born"
    if image[0] == "i" or "day" in values:
        if closed(values.get("day"), at):
            return "closed_month"
    if image[0] != "i" and values.keys() & HANDOVER_BORN:  # what was sent, never moved
        return "closed_month" if row is not None and closed(row.get("day"), at) else "born"
    return "time" if _retimed(HANDOVER_TIMES, values, row, at) else None


#: The acts that write a guest-book record or a case (``db.visit``): their kinds' families,
#: and the others that carry their rows (a Selesai that escalates, a code given or spent).
_DATED_ACTS = {"register_records": ("register_", "case_", "handover_"),
               "cases": ("case_", "handover_")}
_ALSO_DATED = {"register_records": frozenset({"finished", "escalated", "survey_code_given",
                                              "survey_recorded", "survey_batch",
                                              "survey_submitted", "survey_code_spent"}),
               "cases": frozenset({"finished", "escalated", "visit_code_renewed"})}


#: The one act that makes a guest-book record, and a case (``db.visit``).
_BORN_BY = {"register_records": "register_created", "cases": "case_opened"}


def dated(kind: str, role: str, image: list, row: dict | None, at: str, tz: object,
          closed) -> str | None:
    """Why *role*'s image of a guest-book record or a case (*row*: before) may not stand
    (:func:`record_move`, :func:`case_move`); a record's survey code hash is only
    cleared, or given once by a counter to a phone or online requester."""
    values = image[3] if len(image) > 3 and type(image[3]) is dict else {}
    if image[1] == "handovers":  # (written under many kinds: a case's, a call's, its own)
        return handover_move(image, row, at, closed)
    if not kind.startswith(_DATED_ACTS[image[1]]) and kind not in _ALSO_DATED[image[1]]:
        return "kind_move"  # the guest book and cases move by their own acts only
    if image[0] == "i" and kind != _BORN_BY[image[1]]:
        return "kind_move"  # a record or a case is born by the act that makes it only
    if image[1] == "cases":
        booking = values.keys() & VISIT_COLUMNS
        if booking and kind not in ("case_visit_booked", *(
                ("visit_code_renewed",) if booking == {"visit_code"} else ())):
            return "kind_move"  # a visit is booked (or its code renewed) by that act only
        if kind != "case_closed" and values.get("closed_at") is not None and (
                row is None or values["closed_at"] != row.get("closed_at")):
            return "kind_move"  # a case is closed by its own act only
        return case_move(image, row, at, tz, closed)
    if values.get("code_hash") is not None and (
            role != "counter" or kind not in RECORD_CODE_GIVING or row is None or
            row.get("code_hash") is not None):
        return "code"
    return record_move(image, row, at, closed)


def sign_in_fault(data: dict | None, at: str, key: str | None, actor: str | None,
                  officers: dict) -> str | None:
    """Why an officer's sign-in at a station may not stand: no such officer, or (her PIN's
    hash carrying a seal) no proof that her PIN was typed at that station's PC, for that
    desk, at that time (``db.record.audit.sign_in_proof``). A hash made before seals
    proves nothing either way: her sign-ins stand as they did."""
    row = next((r for r in officers.values() if r.get("username") == actor), None)
    if row is None:
        return "officer"
    stored = str(row.get("pin_hash") or "")
    if pins.seal_of(stored) is None:
        return None
    data = data if isinstance(data, dict) else {}
    desk = data.get("desk")
    message = pins.sign_in_message(key, str(actor), desk, at)
    return None if verify_hex(pins.seal_of(stored), data.get("proof"), message) \
        else "sign_in_proof"
