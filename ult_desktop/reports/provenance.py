"""Where a number comes from: every figure the monthly report prints, with the acts behind
it. ``check``'s replay (``core.replay.Replay``) is played over the whole log, keeping for
each ticket, guest-book record and case the events whose row images it let stand. Each
figure is counted from its month's replayed rows, listed with those acts, beside what the
report prints (``reports.data.collect``): in an office ``check`` finds clean the two
agree. The figure families live in the ``reports.provenance_*`` modules. Admin >
*Asal angka* and ``ult-desktop report explain`` show it (docs/reports.md)."""

from __future__ import annotations

from collections import ChainMap, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from ult_desktop.core import dates, moves
from ult_desktop.core.authority import future_from
from ult_desktop.core.chain import json_dict
from ult_desktop.core.dates import stored_time
from ult_desktop.core.hall_acts import HELP_ANSWERED, HELP_REQUESTED, standing_help
from ult_desktop.core.i18n import keys, tr
from ult_desktop.core.numbering import local_time, office_day
from ult_desktop.core.priority import parse_assist
from ult_desktop.core.replay import Replay
from ult_desktop.db.engine.port import Connection, rows_in
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.record import audit
from ult_desktop.db.record.figures_view import figures_record
from ult_desktop.db.record.reconcile import corrections_against, log_chunks
from ult_desktop.db.record.standing import signers
from ult_desktop.db.record.station_keys import read_authority
from ult_desktop.reports.data import read_report, ticket_row
from ult_desktop.reports.export import as_text, write_rows
from ult_desktop.reports.figures import (
    CHANNELS,
    DAY_COLUMNS,
    SERVICE_COLUMNS,
    ReportData,
    served_at,
    ticket_keys,
)
from ult_desktop.reports.fmt import write_atomically
from ult_desktop.reports.provenance_desk import desk_figures, outage_figures
from ult_desktop.reports.provenance_desk import label as desk_label
from ult_desktop.reports.provenance_evidence import evidence_figures
from ult_desktop.reports.provenance_evidence import label as evidence_label
from ult_desktop.reports.provenance_lapor import label as lapor_label
from ult_desktop.reports.provenance_lapor import lapor_figures
from ult_desktop.reports.provenance_marks import label as mark_label
from ult_desktop.reports.provenance_marks import mark_figures
from ult_desktop.reports.provenance_skm import SURVEY_TABLE, survey_figures
from ult_desktop.reports.provenance_skm import label as skm_label
from ult_desktop.reports.provenance_times import (
    Thing,
    count_figures,
    escalation_figures,
    hour_figures,
    shown,
    ticket_name,
    time_figures,
)
from ult_desktop.reports.provenance_times import label as time_label

#: The rows whose acts are kept: what the figures count.
TRACED = ("tickets", "register_records", "cases")
#: The summary's figures this layer explains.
TOTALS = ("visits", "tickets", "served", "priority", "no_show", "cancelled", "unfinished",
          "escalated", "transferred", "missed", "reported_back", "served_after_return",
          "followups_booked", "followups_came", "followups_missed")
#: The columns of an act's line (on the page and in the CSV).
ACT_COLUMNS = ("time", "station", "kind", "thing", "event")
#: The figures named on their own: the report's summary words, and this layer's.
LABELS = {
    "visits": "report.k.visits", "tickets": "report.k.tickets", "served": "report.k.served",
    "priority": "report.k.priority", "no_show": "report.k.no_show",
    "cancelled": "report.k.cancelled", "unfinished": "report.k.unfinished",
    "transferred": "prov.k.transferred", "missed": "prov.k.missed",
    "reported_back": "prov.k.reported_back",
    "served_after_return": "report.k.served_after_return",
    "followups_booked": "prov.k.followups_booked", "followups_came": "prov.k.followups_came",
    "followups_missed": "report.k.followups_missed",
    "promise.kept": "prov.k.promise_kept", "promise.priority": "prov.k.promise_priority",
    "complaints.received": "prov.k.complaints_received",
    "complaints.done": "prov.k.complaints_done", "complaints.open": "prov.k.complaints_open",
    "help.answered": "report.vulnerable.help", "escalated": "report.k.escalated",
    "hall.seat": "report.vulnerable.seat", "hall.deaf": "report.vulnerable.deaf",
    "hall.spoken": "report.vulnerable.spoken", "hall.large": "report.vulnerable.large"}
#: A replayed ticket's columns the insert may leave to the table's defaults.
_TICKET_DEFAULTS = {"priority": 0, "channel": "walk_in", "transfer_count": 0}


