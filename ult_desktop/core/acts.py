"""The one table of acts: every event kind a station may sign, by which roles, whether it
may land from a journal, whether it counts in figures without rows, and which ticket
columns each role's moves may write. Deny by default; the admin station may sign every
kind (its rows are still judged). docs/security.md's table is generated from
:data:`ACTS` (:func:`markdown`). No database here."""

from __future__ import annotations

from dataclasses import dataclass

#: The roles a registration grants besides the admin station's.
KIOSK, COUNTER, SURVEY, DISPLAY = "kiosk", "counter", "survey", "display"
_EVERY = frozenset({KIOSK, COUNTER, SURVEY, DISPLAY})


@dataclass(frozen=True)
class Act:
    """One row of the table: *roles* that may sign the kind (the admin station always
    may); *offline*: it may land from a counter's journal, only with its verified inner
    act; *counts*: without rows it still counts in a figure or a check, so it is judged
    when made (its time, its station); *what*: one line for the docs."""

    roles: frozenset[str]
    what: str
    offline: bool = False
    counts: bool = False


def _act(roles, what: str, **flags) -> Act:
    return Act(frozenset(roles), what, **flags)


_VISIT = (COUNTER,)
#: The acts of the guest book, its cases and their hand-overs (``db.visit``).
_GUEST_BOOK = ("register_created", "register_updated", "case_opened", "case_answered",
               "case_rescheduled", "case_callback", "case_closed", "case_lapor_category",
               "case_visit_booked", "handover_sent", "handover_taken", "handover_coordinating",
               "handover_answered", "handover_returned", "handover_explained")
