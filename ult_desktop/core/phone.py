"""The visitor's phone page: what it says about one ticket, and how honest its wait band
has been. Pure: the serving station (``app.phone_page``) reads the record, this decides
the words. No name, NIK, phone or purpose is ever an input, so none can be an output."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from ult_desktop.core.queue import Candidate, position_in_line, wait_text
from ult_desktop.core.tickets import S, Ticket

#: How often the page asks (ms): every 5 s, twice a second when the visitor is this close
#: or called (a few phones per service: the call is on the phone within a second).
POLL_MS, NEAR_POLL_MS, NEAR = 5000, 500, 5
#: ... and once a minute once the visit is over (a phone left polling overnight).
IDLE_POLL_MS = 60_000

#: What the page says of a ticket (``phone.status.<status>``, the page's colours).
STATUSES = ("waiting", "called", "serving", "missed", "done", "closed")

Translate = Callable[..., str]


def people_ahead(ticket: Ticket, tickets: Iterable[Ticket]) -> int:
    """How many of today's *tickets* in line will be called before *ticket*."""
    waiting = [Candidate.of(t) for t in tickets if t.state in (S.WAITING, S.TRANSFERRED)]
    return position_in_line(Candidate.of(ticket), waiting)


class Lines:
    """Each service's line in calling order (the key :func:`people_ahead` compares), kept
    by the change: :meth:`changed` moves the tickets a change names, :meth:`ahead` is a
    bisection. A changed copy shares the lines no change touched, so answers in flight
    read the one they were given."""

    def __init__(self, tickets: Iterable[Ticket] = ()) -> None:
        self._lines: dict[int, list[tuple]] = {}
        for t in tickets:
            if t.state in (S.WAITING, S.TRANSFERRED):
                self._lines.setdefault(t.service_id, []).append(self._key(t))
        for line in self._lines.values():
            line.sort()

    @staticmethod
    def _key(t: Ticket) -> tuple:
        return (not t.priority, t.sort_at, t.id)

    def ahead(self, ticket: Ticket) -> int:
        """How many in *ticket*'s line will be called before it."""
        return bisect_left(self._lines.get(ticket.service_id, ()), self._key(ticket))

    def changed(self, pairs: Iterable[tuple[Ticket | None, Ticket | None]]) -> Lines:
        """A copy with each (before, after) pair of a changed ticket moved."""
        new, copied = Lines(), set()
        new._lines = dict(self._lines)
        for before, after in pairs:
            for t, add in ((before, False), (after, True)):
                if t is None or t.state not in (S.WAITING, S.TRANSFERRED):
                    continue
                if t.service_id not in copied:
                    copied.add(t.service_id)
                    new._lines[t.service_id] = list(new._lines.get(t.service_id, ()))
                line, key = new._lines[t.service_id], self._key(t)
                at = bisect_left(line, key)
                if add:
                    line.insert(at, key)
                elif at < len(line) and line[at] == key:
                    del line[at]
        return new


def page_state(ticket: Ticket, t: Translate, *, ahead: int | None,
               band: tuple[int, int] | None, counter_name: str = "",
               missed_rule: str = "", survey: bool = False, unsure: bool = False,
               service_name: str | None = None) -> dict:
    """The page's JSON for *ticket*: number, service (*service_name*: in the page's
    language, else the office's), a :data:`STATUSES` ``status``, the sentences (by *t*) and
    when to ask again; *unsure*: the record was unreadable lately."""
    status, lines = _status(ticket, t, ahead=ahead, band=band, counter_name=counter_name,
                            missed_rule=missed_rule, survey=survey)
    near = status == "waiting" and ahead is not None and ahead < NEAR
    return {
        "number": ticket.number, "service": service_name or ticket.service_name,
        "status": status,
        "headline": t(f"phone.status.{status}"), "lines": [x for x in lines if x],
        "ahead": ahead if status == "waiting" else None,
        "counter": ticket.counter if status in ("called", "serving") else None,
        # a recall is a new call: the page sounds again when this changes
        "call": ticket.called_at.isoformat() if status == "called" and ticket.called_at
        else None,
        "unsure": t("phone.unsure") if unsure else "",
        "poll_ms": NEAR_POLL_MS if near or status == "called" else
        IDLE_POLL_MS if status in ("done", "closed") else POLL_MS,
    }


