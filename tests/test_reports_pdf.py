"""The monthly PDF: figures read back from its text equal those computed from the file.

A month of work is generated through the real operations (tests/reports_month.py);
the expected figures below are computed here with plain SQL and ``statistics``, not
through ``ult_desktop.reports``.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import re
import sqlite3
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import pypdf
import pytest

from tests.reports_month import generate_month, pdf_text, row
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.open import open_database
from ult_desktop.reports.pdf import build_pdf

WIB = timezone(timedelta(hours=7))
START, END = date(2026, 3, 1), date(2026, 3, 31)
NOW = datetime(2026, 4, 2, 10, 0, tzinfo=WIB)  # the report is made two days after the month


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    path = init_database(tmp_path_factory.mktemp("month") / "office.db", demo=True)
    db = open_database(path, station="gen", mode="test")
    log = generate_month(db)
    yield path, db, log
    db.close()


@pytest.fixture(scope="module")
def text(month, tmp_path_factory):
    _, db, _ = month
    out = tmp_path_factory.mktemp("pdf") / "laporan.pdf"
    build_pdf(db, START, END, out, now=NOW)
    return pdf_text(out)


@pytest.fixture(scope="module")
def raw(month):
    conn = sqlite3.connect(month[0])
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


# -- reading the text back --------------------------------------------------------------------

HEADINGS = ["1. Ringkasan", "2. Pengunjung per Hari", "3. Pengunjung per Layanan",
            "4. Kanal Layanan", "5. Waktu Tunggu", "6. Kinerja per Loket",
            "7. Kasus Diteruskan", "8. Waktu per Langkah SOP", "9. Survei Kepuasan"]


def section(text: str, number: int) -> str:
    start = text.index(HEADINGS[number - 1])
    end = text.index(HEADINGS[number]) if number < len(HEADINGS) else len(text)
    return text[start:end]


def num(cell: str) -> float | int:
    """Indonesian number text back to a number: 1.234 -> 1234, 9,8 -> 9.8."""
    cell = cell.replace(" mnt", "").rstrip("%")
    if "," in cell:
        return float(cell.replace(".", "").replace(",", "."))
    return int(cell.replace(".", ""))


def dec(value: float, places: int) -> str:
    q = Decimal(1).scaleb(-places)
    return str(Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)).replace(".", ",")


def p90(values: list[float]) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


# -- independent figures from the file ------------------------------------------------------

def tickets(raw) -> list[sqlite3.Row]:
    return raw.execute("SELECT t.*, s.prefix AS service, s.name AS sname, s.target_wait_min, "
                       "s.target_service_min FROM tickets t JOIN services s ON "
                       "s.id = t.service_id WHERE t.day BETWEEN ? AND ?",
                       (START.isoformat(), END.isoformat())).fetchall()


def first_calls(raw) -> dict[int, datetime]:
    out: dict[int, datetime] = {}
    for r in raw.execute("SELECT ticket_id, at FROM events WHERE kind = 'called' ORDER BY id"):
        out.setdefault(r[0], datetime.fromisoformat(r[1]))
    return out


def minutes(a: str | datetime, b: str | datetime) -> float:
    a = datetime.fromisoformat(a) if isinstance(a, str) else a
    b = datetime.fromisoformat(b) if isinstance(b, str) else b
    return (b - a).total_seconds() / 60


# -- tests ------------------------------------------------------------------------------------

def test_header_names_office_and_period(text):
    assert "BPMP Provinsi Jawa Tengah" in text
    assert "LAPORAN PELAYANAN UNIT LAYANAN TERPADU" in text
    assert "Periode: 1 Maret 2026 s.d. 31 Maret 2026" in text
    assert "Dibuat: Kamis, 2 April 2026 10:00 WIB" in text


def test_summary_counts(text, raw, month):
    ts = tickets(raw)
    block = section(text, 1)
    states = Counter(t["state"] for t in ts)
    remote = raw.execute("SELECT COUNT(*) FROM register_records WHERE ticket_id IS NULL AND "
                         "day BETWEEN ? AND ?", (START.isoformat(), END.isoformat())).fetchone()[0]
    assert remote == month[2].remote > 0
    assert num(row(block, "Tiket antrean diterbitkan")[0]) == len(ts) == month[2].issued
    assert num(row(block, "Total kunjungan (semua kanal)")[0]) == len(ts) + remote
    assert num(row(block, "Dilayani")[0]) == states["done"] + states["escalated"]
    assert num(row(block, "Pengunjung prioritas (kelompok rentan)")[0]) == sum(t["priority"] for t in ts)
    assert num(row(block, "Tidak hadir saat dipanggil")[0]) == states["skipped"] > 0
    assert num(row(block, "Dibatalkan")[0]) == states["cancelled"] > 0
    respondents = raw.execute("SELECT COUNT(*) FROM skm_responses").fetchone()[0]
    assert num(row(block, "Responden SKM")[0]) == respondents == month[2].surveys
    assert num(row(block, "Kasus diteruskan (semua kanal)")[0]) == month[2].cases + raw.execute(
        "SELECT COUNT(*) FROM tickets t WHERE state = 'escalated' AND NOT EXISTS (SELECT 1 "
        "FROM register_records r JOIN cases c ON c.record_id = r.id "
        "WHERE r.ticket_id = t.id)").fetchone()[0]


def test_visitors_per_day(text, raw):
    block = section(text, 2)
    per_day = defaultdict(Counter)
    for t in tickets(raw):
        c = per_day[t["day"]]
        c["tickets"] += 1
        c["priority"] += t["priority"]
        c["served"] += t["state"] in ("done", "escalated")
        c["no_show"] += t["state"] == "skipped"
        c["cancelled"] += t["state"] == "cancelled"
    for r in raw.execute("SELECT day, channel, COUNT(*) FROM register_records WHERE "
                         "ticket_id IS NULL GROUP BY day, channel"):
        per_day[r[0]][r[1]] += r[2]
    days = "Sen Sel Rab Kam Jum Sab Min".split()
    assert len(per_day) >= 15  # March 2026: Nyepi, Lebaran and 4 days of cuti bersama
    for day, c in per_day.items():
        d = date.fromisoformat(day)
        label = f"{days[d.weekday()]}, {d:%d-%m-%Y}"
        cells = [num(x) for x in row(block, label)]
        assert cells == [c["tickets"], c["priority"], c["served"], c["no_show"],
                         c["cancelled"], c["phone"], c["online"]], label
    assert num(row(block, "Jumlah")[0]) == sum(c["tickets"] for c in per_day.values())


def test_visitors_per_service(text, raw):
    block = section(text, 3)
    ts = tickets(raw)
    for prefix, name in raw.execute("SELECT prefix, name FROM services"):
        mine = [t for t in ts if t["service"] == prefix]
        cells = [num(x) for x in row(block, f"{prefix} - {name}")]
        assert cells[:6] == [
            len(mine), sum(t["priority"] for t in mine),
            sum(t["state"] in ("done", "escalated") for t in mine),
            sum(t["state"] == "skipped" for t in mine),
            sum(t["state"] == "cancelled" for t in mine),
            sum(t["state"] == "escalated" for t in mine)], prefix


def test_channels_and_hours(text, raw):
    block = section(text, 4)
    ts = tickets(raw)
    remote = dict(raw.execute("SELECT channel, COUNT(*) FROM register_records WHERE "
                              "ticket_id IS NULL GROUP BY channel").fetchall())
    assert num(row(block, "Datang langsung")[0]) == len(ts)
    assert num(row(block, "Telepon")[0]) == remote.get("phone", 0) > 0
    assert num(row(block, "Daring")[0]) == remote.get("online", 0)
    hours = Counter(datetime.fromisoformat(t["issued_at"]).astimezone(WIB).hour for t in ts)
    for hour, n in hours.items():
        assert num(row(block, f"{hour:02d}.00-{hour:02d}.59")[0]) == n


def _time_block(text: str, which: str) -> str:
    block = section(text, 5)
    wait_at = block.index("Waktu tunggu (menit)")
    service_at = block.index("Waktu layanan (menit)")
    return block[wait_at:service_at] if which == "wait" else block[service_at:]


def test_waiting_and_service_times_against_targets(text, raw):
    calls = first_calls(raw)
    ts = tickets(raw)
    for prefix, name in raw.execute("SELECT prefix, name FROM services"):
        mine = [t for t in ts if t["service"] == prefix]
        waits = [minutes(t["issued_at"], calls[t["id"]]) for t in mine if t["id"] in calls]
        target = mine[0]["target_wait_min"]
        cells = row(_time_block(text, "wait"), f"{prefix} - {name}")
        assert cells[0] == f"{target} mnt"
        assert num(cells[1]) == len(waits)
        assert cells[2:5] == [dec(statistics.mean(waits), 1), dec(statistics.median(waits), 1),
                              dec(p90(waits), 1)], prefix
        assert cells[5] == dec(100 * sum(w <= target for w in waits) / len(waits), 1) + "%"

        served = [minutes(t["serving_at"], t["finished_at"]) for t in mine
                  if t["state"] in ("done", "escalated")]
        target = mine[0]["target_service_min"]
        cells = row(_time_block(text, "service"), f"{prefix} - {name}")
        assert num(cells[1]) == len(served)
        assert cells[2:5] == [dec(statistics.mean(served), 1),
                              dec(statistics.median(served), 1), dec(p90(served), 1)], prefix
        assert cells[5] == dec(100 * sum(s <= target for s in served) / len(served), 1) + "%"
    all_waits = [minutes(t["issued_at"], calls[t["id"]]) for t in ts if t["id"] in calls]
    cells = row(_time_block(text, "wait"), "Semua layanan")
    assert num(cells[1]) == len(all_waits)
    assert cells[2] == dec(statistics.mean(all_waits), 1)
    prio = [minutes(t["issued_at"], calls[t["id"]]) for t in ts
            if t["id"] in calls and t["priority"]]
    assert (f"Rata-rata waktu tunggu pengunjung prioritas {dec(statistics.mean(prio), 1)} "
            f"menit (n = {len(prio)})") in " ".join(section(text, 5).split())


def test_per_counter_and_officer(text, raw):
    block = section(text, 6)
    ts = [t for t in tickets(raw) if t["state"] in ("done", "escalated")]
    counters = dict(raw.execute("SELECT number, name FROM counters").fetchall())
    for number, name in counters.items():
        mine = [minutes(t["serving_at"], t["finished_at"]) for t in ts
                if t["counter_number"] == number]
        cells = row(block, name)
        assert num(cells[0]) == len(mine) > 0
        assert cells[1:3] == [dec(statistics.mean(mine), 1), dec(statistics.median(mine), 1)]
    officers = dict(raw.execute("SELECT id, name FROM officers").fetchall())
    by_officer = Counter(t["officer_id"] for t in ts)
    for officer_id, n in by_officer.items():
        assert num(row(block, officers[officer_id])[0]) == n


def test_escalations_opened_resolved_overdue(text, raw):
    today = NOW.date()
    opened_due = {}
    for r in raw.execute("SELECT data FROM events WHERE kind = 'case_opened'"):
        data = json.loads(r[0])
        opened_due[data["case_id"]] = date.fromisoformat(data["due_day"])
    status = Counter()
    for c in raw.execute("SELECT id, opened_at, answered_at, reschedule_count, "
                         "callback_done_at FROM cases"):
        due = opened_due[c["id"]]
        status["opened"] += 1
        status["rescheduled"] += c["reschedule_count"] > 0
        # resolved once the answer reached the visitor: here, by call-back
        if c["answered_at"] and c["callback_done_at"]:
            told = datetime.fromisoformat(c["callback_done_at"]).astimezone(WIB).date()
            status["on_time" if told <= due else "late"] += 1
        else:
            status["open" if today <= due else "overdue"] += 1
    # tickets finished as escalated without a register record / case
    for t in raw.execute("SELECT t.day, t.service_id, s.target_resolution_days FROM tickets t "
                         "JOIN services s ON s.id = t.service_id WHERE t.state = 'escalated' "
                         "AND t.id NOT IN (SELECT ticket_id FROM register_records r JOIN cases "
                         "c ON c.record_id = r.id WHERE ticket_id IS NOT NULL)"):
        status["opened"] += 1
        due = OfficeCalendar().add_working_days(date.fromisoformat(t[0]), t[2])
        status["open" if today <= due else "overdue"] += 1
    assert status["on_time"] and status["late"] and status["overdue"] and status["rescheduled"]
    cells = [num(x) for x in row(section(text, 7), "Jumlah")]
    assert cells == [status[k] for k in ("opened", "on_time", "late", "open", "overdue",
                                         "rescheduled")]


def test_skm_nrr_ikm_and_grade(text, raw):
    block = section(text, 9)
    rows = raw.execute("SELECT * FROM skm_responses").fetchall()
    n = len(rows)
    nrr = [sum(r[f"a{i}"] for r in rows) / n for i in range(1, 10)]
    ikm = sum(nrr) / 9 * 25
    ikm_text = dec(ikm, 2)
    grade = "A" if ikm >= 88.31 else "B" if ikm >= 76.61 else "C" if ikm >= 65 else "D"
    kinerja = {"A": "Sangat Baik", "B": "Baik", "C": "Kurang Baik", "D": "Tidak Baik"}[grade]
    assert f"IKM {ikm_text} - Mutu {grade} ({kinerja}), {n} responden" in block
    names = ["Persyaratan", "Sistem, Mekanisme, dan Prosedur", "Waktu Penyelesaian",
             "Biaya/Tarif", "Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana",
             "Perilaku Pelaksana", "Penanganan Pengaduan, Saran dan Masukan",
             "Sarana dan Prasarana"]
    for i, name in enumerate(names):
        line = re.search(rf"^\s*{i + 1}\s+{re.escape(name)}\s{{2,}}(.*)$", block, re.M)
        assert line.group(1).split()[:2] == [dec(nrr[i], 2), dec(nrr[i] * 25, 2)]
    assert row(block, "IKM ")[-1] == ikm_text
    for prefix, sid, name in raw.execute("SELECT prefix, id, name FROM services"):
        mine = [r for r in rows if r["service_id"] == sid]
        value = sum(sum(r[f"a{i}"] for r in mine) for i in range(1, 10)) / len(mine) / 9 * 25
        cells = row(block[block.index("Kinerja"):], f"{prefix} - {name}")
        assert cells[:2] == [str(len(mine)), dec(value, 2)]


def test_empty_period_and_english(month, tmp_path):
    _, db, _ = month
    out = tmp_path / "kosong.pdf"
    build_pdf(db, date(2027, 1, 1), date(2027, 1, 31), out, now=NOW)
    text = pdf_text(out)
    assert "Belum ada responden SKM pada periode ini." in text
    assert num(row(section(text, 1), "Tiket antrean diterbitkan")[0]) == 0
    out_en = tmp_path / "report.pdf"
    build_pdf(db, START, date(2026, 3, 6), out_en, lang="en", now=NOW)
    english = pdf_text(out_en)
    assert "Period: 1 March 2026 to 6 March 2026" in english
    assert "Public Satisfaction Survey" in english


def test_logo_is_drawn_and_a_broken_logo_does_not_fail(month, tmp_path):
    from PIL import Image

    from ult_desktop.db.house.office import set_settings

    _, db, _ = month
    buf = io.BytesIO()
    Image.new("RGB", (120, 120), "#1565c0").save(buf, "PNG")
    set_settings(db, office_logo_png_b64=base64.b64encode(buf.getvalue()).decode())
    try:
        with_logo = tmp_path / "logo.pdf"
        build_pdf(db, START, START + timedelta(days=6), with_logo, now=NOW)
        assert pypdf.PdfReader(str(with_logo)).pages[0].images
        set_settings(db, office_logo_png_b64="bukan-gambar")
        broken = tmp_path / "broken.pdf"
        build_pdf(db, START, START + timedelta(days=6), broken, now=NOW)
        assert "LAPORAN PELAYANAN" in pdf_text(broken)
    finally:
        set_settings(db, office_logo_png_b64="")


def test_failed_write_leaves_no_partial_file(month, tmp_path):
    _, db, _ = month
    target = tmp_path / "missing-folder" / "laporan.pdf"
    with pytest.raises(OSError):
        build_pdf(db, START, END, target, now=NOW)
    assert not target.exists() and not target.with_name("laporan.pdf.part").exists()


def test_names_beyond_latin_1_are_printed_not_boxes(month, tmp_path):
    from ult_desktop.db.house.office import read_settings, set_settings

    _, db, _ = month
    name, address = "ULT Nguyễn Ñoño Đặng", "Jl. Ωmega No. 7, Phường Bến Nghé"
    before = db.read(lambda conn: read_settings(conn, ("office_name", "office_address")))
    set_settings(db, office_name=name, office_address=address)
    try:
        out = tmp_path / "nama.pdf"
        build_pdf(db, START, START + timedelta(days=6), out, now=NOW)
    finally:
        set_settings(db, **before)
    text = pdf_text(out)
    assert name in text and address in text  # in the heading, the address and the footer
    assert text.count(name) >= 2


def test_a_reprint_states_each_change_on_a_line_of_its_own(month):
    """A reprinted report's statement of admin changes sits above the footer, each change
    a line of its own: on no page does it cross the footer, the verify line or the body."""
    from ult_desktop.reports.data import collect
    from ult_desktop.reports.pdf import render_pdf
    from ult_desktop.reports.verified import Verification

    _, db, _ = month
    changes = tuple({"count": n, "table": "skm_responses", "what": "deleted", "admin": "sari",
                     "day": "2026-04-10", "month": "2026-03"} for n in (3, 2))
    verification = Verification(ok=True, differences=0, head=(120, "ab" * 32),
                                root="AB12 CD34", provable_from=1, changes=changes)
    buf = io.BytesIO()
    render_pdf(collect(db, START, END, now=NOW), buf, chain_head=(120, "ab" * 32),
               verification=verification)
    for page in pypdf.PdfReader(buf).pages:
        lines: dict[float, str] = {}

        def seen(text, cm, tm, _font, _size, lines=lines):
            if text.strip():
                y = round(tm[5] * cm[3] + cm[5], 1)
                lines[y] = lines.get(y, "") + text

        page.extract_text(visitor_text=seen)
        stated = [y for y, text in lines.items() if "setelah laporan 2026-03" in text]
        assert len(stated) == 2, lines
        footer = [y for y, text in lines.items() if y < min(stated)]
        assert len(footer) == 3, lines  # office and page, chain head, verify line
        body = [y for y in lines if y > max(stated)]
        heights = sorted({*footer, *stated, min(body)})
        assert all(b - a >= 7 for a, b in itertools.pairwise(heights)), lines
        assert "3 jawaban" in lines[max(stated)]  # read top down, as stated
