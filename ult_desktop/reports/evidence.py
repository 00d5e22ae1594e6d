"""The evidence pack of a year: what the PEKPPP evaluation (PermenPANRB
29/2022) and Zona Integritas (PermenPANRB 90/2021) ask item by item, from the record.

A sub-folder per PEKPPP aspect, each item a PDF (figure, table, source) with its CSV,
``00 Daftar isi.pdf`` listing them; every page carries the verified footer, one signed
``report_issued`` event lists every file's SHA-256 (docs/reports.md)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ult_desktop.core import skm
from ult_desktop.core.dates import month_range, stored_time
from ult_desktop.core.errors import PathTooLong
from ult_desktop.core.evidence import LAPOR_PLAN_DAYS, SP_COMPONENTS, sp_items
from ult_desktop.core.i18n import tr
from ult_desktop.core.localpaths import MAX_PATH, longest_path
from ult_desktop.core.numbering import local_time, utc_now
from ult_desktop.core.priority import group_key
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office
from ult_desktop.db.record.figures_view import figures_record
from ult_desktop.db.visit.visits import visits_in
from ult_desktop.reports.data import collect, read_promise
from ult_desktop.reports.export import as_text, write_rows
from ult_desktop.reports.fmt import fmt_dec, fmt_int, fmt_pct, long_date, write_atomically
from ult_desktop.reports.fonts import BOLD, REGULAR
from ult_desktop.reports.lapor import complaints
from ult_desktop.reports.pdf_kit import (
    CONTENT_W,
    HEAD,
    LINE,
    ZEBRA,
    build_a4,
    esc,
    styles,
    verified_line,
)
from ult_desktop.reports.skm_data import collect_skm
from ult_desktop.reports.verified import Verification, foot_room, issue, stamp_csv, verify

#: The complaints' item: every complaint and LAPOR! report on the one clock.
COMPLAINTS_ITEM = "5.1 Pengaduan dan waktu penanganan"


@dataclass
class Item:
    """One piece of evidence: its folder and name, its figure, its table, its source."""

    folder: str
    name: str
    figure: str
    header: list[str]
    rows: list[list[object]]
    source: str
    zi: str
    widths: list[float] | None = None
    notes: list[str] = field(default_factory=list)


# -- the items ----------------------------------------------------------------------------
def _sp(conn: Connection, year: int, lang: str) -> Item:
    services = [s for s in office.read_services(conn) if s.active]
    sp = office.read_settings(conn, ("standar_pelayanan",))["standar_pelayanan"] or {}
    staff = {r[0]: int(r[1]) for r in conn.execute(
        "SELECT service_id, COUNT(DISTINCT officer_id) FROM tickets WHERE day BETWEEN ? "
        "AND ? AND state IN ('done', 'escalated') AND officer_id IS NOT NULL "
        "GROUP BY service_id", (f"{year}-01-01", f"{year}-12-31")).fetchall()}
    items = {s.id: sp_items(s, staff.get(s.id, 0), sp) for s in services}
    complete = [s for s in services if all(i.present for i in items[s.id])]
    rows = [[tr(f"sp.component.{key}", lang), *(
        tr("evidence.yes" if items[s.id][n].present else "evidence.no", lang)
        for s in services)] for n, (key, _where) in enumerate(SP_COMPONENTS)]
    sk = tr("evidence.sp.sk", lang, number=sp["sk_number"], date=sp.get("sk_date", "-")) \
        if sp.get("sk_number") else tr("evidence.sp.no_sk", lang)
    n = len(services)
    minutes, within, total = read_promise(conn, date(year, 1, 1), date(year, 12, 31))
    promise = tr("evidence.sp.promise", lang, min=minutes, n=fmt_int(within, lang),
                 total=fmt_int(total, lang), year=year,
                 share=fmt_pct(within / total if total else None, lang))
    return Item("PEKPPP Aspek 1 - Kebijakan Pelayanan", "1.1 Standar Pelayanan per jenis layanan",
                tr("evidence.sp.figure", lang, n=n, complete=len(complete)),
                [tr("evidence.sp.component", lang), *(s.prefix for s in services)], rows,
                tr("evidence.sp.source", lang, year=year), "ZI Area VI.1",
                [5.2 * cm] + [(CONTENT_W - 5.2 * cm) / max(n, 1)] * n,
                [sk, promise, *(f"{s.prefix} - {s.name}" for s in services)])


def skm_publications(conn: Connection, first: date, last: date) -> list[tuple[str, int]]:
    """The SKM result's publications dated *first*..*last* (the day, the event): only the
    admin station's acts stand (the table of acts)."""
    from ult_desktop.core.hall_acts import settings_claim
    from ult_desktop.db.record.standing import signer_roles

    kinds = conn.execute(
        "SELECT at, data, id, station_key FROM events WHERE kind = 'settings_changed' AND "
        "at BETWEEN ? AND ? ORDER BY id",
        (first.isoformat(), (last + timedelta(days=1)).isoformat())).fetchall()
    role = signer_roles(conn)
    return [(r[0][:10], r[2]) for r in kinds if "skm_published" in (r[1] or "") and
            settings_claim(r[1], role(r[3], r[2])) is None]