def _status(ticket: Ticket, t: Translate, *, ahead, band, counter_name, missed_rule,
            survey) -> tuple[str, list[str]]:
    where = counter_name or t("phone.counter", number=ticket.counter)
    if ticket.state in (S.WAITING, S.TRANSFERRED):
        lines = [] if ahead is None else [
            t("phone.ahead", n=ahead) if ahead else t("phone.nobody_ahead")]
        if ticket.state is S.TRANSFERRED:
            target = (t("phone.counter", number=ticket.target_counter)
                      if ticket.target_counter else ticket.service_name)
            lines.insert(0, t("phone.transferred", where=target))
        if ahead:
            lines.append(wait_text(band, t))
        return "waiting", lines
    if ticket.state is S.CALLED:
        return "called", [t("phone.go_to", where=where)]
    if ticket.state is S.SERVING:
        return "serving", [t("phone.at", where=where)]
    if ticket.state is S.SKIPPED:
        return "missed", [missed_rule or t("phone.missed_default")]
    if ticket.state in (S.DONE, S.ESCALATED):
        lines = [t("phone.escalated")] if ticket.state is S.ESCALATED else []
        return "done", lines + ([t("phone.survey")] if survey else [])
    return "closed", []


# -- where the page is ----------------------------------------------------------------

def page_url(settings: dict, code: str) -> str:
    """The address a ticket's QR opens; "" while the office has no phone page."""
    host = (settings.get("phone_address") or "").strip()
    return f"http://{host}:{settings.get('phone_port', 8080)}/t/{code}" if host else ""


def wifi_qr(settings: dict) -> str:
    """The ``WIFI:`` text that joins the guest Wi-Fi; "" when none is set."""
    ssid, password = (re.sub(r'([\\;,:"])', r"\\\1", settings.get(f"guest_wifi_{k}") or "")
                      for k in ("ssid", "password"))
    return f"WIFI:T:{'WPA' if password else 'nopass'};S:{ssid};P:{password};;" if ssid else ""


def serves_here(settings: dict, station: str, mode: str) -> bool:
    """Whether this station serves the page: the one the admin named, else the display."""
    chosen = (settings.get("phone_station") or "").strip()
    return bool((settings.get("phone_address") or "").strip()) and (
        station == chosen if chosen else mode == "display")


#: The one judgement of the office's phone page (:func:`page_judgement`).
PAGE_OFF, PAGE_SERVED, PAGE_NOT_SERVED, PAGE_UNKNOWN = "off", "served", "not_served", "unknown"
#: What a serving station's pulse says of its page (``phone``).
PAGE_WORDS = (PAGE_SERVED, PAGE_NOT_SERVED)


def page_judgement(settings: dict, pulses: dict | None,
                   alive: set[str] | None = None) -> tuple[str, str]:
    """Whether the office's phone page is served now, and by which station, from the
    serving station's own word in its pulse (``phone``: it bound the address or not).
    *pulses*: each station's believed pulse; *alive*: the stations whose pulse moves
    (None: one read, not watched). The station the settings name (else a TV) that is
    running says it serves: served; says it cannot, or was closed or stopped: not
    served; no pulse of it at all (a record without a pulse folder, nothing started
    yet): unknown. Tickets and the TV send visitors to the page unless not served."""
    if not (settings.get("phone_address") or "").strip():
        return PAGE_OFF, ""
    chosen = (settings.get("phone_station") or "").strip()
    candidates = {s: p for s, p in (pulses or {}).items() if p is not None and
                  (s == chosen if chosen else p.get("mode") == "display")}
    running = {s: p.get("phone") for s, p in sorted(candidates.items())
               if not p.get("closed") and (alive is None or s in alive)}
    for word in (PAGE_SERVED, PAGE_NOT_SERVED):
        station = next((s for s, said in running.items() if said == word), None)
        if station is not None:
            return word, station
    if candidates:  # closed, stopped, or running without the page (settings not read)
        return PAGE_NOT_SERVED, chosen or sorted(candidates)[0]
    return PAGE_UNKNOWN, chosen


