"""The ministry compares offices by the packs they send: three simulated offices (real
office files, months of work through the queue's own operations), each month's report
printed and its pack made beside it; the comparison is judged by what each office's
printed report says (its PDF's text) and by the report's own figures, never by the pack
code; a pack changed by one figure, from an unknown office, twice for one month, from a
newer program or unreadable is named in one sentence and nothing else is lost."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import statistics
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import clear_of_midnight, run_cli

from tests.drivers import admin_pc, book_visit_on, sit_at
from tests.reports_month import WIB, generate_month
from ult_desktop.core.dates import month_range
from ult_desktop.db.house import office
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit.visits import check_in
from ult_desktop.reports.data import collect
from ult_desktop.reports.lapor import complaints
from ult_desktop.reports.ministry import compare_folder
from ult_desktop.reports.pack import build_pack
from ult_desktop.reports.pdf import build_pdf

MONTHS = ((2026, 1), (2026, 2), (2026, 3))
#: code, name, province, seed
OFFICES = (("JB01", "BPMP Jawa Barat", "Jawa Barat", 11),
           ("JB02", "BPMP Jawa Barat II", "Jawa Barat", 23),
           ("BA01", "BPMP Bali", "Bali", 37))


def month_key(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def bands_and_an_outage_today(admin, folder: Path) -> date:
    """This month's office day (an outage is landed only in its own month): three tickets
    whose paper showed a wait band (two called inside it), then the shared file away while
    a registered counter PC serves two visitors from its journal, landed afterwards (as
    tests/test_offline_acts_judged.py). Returns the day."""
    from ult_desktop.app import station_key
    from ult_desktop.db.journals.desk_journal import CounterJournal
    from ult_desktop.db.queue.print_results import record_print_result
    from ult_desktop.db.record import station_keys
    from ult_desktop.db.record.audit import OFFICER_LOGOUT, record_session

    now = clear_of_midnight(datetime.now(UTC), before=timedelta(minutes=45),
                            after=timedelta(minutes=4), ahead=timedelta(minutes=10))
    now -= timedelta(minutes=1)
    for ago, wait, band in ((44, 12, (10, 20)), (36, 10, (0, 5)), (28, 13, (10, 20))):
        issued = now - timedelta(minutes=ago)
        ticket = issue_ticket(admin, service="A", now=issued)
        record_print_result(admin, ticket_id=ticket.id, ok=True, printer="usb://x",
                            band=band, now=issued)
        called = issued + timedelta(minutes=wait)
        call_next(admin, counter=1, now=called)
        start_serving(admin, counter=1, now=called)
        finish(admin, counter=1, now=called + timedelta(minutes=2))
    key = station_key.create_key(folder / "key-loket")[0]
    counter = open_database(admin.file, station="Loket 1", mode="counter")
    journal = CounterJournal(folder / "loket-1-desk.sqlite", signer=key)
    try:
        counter.set_signer(key)
        station_keys.request_registration(counter, label="Loket 1")
        station_keys.approve_key(admin, key.key_id, role="counter")
        sit_at(counter, 1, "sari")  # (an offline sign-in credits one seen here online)
        record_session(counter, OFFICER_LOGOUT, None)
        away = [issue_ticket(counter, service="A", now=now) for _ in range(2)]
        start = now - timedelta(minutes=12)  # after the PC's last write online
        for i, ticket in enumerate(away):
            for kind, minute in (("call", 0), ("finish", 3)):
                journal.record(day=ticket.day, number=ticket.number, counter=1,
                               officer_id=None, kind=kind,
                               now=start + timedelta(minutes=5 * i + minute))
        assert journal.land(counter) == []
    finally:
        journal.close()
        counter.close()
    return now.astimezone(WIB).date()


@pytest.fixture(scope="module")
def offices(_demo_template, tmp_path_factory):
    """Each office's file worked for three months by its own PCs, its root made on its
    admin PC; per month the printed report (PDF) and the pack, in one folder of packs.
    JB02 also works this month: wait bands and an outage (:func:`bands_and_an_outage_today`).
    Returns (folder of packs, registry CSV, {code: {month: printed PDF}}, {code: admin
    Database})."""
    base = tmp_path_factory.mktemp("ministry")
    packs, printed, admins, rows = base / "paket", {}, {}, ["kode;nama;provinsi;sidik_jari"]
    packs.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ULT_KEY_DIR", str(base / "pc-keys"))
        for code, name, province, seed in OFFICES:
            path = base / code / "office.db"
            path.parent.mkdir()
            shutil.copyfile(_demo_template, path)
            db = open_database(path, station="gen", mode="test")
            office.set_settings(db, office_name=name)
            for n, (year, month) in enumerate(MONTHS):
                generate_month(db, year, month, per_day=3 + n, seed=seed + month)
            if code == "JB01":  # two follow-up visits in March: one came, one did not
                for case, code_ in zip(*db.query("SELECT MAX(id), MIN(id) FROM cases"),
                                       ("24032026", "25032026"), strict=True):
                    book_visit_on(db, case, f"2026-03-{code_[:2]}", code=code_)
                check_in(db, code="24032026", now=datetime(2026, 3, 24, 3, tzinfo=UTC))
            db.close()
            admin, key = admin_pc(path, base / code / "key-admin")
            admins[code] = admin
            rows.append(f"{code};{name};{province};{' '.join(re.findall('.{4}', key.key_id))}")
            printed[code] = {}
            today = [bands_and_an_outage_today(admin, base / code)] if code == "JB02" else []
            for first in [*(date(year, month, 1) for year, month in MONTHS), *today]:
                first, last = month_range(first)
                name = first.strftime("%Y-%m")
                printed[code][name] = build_pdf(admin, first, last,
                                                base / code / f"laporan-{name}.pdf")
                build_pack(admin, first, packs / f"{code}-{name}.ultpack")
    registry = base / "kantor.csv"
    registry.write_text("\n".join(rows) + "\n", encoding="utf-8")
    yield packs, registry, printed, admins
    for db in admins.values():
        db.close()


def printed_figures(pdf: Path) -> dict:
    """What the office's printed report says, read from the PDF's text."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout

    def num(pattern: str) -> float:
        found = re.search(pattern, text)
        assert found, pattern
        return float(found.group(1).replace(".", "").replace(",", "."))

    wait = re.search(r"Semua layanan\s+-\s+\d+\s+[\d,]+\s+([\d,]+)\s+([\d,]+)", text)
    flat = " ".join(text.split())
    promise = re.search(r"Ditepati untuk (\d+) dari (\d+) pengunjung", flat)
    ikm = re.search(r"IKM\s+([\d,]+) \(", text)
    booked_came = re.search(r"Kunjungan lanjutan dijadwalkan / datang\s+(\d+)/(\d+)", text)
    band = re.findall(r"(?:Perkiraan waktu tunggu (?:pada tiket|di ponsel)|Tiket dan ponsel "
                      r"bersama): ([\d,]+)% (?:pengunjung dipanggil )?dalam rentang", flat)
    skm = text[text.index("Survei Kepuasan Masyarakat"):] if ikm else ""
    return {"visitors": num(r"Total kunjungan \(semua kanal\)\s+([\d.]+)"),
            "served": num(r"\n\s+Dilayani\s+([\d.]+)"),
            "respondents": num(r"Responden SKM\s+([\d.]+)"),
            "ikm": float(ikm.group(1).replace(",", ".")) if ikm else None,
            "wait_median": float(wait.group(1).replace(",", ".")) if wait else None,
            "wait_p90": float(wait.group(2).replace(",", ".")) if wait else None,
            "promise": (int(promise.group(1)), int(promise.group(2))) if promise else None,
            # the SKM table's Nilai konversi per unsur, the summary's follow-ups, the
            # complaints received, the wait band's last line, the outages' table
            "elements": {int(n): float(v.replace(",", ".")) for n, v in re.findall(
                r"^\s+([1-9])\s{2,}\S.*?\s[\d,]+\s+([\d,]+)$", skm, re.M)[:9]},
            "followups_came": int(booked_came.group(2)),
            "followups_missed": num(r"Kunjungan lanjutan tidak datang\s+(\d+)"),
            "complaints": num(r"Pengaduan \(dilaporkan tersendiri\): (\d+) diterima")
            if "dilaporkan tersendiri" in flat else 0,
            "band": float(band[-1].replace(",", ".")) / 100 if band else None,
            # the outages' table: one row per outage (its day, from – to, the acts)
            "outages": len(re.findall(r"^\s+\d{1,2} \w+ \d{4} [\d.]+–[\d.]+\s+\d+\s+\d+$",
                                      text[text.index("Berkas bersama tidak terjangkau"):],
                                      re.M)) if "Berkas bersama tidak terjangkau" in text
            else 0}