def _publication(conn: Connection, year: int, lang: str) -> Item:
    published = [day for day, _ in skm_publications(conn, date(year, 1, 1),
                                                    date(year, 12, 31))]
    display = office.read_settings(conn, ("skm_display_enabled",))["skm_display_enabled"]
    tickets = conn.execute("SELECT COUNT(*) FROM tickets WHERE day BETWEEN ? AND ? AND "
                           "print_status = 'printed'", (f"{year}-01-01", f"{year}-12-31")
                           ).fetchone()[0]
    yes, no = tr("evidence.yes", lang), tr("evidence.no", lang)
    rows = [[tr("evidence.pub.poster", lang), yes if published else no,
             ", ".join(published) or "-"],
            [tr("evidence.pub.tv", lang), yes if display else no,
             tr("evidence.pub.tv_now", lang) if display else "-"],
            [tr("evidence.pub.ticket", lang), yes if tickets else no,
             tr("evidence.pub.tickets", lang, n=fmt_int(tickets, lang))],
            [tr("evidence.pub.sp", lang), no, tr("evidence.pub.sp_elsewhere", lang)]]
    return Item("PEKPPP Aspek 1 - Kebijakan Pelayanan", "1.2 Publikasi Standar Pelayanan dan "
                "hasil SKM", tr("evidence.pub.figure", lang, n=len(published)),
                [tr(k, lang) for k in ("evidence.pub.where", "evidence.pub.shown",
                                       "evidence.pub.when")], rows,
                tr("evidence.pub.source", lang), "ZI Area VI.1, VI.4",
                [5.5 * cm, 2.5 * cm, CONTENT_W - 8 * cm])


def _hours(conn: Connection, year: int, tz: str, lang: str) -> Item:
    s = office.read_settings(conn, ("open_time", "close_time", "open_days"))
    opens = datetime.strptime(s["open_time"], "%H:%M").time()
    late = (datetime.combine(date.min, opens) + timedelta(minutes=15)).time()
    per_day: dict[str, list[datetime]] = {}
    for day, called, finished in conn.execute(
            "SELECT day, first_called_at, finished_at FROM tickets WHERE day BETWEEN ? AND ? "
            "AND first_called_at IS NOT NULL", (f"{year}-01-01", f"{year}-12-31")):
        # (a time no act wrote, named by ``check``: no step taken)
        read = [local_time(t, tz) for t in map(stored_time, (called, finished)) if t]
        if read:
            per_day.setdefault(day, []).extend(read)
    months: dict[str, list[int]] = {}
    for day, times in sorted(per_day.items()):
        m = months.setdefault(day[:7], [0, 0, 0])
        first = min(times).time()
        m[0] += 1
        m[1] += first <= late
        m[2] += int(max(times).hour * 60 + max(times).minute)
    rows = [[month, fmt_int(d, lang), fmt_int(on_time, lang),
             f"{last // d // 60:02d}.{last // d % 60:02d}"] for month, (d, on_time, last)
            in months.items()]
    days = sum(m[0] for m in months.values())
    on_time = sum(m[1] for m in months.values())
    return Item("PEKPPP Aspek 1 - Kebijakan Pelayanan", "1.3 Jam pelayanan dan loket buka",
                tr("evidence.hours.figure", lang, days=days, on_time=on_time,
                   opens=s["open_time"], closes=s["close_time"]),
                [tr(k, lang) for k in ("evidence.hours.month", "evidence.hours.days",
                                       "evidence.hours.on_time", "evidence.hours.last")],
                rows,
                tr("evidence.hours.source", lang), "ZI Area VI.2")


