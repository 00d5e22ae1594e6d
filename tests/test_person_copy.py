"""The copy a citizen is given of her data (UU 27/2022 Pasal 32) is one she can read: in
Indonesian (English on request), on the office's clock, her visits and cases in words,
the purposes, legal basis, retention (the office's setting), recipients and whom to ask;
and one request is one entry in the request register, whatever formats it is given in.
Real files: the PDF read back with pdftotext, the JSON parsed."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from ult_desktop.core.register import RecordInput
from ult_desktop.db.house import office
from ult_desktop.db.privacy import requests
from ult_desktop.db.queue.desk import call_next, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, register
from ult_desktop.reports.person_pdf import save_copy

WITA = timezone(timedelta(hours=8))
ISSUED = datetime(2026, 3, 2, 9, 10, tzinfo=WITA)  # a Monday, 01:10 UTC
CONTACT = "Koordinator ULT, telepon 0361 222 333, ult@bpmp-bali.go.id"


@pytest.fixture
def ratna(db):
    """Ratna came on Monday 2 March 2026 at 09.10 WITA for Tunjangan Profesi, was served
    by Sari and her question went to the back office; Bambang came the same morning."""
    office.set_settings(db, timezone="WITA", retention_months=18, privacy_contact=CONTACT)
    sari = db.query("SELECT id FROM officers WHERE username = 'sari'")[0][0]
    records = []
    for n, (name, phone) in enumerate((("Ratna Sari Dewi", "081355550001"),
                                       ("Bambang Sutrisno", "081355550002"))):
        at = ISSUED + timedelta(minutes=20 * n)
        ticket = issue_ticket(db, service="B", now=at)
        call_next(db, counter=1, officer_id=sari, now=at + timedelta(minutes=4))
        start_serving(db, counter=1, now=at + timedelta(minutes=5))
        records.append(register.save_record(
            db, record=RecordInput(visitor_name=name, phone=phone,
                                   institution="SD Negeri 3 Denpasar",
                                   question="Kapan tunjangan profesi saya cair?",
                                   request_type="konsultasi"),
            channel="walk_in", ticket_id=ticket.id, officer_id=sari,
            now=at + timedelta(minutes=7)))
        if n == 0:
            cases.open_case(db, record_id=records[0].id, officer_id=sari,
                            now=at + timedelta(minutes=9))
        finish(db, counter=1, now=at + timedelta(minutes=10))
    return db, records[0].id


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_the_copy_reads_in_indonesian_on_the_office_clock(ratna, tmp_path):
    db, rid = ratna
    pdf, js = tmp_path / "salinan.pdf", tmp_path / "salinan.json"
    save_copy(db, rid, [pdf, js], lang="id")
    text = _text(pdf)
    # her visit in words, at 09.17 WITA (01.17 UTC is what the file holds)
    assert "Senin, 2 Maret 2026 09:17 WITA: Anda menghubungi kami (tatap muka) untuk " \
           "layanan Tunjangan Profesi & PAK. Nomor antrean B-001." in text
    assert "Jenis permintaan: konsultasi. Pertanyaan Anda: “Kapan tunjangan profesi saya " \
           "cair?”. Dicatat oleh" in text
    assert "Kasus K-00001: diteruskan Senin, 2 Maret 2026 09:19 WITA ke back office ULT" in text
    assert "Senin, 2 Maret 2026 09:10 WITA: Tiket diambil, nomor antrean B-001" in text
    assert "Nama: Ratna Sari Dewi" in text and "Nomor telepon: 081355550001" in text
    # what the law asks besides her data
    assert "Untuk apa data Anda dipakai" in text
    assert "Pasal 20 ayat (2) huruf e" in text
    assert "disimpan 18 bulan sejak kunjungan" in text
    assert "Data kunjungan terakhir Anda dihapus sekitar Kamis, 2 September 2027" in text
    assert "Siapa yang menerima data Anda" in text
    assert f"hubungi {CONTACT}." in text
    # nothing of a table dump, of UTC or of another visitor
    # (the ticket's 01:10 UTC never as "2 Maret 2026 01:10"; the copy's own moment, made
    # now, may read 01:10 WITA one minute a day)
    for word in ("UTC", "+00:00", "Maret 2026 01:10", "visitor_name", "register_records", "ticket_id",
                 "created_at", "Bambang", "081355550002"):
        assert word not in text, word

    copy = json.loads(js.read_text(encoding="utf-8"))
    assert copy["language"] == "id" and copy["visits"][0].startswith(
        "Senin, 2 Maret 2026 09:17 WITA")
    held = copy["data_as_held"]["register_records"][0]
    assert held["visitor_name"] == "Ratna Sari Dewi"
    assert held["created_at"] == "2026-03-02T09:17:00+08:00"
    assert "Bambang" not in js.read_text(encoding="utf-8")


def test_english_on_request(ratna, tmp_path):
    db, rid = ratna
    pdf = tmp_path / "copy.pdf"
    save_copy(db, rid, pdf, lang="en")
    text = _text(pdf)
    assert "Monday, 2 March 2026 09:17 WITA: you contacted us (walk-in) about Tunjangan " \
           "Profesi & PAK. Queue number B-001." in text
    assert "Legal basis" in text and "kept 18 months from the visit" in text
    assert f"contact {CONTACT}." in text
    assert "Salinan" not in text and "Pertanyaan Anda" not in text


def test_one_request_is_one_entry_whatever_the_formats(ratna, tmp_path):
    db, rid = ratna
    asked = requests.received_at("2026-03-03T10:00", "WITA")
    save_copy(db, rid, [tmp_path / "a.pdf", tmp_path / "a.json"], asked)

    def register_entries() -> int:
        return len(db.read(lambda conn: requests.read_requests(conn, 2026)))

    assert register_entries() == 1
    # the same request given again in the other format later: still one entry
    save_copy(db, rid, tmp_path / "b.json", asked)
    assert register_entries() == 1
    # a new request of hers is a second one
    save_copy(db, rid, tmp_path / "c.pdf", requests.received_at("2026-04-01T09:00", "WITA"))
    assert register_entries() == 2