ACTS: dict[str, Act] = {
    # a ticket's life
    "issued": _act((KIOSK, COUNTER), "a ticket taken (a kiosk, or `take` on a counter PC)"),
    "printed": _act((KIOSK, COUNTER), "a ticket's print result"),
    "print_failed": _act((KIOSK, COUNTER), "a ticket's print result"),
    "numbers_reserved": _act((KIOSK, COUNTER), "numbers held for an outage"),
    "numbers_released": _act((KIOSK, COUNTER), "held numbers given back"),
    "reprint_requested": _act(_VISIT, "a reprint asked of the kiosk"),
    "slip_print_requested": _act(_VISIT, "a follow-up visit's slip asked of a kiosk's printer"),
    "visit_code_renewed": _act((KIOSK,), "a follow-up visit's new code, on the slip a kiosk "
                               "printed for it: only on a slip asked of that kiosk for that "
                               "visit, once (`core/slips.py`)"),
    "called": _act(_VISIT, "a visit called", offline=True),
    "recalled": _act(_VISIT, "a visit called again"),
    "reported_back": _act((COUNTER, KIOSK), "a visitor marked missed reported back (at "
                          "the counter, or at a kiosk with the ticket's QR or code)"),
    "serving": _act(_VISIT, "a visit served", offline=True),
    "finished": _act(_VISIT, "a visit finished", offline=True),
    "escalated": _act(_VISIT, "a visit escalated to back office", offline=True),
    "skipped": _act(_VISIT, "a visitor who did not come", offline=True),
    "cancelled": _act(_VISIT, "a visit cancelled"),
    "transferred": _act(_VISIT, "a visit sent to another counter or service"),
    "reclassified": _act(_VISIT, "a visit's priority changed"),
    "call_conflict": _act(_VISIT, "a number called at two counters offline", offline=True),
    "officer_credited": _act(_VISIT, "the officer signed in credited offline",
                             offline=True),
    "journal_broken": _act(_VISIT, "a counter journal's broken chain at landing"),
    "journal_landed": _act(_VISIT, "a counter journal's acts as they land (its chain)",
                           counts=True),
    "counter_paused": _act(_VISIT, "a counter on a break"),
    "counter_resumed": _act(_VISIT, "a counter back from a break"),
    # the hall (no rows, or a note: counted in the hall page)
    "help_requested": _act((KIOSK,), "a visitor asked for help", counts=True),
    "help_answered": _act(_VISIT, "an officer answered help", counts=True),
    "interpreter_requested": _act(_VISIT, "an interpreter asked for", counts=True),
    "fetched": _act(_VISIT, "a visitor fetched from the seat", counts=True),
    "deaf_marked": _act((KIOSK, COUNTER), "a visitor marked Deaf", counts=True),
    # the guest book, cases, hand-overs
    **{kind: _act(_VISIT, "the guest book and its cases") for kind in _GUEST_BOOK},
    # the survey
    "survey_code_given": _act((KIOSK, COUNTER), "a survey code given"),
    "survey_code_renewed": _act((KIOSK, COUNTER, SURVEY), "a survey code renewed"),
    "survey_batch": _act((KIOSK, SURVEY), "answers from the kiosk or a tablet"),
    "survey_recorded": _act((KIOSK, SURVEY, COUNTER), "answers recorded"),
    # written by earlier versions (their files still hold them): judged by their rows
    "survey_submitted": _act((KIOSK, SURVEY, COUNTER), "an answer (earlier versions)"),
    "survey_code_spent": _act((KIOSK, SURVEY, COUNTER), "a code spent (earlier versions)"),
    # the stations
    "printer_state": _act((KIOSK,), "a kiosk's printer state"),
    "device_tested": _act((KIOSK, DISPLAY), "a device test answered", counts=True),
    "phone_band_day": _act((DISPLAY, COUNTER, KIOSK),
                           "the phone page's count of a day's bands", counts=True),
    "lan_calls_spoken": _act((DISPLAY,), "calls a TV spoke while the file was away"),
    # an officer at the desk (desk time: a sign-out names one signed in at that station)
    **{kind: _act(_VISIT, "an officer's sign-in or sign-out at a counter") for kind in (
        "officer_login", "officer_login_failed", "officer_logout")},
    # every station
    **{kind: _act(_EVERY, "what every station may say") for kind in (
        "admin_login", "admin_login_failed", "admin_logout", "kiosk_unlock",
        "kiosk_unlock_failed", "kiosk_exit",
        "station_key_requested", "chain_break", "root_repinned", "rows_recorded",
        "backup_started", "backup_made", "backup_failed", "audit_chain_started",
        "projection_baseline", "skm_codes_hashed", "visit_codes_hashed", "device_test")},
    "settings_changed": _act(_EVERY, "a setting changed (a station's own: its counter's "
                             "services, a salt; the SKM result published: the admin's)"),
    # files made (each named with its SHA-256; an erasure removes only these, from the
    # export folder, unchanged): the admin's, or a counter PC's report run (its own files)
    **{kind: _act((COUNTER,), "a report or export written, its files and their SHA-256")
       for kind in ("exported", "report_issued")},
    # the admin station's alone
    "morning_check": _act((), "the admin station's morning check", counts=True),
    "person_shown": _act((), "a copy of a person's data given (the request register)"),
    **{kind: _act((), "the admin station's alone") for kind in (
        "station_key_registered", "station_key_revoked", "database_restored",
        "schema_repaired", "retention_applied", "standin_recorded", "standin_ended",
        "skm_followup_changed", "register_purged", "person_erased", "person_corrected")},
}
#: The state of what each act moves that it needs to stand (beside the act: the judge's
#: rules are ``core.authority``, ``core.moves``, ``core.sessions``, ``core.ranges``,
#: ``core.slips``, ``core.hall_acts``); a kind not named needs only its role.
_DESK = ("its officer's session open at that PC's key on the act's office day, at a desk "
         "registered to that key; the visit's state allows the move; no other desk holds it")
_LANDED = _DESK + ("; from a journal: as its station signed it, inside its station's "
                   "outage, once, for its own visit")