def _rentan(db: Database, year: int, lang: str, data) -> Item:
    rows, served = [], 0
    for g in data.per_priority_group():
        rows.append([tr(group_key(g["group"]), lang), fmt_int(g["tickets"], lang),
                     fmt_int(g["served"], lang), fmt_dec(g["wait"].mean, 1, lang)])
        served += g["served"]
    for key, n, median in data.vulnerable_aids():  # the hall's aids of the year
        rows.append([tr(key, lang), fmt_int(n, lang), "-",
                     fmt_dec(median, 1, lang)])
    prio, other = data.priority_times()
    return Item("PEKPPP Aspek 3 - Sarana dan Prasarana", "3.1 Layanan kelompok rentan",
                tr("evidence.rentan.figure", lang, n=fmt_int(served, lang),
                   wait=fmt_dec(prio.mean, 1, lang), other=fmt_dec(other.mean, 1, lang)),
                [tr(k, lang) for k in ("evidence.rentan.group", "evidence.rentan.tickets",
                                       "evidence.rentan.served", "evidence.rentan.wait")],
                rows,
                tr("evidence.rentan.source", lang), "ZI Area VI.2",
                [6.5 * cm] + [(CONTENT_W - 6.5 * cm) / 3] * 3)


def _outages(data, lang: str) -> Item:
    """The year's outages of the shared file, as the monthly reports state them."""
    tz = data.timezone
    rows = [[f"{local_time(o.since, tz):%Y-%m-%d %H.%M.%S}–{local_time(o.until, tz):%H.%M.%S}",
             fmt_int(o.offline_acts, lang), fmt_int(o.held_tickets, lang)]
            for o in data.outages]
    return Item("PEKPPP Aspek 3 - Sarana dan Prasarana", "3.2 Layanan saat gangguan",
                tr("evidence.outages.figure", lang, n=fmt_int(len(rows), lang),
                   acts=fmt_int(sum(o.offline_acts for o in data.outages), lang),
                   held=fmt_int(sum(o.held_tickets for o in data.outages), lang))
                if rows else tr("evidence.outages.none", lang),
                [tr("report.c.outage", lang), tr("report.c.offline_acts", lang),
                 tr("report.c.held_tickets", lang)], rows,
                tr("evidence.outages.source", lang), "ZI Area VI.2",
                [CONTENT_W - 8.0 * cm, 4.0 * cm, 4.0 * cm])


def _complaints(conn: Connection, year: int, tz: str, lang: str, today: date) -> Item:
    found = complaints(conn, date(year, 1, 1), date(year, 12, 31), tz, today)
    rows = [[c["number"], c["lapor_id"] or "-", c["topic"] or "-", long_date(c["received"], lang),
             tr(f"evidence.lapor.cat.{c['category']}", lang),
             "-" if c["first_days"] is None else fmt_int(c["first_days"], lang),
             long_date(c["plan_due"], lang), tr(f"evidence.lapor.st.{c['plan']}", lang),
             "-" if c["done_days"] is None else fmt_int(c["done_days"], lang),
             long_date(c["done_due"], lang), tr(f"evidence.lapor.st.{c['done']}", lang)]
            for c in found]
    return Item("PEKPPP Aspek 5 - Konsultasi dan Pengaduan", COMPLAINTS_ITEM,
                tr("evidence.complaints.figure", lang, n=len(found), plan_days=LAPOR_PLAN_DAYS,
                   plan=sum(c["plan"] == "met" for c in found),
                   done=sum(c["done"] == "met" for c in found)),
                [tr("evidence.complaints.no", lang), "SP4N-LAPOR!", tr("report.col.topic", lang),
                 tr("evidence.complaints.received", lang), tr("evidence.lapor.category", lang),
                 tr("evidence.complaints.first", lang), tr("evidence.lapor.plan_due", lang),
                 tr("evidence.lapor.state", lang), tr("evidence.complaints.done", lang),
                 tr("evidence.lapor.done_due", lang), tr("evidence.lapor.state", lang)],
                rows, tr("evidence.complaints.source", lang), "ZI Area VI.3",
                [1.5 * cm, 1.6 * cm, 2.4 * cm, 1.8 * cm, 2.0 * cm, 1.0 * cm, 1.8 * cm,
                 1.3 * cm, 1.0 * cm, 1.8 * cm] + [CONTENT_W - 16.2 * cm])