@dataclass(frozen=True)
class ActLine:
    """One act behind a figure: the event (id, time UTC ISO, station, kind) and the thing
    it made what it is ("A-014 (2026-11-03)", "Buku tamu 12"). Never a personal value."""

    event_id: int
    at: str
    station: str
    kind: str
    thing: str


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    #: the things counted from the replayed rows (of acts the judge lets stand), or the
    #: statistic *how* says made of them (None: no value to make it of)
    value: float | int | None
    #: what the report prints, read from the tables (None: not printed this month)
    printed: float | int | None
    acts: tuple[ActLine, ...] = ()
    #: how the value is computed from the acts' things ("": it is their number)
    how: str = ""

    @property
    def things(self) -> set[str]:
        return {a.thing for a in self.acts}

    @property
    def shown(self) -> str:
        return shown(self.key, self.value)

    @property
    def agrees(self) -> bool:
        """Whether the report prints what the acts make (or prints nothing)."""
        if self.printed is None or self.value is None:
            return self.printed is None or self.printed == self.value
        return abs(self.printed - self.value) <= 1e-9 * max(1.0, abs(self.value))


@dataclass
class MonthFigures:
    month: str
    timezone: str
    figures: dict[str, Figure] = field(default_factory=dict)


class _Traced(Replay):
    """``check``'s replay of every table, keeping for each row of :data:`TRACED` the
    events whose images it applied (only those the judge lets stand are applied), and
    for each group of survey answers (service, month, source) the events that added or
    took away one of them (``surveys``: group -> [(event, +1 or -1)])."""

    def __init__(self, authority, horizon: str) -> None:
        super().__init__(authority, None, horizon=horizon)
        self.history: dict[str, dict[tuple, list[int]]] = {t: defaultdict(list)
                                                           for t in TRACED}
        self.surveys: dict[tuple, list[tuple[int, int]]] = defaultdict(list)

    def _apply(self, event_id: int, image: list, salt: str | None) -> None:
        super()._apply(event_id, image, salt)
        kept = self.history.get(image[1])  # (an image applied is well formed)
        if kept is not None and image[0] != "v":
            kept[tuple(image[2])].append(event_id)
        elif image[1] == SURVEY_TABLE and image[0] in ("n", "d") and len(image) > 2:
            self.surveys[tuple(image[2])].append((event_id, 1 if image[0] == "n" else -1))


def month_range(month: str) -> tuple[date, date]:
    """The first and last day of *month* ("2026-11"), or of a year ("2026": the period
    the year's evidence pack reads). ValueError: not a month nor a year."""
    if len(month) == 4 and month.isdigit():
        return date(int(month), 1, 1), date(int(month), 12, 31)
    return dates.month_range(date.fromisoformat(f"{month}-01"))


def replayed(db: Database, upto: int = 1 << 62) -> _Traced:
    """The log up to event *upto* replayed and judged as ``check`` does, with each row's
    acts; read as ``check`` reads it (``db.record.reconcile.log_chunks``)."""
    replay = _Traced(db.read(read_authority), future_from(datetime.now(timezone.utc)))
    for rows in log_chunks(db, 0, upto):
        replay.play(rows)
    return replay


