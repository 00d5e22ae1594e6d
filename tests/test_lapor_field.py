"""A LAPOR! field that takes only a LAPOR! number: its own labelled row under the topic
(the topic box keeps its place when "Pengaduan" is chosen), a tracking number's digits
only, and the evidence pack shows each complaint's topic and LAPOR! number apart."""

from __future__ import annotations

import csv
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import QPoint, Qt

from ult_desktop.core.i18n import tr
from ult_desktop.core.register import Channel, RecordInput
from ult_desktop.db import errors
from ult_desktop.db.visit import register
from ult_desktop.reports.evidence import build_evidence

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def form(qtbot):
    from ult_desktop.ui.counter.register_form import RegisterForm

    form = RegisterForm()
    qtbot.addWidget(form)
    form.resize(700, 600)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_a_topic_typed_with_pengaduan_chosen_stays_in_the_topic_field(qtbot, form):
    topic = form.topic
    before = topic.width()
    form.request_type.setCurrentIndex(form.request_type.findData("pengaduan"))
    qtbot.waitUntil(lambda: form.lapor_id.isVisible())
    qtbot.wait(0)  # (the layout settles in the same turn: no time passes)
    assert topic.width() == before  # not shrunk for the LAPOR! field
    # the LAPOR! field on its own row under the topic, not where the topic box was
    top = topic.mapTo(form, QPoint(0, topic.height()))
    assert form.lapor_id.mapTo(form, QPoint(0, 0)).y() >= top.y()
    spot = topic.mapTo(form, QPoint(int(before * 0.8), topic.height() // 2))
    assert form.childAt(spot) is topic
    label = form.form.labelForField(form.lapor_id)
    assert label is not None and label.text() == tr("counter.form.lapor_id") == "No. LAPOR!"
    qtbot.mouseClick(topic, Qt.LeftButton, pos=topic.mapFrom(form, spot))
    qtbot.keyClicks(form.focusWidget(), "Nilai rapor belum keluar")
    assert form.value().topic == "Nilai rapor belum keluar"
    assert form.value().lapor_id == ""


def test_a_malformed_lapor_number_is_refused_in_one_indonesian_sentence(qtbot, form, db):
    form.set_value(RecordInput(visitor_name="Ibu Marni", phone="081234567001",
                               request_type="pengaduan"))
    form.lapor_id.setText("Nilai rapor")
    problems = form.problems(Channel.WALK_IN)
    assert problems == {"lapor_id": "counter.invalid.lapor_id"}
    form.show_problems(problems)
    said = form.error.text()
    assert said == "Nomor LAPOR! hanya berisi 5–12 angka seperti tertulis di LAPOR!; topik " \
                   "ditulis di kolom Topik."
    assert said.count(".") == 1 and said.endswith(".")  # one sentence
    assert form.focusWidget() is form.lapor_id
    for wrong in ("Nilai rapor", "12", "4512345678901", "45-12345", "４５１２３４５"):
        with pytest.raises(errors.RuleViolation, match="Nomor LAPOR!"):
            register.save_record(db, record=RecordInput(
                visitor_name="Ibu Marni", phone="081234567001", request_type="pengaduan",
                lapor_id=wrong), channel=Channel.PHONE, service="A")
    form.lapor_id.setText("#4512345")  # as LAPOR! writes it
    assert form.problems(Channel.WALK_IN) == {}
    saved = register.save_record(db, record=form.value(), channel=Channel.PHONE,
                                 service="A")
    assert saved.data.lapor_id == "4512345"


def test_the_evidence_pack_shows_the_topic_and_the_lapor_number_apart(db, tmp_path):
    day = datetime(2026, 3, 16, 3, tzinfo=timezone.utc)
    rec = register.save_record(db, record=RecordInput(
        visitor_name="Ibu Marni", phone="081234567001", request_type="pengaduan",
        topic="Nilai rapor belum keluar", question="Sudah dua bulan", lapor_id="4512345"),
        channel=Channel.PHONE, service="B", now=day)
    written = build_evidence(db, 2026, tmp_path / "bukti",
                             now=datetime(2026, 4, 20, 3, tzinfo=timezone.utc))
    [sheet] = [p for p in written if p.name == "5.1 Pengaduan dan waktu penanganan.csv"]
    rows = list(csv.reader(sheet.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][1:3] == ["SP4N-LAPOR!", "Topik"]
    [row] = [r for r in rows if r and r[0] == f"P-{rec.id:05d}"]
    assert row[1:3] == ["4512345", "Nilai rapor belum keluar"]


def test_the_evidence_pack_breaks_no_word_in_the_lapor_table(db, tmp_path):
    from pypdf import PdfReader

    day = datetime(2026, 3, 16, 3, tzinfo=timezone.utc)
    register.save_record(db, record=RecordInput(
        visitor_name="Ibu Marni", phone="081234567001", request_type="pengaduan",
        topic="Penyelenggaraan asesmen nasional", question="Sudah dua bulan",
        lapor_id="451234567890"), channel=Channel.PHONE, service="B", now=day)
    written = build_evidence(db, 2026, tmp_path / "bukti",
                             now=datetime(2026, 4, 20, 3, tzinfo=timezone.utc))
    [pdf] = [p for p in written if p.name == "5.1 Pengaduan dan waktu penanganan.pdf"]
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for word in ("SP4N-LAPOR!", "451234567890", "Penyelenggaraan", "asesmen",
                 tr("evidence.lapor.category", "id").split()[0]):
        assert word in text, f"{word!r} broken across lines"