#: Where a kiosk keeps, with the settings it prints from, the verdict of its last read
#: (a ticket from held numbers is printed without reading the share).
VERDICT_KEY = "phone_page_verdict"


def tickets_carry_page(verdict: str | None) -> bool:
    """The one rule for the phone page's QR on a ticket, read by the paper and by the
    TV's line about the page: tickets carry it unless the office's verdict
    (:func:`page_judgement`) is that it is off or not served. A record without pulses
    (a server's: unknown) and a kiosk that has not read one yet (None) carry it."""
    return verdict not in (PAGE_OFF, PAGE_NOT_SERVED)


def ticket_page_url(settings: dict, verdict: str | None) -> str:
    """What a ticket's QR opens by :func:`tickets_carry_page`; "" for none."""
    return page_url(settings, "{code}") if tickets_carry_page(verdict) else ""


# -- the band's honesty -------------------------------------------------------------------

def band_hit(band: Sequence[int], waited_min: float) -> bool:
    """Whether a wait of *waited_min* minutes (issue to first call) fell inside *band*."""
    low, high = band
    return low <= waited_min <= high


def hit_rate(shown: Iterable[tuple[Sequence[int], float]],
             counted: tuple[int, int] = (0, 0)) -> float | None:
    """The share of visitors called inside the band they were shown: the (band on the
    paper, minutes waited) pairs and *counted*, the phone page's (shown, held)
    (:data:`PHONE_BAND_DAY`); None when no visitor was shown a band."""
    pairs = [(b, w) for b, w in shown if b and tuple(b) != (0, 0)]
    n = len(pairs) + counted[0]
    return (sum(band_hit(b, w) for b, w in pairs) + counted[1]) / n if n else None


#: The serving station's count of one office day's bands shown on the page (the first band
#: each ticket saw before its first call) and of those that held: no ticket in it.
PHONE_BAND_DAY = "phone_band_day"


def band_day_ok(data: object, at: str) -> bool:
    """Whether *data* is a :data:`PHONE_BAND_DAY` count (day, shown, inside and nothing
    else) written at *at* (UTC) no earlier than its day may have begun anywhere."""
    try:
        begun = (date.fromisoformat(data["day"]) - timedelta(days=1)).isoformat()  # type: ignore[index]  # a dict or refused below
    except (TypeError, KeyError, ValueError):
        return False
    return isinstance(data, dict) and set(data) == {"day", "shown", "inside"} and all(
        type(data[k]) is int for k in ("shown", "inside")) and \
        0 <= data["inside"] <= data["shown"] <= 100_000 and at[:10] >= begun


def phone_count_fault(data: object, at: str, station: tuple, role: str | None,
                      named: object, shown: dict, tickets: dict) -> str | None:
    """Why a :data:`PHONE_BAND_DAY` count of *station* (key, registered label) may not
    stand: from a station the settings do not name (*named*; none: a display), for a day
    not begun, or its bands shown to more visitors than that day's *tickets* (day ->
    count), all of one station's counts of the day together (*shown*: (key, day) -> so
    far; this count is added)."""
    if not band_day_ok(data, at):
        return "label"
    assert isinstance(data, dict)  # (checked above)
    key, label = station
    if (label != named) if named else role != "display":
        return "phone_station"
    day = str(data["day"])
    total = shown.get((key, day), 0) + int(data["shown"])
    if total > tickets.get(day, 0):
        return "phone_count"
    shown[(key, day)] = total
    return None
