"""The evidence pack of a year: a test office of twelve generated
months, its folder, and each item's figure checked against the record by a count of
its own."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest
from conftest import run_cli

from tests.reports_month import generate_month
from ult_desktop.core import skm
from ult_desktop.core.evidence import SP_OFFICE_KEYS, lapor_clock
from ult_desktop.core.workdays import OfficeCalendar
from ult_desktop.db.house import office
from ult_desktop.db.house.setup import init_database
from ult_desktop.db.open import open_database
from ult_desktop.db.privacy import person, requests
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.db.survey import skm_followups
from ult_desktop.reports.evidence import build_evidence

YEAR = 2025
WIB = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def year_office(tmp_path_factory):
    path = init_database(tmp_path_factory.mktemp("evidence") / "office.db", demo=True)
    db = open_database(path, station="gen", mode="test")
    for month in range(1, 13):
        generate_month(db, YEAR, month, per_day=8, seed=month)
    office.set_settings(db, standar_pelayanan={k: f"isi {k}" for k in SP_OFFICE_KEYS} | {
        "sk_number": "800/12/BPMP/2025", "sk_date": "2025-01-06"})
    done = skm_followups.save_followup(db, report_period=f"{YEAR}-S1", element=3,
                                action="Tambah loket siang", owner="Koordinator ULT",
                                target_period=f"{YEAR}-S2", status="planned")
    skm_followups.save_followup(db, report_period=f"{YEAR}-S1", element=3, action="x",
                         owner="Koordinator ULT", target_period=f"{YEAR}-S2",
                         status="done", followup_id=done)
    skm_followups.save_followup(db, report_period=f"{YEAR}", element=7, action="Papan informasi",
                         owner="Subbag Umum", target_period=str(YEAR + 1), status="planned")
    rid = db.query("SELECT MIN(id) FROM register_records")[0][0]
    for asked, given in ((datetime(YEAR, 11, 3, 9, tzinfo=WIB), timedelta(hours=30)),
                         (datetime(YEAR, 11, 10, 9, tzinfo=WIB), timedelta(days=4))):
        person.note_copy_given(db, rid, "pdf", requests.received_at(asked.isoformat(), "WIB"),
                               now=asked + given)
    yield path, db
    db.close()


@pytest.fixture(scope="module")
def pack(year_office, tmp_path_factory):
    _path, db = year_office
    out = tmp_path_factory.mktemp("pack") / "bukti"
    files = build_evidence(db, YEAR, out, now=datetime(YEAR + 1, 2, 2, 3, tzinfo=timezone.utc))
    return out, files


def figure(out: Path, name: str) -> str:
    [pdf] = list(out.rglob(f"{name}.pdf"))
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages).split())


def rows(out: Path, name: str) -> list[list[str]]:
    [path] = list(out.rglob(f"{name}.csv"))
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))[1:-1]  # the last line: verified or not


def test_the_folder_is_organised_like_the_worksheets_and_every_file_is_signed_for(
        year_office, pack):
    _path, db = year_office
    out, files = pack
    folders = sorted({f.parent.name for f in files if f.parent != out})
    assert folders == ["PEKPPP Aspek 1 - Kebijakan Pelayanan",
                       "PEKPPP Aspek 3 - Sarana dan Prasarana",
                       "PEKPPP Aspek 5 - Konsultasi dan Pengaduan",
                       "UU 27-2022 Pelindungan Data Pribadi"]
    assert (out / "00 Daftar isi.pdf") in files and len(files) == 23  # 11 items and the index
    for f in files:
        if f.suffix == ".pdf":  # the report footer of "Who may say what" on every page
            for page in pypdf.PdfReader(str(f)).pages:
                assert "TIDAK TERVERIFIKASI terhadap akar yang dikenal" in page.extract_text()
    [issued] = db.query("SELECT data FROM events WHERE kind = 'report_issued' ORDER BY id "
                        "DESC LIMIT 1")
    listed = json.loads(issued[0])
    assert listed["report"] == "evidence"
    hashes = {Path(x["path"]): x["sha256"] for x in listed["files"]}
    assert set(hashes) == set(files)
    for f in files:
        assert hashes[f] == hashlib.sha256(f.read_bytes()).hexdigest()


def test_standar_pelayanan_per_service_against_the_services(year_office, pack):
    _path, db = year_office
    out, _files = pack
    services = db.query("SELECT id, prefix, persyaratan, prosedur, biaya, produk, "
                        "penanganan_pengaduan FROM services WHERE active = 1 ORDER BY sort_order")
    staffed = {r[0] for r in db.query(
        "SELECT DISTINCT service_id FROM tickets WHERE day LIKE ? AND state IN ('done', "
        "'escalated') AND officer_id IS NOT NULL", (f"{YEAR}%",))}
    complete = [s for s in services if all(s[2:]) and s[0] in staffed]
    assert f"{len(services)} jenis layanan; {len(complete)} memuat 14 komponen" in \
        figure(out, "1.1 Standar Pelayanan per jenis layanan")
    assert "SK nomor 800/12/BPMP/2025 tanggal 2025-01-06" in figure(
        out, "1.1 Standar Pelayanan per jenis layanan")
    table = rows(out, "1.1 Standar Pelayanan per jenis layanan")
    assert len(table) == 14 and all(len(r) == 1 + len(services) for r in table)


def test_complaints_against_the_guest_book_and_the_calendar(year_office, pack):
    _path, db = year_office
    out, _files = pack
    calendar = OfficeCalendar.from_settings(office.get_settings(db, "extra_holidays"))
    complaints = db.query(
        "SELECT r.day, r.answer, c.id, c.answered_at FROM register_records r LEFT JOIN cases c "
        "ON c.record_id = r.id WHERE r.request_type = 'pengaduan' AND r.day LIKE ?",
        (f"{YEAR}%",))
    assert complaints  # the generator's months have some
    first = 0
    for day, answer, case_id, answered in complaints:
        if case_id is None:  # answered at the desk: on the day
            first += bool(answer)
        elif answered is not None:
            told = datetime.fromisoformat(answered).astimezone(WIB).date()
            received = date.fromisoformat(day)
            first += lapor_clock(calendar, received, "pengaduan", received,
                                 plan_on=max(told, received))["plan"] == "met"
    text = figure(out, "5.1 Pengaduan dan waktu penanganan")
    assert f"{len(complaints)} pengaduan dan laporan SP4N-LAPOR!: rencana tindak lanjut " \
        f"dalam 5 hari kerja {first}," in text
    assert len(rows(out, "5.1 Pengaduan dan waktu penanganan")) == len(complaints)


def test_skm_rentan_hours_and_rtl_against_the_record(year_office, pack):
    _path, db = year_office
    out, _files = pack
    answers = [r.answers for r in db.read(lambda c: skm_db.read_responses(
        c, first_month=f"{YEAR}-01", last_month=f"{YEAR}-12"))]
    ikm = skm.compute_ikm(answers).ikm
    from ult_desktop.reports.fmt import fmt_dec

    assert f"IKM tahun ini {fmt_dec(ikm, 2, 'id')}" in figure(out, "5.2 Survei Kepuasan Masyarakat")
    assert f"dari {len(answers)} responden" in figure(out, "5.2 Survei Kepuasan Masyarakat")
    served = db.query("SELECT COUNT(*) FROM tickets WHERE priority = 1 AND day LIKE ? AND "
                      "state IN ('done', 'escalated')", (f"{YEAR}%",))[0][0]
    assert f"{served} pengunjung kelompok rentan dilayani" in figure(
        out, "3.1 Layanan kelompok rentan")
    days = db.query("SELECT COUNT(DISTINCT day) FROM tickets WHERE day LIKE ? AND "
                    "first_called_at IS NOT NULL", (f"{YEAR}%",))[0][0]
    assert f"dari {days} hari layanan" in figure(out, "1.3 Jam pelayanan dan loket buka")
    assert "2 rencana tindak lanjut; 1 selesai (50%)" in figure(
        out, "5.3 Rencana tindak lanjut SKM")


def test_the_command_line_makes_the_same_folder(year_office, tmp_path):
    path, _db = year_office
    done = run_cli("evidence", "--db", str(path), "--year", str(YEAR), "--out",
                   str(tmp_path / "cli"), "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["files"]) == 23


def test_a_pack_past_windows_path_limit_is_refused_before_writing(pack, tmp_path):
    """A deep OneDrive folder: every file of the pack must stay within 260 characters
    (Explorer, Excel and PDF readers keep that limit), or nothing is written."""
    from ult_desktop.core.errors import PathTooLong
    from ult_desktop.core.localpaths import MAX_PATH, longest_path
    from ult_desktop.reports.evidence import Item, refuse_long_paths

    out, files = pack
    relative = [f.relative_to(out).as_posix() for f in files]
    assert longest_path("C:\\ULT\\bukti\\", ["a/b.pdf", "c.csv"]) == (20, "C:\\ULT\\bukti\\a\\b.pdf")
    deepest = max(relative, key=len)
    onedrive = ("C:\\Users\\Nama Pegawai Balai Penjaminan Mutu\\OneDrive - Kementerian "
                "Pendidikan Dasar dan Menengah\\Dokumen\\Zona Integritas\\Bukti Dukung 2025\\"
                "Area III Penataan Tata Laksana\\Laporan Tahunan")
    length, path = longest_path(onedrive, relative)
    assert length == len(onedrive) + 1 + len(deepest) > MAX_PATH
    assert path.endswith(deepest.replace("/", "\\"))
    items = [Item(p.rsplit("/", 1)[0] if "/" in p else "", p.rsplit("/", 1)[-1][:-4],
                  "", [], [], "", "") for p in relative]
    with pytest.raises(PathTooLong) as refused:
        refuse_long_paths(onedrive, items)
    assert str(length) in str(refused.value) and "C:\\ULT\\bukti" in str(refused.value)
    refuse_long_paths("C:\\ULT\\bukti", items)  # a short folder: fine
    assert not list(out.rglob("*.part"))


def test_the_request_register_says_which_requests_were_answered_within_three_days(pack):
    out, _files = pack
    name = "Register permintaan data pribadi"
    assert "2 permintaan atas data pribadi; 1 dijawab dalam 3 x 24 jam" in figure(out, name)
    assert [(r[0], r[2], r[4]) for r in rows(out, name)] == [
        ("2025-11-03 09.00", "salinan diberikan", "ya"),
        ("2025-11-10 09.00", "salinan diberikan", "TIDAK")]