def _followups(conn: Connection, year: int, lang: str, today: date) -> Item:
    """The follow-up visits booked for each month of *year*: booked, came, did not come."""
    rows, sums = [], [0, 0, 0]
    for month in range(1, 13):
        n = visits_in(conn, *month_range(date(year, month, 1)), today)
        if n["booked"]:
            rows.append([f"{year}-{month:02d}", *(fmt_int(n[k], lang)
                                                  for k in ("booked", "came", "missed"))])
            sums = [a + n[k] for a, k in zip(sums, ("booked", "came", "missed"), strict=True)]
    return Item("PEKPPP Aspek 5 - Konsultasi dan Pengaduan", "5.5 Kunjungan lanjutan",
                tr("evidence.followups.figure", lang, booked=sums[0], came=sums[1],
                   missed=sums[2]),
                [tr(k, lang) for k in ("evidence.followups.month", "evidence.followups.booked",
                                       "evidence.followups.came", "evidence.followups.missed")],
                rows, tr("evidence.followups.source", lang), "ZI Area VI.3")


def _skm(db: Database, year: int, lang: str, now: datetime) -> tuple[Item, Item]:
    rows, spak = [], []
    for period in (skm.ReportPeriod(year, 1), skm.ReportPeriod(year, 2), skm.ReportPeriod(year)):
        d = collect_skm(db, period, now=now)
        n, value, index = d.ipak
        spak.append([period.label(lang), fmt_int(n, lang),
                     "-" if value is None else fmt_dec(value, 2, lang),
                     "-" if index is None else fmt_dec(index, 2, lang)])
        r = d.result
        rows.append([period.label(lang), fmt_int(d.respondents, lang), fmt_int(d.served, lang),
                     fmt_int(d.min_sample, lang),
                     "-" if not d.served else tr("evidence.met" if d.sample_ok
                                                 else "evidence.not_met", lang),
                     fmt_dec(r.ikm, 2, lang) if r else tr(
                         f"evidence.skm.withheld_{d.withheld or 'none'}", lang),
                     r.grade.mutu if r else "-"])
    whole = rows[-1]
    return (Item("PEKPPP Aspek 5 - Konsultasi dan Pengaduan", "5.2 Survei Kepuasan Masyarakat",
                 tr("evidence.skm.figure", lang, ikm=whole[5], mutu=whole[6], n=whole[1],
                    min=whole[3]),
                 [tr("evidence.skm.period", lang), tr("evidence.skm.respondents", lang),
                  tr("evidence.skm.served", lang), tr("evidence.skm.min", lang),
                  tr("evidence.skm.ok", lang), "IKM", tr("evidence.skm.mutu", lang)], rows,
                 tr("evidence.skm.source", lang), "ZI Area VI.4",
                 [4.2 * cm] + [(CONTENT_W - 4.2 * cm) / 6] * 6),
            Item("PEKPPP Aspek 5 - Konsultasi dan Pengaduan",
                 "5.4 Survei Persepsi Anti Korupsi", tr(
                     "evidence.spak.figure", lang, n=spak[-1][1], ipak=spak[-1][2],
                     index=spak[-1][3]),
                 [tr("evidence.skm.period", lang), tr("evidence.skm.respondents", lang),
                  "IPAK (1-4)", tr("evidence.spak.index", lang)], spak,
                 tr("evidence.spak.source", lang), "ZI (hasil: IPAK)",
                 [5.0 * cm] + [(CONTENT_W - 5.0 * cm) / 3] * 3))