def test_the_comparison_shows_what_each_office_printed(offices):
    folder, registry, printed, admins = offices
    c = compare_folder(folder, registry)
    assert c.refused == []
    assert [o.code for o in c.offices] == ["BA01", "JB01", "JB02"]  # by province
    for pack in folder.iterdir():  # nobody's name, phone or question leaves the office
        text = pack.read_text(encoding="utf-8")
        assert not re.search(r"Pengunjung|0812\d|SD Negeri|Pertanyaan", text), pack
    assert c.months == sorted({m for months in printed.values() for m in months})
    assert len(c.months) == len(MONTHS) + 1  # (JB02's this month)
    for code, months in printed.items():
        for month, pdf in months.items():
            said = printed_figures(pdf)
            got = c.figures[(code, month)]
            assert got["visitors"] == said["visitors"] and got["served"] == said["served"]
            assert got["respondents"] == said["respondents"]
            assert (got["ikm"] is None) == (said["ikm"] is None)
            if said["ikm"] is not None:
                assert round(got["ikm"], 2) == said["ikm"]
            for key in ("wait_median", "wait_p90"):
                assert round(got[key], 1) == said[key]
            if said["promise"] and said["promise"][1]:
                assert got["promise_share"] == pytest.approx(
                    said["promise"][0] / said["promise"][1], abs=1e-4)
            assert {n: got[f"element_{n}"] for n in range(1, 10)} == (
                said["elements"] or dict.fromkeys(range(1, 10)))
            assert got["followups_came"] == said["followups_came"]
            assert got["followups_missed"] == said["followups_missed"]
            assert (got["band_rate"] is None) == (said["band"] is None)
            if said["band"] is not None:
                assert got["band_rate"] == pytest.approx(said["band"], abs=5e-4)
            assert got["outages"] == said["outages"]
            lapor = [k for k in got if k.startswith("lapor.") and k.endswith(".received")]
            assert sum(got[k] for k in lapor) == said["complaints"]
            # the LAPOR! clock per category: as the office's LAPOR! sheet's list gives it
            first, last = month_range(date.fromisoformat(f"{month}-01"))
            data = collect(admins[code], first, last)
            found = admins[code].read(lambda conn, d=data, f=first, n=last: complaints(
                conn, f, n, d.timezone, d.today))
            for category in {x["category"] for x in found}:
                mine = [x for x in found if x["category"] == category]
                assert got[f"lapor.{category}.received"] == len(mine)
                assert got[f"lapor.{category}.on_time"] == sum(x["done"] == "met"
                                                               for x in mine)
    assert c.figures[("JB01", "2026-03")]["followups_came"] == 1  # (not all nought)
    assert c.figures[("JB01", "2026-03")]["followups_missed"] == 1
    today = c.figures[("JB02", c.months[-1])]  # the bands and the outage: as printed
    assert today["band_rate"] == pytest.approx(2 / 3, abs=1e-4) and today["outages"] == 1
    assert sum(bool(f["band_rate"]) + f["outages"] for f in c.figures.values()) == 2
    for month in (month_key(*m) for m in MONTHS):  # the medians, from the printed reports
        served = {code: printed_figures(printed[code][month])["served"] for code in printed}
        assert c.median("served", month) == statistics.median(served.values())
        assert c.median("served", month, "Jawa Barat") == statistics.median(
            [served["JB01"], served["JB02"]])
        assert c.median("served", month, "Bali") == served["BA01"]


