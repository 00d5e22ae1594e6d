"""A follow-up visit's slip asked of a kiosk's printer, and the new code the kiosk gives
it (``db.visit.visits.ask_kiosk_slip``, ``renew_code``): a code is renewed only for a slip
asked for that visit, of that kiosk, once, while the visit is still to come and not taken.
``core.replay.Replay`` feeds it the requests that stand and judges each renewal by it;
``db.record.judged`` asks it whether a kiosk may renew now. No database here."""

from __future__ import annotations

from dataclasses import dataclass, field

from ult_desktop.core.moves import day_of

#: A counter asks a kiosk's printer for a visit's slip (a row-less act, its data read).
SLIP_ASKED = "slip_print_requested"
#: The kiosk prints it with a new code (the case's ``visit_code`` hash).
CODE_RENEWED = "visit_code_renewed"


@dataclass
class Slips:
    """The slips asked and not yet printed: request event -> (case id, kiosk station)."""

    open: dict[int, tuple[object, str]] = field(default_factory=dict)

    def asked(self, event_id: int, data: dict | None, case: dict | None) -> None:
        """A standing request *data* (``case_id``, ``station``) for a case (*case*: the
        record's row) with a visit booked; any other asks nothing."""
        if isinstance(data, dict) and case is not None and case.get("visit_code") and \
                isinstance(data.get("station"), str):
            self.open[event_id] = (data.get("case_id"), data["station"])

    def standing(self, case_id: object, station: str | None) -> int | None:
        """The oldest request still open for case *case_id* of kiosk *station*, or None."""
        return next((e for e, (c, s) in sorted(self.open.items())
                     if c == case_id and s == station), None)

    def renewed(self, case_id: object, label: str | None, case: dict | None, at: str,
                tz: object, taken: set) -> str | None:
        """Why kiosk *label*'s new code for case *case_id* (*case*: the record's row) may
        not stand: no slip asked of it for that visit and not printed yet (``slip``), or
        the visit taken or its day over (``slip_visit``). A renewal that stands uses its
        request up."""
        asked = self.standing(case_id, label)
        if asked is None:
            return "slip"
        if case is None or case_id in taken or str(case.get("visit_day") or "") < day_of(
                at, tz):
            return "slip_visit"
        del self.open[asked]
        return None
