"""Online requests arrive with their number (SOP 001).

The office's web form exports its requests as CSV or XLSX; each imported row becomes an
online guest-book record keeping its request number (``online_ref``, compared in one form
by :func:`normal_ref`) and a back-office case. The column mapping is guessed once and
remembered on this PC; importing the same export again adds nothing twice.

The file is not trusted: a row in a period a report already claimed, in the future,
before the retention of personal data, of an unknown service or with no real date is
refused with its row number; a row of a past month needs an admin's PIN. Excel's CSVs are
read as an Indonesian Windows writes them (``;`` or ``,``, UTF-8 or Windows-1252,
day-first dates, line breaks in quoted cells).

Each new requester gets a survey code (``db.survey.skm.remote_survey_code``), shown to the
officer to send on, never written beside the export; it counts as source *daring*."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path

from ult_desktop.app import localfiles
from ult_desktop.app.paths import user_data_dir
from ult_desktop.core.dates import add_months
from ult_desktop.core.i18n import tr
from ult_desktop.core.numbering import office_day, utc_now, zone
from ult_desktop.core.register import REQUEST_TYPES, Channel, RecordInput
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house import office
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.db.visit import cases, register

#: Our fields, in the order the mapping dialog shows them.
FIELDS = ("online_ref", "visitor_name", "phone", "email", "institution", "service",
          "request_type", "topic", "question", "submitted_at")
REQUIRED = ("online_ref", "visitor_name")
#: Header words that name each field in the exports offices use (lower case).
_GUESS = {
    "online_ref": ("nomor permohonan", "no permohonan", "no. permohonan", "nomor tiket",
                   "no tiket", "kode permohonan", "nomor registrasi", "nomor"),
    "visitor_name": ("nama pemohon", "nama lengkap", "nama"),
    "phone": ("nomor hp", "no hp", "no. hp", "telepon", "whatsapp", "hp", "telp"),
    "email": ("email", "e-mail", "surel", "alamat email"),
    "institution": ("instansi", "asal instansi", "satuan pendidikan", "sekolah", "lembaga"),
    "service": ("jenis layanan", "layanan"),
    "request_type": ("jenis permohonan", "kategori", "jenis"),
    "topic": ("perihal", "topik", "judul", "subjek"),
    "question": ("isi permohonan", "uraian", "pertanyaan", "keterangan", "pesan"),
    "submitted_at": ("tanggal permohonan", "waktu permohonan", "timestamp", "tanggal",
                     "waktu", "created_at"),
}
_MAP_FILE = "online-import-columns.json"


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)      # request numbers
    existing: list[str] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (row, sentence)
    #: the new requesters' survey codes (request number, e-mail, code), for the officer
    codes: list[tuple[str, str, str]] = field(default_factory=list)

    def summary(self, lang: str | None = None) -> str:
        text = tr("import.summary", lang, added=len(self.added), existing=len(self.existing),
                  refused=len(self.refused))
        if self.codes:
            text += " " + tr("import.codes", lang, n=len(self.codes))
        return text + "".join(" " + tr("import.refused_row", lang, row=r, why=why)
                              for r, why in self.refused[:5])

    def code_lines(self) -> list[str]:
        """One line a new requester: their request number, e-mail and survey code."""
        return [f"{ref}  {email or '-'}  {code}" for ref, email, code in self.codes]


def read_table(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a CSV or XLSX export, every cell as text (dates of a sheet
    as ISO text). A CSV as Excel writes it: ``;`` or ``,`` or a tab (whichever the header
    line holds most), UTF-8 with or without BOM or else Windows-1252, line breaks inside
    quoted cells kept.

    :raises RuleViolation: not a file we can read, or an empty one."""
    path = Path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            try:
                table = [[_cell(v) for v in row] for row in book.active.iter_rows(
                    values_only=True)]
            finally:
                book.close()
        else:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")  # Excel's "CSV" on an Indonesian Windows
            first = text.split("\n", 1)[0]
            delimiter = max((";", ",", "\t"), key=first.count)
            table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise errors.RuleViolation("import.error.unreadable", path=str(path)) from exc
    table = [row for row in table if any(c.strip() for c in row)]
    if len(table) < 2:
        raise errors.RuleViolation("import.error.empty", path=str(path))
    header = [h.strip() for h in table[0]]
    return header, [row + [""] * (len(header) - len(row)) for row in table[1:]]