def edited(path: Path, change) -> bytes:
    pack = json.loads(path.read_bytes())
    change(pack)
    return json.dumps(pack).encode()


def test_bad_packs_are_named_and_nothing_else_is_lost(offices, tmp_path):
    folder, registry, _printed, _admins = offices
    clean = compare_folder(folder, registry)
    bad = tmp_path / "paket"
    shutil.copytree(folder, bad)
    one = bad / "JB01-2026-02.ultpack"

    def served_plus_one(pack: dict) -> None:
        pack["figures"]["served"] += 1

    one.write_bytes(edited(one, served_plus_one))
    shutil.copyfile(bad / "BA01-2026-03.ultpack", bad / "BA01-2026-03-kirim-ulang.ultpack")
    (bad / "rusak.ultpack").write_bytes(b"\x00PK not a pack")
    newer = bad / "JB02-2026-01.ultpack"
    (bad / "JB02-baru.ultpack").write_bytes(edited(newer, lambda p: p.update(
        format=2, program="9.0.0")))
    registry_without_bali = tmp_path / "kantor.csv"
    registry_without_bali.write_text("\n".join(
        line for line in registry.read_text().splitlines() if "Bali" not in line))

    c = compare_folder(bad, registry)
    why = {r.file: r.key for r in c.refused}
    assert why == {"JB01-2026-02.ultpack": "edited", "rusak.ultpack": "unreadable",
                   "JB02-baru.ultpack": "newer", "BA01-2026-03.ultpack": "copy"}
    assert ("JB01", "2026-02") not in c.figures
    assert {k: v for k, v in clean.figures.items() if k != ("JB01", "2026-02")} == c.figures
    from ult_desktop.reports.ministry import refusal

    sentences = [refusal(r) for r in c.refused]
    assert all(s.count(". ") == 0 and s.startswith(r.file) for s, r in
               zip(sentences, c.refused, strict=True))
    assert any("diubah setelah ditandatangani" in s for s in sentences)
    assert any("versi program yang lebih baru (9.0.0)" in s for s in sentences)

    for pack in bad.glob("JB02*"):  # an office that sent nothing is listed, no figure
        pack.unlink()
    c = compare_folder(bad, registry)
    assert [o.code for o in c.offices] == ["BA01", "JB01", "JB02"]
    assert all(c.value("JB02", m, "served") is None for m in c.months)

    c = compare_folder(folder, registry_without_bali)
    assert {r.key for r in c.refused} == {"unknown_office"} and len(c.refused) == 3
    assert "BPMP Bali" in refusal(c.refused[0])
    assert {k for k in c.figures} == {k for k in clean.figures if k[0] != "BA01"}


