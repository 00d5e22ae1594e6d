"""The monthly report's time per SOP 003 step (10-15) against each service's mutu baku.

Handovers are made through the same ``db.visit.handover`` operations the back-office desk uses,
at chosen times; the expected figures are computed here from the event log and the
handover rows with ``statistics``, not through ``core.sop`` or ``ult_desktop.reports``.
"""

from __future__ import annotations

import csv
import json
import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from tests.reports_month import pdf_text, row
from ult_desktop.core.sop import DEFAULT_TARGETS
from ult_desktop.db.queue.desk import call_next, finish, start_serving
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import handover
from ult_desktop.reports.export import export_csv, export_xlsx
from ult_desktop.reports.pdf import build_pdf

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # Monday 09:00 WIB
START, END = date(2026, 3, 1), date(2026, 3, 31)
STEPS = ("consult", "receive", "study", "coordinate", "disposition", "explain")
NAMES = {"consult": "10. FO berkonsultasi dengan BO", "receive": "11. BO menerima laporan FO",
         "study": "12. BO menelaah", "coordinate": "13. Koordinasi dengan unit utama",
         "disposition": "14. Disposisi diteruskan ke FO",
         "explain": "15. FO menjelaskan kepada tamu"}
#: (service, minutes per step; None: back office answered without the unit utama)
PLAN = [
    ("B", (4, 2, 3, 5, 3, 4)),
    ("B", (6, 1, 2, None, 2, 6)),
    ("B", (3, 4, 1.5, 7, 5, 2)),
    ("B", (5, 3, 2.5, 4, 9, 5)),
    ("A", (2, 1, 4, None, 1, 3)),
    ("A", (8, 2, 2, 6, 4, 5.5)),
]
B_OWN_STUDY = 2  # service B holds the back office to 2 minutes of study


def officer(db, username: str) -> int:
    return db.query("SELECT id FROM officers WHERE username = ?", (username,))[0][0]


@pytest.fixture
def office(db):
    """The handovers of PLAN, made step by step at their chosen times."""
    sari, dewi = officer(db, "sari"), officer(db, "dewi")
    service_b = db.query("SELECT id FROM services WHERE prefix = 'B'")[0][0]
    handover.set_step_targets(db, service_id=service_b, values={"study": B_OWN_STUDY})
    for i, (prefix, mins) in enumerate(PLAN):
        base = T0 + timedelta(minutes=60 * i)
        ticket = issue_ticket(db, service=prefix, now=base)
        call_next(db, counter=1, officer_id=sari, now=base + timedelta(minutes=0.5))
        now = base + timedelta(minutes=1)
        start_serving(db, counter=1, now=now)
        consult, receive, study, coord, disposition, explain = mins
        now += timedelta(minutes=consult)
        h = handover.consult(db, from_officer=sari, ticket_id=ticket.id, question="?", now=now)
        now += timedelta(minutes=receive)
        handover.take(db, handover_id=h.id, officer_id=dewi, now=now)
        now += timedelta(minutes=study)
        if coord is not None:
            handover.coordinate(db, handover_id=h.id, officer_id=dewi, unit="Ditjen GTK",
                                now=now)
            now += timedelta(minutes=coord)
        handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Jawab", now=now)
        now += timedelta(minutes=disposition)
        handover.hand_back(db, handover_id=h.id, officer_id=dewi, now=now)
        now += timedelta(minutes=explain)
        handover.explain(db, handover_id=h.id, officer_id=sari, mode="in_person", now=now)
        finish(db, counter=1, now=now + timedelta(minutes=1))
    # one more consultation the back office has not taken yet: only step 10 is known
    base = T0 + timedelta(minutes=60 * len(PLAN))
    ticket = issue_ticket(db, service="A", now=base)
    call_next(db, counter=1, officer_id=sari, now=base)
    start_serving(db, counter=1, now=base)
    handover.consult(db, from_officer=sari, ticket_id=ticket.id, question="?",
                     now=base + timedelta(minutes=3))
    return db