def _rtl(conn: Connection, year: int, lang: str) -> Item:
    done_at: dict[int, str] = {}
    for at, data in conn.execute("SELECT at, data FROM events WHERE kind = "
                                 "'skm_followup_changed' ORDER BY id"):
        try:
            d = json.loads(data or "{}")
        except ValueError:
            continue
        if d.get("status") == "done" and isinstance(d.get("id"), int):
            done_at.setdefault(d["id"], at)
    rows, done = [], 0
    for f in conn.execute(
            "SELECT id, report_period, element, action, owner, status, created_at FROM "
            "skm_followups WHERE report_period LIKE ? OR target_period LIKE ? ORDER BY id",
            (f"{year}%", f"{year}%")).fetchall():
        closed = done_at.get(f[0]) if f[5] == "done" else None
        days = (datetime.fromisoformat(closed) - datetime.fromisoformat(f[6])).days \
            if closed else None
        done += f[5] == "done"
        rows.append([f[1], f"U{f[2]}", f[3], f[4] or "-",
                     tr(f"skm.followup.status.{f[5]}", lang),
                     "-" if days is None else fmt_int(days, lang)])
    share = f"{100 * done / len(rows):.0f}" if rows else "0"
    return Item("PEKPPP Aspek 5 - Konsultasi dan Pengaduan", "5.3 Rencana tindak lanjut SKM",
                tr("evidence.rtl.figure", lang, n=len(rows), done=done, share=share),
                [tr(k, lang) for k in ("evidence.rtl.period", "evidence.rtl.element",
                                       "evidence.rtl.action", "evidence.rtl.owner",
                                       "evidence.rtl.status", "evidence.rtl.days")], rows,
                tr("evidence.rtl.source", lang), "ZI Area VI.4",
                [2.0 * cm, 1.3 * cm, CONTENT_W - 10.8 * cm, 3.2 * cm, 2.3 * cm, 2.0 * cm])


# -- writing --------------------------------------------------------------------------------
def _requests(conn: Connection, year: int, tz: str, lang: str) -> Item:
    """UU 27/2022: each request about a person's data, answered within 3 x 24 h or not."""
    from ult_desktop.db.privacy.requests import read_requests

    found = read_requests(conn, year)
    yes, no = tr("evidence.requests.in_time", lang), tr("evidence.requests.late", lang)

    def when(text: str) -> str:
        try:
            return local_time(datetime.fromisoformat(text), tz).strftime("%Y-%m-%d %H.%M")
        except (TypeError, ValueError):
            return text

    rows = [[when(r["received"]), when(r["answered"]),
             tr(f"evidence.requests.{r['act']}", lang), r["by"] or "-",
             yes if r["within_72h"] else no] for r in found]
    return Item("UU 27-2022 Pelindungan Data Pribadi", "Register permintaan data pribadi",
                tr("evidence.requests.figure", lang, n=len(found),
                   within=sum(r["within_72h"] for r in found)),
                [tr(k, lang) for k in ("evidence.requests.received", "evidence.requests.answered",
                                       "evidence.requests.act", "evidence.requests.by",
                                       "evidence.requests.within")], rows,
                tr("evidence.requests.source", lang), "ZI Area VI",
                [3.4 * cm, 3.4 * cm, 3.6 * cm, 3.0 * cm, CONTENT_W - 13.4 * cm])


def _grid(header: list[str], rows: list[list[object]], widths: list[float]) -> Table:
    """A table whose cells wrap between words (long actions, long headers in narrow
    columns), never inside one: a column narrower than its longest word takes the width
    from those with room (:func:`_word_widths`)."""
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD,
                          textColor=colors.white)
    table = Table([[Paragraph(esc(h), head) for h in header],
                   *([Paragraph(esc(c), cell) for c in r] for r in rows)],
                  colWidths=_word_widths(header, rows, widths, cell.fontSize),
                  repeatRows=1, hAlign="LEFT")
    style = [("BACKGROUND", (0, 0), (-1, 0), HEAD), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    style += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(rows) + 1, 2)]
    table.setStyle(TableStyle(style))
    return table


def _word_widths(header: list[str], rows: list[list[object]], widths: list[float],
                 size: float, padding: float = 12.0) -> list[float]:
    """*widths* with each column as wide as its longest word (bold in the header), what
    that takes given back by the columns wider than theirs, in proportion to their room."""
    need = [max([stringWidth(w, BOLD, size) for w in str(h).split()] +
                [stringWidth(w, REGULAR, size) for r in rows for w in str(r[i]).split()] +
                [0.0]) + padding for i, h in enumerate(header)]
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    room = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
    if short <= 0 or room <= 0:
        return widths
    give = min(1.0, short / room)
    return [n if n > w else w - (w - n) * give for n, w in zip(need, widths, strict=True)]