def test_the_directorate_compares_from_the_command_line(offices, tmp_path):
    folder, registry, printed, _admins = offices
    out = tmp_path / "perbandingan.pdf"
    result = run_cli("compare", str(folder), "--registry", str(registry), "--out", str(out),
                     "--json")
    assert result.returncode == 0, result.stderr
    said = json.loads(result.stdout)
    assert said["refused"] == [] and len(said["figures"]) == 10
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Perbandingan Layanan ULT Antarkantor" in text and "Median nasional" in text
    visitors = [int(printed_figures(printed["BA01"][month_key(*m)])["visitors"])
                for m in MONTHS]
    row = next(line for line in text.splitlines() if "BPMP Bali" in line)  # (visits first)
    assert [int(x.replace(".", "")) for x in row.split()[-4:-1]] == visitors
    assert row.split()[-1] == "-"  # (JB02's this month: none from Bali)
    served = printed_figures(printed["BA01"]["2026-03"])["served"]
    xlsx = tmp_path / "perbandingan.xlsx"
    result = run_cli("compare", str(folder), "--registry", str(registry), "--out", str(xlsx))
    assert result.returncode == 0, result.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx)["02 served"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1]}
    assert rows["BA01"][3:] == (*rows["BA01"][3:5], served, None)


def test_the_ministry_window_shows_the_offices_side_by_side(offices, qtbot, tmp_path):
    from ult_desktop.ui.ministry.window import MinistryWindow

    folder, registry, printed, _admins = offices
    bad = tmp_path / "paket"
    shutil.copytree(folder, bad)
    (bad / "rusak.ultpack").write_bytes(b"{")
    window = MinistryWindow(str(bad), str(registry))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.table.rowCount() == 3 + 2 + 1)  # offices, provinces, all
    window.figure.setCurrentIndex(window.figure.findData("served"))
    cells = {window.table.item(r, 1).text(): [window.table.item(r, c).text() for c in
                                               range(3, window.table.columnCount())]
             for r in range(3)}
    months = sorted({m for printed_months in printed.values() for m in printed_months})
    for code, pdfs in printed.items():
        assert cells[code] == [f"{int(printed_figures(pdfs[m])['served'])}" if m in pdfs
                               else "-" for m in months]
    national = window.table.item(5, 2).text()
    assert national == "Median nasional"
    assert window.refused.count() == 1 and window.refused.item(0).text().startswith(
        "rusak.ultpack: berkas ini tidak dapat dibaca")
    out = tmp_path / "perbandingan.xlsx"
    window.export("xlsx", str(out))
    qtbot.waitUntil(lambda: window.status.text().startswith("Tersimpan"))
    assert out.stat().st_size > 0


