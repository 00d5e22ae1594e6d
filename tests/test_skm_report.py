"""The SKM report (PDF): every figure read back from the PDF's text equals the one computed
here, independently, from the answers the test stored (plain sums and Fractions, the
regulation's bands, the Krejcie & Morgan formula written out again), not through
``ult_desktop.reports``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from tests.drivers import sheet_before_36, submit_survey
from tests.reports_month import pdf_text, row
from ult_desktop.core.register import RecordInput
from ult_desktop.core.skm import ReportPeriod
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.survey import skm_followups
from ult_desktop.db.visit import register
from ult_desktop.reports.skm_pdf import build_skm_pdf

WIB = timezone(timedelta(hours=7))
NOW = datetime(2027, 1, 8, 10, 0, tzinfo=WIB)
NAMES = ["Persyaratan", "Sistem, Mekanisme, dan Prosedur", "Waktu Penyelesaian", "Biaya/Tarif",
         "Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana", "Perilaku Pelaksana",
         "Penanganan Pengaduan, Saran dan Masukan", "Sarana dan Prasarana"]
#: The regulation's bands: lowest IKM of each mutu.
BANDS = [(Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C"),
         (Decimal("25.00"), "D")]

TABLET = [  # ticket service A, nine answers, profile
    ([4, 3, 2, 4, 3, 4, 4, 3, 3], {"gender": "l", "age_band": "30_39", "education": "d4_s1",
                                   "occupation": "guru"}),
    ([3, 3, 2, 4, 3, 3, 4, 3, 2], {"gender": "p", "age_band": "30_39", "education": "d4_s1",
                                   "occupation": "guru"}),
    ([4, 4, 3, 4, 4, 4, 4, 4, 3], {"gender": "p", "age_band": "40_49", "education": "s2",
                                   "occupation": "pns"}),
    ([3, 2, 1, 4, 3, 3, 3, 2, 2], {"gender": "l", "age_band": "30_39", "education": "d4_s1",
                                   "occupation": "guru"}),
    ([4, 3, 3, 4, 3, 4, 4, 3, 3], {"gender": "p", "age_band": "20_29", "education": "d4_s1",
                                   "occupation": "guru"}),
    ([3, 3, 2, 3, 3, 3, 3, 3, 3], {"gender": "p", "age_band": "30_39", "education": "sma",
                                   "occupation": "x"}),
    ([4, 4, 2, 4, 4, 4, 4, 3, 4], {"gender": "l", "age_band": "50_59", "education": "d4_s1",
                                   "occupation": "guru"}),
    ([2, 3, 2, 4, 3, 3, 3, 3, 2], {"gender": "p", "age_band": "30_39", "education": "d4_s1",
                                   "occupation": "guru"}),
]
PAPER = [  # service prefix, month, source, answers, suggestion
    # every month holds no answer or at least the minimum group (5)
    ("A", "2026-05", "paper", [3, 3, 3, 4, 3, 3, 3, 3, 3], "Ruang tunggu perlu kipas"),
    ("A", "2026-05", "phone", [4, 3, 2, 4, 3, 4, 4, 2, 3],
     "Hubungi saya di 0812-3456-7890 atau ani@example.com, NIK 3374012345670001"),
    ("A", "2026-05", "paper", [3, 3, 2, 4, 3, 3, 4, 3, 3], None),
    ("A", "2026-05", "paper", [4, 3, 3, 4, 4, 3, 4, 3, 4], None),
    ("A", "2026-05", "paper", [2, 3, 2, 4, 3, 2, 3, 3, 2], None),
    ("B", "2026-09", "paper", [4, 4, 4, 4, 4, 4, 4, 4, 4], None),
    ("B", "2026-09", "paper", [3, 3, 3, 3, 3, 3, 3, 3, 3], None),
    ("B", "2026-09", "phone", [2, 2, 2, 4, 2, 2, 2, 2, 2], None),
    ("C", "2026-09", "paper", [3, 4, 3, 4, 3, 4, 3, 4, 3], None),
    ("C", "2026-09", "paper", [4, 4, 3, 4, 4, 4, 4, 4, 4], None),
]
LAST_YEAR = [[3, 3, 2, 4, 3, 3, 3, 3, 3]] * 4 + [[2, 2, 1, 4, 2, 3, 3, 2, 2]] * 2
SERVED_A, SERVED_B, PHONE_A = 30, 3, 2


def serve(db, service: str, at: datetime):
    ticket = issue_ticket(db, service=service, now=at)
    call_next(db, counter=1, now=at + timedelta(minutes=1))
    finish(db, counter=1, now=at + timedelta(minutes=4))
    return ticket


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    path = init_database(tmp_path_factory.mktemp("skm") / "office.db", demo=True)
    db = open_database(path, station="gen", mode="test")
    services = {s["prefix"]: s["id"] for s in db.query("SELECT id, prefix FROM services")}
    start = datetime(2026, 3, 2, 8, 5, tzinfo=WIB)  # a Monday
    tickets = [serve(db, "A", start + timedelta(minutes=5 * i)) for i in range(SERVED_A)]
    tickets_b = [serve(db, "B", start + timedelta(days=1, minutes=5 * i))
                 for i in range(SERVED_B)]
    issue_ticket(db, service="A", now=start + timedelta(days=2))  # never served
    for i in range(PHONE_A):
        register.save_record(db, record=RecordInput(visitor_name=f"Penelepon {i}",
                                                    phone="081211112222", question="PAK"),
                             channel="phone", service="A",
                             now=start + timedelta(days=3, minutes=i))
    for ticket, (answers, profile) in zip(tickets, TABLET, strict=False):
        submit_survey(db, ticket_code=ticket.code, answers=answers, profile=profile,
                             now=start + timedelta(hours=5))
    for prefix, month, source, answers, text in PAPER:
        sheet_before_36(db, service_id=services[prefix], period=month, source=source,
                               answers=answers, suggestion=text)
    for answers in LAST_YEAR:
        sheet_before_36(db, service_id=services["A"], period="2025-06", source="paper",
                               answers=answers)
    skm_followups.save_followup(db, report_period="2025", element=3, action="Tambah loket siang",
                         owner="Koordinator ULT", target_period="2026", status="done")
    skm_followups.save_followup(db, report_period="2026", element=3, action="Antrean daring PAK",
                         owner="Kasubag Umum", target_period="2027")
    yield path, db, services, tickets_b
    db.close()


@pytest.fixture(scope="module")
def text(office, tmp_path_factory):
    _, db, _, _ = office
    out = tmp_path_factory.mktemp("pdf") / "skm-2026.pdf"
    build_skm_pdf(db, ReportPeriod(2026), out, now=NOW)
    return pdf_text(out)


# -- the independent arithmetic ----------------------------------------------------------------

def half_up(value: Fraction, places: int) -> str:
    d = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{d:.{places}f}".replace(".", ",")


def mutu(ikm: Fraction) -> str:
    rounded = Decimal(half_up(ikm, 2).replace(",", "."))
    return next(m for low, m in BANDS if rounded >= low)


def km(population: int) -> int:
    s = Decimal("3.841") * population * Decimal("0.25") / (
        Decimal("0.0025") * (population - 1) + Decimal("3.841") * Decimal("0.25"))
    return int(s.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def nrrs(sheets: list[list[int]]) -> list[Fraction]:
    return [Fraction(sum(s[i] for s in sheets), len(sheets)) for i in range(9)]


def ikm_of(sheets: list[list[int]]) -> Fraction:
    return sum(nrrs(sheets), Fraction(0)) / 9 * 25


ALL_2026 = [a for a, _ in TABLET] + [p[3] for p in PAPER]


def section(text: str, start: str, end: str | None) -> str:
    return text[text.index(start): text.index(end) if end else len(text)]


# -- the figures -------------------------------------------------------------------------------

def test_nrr_per_unsur_ikm_and_mutu_match_the_answers(text):
    block = section(text, "4. Nilai per unsur", "5. Hasil per layanan")
    values = nrrs(ALL_2026)
    for name, v in zip(NAMES, values, strict=True):
        assert row(block, name)[:4] == [half_up(v, 2), half_up(v / 9, 3), half_up(v * 25, 2),
                                        mutu(v * 25)], name
    ikm = ikm_of(ALL_2026)
    assert row(block, "IKM") == [half_up(sum(values, Fraction(0)) / 9, 3), half_up(ikm, 2),
                                 mutu(ikm)]
    summary = section(text, "1. Ringkasan hasil", "2. Responden")
    assert half_up(ikm, 2) in summary and row(summary, "Jumlah responden") == [
        str(len(ALL_2026))]


def test_three_weakest_unsur_are_named(text):
    values = nrrs(ALL_2026)
    weakest = sorted(range(9), key=lambda i: (values[i], i))[:3]
    expected = ", ".join(f"U{i + 1} {NAMES[i]} ({half_up(values[i], 2)})" for i in weakest)
    flat = " ".join(text.split())
    assert f"Tiga unsur terendah: {expected}." in flat


def test_respondents_against_people_served_and_the_krejcie_morgan_minimum(text):
    block = section(text, "2. Responden dan sampel", "3. Profil responden")
    served_a = SERVED_A + PHONE_A  # served tickets + phone records; the waiting one is not
    resp_a = len(TABLET) + sum(1 for p in PAPER if p[0] == "A")
    resp_b = sum(1 for p in PAPER if p[0] == "B")
    assert row(block, "A - Layanan Informasi Umum") == [str(resp_a), str(served_a),
                                                        str(km(served_a)),
                                                        f"KURANG {km(served_a) - resp_a}"]
    assert row(block, "B - Tunjangan Profesi & PAK") == [str(resp_b), str(SERVED_B),
                                                         str(km(SERVED_B)), "Memenuhi"]
    # Paper sheets for C, which served nobody: impossible, never "Memenuhi"
    resp_c = sum(1 for p in PAPER if p[0] == "C")
    assert row(block, "C - Dapodik & Helpdesk") == [str(resp_c), "0", "0", "TIDAK WAJAR"]
    total = served_a + SERVED_B
    assert row(block, "Jumlah") == [str(len(ALL_2026)), str(total), str(km(total)),
                                    "TIDAK WAJAR"]
    flat = " ".join(block.split())
    assert (f"Peringatan: jumlah responden ({resp_c}) melebihi jumlah orang yang dilayani "
            "(0) pada C - ") in flat


def test_small_services_are_merged_not_shown(text):
    block = section(text, "5. Hasil per layanan", "6. Perkembangan")
    a = [a for a, _ in TABLET] + [p[3] for p in PAPER if p[0] == "A"]
    small = [p[3] for p in PAPER if p[0] in "BC"]  # 3 + 2 answers: each under 5, together 5
    assert row(block, "A - Layanan Informasi Umum") == [str(len(a)), half_up(ikm_of(a), 2),
                                                        mutu(ikm_of(a))]
    assert row(block, "Layanan lain, digabung (kelompok < 5 responden dilindungi)") == [
        str(len(small)), half_up(ikm_of(small), 2), mutu(ikm_of(small))]
    assert "B - Tunjangan" not in block and "C - Dapodik" not in block


def test_profile_tables_show_no_group_under_the_minimum(text):
    block = section(text, "3. Profil responden", "4. Nilai per unsur")
    # the ten paper/phone sheets carry no profile; every band of the eight tablet
    # answers has fewer than 5 people or would be revealed by subtraction: all merged
    assert block.count("Tidak ditanyakan") == 4
    assert block.count("Lainnya (digabung, < 5 responden)") == 4
    for label in ("Laki-laki", "Perempuan", "SMA/SMK", "D4/S1", "S2", "40–49 tahun",
                  "30–39 tahun", "Guru/tenaga kependidikan", "PNS/ASN"):
        assert label not in block, label
    assert block.count(" 10 ") >= 4 and "55,6%" in block
    assert block.count(" 8 ") >= 4 and "44,4%" in block


def test_trend_against_last_year(text):
    block = section(text, "6. Perkembangan", "7. Saran")
    before, now = ikm_of(LAST_YEAR), ikm_of(ALL_2026)
    assert row(block, "Tahun 2025") == [str(len(LAST_YEAR)), half_up(before, 2), mutu(before),
                                        "-"]
    change = Decimal(half_up(now, 2).replace(",", ".")) - Decimal(half_up(before, 2).replace(",", "."))
    sign = "+" if change > 0 else "−"
    assert row(block, "Tahun 2026") == [str(len(ALL_2026)), half_up(now, 2), mutu(now),
                                        f"{sign}{abs(change):.2f}".replace(".", ",")]


def test_suggestions_are_shown_without_personal_data(text):
    block = " ".join(section(text, "7. Saran", "8. Rencana").split())
    assert "Ruang tunggu perlu kipas" in block
    assert "[telepon]" in block and "[e-mail]" in block and "[NIK]" in block
    for secret in ("0812", "3456-7890", "ani@example.com", "3374012345670001"):
        assert secret not in text


def test_follow_up_of_last_year_shows_status_and_how_the_unsur_moved(text):
    block = " ".join(section(text, "8. Rencana tindak lanjut", None).split())
    before, now = nrrs(LAST_YEAR)[2], nrrs(ALL_2026)[2]
    assert "Tindak lanjut periode sebelumnya (Tahun 2025)" in block
    assert "Tambah loket siang" in block and "Selesai" in block
    assert f"{half_up(before, 2)} → {half_up(now, 2)}" in block
    assert "Antrean daring PAK" in block and "Direncanakan" in block
    assert "Kepala BPMP" in block  # the signature block for the head of office


def test_semester_report_holds_only_its_months(office, tmp_path):
    _, db, _, _ = office
    out = build_skm_pdf(db, ReportPeriod(2026, 1), tmp_path / "s1.pdf", now=NOW)
    text = pdf_text(out)
    first_half = [a for a, _ in TABLET] + [p[3] for p in PAPER if p[1] <= "2026-06"]
    block = section(text, "4. Nilai per unsur", "5. Hasil per layanan")
    assert row(block, "IKM")[1] == half_up(ikm_of(first_half), 2)
    assert "Semester I Tahun 2026" in text


# -- no figure opens a small month, never a period still running --------------------

@pytest.fixture
def small_months(tmp_path):
    """Service A: 5 answers in January and July; service B: 5 in January and 1 in July."""
    db = open_database(init_database(tmp_path / "office.db", demo=True), station="gen",
                       mode="test")
    ids = {s["prefix"]: s["id"] for s in db.query("SELECT id, prefix FROM services")}
    for prefix, month, n, score in (("A", "2026-01", 5, 3), ("A", "2026-07", 5, 3),
                                    ("B", "2026-01", 5, 4), ("B", "2026-07", 1, 1)):
        for _ in range(n):
            sheet_before_36(db, service_id=ids[prefix], period=month, source="paper",
                                   answers=[score] * 9)
    yield db
    db.close()


def test_year_minus_semester_opens_no_small_month(small_months):
    """The attack on small groups: year minus S1 gave a withheld one-person service IKM."""
    from ult_desktop.reports.skm_data import collect_skm
    s1 = collect_skm(small_months, ReportPeriod(2026, 1), now=NOW)
    year = collect_skm(small_months, ReportPeriod(2026), now=NOW)
    s2 = collect_skm(small_months, ReportPeriod(2026, 2), now=NOW)
    assert s1.result is not None and {s.label for s in s1.services} == {
        "A - Layanan Informasi Umum", "B - Tunjangan Profesi & PAK"}
    # July holds 6 answers: the totals may be shown, but no service (B's July is one person,
    # and A alone would give B by subtraction from the total)
    assert year.result is not None and s2.result is not None
    assert year.services == [] and s2.services == []


def test_a_small_month_withholds_the_ikm_and_says_why(small_months, tmp_path):
    ids = {s["prefix"]: s["id"] for s in small_months.query("SELECT id, prefix FROM services")}
    sheet_before_36(small_months, service_id=ids["C"], period="2026-08",
                           source="paper", answers=[2] * 9)  # August: one person
    out = build_skm_pdf(small_months, ReportPeriod(2026), tmp_path / "y.pdf", now=NOW)
    flat = " ".join(pdf_text(out).split())
    assert "IKM tidak dicetak: ada bulan dengan kurang dari 5 responden" in flat
    assert "Tiga unsur terendah" not in flat


def test_a_period_still_running_prints_no_ikm(small_months, tmp_path):
    running = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)
    out = build_skm_pdf(small_months, ReportPeriod(2026, 2), tmp_path / "s2.pdf", now=running)
    flat = " ".join(pdf_text(out).split())
    assert "Periode ini belum berakhir" in flat
    assert row(section(pdf_text(out), "2. Responden", "3. Profil"), "Jumlah")[0] == "6"