_BOOK = "the case open in its month; the officer's session open at that key"
NEEDS: dict[str, str] = {
    "issued": "born waiting and uncalled on its office day, under its key's registered "
              "label, with the day's next number or one of a range its own key holds",
    "printed": "a ticket its own key issued", "print_failed": "a ticket its own key issued",
    "numbers_reserved": "a range of its day under its own label, bounded, from the day's "
                        "next number, over no number another range holds that day",
    "numbers_released": "a range its own key holds",
    "reprint_requested": _BOOK.replace("the case open in its month", "a visit of the day"),
    "slip_print_requested": "a booked visit of an open case; the officer's session open",
    "visit_code_renewed": "a slip asked of that kiosk for that visit, not yet used (once); "
                          "the visit not checked in, its day not over",
    **dict.fromkeys(("called", "serving", "finished", "escalated", "skipped",
                     "call_conflict"), _LANDED),
    "officer_credited": "a session she opened at that key and desk that day, as the "
                        "landing credits it",
    **dict.fromkeys(("recalled", "cancelled", "transferred", "counter_paused",
                     "counter_resumed"), _DESK),
    "reclassified": _DESK + "; the day's ticket whose visit has not ended",
    "reported_back": "a visit of its own day marked missed, once (a kiosk: the ticket's QR "
                     "or code)",
    "help_answered": "a kiosk's help call not yet answered", "fetched": "a seated visitor",
    "officer_login": "the officer's PIN proof typed at that PC for that desk; a desk "
                     "registered to that key",
    "officer_logout": "her session open at that key",
    "settings_changed": "a station's own rows only: its desk's services from a session "
                        "open at that desk, a salt made once, the backup note",
    **dict.fromkeys(("exported", "report_issued"), "files inside the office's export "
                    "folder, each with its hash; made by that station or the admin station"),
    "device_tested": "its own station's device (printer, voice or sound)",
    "phone_band_day": "the station the settings name for the phone page; at most the "
                      "day's tickets",
    **dict.fromkeys(_GUEST_BOOK, _BOOK),
    **dict.fromkeys(("survey_code_given", "survey_code_renewed", "survey_batch",
                     "survey_recorded"), "a served visit's code, spent once, answered "
                                             "within the answer window"),
}
#: Row-less kinds that count (judged when made): kind -> the roles that may sign it.
COUNTED_KINDS = {kind: act.roles for kind, act in ACTS.items() if act.counts}
#: Kinds a counter's journal may land (with the act as its station signed it).
OFFLINE_KINDS = frozenset(kind for kind, act in ACTS.items() if act.offline)
#: Landed acts carry the act their station signed from this day on (UTC ISO); an offline
#: event dated before it without one is judged by the other rules (window, kind, once).
ACTS_CARRIED_FROM = "2026-11-25"
#: What a landed act of each kind (``core.chain.DeskAct.kind``) is written as.
LANDS_AS = {"call": ("called", "call_conflict"), "serve": ("serving",),
            "finish": ("finished", "escalated"), "skip": ("skipped",),
            "signin": ("officer_credited",)}

#: A ticket's columns nobody changes once it is born.
BORN = frozenset({"id", "day", "prefix", "seq", "number", "issued_at", "sort_at", "channel",
                  "station", "request_id"})
#: A ticket's columns each role may write in an update (a kiosk: notes of its own
#: tickets; a counter: the moves ``db.queue.transition`` makes and the notes it writes).
TICKET_COLUMNS = {
    KIOSK: frozenset({"print_status", "print_error", "issue_event", "assist", "priority",
                      "priority_group", "code_hash"}),
    COUNTER: frozenset({"state", "called_at", "first_called_at", "serving_at",
                        "finished_at", "fetched_at", "counter_number", "officer_id",
                        "service_id", "target_counter", "target_officer_id", "routed_at",
                        "outcome", "transfer_count", "print_status", "print_error",
                        "priority", "priority_group", "record_id", "code_hash",
                        "issue_event", "assist", "calls", "returned_at"}),
    SURVEY: frozenset({"code_hash"}),
}
#: The one move a kiosk makes of a ticket not its own: a missed visitor who reports back
#: there (skipped -> waiting, its counter and call cleared, returned at the act's time).
KIOSK_REPORT_BACK = frozenset({"state", "counter_number", "called_at", "calls",
                               "returned_at"})


def kiosk_reported_back(values: dict, row: dict | None, at: str) -> bool:
    """Whether a kiosk's ticket image *values* (*row*: before) at *at* is that move."""
    return values.keys() <= KIOSK_REPORT_BACK and row is not None and \
        row.get("state") == "skipped" and values.get("calls", 0) == 0 and \
        (values.get("state"), values.get("returned_at"), values.get("counter_number"),
         values.get("called_at")) == ("waiting", at, None, None)


def may_sign(role: str | None, kind: str) -> bool:
    """Whether a station of *role* may sign an event of *kind* (the admin: any)."""
    if role == "admin":
        return True
    act = ACTS.get(kind)
    if act is None:
        return False
    return role in act.roles if role else bool(act.roles)


def markdown() -> str:
    """The table of acts as ``docs/security.md`` prints it."""
    lines = ["| act (event kind) | who may sign it | the state it needs | lands from a journal "
             "| counts without rows |", "|---|---|---|---|---|"]
    for kind in sorted(ACTS):
        act = ACTS[kind]
        roles = ", ".join(["admin station", *sorted(act.roles)])
        needs = NEEDS.get(kind, "its role")
        lines.append(f"| `{kind}`: {act.what} | {roles} | {needs} | "
                     f"{'yes, with its signed act' if act.offline else 'no'} | "
                     f"{'yes' if act.counts else 'no'} |")
    return "\n".join(lines)