def expected(db) -> dict[str, dict[str, dict]]:
    """Per service prefix and step: count, mean, median, P90, met, over, standard time,
    from the handover_* events (their times) and the start of service of each ticket."""
    at: dict[int, dict[str, datetime]] = defaultdict(dict)
    for kind, when, data in db.query("SELECT kind, at, data FROM events "
                                     "WHERE kind LIKE 'handover_%' ORDER BY id"):
        at[json.loads(data)["handover_id"]].setdefault(kind.removeprefix("handover_"),
                                                        datetime.fromisoformat(when))
    minutes: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for hid, prefix, served in db.query(
            "SELECT h.id, s.prefix, t.serving_at FROM handovers h "
            "JOIN services s ON s.id = h.service_id JOIN tickets t ON t.id = h.ticket_id"):
        t = at[hid]
        t["served"] = datetime.fromisoformat(served)
        if "answered" in t:
            t["study_end"] = t.get("coordinating") or t["answered"]
        pairs = {"consult": ("served", "sent"), "receive": ("sent", "taken"),
                 "study": ("taken", "study_end"), "coordinate": ("coordinating", "answered"),
                 "disposition": ("answered", "returned"), "explain": ("returned", "explained")}
        for key, (a, b) in pairs.items():
            if a in t and b in t:
                minutes[prefix][key].append((t[b] - t[a]).total_seconds() / 60)
    out: dict[str, dict[str, dict]] = {}
    for prefix, steps in minutes.items():
        out[prefix] = {}
        for key in STEPS:
            values = sorted(steps[key])
            target = B_OWN_STUDY if (prefix, key) == ("B", "study") else DEFAULT_TARGETS[key]
            p90 = (statistics.quantiles(values, n=10, method="inclusive")[8]
                   if len(values) > 1 else values[0])
            out[prefix][key] = {
                "count": len(values), "mean": statistics.fmean(values),
                "median": statistics.median(values), "p90": p90, "target": target,
                "met": sum(v <= target for v in values),
                "over": sum(v > target for v in values)}
    return out


def dec(value: float, places: int = 1) -> str:
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(q).replace(".", ",")


def test_the_plan_is_what_the_event_log_holds(office):
    exp = expected(office)
    assert exp["B"]["study"]["count"] == 4 and exp["B"]["coordinate"]["count"] == 3
    assert [exp["B"][k]["over"] for k in STEPS] == [1, 1, 2, 1, 1, 1]
    assert [exp["A"][k]["over"] for k in STEPS] == [1, 0, 1, 1, 0, 1]
    assert exp["A"]["consult"]["count"] == 3 and exp["A"]["receive"]["count"] == 2


def test_pdf_shows_each_sop_step_per_service_against_its_mutu_baku(office, tmp_path):
    out = build_pdf(office, START, END, tmp_path / "laporan.pdf",
                    now=datetime(2026, 4, 2, 3, 0, tzinfo=timezone.utc))
    text = pdf_text(out)
    block = text[text.index("8. Waktu per Langkah SOP"):text.index("9. Survei Kepuasan")]
    exp = expected(office)
    names = {p: n for p, n in office.query("SELECT prefix, name FROM services")}
    label_a, label_b = f"A - {names['A']}", f"B - {names['B']}"
    groups = {"A": block[block.index(label_a):block.index(label_b)],
              "B": block[block.index(label_b):block.index("Semua layanan")]}
    for prefix, part in groups.items():
        for key in STEPS:
            e = exp[prefix][key]
            cells = row(part, NAMES[key])
            assert cells == [f"{e['target']} mnt", str(e["count"]), dec(e["mean"]),
                             dec(e["median"]), dec(e["p90"]),
                             dec(100 * e["met"] / e["count"]) + "%", str(e["over"])], \
                (prefix, key, cells)
    everyone = block[block.index("Semua layanan"):]
    for key in STEPS:
        over = exp["A"][key]["over"] + exp["B"][key]["over"]
        count = exp["A"][key]["count"] + exp["B"][key]["count"]
        cells = row(everyone, NAMES[key])
        assert cells[1] == str(count) and cells[-1] == str(over)
        # study is held to 2 minutes in B and 3 in A: no single standard to show
        assert cells[0] == ("-" if key == "study" else f"{DEFAULT_TARGETS[key]} mnt")
    total_over = sum(e["over"] for p in exp.values() for e in p.values())
    total = sum(e["count"] for p in exp.values() for e in p.values())
    flat = " ".join(block.split())
    assert f"Penyimpangan atas mutu baku: {total_over} dari {total} langkah tercatat." in flat
    assert (f"selesai dijelaskan kepada tamu: {len(PLAN)}, di antaranya {len(PLAN)} dalam "
            "target hari kerja; serah terima yang langkah 15-nya belum tercatat: 1." in flat)