def normal_ref(text: str) -> str:
    """A request number in one form: upper case, blanks, underscores and dashes as one
    dash (``req 001``, ``REQ_001`` and ``REQ-001`` are one request)."""
    return re.sub(r"[\s_\-]+", "-", (text or "").strip().upper()).strip("-")


def _reported(db: Database) -> list[tuple[str, str]]:
    """The periods (first, last day) reports and exports were issued for: their figures
    were claimed, so nothing is filed into them afterwards."""
    out = []
    for (data,) in db.query("SELECT data FROM events WHERE kind = 'report_issued'"):
        try:
            d = json.loads(data)
            first, last = date.fromisoformat(d["from"]), date.fromisoformat(d["to"])
        except (TypeError, ValueError, KeyError):
            continue
        out.append((first.isoformat(), last.isoformat()))
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def remembered() -> dict[str, str]:
    """The mapping this PC used last (field -> header), or nothing."""
    data = localfiles.read_json(user_data_dir() / _MAP_FILE)
    return {k: v for k, v in data.items() if k in FIELDS and isinstance(v, str)}


def remember(mapping: dict[str, str]) -> None:
    localfiles.write_atomic(user_data_dir() / _MAP_FILE,
                            json.dumps({k: v for k, v in mapping.items() if v}))


def guess_mapping(header: list[str], known: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> header: what was remembered when those headers are still there, else the
    first header that reads like the field (each header used once)."""
    known = {k: v for k, v in (known or {}).items() if v in header}
    taken = set(known.values())
    out = dict(known)
    lowered = {h: re.sub(r"\s+", " ", h.lower()).strip() for h in header}
    for fld in FIELDS:
        if fld in out:
            continue
        for words in _GUESS[fld]:
            hit = next((h for h in header if h not in taken and lowered[h] == words), None) \
                or next((h for h in header if h not in taken and words in lowered[h]), None)
            if hit:
                out[fld] = hit
                taken.add(hit)
                break
    return out


def _when(text: str, tz: str, now: datetime) -> datetime | None:
    """A submission time as the form wrote it (ISO, or day-month-year with / - or .). A
    date without a time is that day at 09.00, or *now* if that is later than now (a row of
    today imported before nine is not "ahead")."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
        dated = _when(f"{text} 09:00" if text[4:5] not in "-/" else
                      f"{text.replace('/', '-')}T09:00", tz, now)
        if dated is not None and dated > now and office_day(dated, tz) == office_day(now, tz):
            return now
        return dated
    try:
        parsed = datetime.fromisoformat(text.replace("/", "-") if re.match(r"\d{4}/", text)
                                        else text)
    except ValueError:
        m = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2})[:.](\d{2}))?", text)
        if not m:
            return None
        d, mo, y, hh, mm = m.groups()
        try:
            parsed = datetime.combine(date(int(y), int(mo), int(d)),
                                      time(int(hh or 9), int(mm or 0)))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(tz))
    return parsed.astimezone(timezone.utc)


def _day_refused(day: str | None, today: str, month: str, oldest: str, keep: int,
                 reported: list[tuple[str, str]], admin: str | None) -> str | None:
    """Why a row dated *day* (office day, None: undated, filed today) is not filed."""
    if day is None:
        return None
    if day > today:
        return tr("import.error.future", day=day)
    if day < oldest:
        return tr("import.error.retention", day=day, months=keep)
    closed = next((p for p in reported if day[:7] < month and p[0] <= day <= p[1]), None)
    if closed is not None:  # a closed month, already reported
        return tr("import.error.reported", day=day, first=closed[0], last=closed[1])
    if day[:7] < month and not admin:
        return tr("import.error.closed_month", day=day)
    return None


