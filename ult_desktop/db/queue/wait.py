"""The wait band read from the record (``core.band``): the waiting line as ``call_next``
reads it, the desks that serve today, the booked visits to come, recent service times and
the ratios learnt from recent banded visitors (for the paper, kiosk, phone page, report)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from ult_desktop.core.band import (
    LOOK_AGAIN_MIN,
    MIN_VISITS,
    Arrival,
    BandDay,
    Calibration,
    Desk,
    band_for,
    calibrate,
    said,
    usual_minutes,
)
from ult_desktop.core.dates import day_start_utc
from ult_desktop.core.hours import visit_sort_at
from ult_desktop.core.numbering import local_time, zone
from ult_desktop.core.queue import Candidate, PriorityPolicy
from ult_desktop.core.schedule import closing, pauses_on
from ult_desktop.core.tickets import AT_COUNTER_STATES, Ticket
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.house.office import read_settings
from ult_desktop.db.queue.breaks import read_kept_serving, started
from ult_desktop.db.queue.desk import counter_view
from ult_desktop.db.queue.rows import (
    code_salt,
    counters_by_number,
    day_settings,
    read_day_line,
    read_pauses,
    services_by_id,
    standing_rows,
)
from ult_desktop.db.queue.serving import serving_views
from ult_desktop.db.record.judged import judged_rows

#: The settings of the office's day the band reads beside the queue's.
SCHEDULE_SETTINGS = ("break_daily", "break_friday", "planned_pause", "serving_until",
                     "close_time", "wait_band_target")
#: Each service's recent visits whose minutes say how long one takes.
RECENT_VISITS = 20
#: How many of a service's last visits are looked through for those of the hour.
RECENT_LOOKED = 500
#: The visits read for them: called from this many minutes before the moment's clock to
#: this many after it, on any recent day (the pace of this part of the day).
AHEAD_HOURS = (-30, 60)
#: A visit under way is expected to take at least this share of its usual minutes more.
LEAST_LEFT = 0.25
#: A desk paused for this reason that no pause of the office's day holds is expected
#: back this many minutes after it paused (ISHOMA: the hour of rest, prayer and meal).
PAUSE_BACK = {"ishoma": 60.0}
#: The id the run gives a visitor about to take a number (the kiosk's tile).
NEXT_ID = 1 << 62

_BOOKED = ("SELECT c.id, r.service_id, c.visit_opens, c.visit_closes, c.visit_code FROM "
           "cases c JOIN register_records r ON r.id = c.record_id WHERE c.visit_day = ? AND "
           "c.visit_code IS NOT NULL")
_VISIT_COLUMNS = ("visit_day", "visit_code", "visit_opens", "visit_closes")
#: The day's check-ins of booked visits: (ticket id, case).
_CHECKED_IN = "SELECT id, followup_case FROM tickets WHERE day = ? AND followup_case IS NOT NULL"


def read_recent_minutes(conn: Connection, service_ids: list[int],
                        hours: tuple[str, str] | None = None) -> dict[int, list[float]]:
    """The last :data:`RECENT_VISITS` service durations (call to finish) of each service;
    *hours*: only visits called between two UTC times ("HH:MM"), among its last
    :data:`RECENT_LOOKED`. Walks ``tickets_done_service`` back, so a five-year file costs
    what a new one does."""
    if not service_ids:
        return {}
    called = "COALESCE(called_at, serving_at)"
    recent = (f"SELECT id, service_id, {called} AS serving, finished_at FROM tickets "
              f"WHERE service_id = ? AND state = 'done' AND {called} IS NOT NULL AND "
              f"finished_at IS NOT NULL ORDER BY id DESC LIMIT ?")
    params: list = []
    if hours is not None:
        joined = "AND" if hours[0] <= hours[1] else "OR"  # past midnight: either side
        recent = (f"SELECT * FROM ({recent}) AS looked WHERE substr(serving, 12, 5) >= ? "
                  f"{joined} substr(serving, 12, 5) < ? LIMIT ?")
        params = [RECENT_LOOKED, *hours]
    sql = " UNION ALL ".join([f"SELECT * FROM ({recent}) AS recent"] * len(service_ids))
    out: dict[int, list[float]] = {sid: [] for sid in service_ids}
    asked = [p for service in service_ids for p in (service, *params, RECENT_VISITS)]
    for _, sid, serving, finished in standing_rows(conn, conn.execute(sql, asked).fetchall()):
        out[sid].append((datetime.fromisoformat(finished) -  # (a visit no act issued: none)
                         datetime.fromisoformat(serving)).total_seconds() / 60)
    return out


def _service_minutes(conn: Connection, now: datetime) -> dict[int, list[float]]:
    """Each service's recent visits at this time of day (:data:`AHEAD_HOURS`), else (fewer
    than :data:`MIN_VISITS`) its last ones at any hour."""
    sids = sorted(services_by_id(conn))
    since, until = (now + timedelta(minutes=m) for m in AHEAD_HOURS)
    mine = read_recent_minutes(conn, sids, (f"{since:%H:%M}", f"{until:%H:%M}"))
    short = [sid for sid, values in mine.items() if len(values) < MIN_VISITS]
    return {**mine, **read_recent_minutes(conn, short)} if short else mine


def read_band_day(conn: Connection, now: datetime) -> BandDay:
    """Everything the run reads at *now* (aware UTC), in the caller's read."""
    day, settings = day_settings(conn, now)
    settings = {**settings, **read_settings(conn, SCHEDULE_SETTINGS)}
    local = local_time(now, settings["timezone"])
    today = date.fromisoformat(day)

    def minutes_to(t: time) -> float:
        return (datetime.combine(today, t, local.tzinfo) - local).total_seconds() / 60

    plan = _plan(conn, day, settings, local, minutes_to)
    line = read_day_line(conn, day)
    minutes, usual = usual_minutes(_service_minutes(conn, now))
    pauses = read_pauses(conn)
    views = serving_views(conn, day, settings["timezone"], pauses)
    serving = {v.number for v in views}
    busy = {t.counter: t for t in line.ordered if t.state in AT_COUNTER_STATES}
    desks = []
    for ctr in counters_by_number(conn).values():
        back = 0.0 if ctr.number in serving else _back_in(ctr.number, plan,
                                                           pauses.get(ctr.number), now)
        if not ctr.active or back is None:
            continue  # not serving, and nothing says when it is back
        view = counter_view(conn, day, settings, ctr, ctr.officer_id, now,
                            line.candidates, pauses, views)
        desks.append(Desk(view, _left(busy.get(ctr.number), now, minutes, usual), back))
    return BandDay(now=now, line=line.candidates, desks=desks,
                   policy=PriorityPolicy(settings["priority_policy"]),
                   closes_in=minutes_to(closing(settings)), minutes=minutes, usual=usual,
                   pauses=plan, arrivals=_booked(conn, day, settings, now, minutes_to),
                   clock=_clock(local))