def test_a_second_admin_pc_signs_and_no_other_pc_may(offices, tmp_path):
    """A pack signed by another admin PC of the office counts: its registration by the
    root travels in the pack. A counter's key signs none."""
    from ult_desktop.app import station_key
    from ult_desktop.db import errors
    from ult_desktop.db.record import station_keys

    folder, registry, _printed, admins = offices
    root = admins["JB01"]
    path = root.file
    out = tmp_path / "paket"
    shutil.copytree(folder, out)
    made = {}
    for name, mode, role in (("Admin 2", "admin", "admin"), ("Loket 9", "counter", "counter")):
        db = open_database(path, station=name, mode=mode)
        db.set_signer(station_key.create_key(tmp_path / name)[0])
        db.set_actor("admin")
        station_keys.request_registration(db, label=name)
        station_keys.approve_key(root, db.identity.signer.key_id, role=role)
        db.trust = root.trust
        made[role] = db
    try:
        target = out / "JB01-2026-03-admin2.ultpack"  # sent again, from a later record
        build_pack(made["admin"], date(2026, 3, 1), target)
        assert len(json.loads(target.read_bytes())["signer"]["links"]) == 1
        c = compare_folder(out, registry)
        assert [(r.file, r.key, r.params["kept"]) for r in c.refused] == [
            ("JB01-2026-03.ultpack", "twice", target.name)]
        assert c.figures == compare_folder(folder, registry).figures
        with pytest.raises(errors.RuleViolation):
            build_pack(made["counter"], date(2026, 3, 1), tmp_path / "loket.ultpack")
        assert not (tmp_path / "loket.ultpack").exists()
    finally:
        for db in made.values():
            db.close()


def test_admins_report_screen_makes_the_same_pack(offices, tmp_path):
    """Admin > Laporan's format *.ultpack* (its worker's job) makes the month's pack the
    comparison reads like the one ``report`` made."""
    from ult_desktop.ui.admin import jobs

    folder, registry, _printed, admins = offices
    out = tmp_path / "paket"
    shutil.copytree(folder, out)
    (out / "BA01-2026-02.ultpack").unlink()
    [made] = jobs.make_report(admins["BA01"], fmt="ultpack", date_from=date(2026, 2, 1),
                              date_to=date(2026, 2, 28), out=str(out / "layar.ultpack"),
                              lang="id")
    assert made.suffix == ".ultpack" and made.stat().st_size < 8_000
    c = compare_folder(out, registry)
    assert c.refused == [] and c.files[("BA01", "2026-02")] == "layar.ultpack"
    assert c.figures == compare_folder(folder, registry).figures