def import_requests(db: Database, path: str | Path, mapping: dict[str, str], *,
                    default_service: str, officer_id: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    now: datetime | None = None, admin: str | None = None) -> ImportResult:
    """Import the export at *path* with *mapping* (field -> header); a row of a service the
    office does not know goes to *default_service*. Rows are refused as the module says; one
    of a past month is filed only with *admin* (whose PIN the caller checked).

    :raises RuleViolation: the file cannot be read, or the request number or the name has
        no column."""
    missing = [f for f in REQUIRED if not mapping.get(f)]
    if missing:
        raise errors.RuleViolation("import.error.unmapped",
                                   field=tr(f"import.field.{missing[0]}"))
    header, rows = read_table(path)
    col = {f: header.index(h) for f, h in mapping.items() if h in header}
    services = office.list_services(db)
    by_name = {**{s.name.lower(): s.prefix for s in services},
               **{s.prefix.lower(): s.prefix for s in services}}
    settings = office.get_settings(db, "timezone", "retention_months")
    tz, keep = settings["timezone"], int(settings["retention_months"])
    known = _known_refs(db)
    today = office_day(now or utc_now(), tz)
    month = today.isoformat()[:7]  # the running month stays open
    oldest = add_months(today, -keep).isoformat() if keep > 0 else ""
    reported = _reported(db)
    result = ImportResult()
    for n, row in enumerate(rows, start=2):  # the sheet's own row numbers
        value = {f: row[i].strip() for f, i in col.items()}
        ref = normal_ref(value.get("online_ref", ""))
        if progress is not None:
            progress(n - 1, len(rows))
        if ref and (ref in known or ref in result.added):
            if ref in known and known[ref][1] is None:  # cut short: its case is still due
                cases.open_case(db, record_id=known[ref][0], officer_id=officer_id, now=now)
            result.existing.append(ref)
            continue
        named = value.get("service", "")
        when = _when(value.get("submitted_at", ""), tz, now or utc_now())
        day = when.astimezone(zone(tz)).date().isoformat() if when is not None else None
        why = (tr("import.error.no_ref") if not ref else
               tr("import.error.service", name=named,
                  known=", ".join(s.prefix for s in services))
               if named and named.lower() not in by_name else
               tr("import.error.date", value=value["submitted_at"])
               if value.get("submitted_at") and when is None else
               _day_refused(day, today.isoformat(), month, oldest, keep, reported, admin) or
               (tr("import.error.future_time", time=when.astimezone(zone(tz)).strftime("%H:%M"))
                if when is not None and when > (now or utc_now()) else None))
        if why is None:
            service = by_name.get(named.lower(), default_service) if named else default_service
            why = _file_row(db, result, ref, value, service, officer_id, when or now, now)
        if why is not None:
            result.refused.append((n, why))
    return result


def _known_refs(db: Database) -> dict[str, tuple[int, int | None]]:
    """The request numbers in the register already: (record id, its case id or None)."""
    known: dict[str, tuple[int, int | None]] = {}
    for rid, ref, case_id in db.query(
            "SELECT r.id, r.online_ref, c.id FROM register_records r LEFT JOIN cases c ON "
            "c.record_id = r.id WHERE r.channel = 'online' AND r.online_ref IS NOT NULL"):
        known.setdefault(normal_ref(ref), (rid, case_id))
    return known


def _file_row(db: Database, result: ImportResult, ref: str, value: dict[str, str],
              service: str, officer_id: int | None, when: datetime | None,
              now: datetime | None) -> str | None:
    """File one checked row as a record with its case; the refusal sentence, if any."""
    kind = value.get("request_type", "").lower()
    record = RecordInput(
        visitor_name=value.get("visitor_name", ""), phone=value.get("phone", ""),
        email=value.get("email", ""), institution=value.get("institution", ""),
        topic=value.get("topic", ""), question=value.get("question", ""),
        online_ref=ref, request_type=kind if kind in REQUEST_TYPES else "")
    try:
        saved = register.save_record(db, record=record, channel=Channel.ONLINE,
                                     service=service, officer_id=officer_id, now=when)
    except errors.RuleViolation as exc:
        return exc.message()
    cases.open_case(db, record_id=saved.id, officer_id=officer_id, now=when)
    result.added.append(ref)
    code = skm_db.remote_survey_code(db, record_id=saved.id, now=now)
    if code is not None:  # shown to the officer to send on (SOP 001 step 3)
        result.codes.append((ref, value.get("email", ""), code))
    return None