def _pdf(item: Item, path: Path, *, office_name: str, year: int, lang: str,
         verification: Verification) -> None:
    s = styles()
    flow = [Paragraph(esc(office_name), s["office"]),
            Paragraph(esc(tr("evidence.title", lang, year=year) + " — " + item.name),
                      s["title"])]
    if item.folder:
        flow.append(Paragraph(esc(tr("evidence.serves", lang, folder=item.folder,
                                      zi=item.zi)), s["period"]))
    flow += [Spacer(1, 8), Paragraph(esc(item.figure), s["big"])]
    if item.rows:
        flow.append(_grid(item.header, item.rows, item.widths or
                          [CONTENT_W / len(item.header)] * len(item.header)))
    else:
        flow.append(Paragraph(esc(tr("evidence.nothing", lang)), s["body"]))
    flow += [Paragraph(esc(n), s["note"]) for n in item.notes]
    flow += [Spacer(1, 8), Paragraph(esc(tr("evidence.source", lang, source=item.source)),
                                     s["note"])]

    def page(canvas, doc) -> None:
        verified_line(canvas, verification, lang, y=0.9 * cm, above=0.9 * cm)

    build_a4(path, flow, bottom=1.6 * cm + foot_room(verification), title=item.name,
             author=office_name, on_page=page)


def refuse_long_paths(root: str | os.PathLike, items: list[Item], *,
                      limit: int = MAX_PATH) -> None:
    """Refuse (PathTooLong), before anything is written, a pack whose longest path in
    *root* (an absolute folder) would pass Windows' limit."""
    length, path = longest_path(str(root), [
        f"{i.folder}/{i.name}{suffix}" if i.folder else f"{i.name}{suffix}"
        for i in items for suffix in (".pdf", ".csv")])
    if length > limit:
        raise PathTooLong(path=path, length=length, limit=limit)


def evidence_items(db: Database, year: int, *, lang: str = "id",
                   now: datetime | None = None) -> tuple[str, list[Item]]:
    """The office's name and the items of *year*'s evidence pack, in the pack's order:
    every figure and table the pack prints, read from the record (no file written)."""
    now = now or utc_now()
    data = collect(db, date(year, 1, 1), date(year, 12, 31), now=now)
    tz = data.timezone

    def read(conn: Connection) -> list[Item]:
        return [_sp(conn, year, lang), _publication(conn, year, lang),
                _hours(conn, year, tz, lang),
                _complaints(conn, year, tz, lang, local_time(now, tz).date()),
                _rtl(conn, year, lang), _requests(conn, year, tz, lang),
                _followups(conn, year, lang, local_time(now, tz).date())]

    first = db.read(read)
    satisfaction, spak = _skm(db, year, lang, now)
    return data.office_name, [*first[:3], _rentan(db, year, lang, data), _outages(data, lang),
                              first[3], satisfaction, first[4], spak, first[6], first[5]]


def build_evidence(db: Database, year: int, out: str | os.PathLike, *, lang: str = "id",
                   now: datetime | None = None,
                   progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write the evidence pack of *year* into *out* (made if missing), each file renamed
    into place; returns the files written (OSError: the folder cannot be written)."""
    now = now or utc_now()
    verification = verify(db, date(year, 1, 1), date(year, 12, 31))
    with figures_record(db, verification.corrections) as record:  # (as the acts left it)
        office_name, items = evidence_items(record, year, lang=lang, now=now)
    root = Path(out)
    written: list[Path] = []
    index = Item("", "00 Daftar isi", tr("evidence.index.figure", lang, n=len(items)),
                 [tr("evidence.index.item", lang), tr("evidence.index.figure_col", lang),
                  "ZI"], [[f"{i.folder}/{i.name}", i.figure, i.zi] for i in items],
                 tr("evidence.index.source", lang), "",
                 [6.0 * cm, CONTENT_W - 8.2 * cm, 2.2 * cm])
    if sys.platform == "win32":
        refuse_long_paths(os.path.abspath(root), [index, *items])
    for n, item in enumerate([index, *items], start=1):
        folder = root / item.folder if item.folder else root
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in (".pdf",) if item is index else (".pdf", ".csv"):
            target = folder / f"{item.name}{suffix}"
            def render(tmp: Path, item=item, suffix=suffix) -> None:
                if suffix == ".pdf":
                    _pdf(item, tmp, office_name=office_name, year=year, lang=lang,
                         verification=verification)
                else:
                    write_rows(tmp, [item.header, *as_text(item.rows)])
                    stamp_csv(tmp, verification, lang)

            # the part file's name is shorter than the file's own (long paths)
            written.append(write_atomically(target, render,
                                            tmp=folder / f"~{n}{suffix}.part"))
        if progress is not None:
            progress(n, len(items) + 1)
    issue(db, report="evidence", fmt="pdf", date_from=date(year, 1, 1),
          date_to=date(year, 12, 31), files=written, verification=verification)
    return written
