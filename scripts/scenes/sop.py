"""Screenshots of the back-office desk, the counter after a handover, and the admin
holidays and reports pages, on a real X display (Xvfb + openbox, 1366x768):

    python scripts/screenshots.py --only sop

Seeds a fresh demo database in a temporary folder.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtWidgets import QApplication
from screens import grab_root

from ult_desktop.core.register import RecordInput
from ult_desktop.db.house.office import set_settings
from ult_desktop.db.house.setup import DEMO_PINS, init_database
from ult_desktop.db.open import open_database
from ult_desktop.db.queue.desk import call_next, finish, start_serving, transfer
from ult_desktop.db.queue.numbers import issue_ticket
from ult_desktop.db.visit import cases, handover
from ult_desktop.ui.admin.app import AdminWindow
from ult_desktop.ui.admin.holidays import HolidaysPage
from ult_desktop.ui.admin.reports import ReportsPage
from ult_desktop.ui.counter import jobs
from ult_desktop.ui.counter.window import CounterWindow

PEOPLE = [("Siti Aminah", "SDN 1 Medan", "Tunjangan profesi belum cair sejak Januari"),
          ("Drs. Bambang Susilo", "SMPN 3 Binjai", "Penilaian angka kredit belum diproses"),
          ("Rudi Hartono, S.Pd.", "SMAN 1 Deli Serdang", "Data PTK ganda di Dapodik")]


def seed(path: Path) -> None:
    db = open_database(path, station="seed", mode="test")
    set_settings(db, enforce_hours=False, office_name="BPMP Provinsi Sumatera Utara",
                 extra_holidays=[{"date": "2026-04-22", "name": "HUT Kota Medan"},
                                 {"date": "2026-12-31", "name": "Tutup buku akhir tahun"}])

    def oid(user: str) -> int:
        return db.query("SELECT id FROM officers WHERE username = ?", (user,))[0][0]

    sari, budi, dewi = oid("sari"), oid("budi"), oid("dewi")
    start = datetime.now(timezone.utc) - timedelta(minutes=90)

    def at(minutes: float) -> datetime:
        return start + timedelta(minutes=minutes)

    sent = []
    for i, (name, inst, question) in enumerate(PEOPLE):
        t = issue_ticket(db, service="B", now=at(i * 10))
        ctr, who = (1, sari) if i == 0 else (2, budi)
        call_next(db, counter=ctr, officer_id=who, now=at(i * 10 + 2))
        start_serving(db, counter=ctr, now=at(i * 10 + 3))
        jobs.save_walk_in(db, ticket_id=t.id, officer_id=who, record=RecordInput(
            visitor_name=name, institution=inst, region_code="12.71",
            region_name="Kota Medan", phone="081234567890", topic="Tunjangan profesi",
            question=question))
        sent.append(handover.consult(db, from_officer=who, ticket_id=t.id, question=question,
                                     now=at(i * 10 + 7)))
        if i:
            finish(db, counter=2, now=at(i * 10 + 8))
    first = sent[0].id
    handover.take(db, handover_id=first, officer_id=dewi, now=at(9))
    handover.coordinate(db, handover_id=first, officer_id=dewi,
                        unit="Direktorat Jenderal GTK", now=at(12))
    handover.answer(db, handover_id=first, officer_id=dewi, now=at(18),
                    disposition="Berkas lengkap; tunjangan triwulan I cair bersama "
                                "triwulan II.")
    handover.hand_back(db, handover_id=first, officer_id=dewi, now=at(21))
    handover.take(db, handover_id=sent[1].id, officer_id=dewi, now=at(22))
    # one finished consultation for the step figures
    t = issue_ticket(db, service="B", now=at(40))
    call_next(db, counter=2, officer_id=budi, now=at(41))
    start_serving(db, counter=2, now=at(42))
    h = handover.consult(db, from_officer=budi, ticket_id=t.id, question="Legalisir ijazah?",
                         now=at(45))
    handover.take(db, handover_id=h.id, officer_id=dewi, now=at(47))
    handover.answer(db, handover_id=h.id, officer_id=dewi, disposition="Bawa ijazah asli.",
                    now=at(52))
    handover.hand_back(db, handover_id=h.id, officer_id=dewi, now=at(53))
    handover.explain(db, handover_id=h.id, officer_id=budi, mode="in_person", now=at(56))
    finish(db, counter=2, now=at(57))
    # a visitor transferred to dewi, and a phone request escalated to back office
    t = issue_ticket(db, service="C", now=at(60))
    transfer(db, number=t.number, to_officer=dewi, now=at(63))
    cases.save_remote(db, channel="phone", service="B", officer_id=sari,
                     escalate_to="back_office", callback_needed=True,
                     record=RecordInput(visitor_name="Ibu Wahyuni",
                                        institution="SDN 5 Pematangsiantar",
                                        phone="081377788899", topic="Dapodik",
                                        question="Akun operator terkunci"))
    db.close()


class Shooter:
    def __init__(self, out: Path):
        self.out = out
        self.app = QApplication.instance() or QApplication([])

    def wait(self, cond, seconds: float = 10) -> bool:
        end = time.time() + seconds
        while time.time() < end:
            self.app.processEvents()
            if cond():
                return True
            time.sleep(0.02)
        return False

    def show(self, w) -> None:
        w.setGeometry(0, 0, 1366, 768)
        w.showMaximized()
        self.wait(w.isVisible)

    def shot(self, name: str) -> None:
        for _ in range(30):
            self.app.processEvents()
            time.sleep(0.03)
        grab_root(self.out / name)

    def counter(self, path: Path, user: str, pin: str, counter: int | None) -> CounterWindow:
        w = CounterWindow(path, station_id=f"shot-{user}", poll_ms=100)
        self.show(w)
        self.wait(lambda: w.login.officer.count() > 0 and w.session.online)
        w.login.officer.setCurrentIndex(w.login.officer.findData(user))
        idx = w.login.counter.findData(counter) if counter else w.login.counter.count() - 1
        w.login.counter.setCurrentIndex(idx)
        w.login.pin.setText(pin)
        w.login.submit()
        self.wait(lambda: w.session.officer is not None)
        return w


def main(out: Path) -> None:
    path = init_database(Path(tempfile.mkdtemp()) / "office.db", demo=True)
    seed(path)
    s = Shooter(out)

    bo = s.counter(path, "dewi", DEMO_PINS["dewi"], None)
    s.wait(lambda: bo.backoffice.state is not None and bo.backoffice.list.table.rowCount() >= 3)
    for row, (what, item) in enumerate(bo.backoffice.list.rows):
        if what == "handover" and item.state.value == "taken":
            bo.backoffice.list.table.selectRow(row)
    bo.backoffice.details.unit.setText("Direktorat Jenderal GTK")
    s.shot("counter_backoffice_desk.png")
    bo.close()

    fo = s.counter(path, "sari", DEMO_PINS["sari"], 1)
    s.wait(lambda: fo.queue.state is not None)
    fo.tabs.setCurrentWidget(fo.backoffice)
    s.wait(lambda: fo.backoffice.state is not None and fo.backoffice.list.table.rowCount() > 0)
    fo.backoffice.list.table.selectRow(0)
    fo.notify("Jawaban back office untuk B-001 sudah kembali; buka tab Back Office.")
    s.shot("counter_backoffice_returned.png")
    fo.tabs.setCurrentWidget(fo.queue)
    s.shot("counter_queue_sop.png")
    fo.close()

    adm = AdminWindow(path, station_name="admin-shot", poll_ms=100)
    s.show(adm)
    adm.login.username.setText("admin")
    adm.login.pin.setText(DEMO_PINS["admin"])
    adm.login.submit.click()
    s.wait(lambda: adm.workspace is not None)
    page = adm.workspace.page(HolidaysPage)
    adm.workspace.open(HolidaysPage)
    page.year.setValue(2026)
    s.wait(lambda: page.national.count() > 20 and page.extra_list.count() > 0)
    s.shot("admin_holidays.png")
    adm.workspace.open(ReportsPage)
    s.shot("admin_reports.png")
    adm.close()