def test_csv_and_xlsx_carry_the_same_sop_figures(office, tmp_path):
    exp = expected(office)
    written = export_csv(office, START, END, tmp_path / "laporan.csv")
    sop_csv = tmp_path / "laporan_sop.csv"
    assert sop_csv in written
    with open(sop_csv, encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f, delimiter=";"))
    head, body = lines[0], lines[1:-1]  # the last line: verified or not
    assert head[:4] == ["Kode layanan", "Layanan", "Langkah SOP 003", "Uraian langkah"]
    assert head[-1] == "Penyimpangan"
    assert len(body) == 2 * len(STEPS)
    for cells in body:
        prefix, number = cells[0], int(cells[2])
        e = exp[prefix][STEPS[number - 10]]
        assert int(cells[4]) == e["target"] and int(cells[5]) == e["count"]
        cells[6:9] = [v.replace(",", ".") for v in cells[6:9]]  # Indonesian decimal comma
        assert float(cells[6]) == pytest.approx(e["mean"], abs=0.005)
        assert float(cells[7]) == pytest.approx(e["median"], abs=0.005)
        assert float(cells[8]) == pytest.approx(e["p90"], abs=0.005)
        assert (int(cells[9]), int(cells[10])) == (e["met"], e["over"])

    book = openpyxl.load_workbook(export_xlsx(office, START, END, tmp_path / "laporan.xlsx"))
    sheet = list(book["Langkah SOP"].values)
    assert [list(r) for r in sheet[1:]] == [
        [c[0], c[1], int(c[2]), c[3], int(c[4]), int(c[5]), float(c[6]), float(c[7]),
         float(c[8]), int(c[9]), int(c[10])] for c in body]


def test_a_month_without_handovers_says_so(db, tmp_path):
    text = pdf_text(build_pdf(db, START, END, tmp_path / "kosong.pdf"))
    assert "Tidak ada konsultasi atau kasus yang diteruskan ke back office pada periode ini." in text
    written = export_csv(db, START, END, tmp_path / "kosong.csv")
    assert [p.name for p in written] == ["kosong.csv"]
    book = openpyxl.load_workbook(export_xlsx(db, START, END, tmp_path / "kosong.xlsx"))
    assert "Langkah SOP" not in book.sheetnames


def test_the_desk_and_admin_table_shows_the_same_figures_as_the_report(qtbot, office):
    from ult_desktop.ui.common.sop_steps import SopStepsTable

    exp = expected(office)
    table = SopStepsTable()
    qtbot.addWidget(table)
    table.show_steps(handover.sop_report(office, START, END).steps)
    for r, key in enumerate(STEPS):
        values = [exp[p][key] for p in ("A", "B")]
        count = sum(v["count"] for v in values)
        mean = sum(v["mean"] * v["count"] for v in values) / count
        cells = [table.item(r, c).text() for c in range(table.columnCount())]
        assert cells[0] == NAMES[key]
        assert cells[1] == str(count) and cells[2] == dec(mean)  # 3,5 not 3.5
        assert cells[5] == str(sum(v["over"] for v in values))
