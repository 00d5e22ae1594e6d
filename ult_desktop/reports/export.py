"""CSV and XLSX exports of a period's tickets, service register, SKM answers and time per
SOP 003 step (formats: docs/reports.md). The register export masks NIK/NIP; SKM answers
carry no ticket or person."""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ult_desktop.core import skm
from ult_desktop.core.dates import stored_day
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import office_day, utc_now, zone
from ult_desktop.core.register import mask_id_number
from ult_desktop.core.skm import last_closed_month, merge_small_groups, scrub_personal_data
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import get_settings
from ult_desktop.db.record.figures_view import figures_record
from ult_desktop.db.visit.handover import sop_report
from ult_desktop.reports.data import read_services, read_tickets
from ult_desktop.reports.fmt import write_atomically
from ult_desktop.reports.verified import Verification, issue, render_and_issue, stamp_csv, verify

#: (column key, kind) of the tickets table; kinds: text, int, num, time, bool
TICKET_COLUMNS = (
    ("day", "date"), ("number", "text"), ("service", "text"), ("service_name", "text"),
    ("channel", "text"), ("priority", "bool"), ("state", "text"), ("outcome", "text"),
    ("issued_at", "time"), ("first_called_at", "time"), ("serving_at", "time"),
    ("finished_at", "time"), ("wait_min", "num"), ("service_min", "num"),
    ("counter", "int"), ("officer", "text"), ("transfers", "int"),
)
REGISTER_COLUMNS = (
    ("day", "date"), ("channel", "text"), ("ticket", "text"), ("service", "text"),
    ("officer", "text"), ("visitor_name", "text"), ("institution", "text"),
    ("region_name", "text"), ("phone", "text"), ("email", "text"), ("id_number", "text"),
    ("on_behalf_of", "text"), ("letter_type", "text"), ("letter_number", "text"),
    ("topic", "text"), ("question", "text"), ("answer", "text"), ("online_ref", "text"),
    ("case_state", "text"), ("case_due", "date"),
)
SKM_COLUMNS = (("period", "text"), ("service", "text"),
               *((f"u{i}", "int") for i in range(1, 10)),
               ("source", "text"), ("gender", "text"), ("age_band", "text"),
               ("education", "text"), ("occupation", "text"), ("suggestion", "text"))

#: Time per SOP 003 step per service (the figures of the PDF's SOP section)
SOP_COLUMNS = (("service", "text"), ("service_name", "text"), ("sop_step", "int"),
               ("sop_step_name", "text"), ("standard_min", "int"), ("steps", "int"),
               ("mean_min", "num"), ("median_min", "num"), ("p90_min", "num"),
               ("within", "int"), ("over", "int"))


def header(columns: Iterable[tuple[str, str]], lang: str) -> list[str]:
    return [tr(f"report.col.{key}", lang) for key, _ in columns]


def _local(moment: datetime | None, tz) -> datetime | None:
    return moment.astimezone(tz).replace(tzinfo=None) if moment else None


def _shown(moment: datetime | None) -> datetime | None:
    """Whole seconds for the sheet (the minutes columns use the exact times)."""
    return moment.replace(microsecond=0) if moment else None