def _plan(conn: Connection, day: str, settings: dict, local: datetime, minutes_to
          ) -> list[tuple[float, float, frozenset[int]]]:
    """The pauses of the office's day as the desks keep them: a pause on now holds no
    desk whose officer said she serves on through it (``db.queue.breaks``)."""
    day_pauses = pauses_on(settings, date.fromisoformat(day))
    on = [p for p in day_pauses if p.start <= local.time() < p.end]
    kept = read_kept_serving(conn, day, settings["timezone"],
                             min(started(p, local) for p in on)) if on else frozenset()
    plan = []
    for p in day_pauses:
        held = p.counters
        if p in on and kept:
            held = (held or frozenset(counters_by_number(conn))) - kept
            if not held:
                continue  # every desk it held serves on
        plan.append((minutes_to(p.start), minutes_to(p.end), held))
    return plan


def _back_in(number: int, plan: list, paused: dict | None, now: datetime) -> float | None:
    """Minutes until desk *number*, not serving now, serves again: the end of the office's
    pause that holds it, else for a desk paused for ISHOMA the end of its usual hour
    (:data:`PAUSE_BACK`); None: nothing says (signed out, or another reason)."""
    held = next((end for start, end, counters in plan
                 if start <= 0 < end and (not counters or number in counters)), None)
    if held is not None or paused is None or paused["reason"] not in PAUSE_BACK:
        return held
    since = datetime.fromisoformat(paused["since"])
    left = PAUSE_BACK[paused["reason"]] - (now - since).total_seconds() / 60
    return max(left, LOOK_AGAIN_MIN)


def _clock(local: datetime) -> float:
    """Minutes since the office's midnight at *local* (office time)."""
    return local.hour * 60 + local.minute + local.second / 60


def _left(ticket: Ticket | None, now: datetime, minutes: dict[int, float],
          usual: float) -> float:
    """Minutes until the visit of *ticket* at a desk is done (0: nobody there)."""
    if ticket is None:
        return 0.0
    began = ticket.serving_at or ticket.called_at or now
    took = minutes.get(ticket.service_id, usual)
    return max(took - (now - began).total_seconds() / 60, took * LEAST_LEFT)


def _booked(conn: Connection, day: str, settings: dict, now: datetime,
            minutes_to) -> list[Arrival]:
    """Today's booked visits not checked in whose window has not passed, spread evenly
    along what is left of it, each placed by ``followup_order``."""
    out = []
    today = date.fromisoformat(day)
    starts = day_start_utc(today, settings["timezone"])
    windows: dict[tuple[str, str], list[tuple[int, int]]] = {}
    judged = judged_rows(conn, "cases")  # (a visit booked by no act comes nobody)
    came = {r["followup_case"] for r in standing_rows(
        conn, conn.execute(_CHECKED_IN, (day,)).fetchall())}
    for case_id, sid, opens, closes, code in conn.execute(_BOOKED, (day,)):
        case = judged.get((case_id,)) if judged is not None else None
        if case_id not in came and (judged is None or case is not None and tuple(
                case.get(k) for k in _VISIT_COLUMNS) == (day, code, opens, closes)):
            windows.setdefault((opens, closes), []).append((case_id, sid))
    for (opens, closes), cases in windows.items():
        ends = minutes_to(time.fromisoformat(closes))
        begins = max(0.0, minutes_to(time.fromisoformat(opens)))
        if ends <= 0:
            continue
        window = datetime.combine(today, time.fromisoformat(opens), zone(settings["timezone"]))
        for n, (case_id, sid) in enumerate(sorted(cases)):
            joins = begins + (ends - begins) * (n + 0.5) / len(cases)
            sort_at = visit_sort_at(settings["followup_order"],
                                    now + timedelta(minutes=joins), window, starts)
            out.append(Arrival(Candidate(-case_id, sid, False, sort_at), joins))
    return out