def test_a_pack_from_a_record_that_does_not_verify_is_not_counted(offices, tmp_path):
    """An insider's edit of the office file past the app: the month's report is stamped
    NOT VERIFIED, and its pack says so: the comparison names it and leaves it out."""
    import sqlite3

    from ult_desktop.app import station_key

    folder, registry, _printed, admins = offices
    copy = tmp_path / "office.db"
    shutil.copyfile(admins["BA01"].file, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE tickets SET state = 'done' WHERE id = (SELECT MIN(id) FROM "
                     "tickets WHERE day >= '2026-03-01' AND state = 'skipped')")
    db = open_database(copy, station="admin", mode="admin")
    try:
        db.set_signer(station_key.create_key(admins["BA01"].file.parent / "key-admin")[0])
        db.set_actor("admin")
        db.trust = admins["BA01"].trust
        out = tmp_path / "paket"
        shutil.copytree(folder, out)
        build_pack(db, date(2026, 3, 1), out / "BA01-2026-03.ultpack")
    finally:
        db.close()
    c = compare_folder(out, registry)
    assert [(r.file, r.key) for r in c.refused] == [("BA01-2026-03.ultpack", "not_verified")]
    assert ("BA01", "2026-03") not in c.figures
    assert len(c.figures) == len(compare_folder(folder, registry).figures) - 1


def test_forged_malformed_and_registry_faults_are_named_and_the_rest_counted(offices,
                                                                             tmp_path):
    """An attacker's pack: another key claiming an office's root, a file no program wrote,
    one an office's own admin key signed with figures no report prints; a registry with a
    garbled and a repeated row; a folder that is not there. Each named in its sentence,
    the other packs counted, the command's exit code says a file it could not read."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ult_desktop.core.chain import key_id_of
    from ult_desktop.core.pack import seal
    from ult_desktop.reports.ministry import refusal

    folder, registry, _printed, admins = offices
    clean = compare_folder(folder, registry)
    bad = tmp_path / "paket"
    shutil.copytree(folder, bad)
    real = json.loads((bad / "BA01-2026-03.ultpack").read_bytes())
    body = {k: real[k] for k in ("program", "office", "month", "made_at", "figures", "proof")}

    class Stranger:
        _key = Ed25519PrivateKey.generate()
        public_key = _key.public_key().public_bytes_raw()
        key_id = key_id_of(public_key)
        sign = _key.sign

    for name, root in (("palsu.ultpack", Stranger.public_key),
                       ("palsu-akar-asli.ultpack", bytes.fromhex(real["root_public_key"]))):
        (bad / name).write_text(json.dumps(seal({**body, "month": "2026-04"}, Stranger, root,
                                                []), ensure_ascii=False))
    (bad / "ngawur.ultpack").write_text('{"format": 1, "office": [], "month": "x", '
                                        '"figures": {}}')
    signer = admins["JB01"].identity.signer
    for n, change in enumerate(({"figures": {**body["figures"], "served": "banyak"}},
                                {"month": "2026-13"}, {"proof": []},
                                {"figures": {**body["figures"], "lapor.x": 1}})):
        (bad / f"janggal-{n}.ultpack").write_text(json.dumps(seal(
            {**body, "office": {"name": "x", "root": signer.key_id}, **change}, signer,
            signer.public_key, [])))
    lines = registry.read_text().splitlines()
    garbled = tmp_path / "kantor.csv"
    garbled.write_text("\n".join([lines[0], lines[1], "XX01;BPMP X;Bali;zzzz 0000",
                                  lines[1].replace("JB01;", "JB09;"), *lines[2:]]))

    c = compare_folder(bad, garbled)
    why = {r.file: r.key for r in c.refused}
    assert why == {"kantor.csv:3": "registry_row", "kantor.csv:4": "registry_twice",
                   "palsu.ultpack": "foreign_key", "palsu-akar-asli.ultpack": "foreign_key",
                   "ngawur.ultpack": "unreadable", **{f"janggal-{n}.ultpack": "unreadable"
                                                      for n in range(4)}}
    assert c.figures == clean.figures
    sentences = {r.file: refusal(r) for r in c.refused}
    assert "tidak ditandatangani oleh kunci akar kantor itu" in sentences["palsu.ultpack"]
    assert "BPMP Bali bulan 2026-04" in sentences["palsu-akar-asli.ultpack"]
    assert "XX01" in sentences["kantor.csv:3"] and "JB09" in sentences["kantor.csv:4"]

    result = run_cli("compare", str(bad), "--registry", str(garbled), "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["refused"]) == 9
    result = run_cli("compare", str(folder), "--registry", str(registry), "--out",
                     str(tmp_path / "perbandingan.csv"))  # (no PDF under another name)
    assert result.returncode == 2 and not (tmp_path / "perbandingan.csv").exists()
    result = run_cli("compare", str(tmp_path / "tidak-ada"), "--registry", str(registry))
    assert result.returncode == 4 and "tidak-ada tidak ada" in result.stderr
    (tmp_path / "sampah.csv").write_bytes(bytes(range(256)))
    result = run_cli("compare", str(folder), "--registry", str(tmp_path / "sampah.csv"))
    assert result.returncode == 4 and "sampah.csv tidak dapat dibaca" in result.stderr


def test_a_pack_from_an_admin_pc_never_given_the_root_counts(offices, tmp_path):
    """An admin PC that lost what it remembered of the office (a new Windows profile): its
    report says "not verified against a known root", but the pack's root is what the
    directorate's registry pins, so a sound record's pack counts as the others do."""
    folder, registry, _printed, admins = offices
    out = tmp_path / "paket"
    shutil.copytree(folder, out)
    admin = admins["JB02"]
    trust, admin.trust = admin.trust, {}
    try:
        build_pack(admin, date(2026, 2, 1), out / "JB02-2026-02.ultpack")
    finally:
        admin.trust = trust
    c = compare_folder(out, registry)
    assert c.refused == []
    assert c.figures == compare_folder(folder, registry).figures


def test_a_pack_sealed_by_a_key_after_the_office_revoked_it_is_refused(offices, tmp_path):
    """An office's second admin PC signs its January pack; the PC is lost and the root
    revokes its key (``station-key revoke``); the copy of the file the lost PC holds still
    makes a February pack, sealed after. The office's March pack carries the revocation:
    the February one is named and left out, January and March counted. Without a later
    pack nothing tells the directorate, and the February one counts (docs/ministry.md)."""
    from ult_desktop.app import station_key
    from ult_desktop.db import errors
    from ult_desktop.db.house.setup import DEMO_PINS
    from ult_desktop.db.record import station_keys
    from ult_desktop.reports.ministry import refusal

    folder, registry, _printed, admins = offices
    clean = compare_folder(folder, registry)
    copy = tmp_path / "BA01" / "office.db"
    copy.parent.mkdir()
    shutil.copyfile(admins["BA01"].file, copy)
    root_keys = admins["BA01"].file.parent / "key-admin"
    root = open_database(copy, station="admin", mode="admin")
    root.set_signer(station_key.create_key(root_keys)[0])
    root.set_actor("admin")
    root.trust = admins["BA01"].trust
    opened = [root]
    try:
        second = open_database(copy, station="Admin 2", mode="admin")
        opened.append(second)
        second.set_signer(station_key.create_key(tmp_path / "admin-2")[0])
        second.set_actor("admin")
        station_keys.request_registration(second, label="Admin 2")
        station_keys.approve_key(root, second.identity.signer.key_id, role="admin")
        second.trust = root.trust
        out = tmp_path / "paket"
        shutil.copytree(folder, out)
        for pack in out.glob("BA01-*"):
            pack.unlink()
        build_pack(second, date(2026, 1, 1), out / "BA01-2026-01.ultpack")
        lost = tmp_path / "pc-hilang.db"  # what the lost PC holds
        shutil.copyfile(copy, lost)
        registered = sqlite3.connect(copy).execute(
            "SELECT event_id FROM station_keys WHERE key_id = ?",
            (second.identity.signer.key_id,)).fetchone()[0]
        result = run_cli("station-key", "revoke", second.identity.signer.key_id, "--db",
                         str(copy), "--admin", "admin", env={
                             "ULT_KEY_DIR": str(root_keys), "ULT_ADMIN_PIN": DEMO_PINS["admin"]})
        assert result.returncode == 0, result.stderr
        assert "dicabut" in result.stdout
        with pytest.raises(errors.RuleViolation):  # the office no longer trusts it
            build_pack(second, date(2026, 2, 1), tmp_path / "tidak.ultpack")
        with sqlite3.connect(copy) as share_writer:  # the row put back: the root's act stands
            share_writer.execute("UPDATE station_keys SET state = 'registered', event_id = ? "
                                 "WHERE key_id = ?", (registered, second.identity.signer.key_id))
        with pytest.raises(errors.RuleViolation):
            build_pack(second, date(2026, 2, 1), tmp_path / "tidak.ultpack")
        thief = open_database(lost, station="Admin 2", mode="admin")
        opened.append(thief)
        thief.set_signer(second.identity.signer)
        thief.set_actor("admin")
        thief.trust = root.trust
        build_pack(thief, date(2026, 2, 1), out / "BA01-2026-02.ultpack")
        build_pack(root, date(2026, 3, 1), out / "BA01-2026-03.ultpack")
    finally:
        for db in opened:
            db.close()
    c = compare_folder(out, registry)
    assert [(r.file, r.key) for r in c.refused] == [("BA01-2026-02.ultpack", "revoked")]
    sentence = refusal(c.refused[0])
    assert sentence.count(". ") == 0 and "BPMP Bali bulan 2026-02" in sentence
    assert "dicabut" in sentence
    assert c.figures == {k: v for k, v in clean.figures.items() if k != ("BA01", "2026-02")}
    (out / "BA01-2026-03.ultpack").unlink()  # no later pack: nothing says it was revoked
    c = compare_folder(out, registry)
    assert c.refused == [] and c.figures[("BA01", "2026-02")] == clean.figures[
        ("BA01", "2026-02")]