def ticket_rows(db: Database, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """One dict per ticket issued on office days *date_from* .. *date_to*, read as the
    figures read them (``reports.data.read_tickets``: a row it cannot read is left out)."""
    tz = zone(get_settings(db)["timezone"])

    def read(conn):
        services = read_services(conn)
        return services, read_tickets(conn, date_from.isoformat(), date_to.isoformat(),
                                      services)[0], dict(conn.execute(
                                          "SELECT id, name FROM officers").fetchall())

    services, tickets, officers = db.read(read)
    rows = []
    for t in sorted(tickets, key=lambda t: (t.day, t.id)):
        issued, called = _local(t.issued_at, tz), _local(t.first_called_at, tz)
        serving, finished = _local(t.serving_at, tz), _local(t.finished_at, tz)
        service = services[t.service_id]
        rows.append({
            "day": t.day, "number": t.number, "service": service.prefix,
            "service_name": service.name, "channel": t.channel, "priority": t.priority,
            "state": t.state, "outcome": t.outcome, "issued_at": _shown(issued),
            "first_called_at": _shown(called), "serving_at": _shown(serving),
            "finished_at": _shown(finished),
            "wait_min": _two_places(t.wait_min), "service_min": _two_places(t.service_min),
            "counter": t.counter, "officer": officers.get(t.officer_id),
            "transfers": t.transfer_count,
        })
    return rows


def _two_places(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes, 2)


def register_rows(db: Database, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """Register records of the period (empty if this file has no register)."""
    case_cols, case_join = "c.state AS case_state, c.due_day AS case_due", \
        "LEFT JOIN cases c ON c.record_id = r.id"
    rows = []
    for r in db.query(
            f"SELECT r.*, t.number AS ticket, s.prefix AS service, o.name AS officer, "
            f"{case_cols} FROM register_records r "
            f"JOIN services s ON s.id = r.service_id LEFT JOIN tickets t ON t.id = r.ticket_id "
            f"LEFT JOIN officers o ON o.id = r.officer_id {case_join} "
            "WHERE r.day BETWEEN ? AND ? ORDER BY r.day, r.id",
            (date_from.isoformat(), date_to.isoformat())):
        row = {key: r[key] for key, _ in REGISTER_COLUMNS if key in r.keys()}
        row["day"] = stored_day(r["day"])
        row["id_number"] = mask_id_number(r["id_number"])
        row["case_due"] = stored_day(r["case_due"])
        rows.append(row)
    return rows


def skm_rows(db: Database, date_from: date, date_to: date, *, lang: str = "id",
             now: datetime | None = None) -> list[dict[str, Any]]:
    """Anonymous SKM answers of the closed months the period touches; a month below the
    minimum group is left out, a small service merged into "Lainnya"
    (``core.skm.merge_small_groups``), so no row can be told apart by its labels."""
    settings = get_settings(db, "skm_min_group", "timezone")
    minimum = skm.min_group(settings)
    today = office_day(now or utc_now(), settings["timezone"])
    last_closed = last_closed_month(today)
    found = db.query(
        "SELECT k.*, s.prefix AS service FROM skm_responses k "
        "JOIN services s ON s.id = k.service_id WHERE k.period BETWEEN ? AND ? "
        "ORDER BY k.period, s.prefix, k.id",
        (date_from.isoformat()[:7], min(date_to.isoformat()[:7], last_closed)))
    per_month: dict[str, dict[str, int]] = {}
    for r in found:
        counts = per_month.setdefault(r["period"], {})
        counts[r["service"]] = counts.get(r["service"], 0) + 1
    shown = {month: merge_small_groups(counts, minimum) for month, counts in per_month.items()
             if sum(counts.values()) >= minimum}
    merged_label = tr("skmr.merged_service", lang)
    rows = []
    for r in found:
        if r["period"] not in shown:
            continue
        service = r["service"] if r["service"] in shown[r["period"]] else merged_label
        rows.append({"period": r["period"], "service": service,
                     **{f"u{i}": r[f"a{i}"] for i in range(1, 10)},
                     "source": r["source"], "gender": r["gender"], "age_band": r["age_band"],
                     "education": r["education"], "occupation": r["occupation"],
                     "suggestion": scrub_personal_data(r["suggestion"])
                     if r["suggestion"] else None})
    return sorted(rows, key=lambda row: (row["period"], row["service"] == merged_label,
                                         row["service"]))


def sop_rows(db: Database, date_from: date, date_to: date, *,
             lang: str = "id") -> list[dict[str, Any]]:
    """One row per service and SOP 003 step with handovers: count, mean, median, P90
    minutes, met and over the mutu baku. Empty without a back office or handovers."""
    report = sop_report(db, date_from, date_to)
    services = {sid: (s.prefix, s.name) for sid, s in db.read(read_services).items()}
    rows = []
    for sid in services:
        steps = report.by_service.get(sid)
        if not steps or not any(st.count for st in steps):
            continue
        for st in steps:
            rows.append({
                "service": services[sid][0], "service_name": services[sid][1],
                "sop_step": st.number, "sop_step_name": tr(f"backoffice.step.{st.key}", lang),
                "standard_min": st.target_min, "steps": st.count,
                "mean_min": round(st.mean_min, 2) if st.count else None,
                "median_min": None if st.median_min is None else round(st.median_min, 2),
                "p90_min": None if st.p90_min is None else round(st.p90_min, 2),
                "within": st.within, "over": st.over})
    return rows


# -- CSV ---------------------------------------------------------------------------------------

#: Text a spreadsheet would run as a formula (visitors' words must stay text).
_FORMULA_START = ("=", "@", "\t", "\r")
_PLAIN_SIGNED = re.compile(r"[+-][0-9 ().-]*")  # a phone number or a negative number


def _skipped(ch: str) -> bool:
    """A character a spreadsheet may skip before a formula: whitespace, a control, or a
    Unicode format character (zero-width space, U+200E/U+200F, soft hyphen ...)."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def _formula_like(text: str) -> bool:
    """Whether a spreadsheet could read *text* as a formula: after width normalisation
    (NFKC: "＝" is "=") and with every leading blank or format character left out."""
    norm = unicodedata.normalize("NFKC", text)
    start = 0
    while start < len(norm) and _skipped(norm[start]):
        start += 1
    if start and norm[start:start + 1] in ("=", "@", "+", "-"):
        return True
    return norm.startswith(_FORMULA_START) or (
        norm[:1] in ("+", "-") and _PLAIN_SIGNED.fullmatch(norm) is None)


#: How Indonesian Excel (id-ID region) opens a CSV with a double click: ";" between
#: values, a UTF-8 BOM (a "sep=" line would make it ignore the BOM), decimal commas.
CSV_DELIMITER = ";"


def write_rows(path: Path, rows: Iterable[Iterable[object]]) -> None:
    """*rows* into a new CSV at *path* as Indonesian Excel opens it (:data:`CSV_DELIMITER`,
    a UTF-8 BOM); their values already through :func:`csv_value` (:func:`as_text`)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=CSV_DELIMITER).writerows(rows)


def as_text(rows: Iterable[Iterable[object]]) -> Iterator[list[str]]:
    """Each value of *rows* as a CSV's text cell (:func:`csv_value`)."""
    return ([csv_value(v, "text") for v in row] for row in rows)


def csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) or (kind == "num" and not isinstance(value, str)):
        return str(value).replace(".", ",")  # Indonesian Excel's decimal sign
    if kind == "text" and _formula_like(str(value)):
        return "'" + str(value)
    if kind == "bool":
        return "1" if value else "0"
    if kind in ("time", "date"):
        return value.isoformat(sep=" ", timespec="seconds") if kind == "time" \
            else value.isoformat()
    return str(value)