def explain_month(db: Database, month: str, *, now: datetime | None = None) -> MonthFigures:
    """Every figure of *month*'s report this layer knows, with its acts (one replay);
    *month* may be a year (``month_range``): the figures of the year's evidence pack
    that are the monthly report's over the year (outages, the LAPOR! clock, ...)."""
    first, last = month_range(month)
    now = now or datetime.now(timezone.utc)
    data, top = db.read(lambda conn: (read_report(conn, first, last, now=now), conn.execute(
        "SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]))  # (one snapshot)
    replay, timed = replayed(db, top), []
    fixes = db.read(lambda conn: corrections_against(conn, replay))
    if fixes:  # printed as the report prints it: the record as the judge let it stand
        with figures_record(db, fixes) as record:
            data = record.read(lambda conn: read_report(conn, first, last, now=now))
    counted = _count(replay, data, first, last, office_day(now, data.timezone), timed)
    counted["help.answered"] = db.read(lambda conn: help_calls(conn, first, last, data.timezone,
                                                               top))
    printed = printed_figures(data)
    made = count_figures({key: [(name, events, ()) for name, events in things]
                          for key, things in counted.items()}, printed)
    made |= time_figures(timed, data) | hour_figures(timed, data) | escalation_figures(
        counted["escalated"], data, lambda case, ticket: _thing_name(replay, case, ticket))
    made |= db.read(lambda conn: desk_figures(conn, data, timed))
    made |= outage_figures(data, replay.rows["tickets"], replay.history["tickets"])
    made |= survey_figures(replay.surveys, data, month)
    made |= db.read(lambda conn: lapor_figures(conn, data, first, last, _record_acts(replay)))
    made |= db.read(lambda conn: mark_figures(conn, data, replay.rows["tickets"],
                                              replay.history["tickets"], first, last))
    made |= db.read(lambda conn: evidence_figures(conn, first, last))
    meta = db.read(lambda conn: _event_meta(conn, {e for m in made.values()
                                                   for _, events, _ in m.things for e in events}))
    out = MonthFigures(month, data.timezone)
    for key in sorted(made, key=_order):
        m = made[key]
        out.figures[key] = Figure(key, figure_label(key, data), m.value, m.printed,
                                  _acts(m.things, meta), m.how)
    return out


def _acts(things: list[Thing], meta: dict[int, tuple[str, str, str]]) -> tuple[ActLine, ...]:
    """The acts of *things*: every act of each, or (a thing with times) for each time the
    first of its acts done at that time (the act that started or ended its minutes)."""
    lines = set()
    for thing, events, times in things:
        known = [e for e in sorted(events) if e in meta]
        if times:
            at = {e: stored_time(meta[e][0]) for e in known}
            known = [next(e for e in known if at[e] == t) for t in times
                     if any(at[e] == t for e in known)]
        lines |= {ActLine(e, *meta[e], thing) for e in known}
    return tuple(sorted(lines, key=lambda a: (a.event_id, a.thing)))


def _record_acts(replay: _Traced) -> dict[int, list[int]]:
    """Each replayed guest-book record's acts and its case's, by record id."""
    hist, of_record = replay.history, {}
    for key, c in replay.rows["cases"].items():
        of_record[c.get("record_id")] = hist["cases"].get(key, [])
    return {key[0]: hist["register_records"].get(key, []) + of_record.get(key[0], [])
            for key in replay.rows["register_records"]}


def _thing_name(replay: _Traced, case_id: int | None, ticket_id: int | None) -> str:
    """An escalation's name as the ``escalated`` figure names it."""
    if case_id is not None:
        return tr("prov.thing.case", id=case_id)
    return ticket_name(replay.rows["tickets"].get((ticket_id,), {}))


def _order(key: str) -> tuple:
    head = key.split(".", 1)[0]
    rank = TOTALS.index(key) if key in TOTALS else len(TOTALS)
    return (rank, head, key)


def _event_meta(conn: Connection, ids: set[int]) -> dict[int, tuple[str, str, str]]:
    return {r[0]: (str(r[1]), str(r[2] or ""), str(r[3])) for r in rows_in(
        conn, "SELECT id, at, station, kind FROM events WHERE id IN ({marks})", sorted(ids))}


# -- the figures the report prints -------------------------------------------------------
def printed_figures(data: ReportData) -> dict[str, int]:
    """Every number of :data:`TOTALS`, the per-service, per-day, channel, hour, counter,
    officer and vulnerable-group tables, the priority promise and the request register
    as the report prints them (from *data*, read from the tables), by key."""
    totals = data.totals()
    out = {k: totals[k] for k in TOTALS}
    for r in data.per_service():
        out |= {f"service.{r['service'].prefix}.{c}": r[c] for c in SERVICE_COLUMNS}
    for r in data.per_day():
        out |= {f"day.{r['day']}.{c}": r[c] for c in DAY_COLUMNS}
    out |= {f"channel.{c}": n for c, n in data.per_channel().items()}
    out |= {f"hour.{h:02d}": n for h, n in data.per_hour().items()}
    out |= {served_at("counter", r.key): r.served for r in data.per_counter()}
    out |= {served_at("officer", r.key): r.served for r in data.per_officer()}
    for r in data.per_priority_group():
        out |= {f"group.{r['group'] or '-'}.tickets": r["tickets"],
                f"group.{r['group'] or '-'}.served": r["served"]}
    _, out["promise.kept"], out["promise.priority"] = data.priority_promise()
    out["help.answered"] = len(data.help_minutes)
    out |= {f"hall.{flag}": n for flag, n in data.hall.tickets.items()}
    out |= {f"request.{t or '-'}": n for t, n in data.request_types.items()}
    out |= {f"region.{name or '-'}": n for name, n in data.regions}
    out |= dict(zip(("complaints.received", "complaints.done", "complaints.open"),
                    data.complaints, strict=True))
    return out


# -- the same figures, counted from the acts ---------------------------------------------
def _count(replay: _Traced, data: ReportData, first: date, last: date, today: date,
           timed: list) -> dict[str, list[tuple[str, list[int]]]]:
    """Figure key -> the things it counts, each with the events that made it; each
    readable ticket of the month joins *timed* (the row read, its name, its events)."""
    d0, d1 = first.isoformat(), last.isoformat()
    rows, hist = replay.rows, replay.history
    out: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)
    for key, row in rows["tickets"].items():
        if not (type(row.get("day")) is str and d0 <= row["day"] <= d1):
            continue
        try:
            t = ticket_row(ChainMap(row, _TICKET_DEFAULTS, defaultdict(lambda: None)),
                           row.get("first_called_at"), data.services)
        except (ValueError, TypeError, KeyError):
            continue  # (as the report leaves an unreadable row out)
        thing = (f"{t.number} ({t.day})", hist["tickets"].get(key, []))
        timed.append((t, *thing))
        for fig in ticket_keys(t, data):
            out[fig].append(thing)
        for flag in parse_assist(row.get("assist") if type(row.get("assist")) is str else None):
            out[f"hall.{flag}"].append(thing)
    cases = rows["cases"]
    case_of = {c.get("record_id"): c for c in cases.values()}
    record_acts = _record_acts(replay)
    for key, r in rows["register_records"].items():
        if type(r.get("day")) is str and d0 <= r["day"] <= d1:
            thing = (tr("prov.thing.record", id=key[0]), record_acts[key[0]])
            for fig in record_keys(r, case_of.get(key[0])):
                out[fig].append(thing)
    out["escalated"] = _escalations(replay, data, d0, d1)
    followup_ticket = {r.get("followup_case"): k for k, r in rows["tickets"].items()
                       if r.get("followup_case")}
    for key, c in cases.items():
        if type(c.get("visit_day")) is str and d0 <= c["visit_day"] <= d1:
            ticket = followup_ticket.get(key[0])
            events = hist["cases"].get(key, []) + (
                hist["tickets"].get(ticket, []) if ticket else [])
            thing = (tr("prov.thing.case", id=key[0]), events)
            out["followups_booked"].append(thing)
            if ticket:
                out["followups_came"].append(thing)
            elif c["visit_day"] < today.isoformat():
                out["followups_missed"].append(thing)
    return out


def _escalations(replay: _Traced, data: ReportData, d0: str,
                 d1: str) -> list[tuple[str, list[int]]]:
    """The escalations opened on office days *d0* .. *d1* (``reports.escalations``): the
    cases opened then, and the tickets finished as escalated without a case."""
    rows, hist = replay.rows, replay.history
    records, out = rows["register_records"], []
    with_case = set()
    for key, c in rows["cases"].items():
        record = records.get((c.get("record_id"),))
        if record is None:
            continue  # (as the report: a case of no record is none)
        with_case.add(record.get("ticket_id"))
        opened = stored_time(c.get("opened_at"))
        if opened is not None and d0 <= office_day(opened, data.timezone).isoformat() <= d1:
            out.append((tr("prov.thing.case", id=key[0]), hist["cases"].get(key, []) +
                        hist["register_records"].get((c.get("record_id"),), [])))
    for key, t in rows["tickets"].items():
        if t.get("state") == "escalated" and key[0] not in with_case and \
                type(t.get("day")) is str and d0 <= t["day"] <= d1:
            out.append((ticket_name(t), hist["tickets"].get(key, [])))
    return out


def help_calls(conn: Connection, first: date, last: date, tz: str,
               upto: int = 1 << 62) -> list[tuple[str, list[int]]]:
    """The kiosks' calls for help answered on office days *first* .. *last* as the judge
    lets them stand (``core.hall_acts``, as the report reads them), each with its call
    and its answer; the log read up to event *upto*."""
    events = [(r[0], r[1], r[2], r[3], json_dict(r[4])) for r in conn.execute(
        "SELECT id, kind, at, station_key, data FROM events WHERE kind IN (?, ?) AND "
        "id <= ? ORDER BY id", (HELP_REQUESTED, HELP_ANSWERED, upto))]
    return [(tr("prov.thing.help", id=call), [call, answer])
            for at, _, call, answer in standing_help(events, signers(conn))
            if first.isoformat() <= moves.day_of(at, tz) <= last.isoformat()]


def record_keys(r: dict, case: dict | None) -> Iterator[str]:
    """Every figure guest-book record *r* (its case: *case*) counts in."""
    yield f"request.{r.get('request_type') or '-'}"
    yield f"region.{r.get('region_name') or '-'}"
    if r.get("ticket_id") is None:
        channel = r.get("channel") if r.get("channel") in CHANNELS else "walk_in"
        yield from ("visits", f"channel.{channel}")
        if r.get("channel") in ("phone", "online"):
            yield f"day.{r['day']}.{r['channel']}"
    if r.get("request_type") == "pengaduan":
        yield "complaints.received"
        done = case.get("state") in ("answered", "closed") if case is not None else \
            r.get("answer") not in (None, "")
        yield "complaints.done" if done else "complaints.open"


# -- how a person reads a figure's name ------------------------------------------------
def figure_label(key: str, data: ReportData) -> str:
    """The figure *key* as the report names it: its table, row and column."""
    if key in LABELS:
        return tr(LABELS[key])
    if (named := time_label(key, data) or desk_label(key, data) or
            skm_label(key, data) or lapor_label(key, data) or
            mark_label(key, data) or evidence_label(key)) is not None:
        return named
    head, _, rest = key.partition(".")
    row, _, col = rest.rpartition(".")
    colname = tr(f"report.c.{col}") if f"report.c.{col}" in keys() else col
    if head == "service":
        svc = next((s for s in data.services.values() if s.prefix == row), None)
        return f"{tr('report.c.service')}: {svc.prefix if svc else row} " \
               f"{svc.name if svc else ''} · {colname}"
    if head == "day":
        return f"{tr('report.c.day')}: {row} · {colname}"
    if head == "counter":
        return f"{tr('report.c.counter')}: {data.counters.get(int(row), row)} · {colname}"
    if head == "officer":
        who = data.officers.get(int(row), f"#{row}") if row != "0" else tr("report.no_officer")
        return f"{tr('report.c.officer')}: {who} · {colname}"
    if head == "group":
        name = tr(f"priority.group.{row}") if f"priority.group.{row}" in keys() else row
        return f"{tr('report.c.priority_group')}: {name} · {colname}"
    return _plain_label(head, rest)


def _plain_label(head: str, rest: str) -> str:
    if head == "channel":
        return f"{tr('report.c.channel')}: {tr(f'report.channel.{rest}')}"
    if head == "hour":
        return f"{tr('report.c.hour')}: {rest}:00"
    if head == "request":
        name = tr(f"counter.request.{rest}") if rest != "-" else tr("report.request.unknown")
        return f"{tr('report.c.request_type')}: {name}"
    if head == "region":
        return f"{tr('report.c.region')}: {rest if rest != '-' else tr('report.region.unknown')}"
    return f"{head}.{rest}"


def act_time(line: ActLine, tz: str) -> str:
    """The act's time in office time, as the audit list shows it."""
    try:
        return local_time(datetime.fromisoformat(line.at), tz).strftime("%d-%m-%Y %H:%M:%S")
    except (TypeError, ValueError):
        return line.at


def explain_text(fig: Figure, tz: str) -> str:
    """The figure and its acts as lines of text (the CLI's answer)."""
    lines = [summary_text(fig)]
    lines += [f"{act_time(a, tz)}  #{a.event_id:<7} {a.station:<16} {a.kind:<22} {a.thing}"
              for a in fig.acts]
    return "\n".join(lines)


def summary_text(fig: Figure) -> str:
    """The figure, what it is made of, and (when they differ) what the report prints."""
    text = tr("prov.summary", label=fig.label, value=fig.shown, things=len(fig.things),
              acts=len(fig.acts))
    if fig.how:
        text += " " + fig.how
    if not fig.agrees:
        text += " " + tr("prov.differs", printed=shown(fig.key, fig.printed))
    return text


def csv_rows(fig: Figure, tz: str) -> list[list]:
    """The figure's acts as the CSV export writes them (a heading row first)."""
    head = [tr(f"prov.col.{c}") for c in ACT_COLUMNS]
    return [head, *([act_time(a, tz), a.station, a.kind, a.thing, a.event_id]
                    for a in fig.acts)]


def export_acts(db: Database, month: MonthFigures, key: str, path: str | Path) -> Path:
    """The acts behind figure *key* of *month* as a CSV (as Indonesian Excel opens it),
    its writing audited (``exported``: what, which month and figure, where)."""
    fig = month.figures[key]
    written = write_atomically(Path(path), lambda tmp: write_rows(tmp, [
        [fig.label, fig.shown, fig.how], *as_text(csv_rows(fig, month.timezone))]))
    audit.record_session(db, audit.EXPORTED, db.actor, what="provenance",
                         month=month.month, figure=key, **audit.hashed([written])[0])
    return written