def with_next(day: BandDay, service_id: int) -> BandDay:
    """*day* with a visitor of *service_id* taking a regular number now (id
    :data:`NEXT_ID`): the kiosk's tile says her band."""
    return replace(day, line=[*day.line, Candidate(NEXT_ID, service_id, False, day.now)])


#: The visitors before today whose bands calibrate today's: the most recently called, at
#: most :data:`HIT_DAYS` office days back.
HIT_SAMPLE, HIT_DAYS = 400, 10
#: A day's papers: read from the day's first issue event up to a later day's first issue
#: after the day's last (a paper's result lands after its ticket's issue). Bounded: the log
#: has no index by ticket, and every commit waits behind the read lock.
_BANDED = ("SELECT e.data, t.service_id, t.issued_at, COALESCE(t.first_called_at, "
           "t.called_at), t.id FROM tickets t JOIN events e ON e.ticket_id = t.id AND "
           "e.kind = 'printed' WHERE COALESCE(t.first_called_at, t.called_at) IS NOT NULL "
           "AND t.day = ? AND e.id >= COALESCE((SELECT MIN(issue_event) FROM tickets "
           "WHERE day = ?), 0) AND e.id < COALESCE((SELECT MIN(issue_event) FROM tickets "
           "WHERE day > ? AND issue_event > (SELECT MAX(issue_event) FROM tickets "
           "WHERE day = ?)), 9223372036854775807)")
_ratios: dict[tuple, Calibration] = {}


def read_ratios(conn: Connection, day: str) -> Calibration:
    """The band's calibration for office *day* (``core.band.calibrate``): from the last
    :data:`HIT_SAMPLE` visitors before *day* whose paper showed a band with its run,
    for ``wait_band_target`` percent inside; read once a day per office file."""
    key = (code_salt(conn), day, *conn.execute(
        "SELECT MAX(id), MAX(COALESCE(first_called_at, called_at)) FROM tickets "
        "WHERE day = (SELECT MAX(day) FROM tickets WHERE day < ?)", (day,)).fetchone())
    if key not in _ratios:
        if len(_ratios) > 50:
            _ratios.clear()
        target = read_settings(conn, ("wait_band_target",))["wait_band_target"]
        _ratios[key] = calibrate(recent_runs(conn, day), target)
    return _ratios[key]


def recent_runs(conn: Connection, day: str, sample: int = HIT_SAMPLE
                ) -> list[tuple[int, float, float, float]]:
    """(service id, run's minutes, minutes to first call, office clock at issue) of the last
    *sample* visitors before office *day* whose paper showed a band."""
    tz = read_settings(conn, ("timezone",))["timezone"]
    rows: list[tuple] = []
    days = 0
    before = day
    while len(rows) < sample and days < HIT_DAYS:
        prev = conn.execute("SELECT MAX(day) FROM tickets WHERE day < ?",
                            (before,)).fetchone()[0]
        if prev is None:
            break
        days, before = days + 1, prev
        for data, sid, issued, called, _ in standing_rows(  # (a visit no act issued: none)
                conn, conn.execute(_BANDED, (prev,) * 4).fetchall()):
            expect = json.loads(data or "{}").get("expect")
            if isinstance(expect, int | float):
                issued_at = datetime.fromisoformat(issued)
                waited = (datetime.fromisoformat(called) - issued_at).total_seconds() / 60
                rows.append((called, sid, float(expect), waited,
                             _clock(local_time(issued_at, tz))))
    rows.sort(key=lambda r: r[0], reverse=True)
    return [row[1:] for row in rows[:sample]]


def read_band(conn: Connection, ticket: Ticket, ahead: int, now: datetime
              ) -> tuple[int, int] | None:
    """The band of *ticket* (waiting) with *ahead* before it, at *now*: ``(0, 0)`` with
    nobody ahead, ``core.band.NOT_TODAY`` when the run does not call it before closing."""
    return said(band_for(read_band_day(conn, now), ticket.id, read_ratios(conn, ticket.day)),
                ahead)


def read_told_not_today(conn: Connection, ticket_ids: list[int]) -> frozenset[int]:
    """Those of *ticket_ids* whose paper said "mungkin tidak terlayani hari ini" (its
    print event): the counter offers them a booked visit."""
    if not ticket_ids:
        return frozenset()
    return frozenset(r[0] for r in conn.execute(
        f"SELECT ticket_id FROM events WHERE ticket_id IN ({','.join('?' * len(ticket_ids))})"
        " AND kind = 'printed' AND data LIKE '%\"not_today\"%'", ticket_ids))