def write_csv(path: str | os.PathLike, columns, rows: list[dict[str, Any]], *,
              lang: str = "id") -> Path:
    return write_atomically(Path(path), lambda tmp: write_rows(tmp, [
        header(columns, lang),
        *([csv_value(row.get(key), kind) for key, kind in columns] for row in rows)]))


def export_csv(db: Database, date_from: date, date_to: date, out: str | os.PathLike, *,
               lang: str = "id") -> list[Path]:
    """Tickets to *out*, the register and SOP steps (when any) to ``<stem>_register.csv``
    and ``<stem>_sop.csv``; returns the files written."""
    verification = verify(db, date_from, date_to)  # reconciled first
    target = Path(out)
    with figures_record(db, verification.corrections) as record:
        written = [write_csv(target, TICKET_COLUMNS, ticket_rows(record, date_from, date_to),
                             lang=lang)]
        for name, columns, rows in (
                ("register", REGISTER_COLUMNS, register_rows(record, date_from, date_to)),
                ("sop", SOP_COLUMNS, sop_rows(record, date_from, date_to, lang=lang))):
            if rows:
                written.append(write_csv(target.with_name(f"{target.stem}_{name}{target.suffix}"),
                                         columns, rows, lang=lang))
    for path in written:
        stamp_csv(path, verification, lang)
    issue(db, report="csv", fmt="csv", date_from=date_from, date_to=date_to, files=written,
          verification=verification)
    return written


# -- XLSX --------------------------------------------------------------------------------------

_WIDTHS = {"time": 19, "date": 11, "num": 9, "int": 7, "bool": 8}


def write_sheet(book: Workbook, title: str, columns, rows: list[dict[str, Any]], lang: str) -> None:
    ws = book.create_sheet(title=title)
    ws.freeze_panes = "A2"
    for i, (key, kind) in enumerate(columns, start=1):
        width = _WIDTHS.get(kind, 14 if key not in ("question", "answer", "service_name")
                            else 32)
        ws.column_dimensions[get_column_letter(i)].width = width
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1565C0")
    head = []
    for text in header(columns, lang):
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill = bold, fill
        head.append(cell)
    ws.append(head)
    # openpyxl gives datetimes a date-time format of their own; plain values keep it fast
    yes, no = tr("report.yes", lang), tr("report.no", lang)
    for row in rows:
        out = []
        for key, kind in columns:
            value = _storable(row.get(key))
            if kind == "bool" and value is not None:
                value = yes if value else no
            elif kind == "date" and value is not None:
                value = datetime(value.year, value.month, value.day)
            elif kind == "text" and isinstance(value, str) and _formula_like(value):
                value = WriteOnlyCell(ws, value=value)
                value.data_type = "s"  # the text as typed, never a formula
            out.append(value)
        ws.append(out)


def _storable(value: object) -> object:
    """A value a sheet can hold: bytes and characters a sheet cannot store (a row written
    outside the app) as text without them."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, bytes):
        value = value.hex()
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def export_xlsx(db: Database, date_from: date, date_to: date, out: str | os.PathLike, *,
                lang: str = "id") -> Path:
    """One workbook: sheets Tiket, Register (if the file has one), SKM and Langkah SOP
    (if anything was handed to back office in the period)."""
    def render(tmp: Path, verification: Verification, record: Database) -> None:
        book = Workbook(write_only=True)  # (reconciled first)
        write_sheet(book, tr("report.sheet.tickets", lang), TICKET_COLUMNS,
                    ticket_rows(record, date_from, date_to), lang)
        write_sheet(book, tr("report.sheet.register", lang), REGISTER_COLUMNS,
                    register_rows(record, date_from, date_to), lang)
        write_sheet(book, tr("report.sheet.skm", lang), SKM_COLUMNS,
                    skm_rows(record, date_from, date_to, lang=lang), lang)
        sop = sop_rows(record, date_from, date_to, lang=lang)
        if sop:
            write_sheet(book, tr("report.sheet.sop", lang), SOP_COLUMNS, sop, lang)
        # the last sheet says whether the figures reconcile with the log
        book.create_sheet(tr("report.sheet.verified", lang)).append([verification.footer(lang)])
        book.save(tmp)

    return render_and_issue(db, Path(out), render, report="xlsx", fmt="xlsx",
                            date_from=date_from, date_to=date_to)
