"""The marks on a ticket beside its moves, with the acts behind them, for
``reports.provenance``: calls out of turn, the paper's wait band, the hall's fetches,
Deaf marks and interpreter requests, each counted from the acts the replay let stand on
the month's tickets (a fetch's minutes by the acts' own times; a band from the kiosk's
``printed`` act by a key that may sign it, against the replayed ticket's issue and call)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from ult_desktop.core.chain import json_dict
from ult_desktop.core.dates import stored_time
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import office_day
from ult_desktop.core.phone import band_hit
from ult_desktop.core.queue import CALL_REASONS
from ult_desktop.core.stats import summarize
from ult_desktop.db.engine.port import Connection, rows_in
from ult_desktop.db.record.standing import signers
from ult_desktop.reports.figures import ReportData
from ult_desktop.reports.provenance_times import Measured, Thing, count_figures, ticket_name

#: The paper's band line: the tickets whose paper showed a band and were called, and
#: those called inside it.
BAND = ("tickets", "inside")
#: The hall's marks, named as the vulnerable groups' page names them.
HALL = {"hall.fetched": "report.vulnerable.fetched", "hall.fetch_median": "prov.k.fetch_median",
        "hall.deaf_officer": "prov.k.deaf_officer",
        "hall.interpreter": "report.vulnerable.interpreter"}


def mark_figures(conn: Connection, data: ReportData, tickets: dict[tuple, dict],
                 history: dict[tuple, list[int]], first: date, last: date
                 ) -> dict[str, Measured]:
    """``out_of_turn.<officer>`` and ``out_of_turn.<officer>.<reason>`` (the desks'
    table), ``band.tickets`` and ``band.inside`` (the paper's band line) from the
    replayed *tickets* of office days *first* .. *last* and their acts (*history*)."""
    d0, d1 = first.isoformat(), last.isoformat()
    month = {key: row for key, row in tickets.items()
             if type(row.get("day")) is str and d0 <= row["day"] <= d1}
    return _out_of_turn(conn, data, month, history) | _bands(conn, data, month, history) | \
        _hall(conn, data, month, history)


def _out_of_turn(conn: Connection, data: ReportData, month: dict[tuple, dict],
                 history: dict[tuple, list[int]]) -> dict[str, Measured]:
    of_event = {e: key for key in month for e in history.get(key, [])}
    counted: dict[str, list[Thing]] = defaultdict(list)
    for event_id, text in rows_in(conn, "SELECT id, data FROM events WHERE kind = 'called' "
                                      "AND id IN ({marks})", sorted(of_event)):
        act = json_dict(text)
        why = act.get("out_of_turn")
        if not isinstance(why, dict):
            continue
        officer = act.get("officer_id") or 0
        thing = (ticket_name(month[of_event[event_id]]), [event_id], ())
        counted[f"out_of_turn.{officer}"].append(thing)
        counted[f"out_of_turn.{officer}.{why.get('reason')}"].append(thing)
    printed = {f"out_of_turn.{o}": sum(c.values()) for o, c in data.out_of_turn.items()}
    printed |= {f"out_of_turn.{o}.{r}": c[r] for o, c in data.out_of_turn.items()
                for r in CALL_REASONS}
    return count_figures(counted, printed)


def _bands(conn: Connection, data: ReportData, month: dict[tuple, dict],
           history: dict[tuple, list[int]]) -> dict[str, Measured]:
    by_id = {key[0]: key for key in month}
    stands = signers(conn)
    first_call: dict[int, int] = {}  # ticket -> its first call that the replay let stand
    for event_id, ticket_id in rows_in(conn, "SELECT id, ticket_id FROM events WHERE kind = "
                                           "'called' AND id IN ({marks}) ORDER BY id",
                                     sorted({e for key in month for e in history.get(key, [])})):
        first_call.setdefault(ticket_id, event_id)
    shown: list[Thing] = []
    inside: list[Thing] = []
    told: set[int] = set()
    for event_id, key_id, ticket_id, text in sorted(rows_in(
            conn, "SELECT id, station_key, ticket_id, data FROM events WHERE kind = "
                  "'printed' AND ticket_id IN ({marks})", sorted(by_id)), key=lambda r: r[0]):
        row = month[by_id[ticket_id]]
        if ticket_id in told:
            continue  # (a ticket counts once: the band its first paper showed)
        band = json_dict(text).get("band")
        issued = stored_time(row.get("issued_at"))
        called = stored_time(row.get("first_called_at") or row.get("called_at"))
        if not stands(key_id, event_id, "printed") or not isinstance(band, list) or \
                len(band) != 2 or tuple(band) == (0, 0) or issued is None or called is None:
            continue
        told.add(ticket_id)
        thing = (ticket_name(row), [event_id, *([first_call[ticket_id]] if ticket_id in first_call
                                          else [])], ())
        shown.append(thing)
        if band_hit(band, (called - issued).total_seconds() / 60):
            inside.append(thing)
    # what the report prints: the pairs ``core.phone.hit_rate`` counts
    pairs = [(b, w) for b, w in data.band_hits if b and tuple(b) != (0, 0)]
    printed = (len(pairs), sum(band_hit(b, w) for b, w in pairs))
    return {f"band.{k}": Measured(len(things), n, "", things)
            for k, things, n in zip(BAND, (shown, inside), printed, strict=True)}


def _hall(conn: Connection, data: ReportData, month: dict[tuple, dict],
          history: dict[tuple, list[int]]) -> dict[str, Measured]:
    of_event = {e: key for key in month for e in history.get(key, [])}
    fetched: list[Thing] = []
    minutes: list[float] = []
    deaf: list[Thing] = []
    called: dict[tuple, tuple[int, datetime]] = {}
    for event_id, kind, at, text in rows_in(
            conn, "SELECT id, kind, at, data FROM events WHERE kind IN ('called', 'fetched', "
                  "'deaf_marked') AND id IN ({marks}) ORDER BY id", sorted(of_event)):
        key, when = of_event[event_id], stored_time(at)
        if kind == "called" and when is not None:
            called[key] = (event_id, when)
        elif kind == "fetched" and key in called and when is not None:
            call, since = called.pop(key)
            fetched.append((ticket_name(month[key]), [call, event_id], (since, when)))
            minutes.append(round(max(0.0, (when - since).total_seconds() / 60), 2))
        elif kind == "deaf_marked" and (act := json_dict(text)).get("deaf") and \
                act.get("by") == "officer":
            deaf.append((ticket_name(month[key]), [event_id], ()))
    by_id, stands = {key[0]: key for key in month}, signers(conn)
    requests: dict[int, list[int]] = defaultdict(list)  # a visitor asked for twice: once
    for e, k, t, at in rows_in(
            conn, "SELECT id, station_key, ticket_id, at FROM events WHERE kind = "
                  "'interpreter_requested' AND ticket_id IN ({marks})", sorted(by_id)):
        when = stored_time(at)
        if stands(k, e, "interpreter_requested") and when is not None and \
                month[by_id[t]].get("day") == office_day(when, data.timezone).isoformat():
            requests[t].append(e)
    asked = [(ticket_name(month[by_id[t]]), events, ()) for t, events in requests.items()]
    h = data.hall
    return {"hall.fetched": Measured(len(fetched), h.fetched, "", fetched),
            "hall.fetch_median": Measured(summarize(minutes).median, h.fetch_median, tr(
                "prov.how.median", n=len(minutes), what=tr("prov.how.fetch")), fetched),
            "hall.deaf_officer": Measured(len(deaf), h.deaf_by_officer, "", deaf),
            "hall.interpreter": Measured(len(asked), h.interpreter_requests, "", asked)}


def label(key: str, data: ReportData) -> str | None:
    """The name of a figure of this module (None: not one of them)."""
    head, _, rest = key.partition(".")
    if key in HALL:
        return tr(HALL[key])
    if head == "band":
        return tr(f"prov.k.band.{rest}") if rest in BAND else None
    if head != "out_of_turn":
        return None
    officer, _, reason = rest.partition(".")
    who = tr("report.no_officer") if officer in ("0", "") else \
        data.officers.get(int(officer) if officer.isdigit() else officer, f"#{officer}")
    what = tr(f"counter.call_reason.{reason}") if reason in CALL_REASONS else \
        reason or tr("report.c.out_of_turn")
    return f"{tr('report.t.out_of_turn')}: {who} · {what}"
