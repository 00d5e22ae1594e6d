"""Words as the SOPs say them: diteruskan, Pimpinan, rencana perbaikan,
audit details in sentences, and Qt's own dialogs in Indonesian."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox

from ult_desktop.core.audit_words import describe_data
from ult_desktop.core.i18n import _load, tr
from ult_desktop.core.register import ROLES
from ult_desktop.db.house import officers
from ult_desktop.db.queue.desk import reclassify_priority
from ult_desktop.db.queue.numbers import issue_ticket


def test_forwarded_and_head_as_the_offices_say_it():
    assert tr("counter.outcome.escalated") == "Diteruskan ke back office"
    assert tr("state.escalated") == "diteruskan"
    assert tr("admin.role.supervisor").startswith("Pimpinan")
    assert tr("counter.role.supervisor") == "Pimpinan"
    assert "supervisor" in ROLES  # the stored role key is unchanged
    words = {k: v["id"] for k, v in _load().items()}
    assert [k for k, v in words.items() if "ieskalasi" in v.lower() or "Supervisor" in v] == []


def test_planned_actions_are_called_a_plan():
    assert tr("skmp.actions") == "Rencana perbaikan"


def test_audit_details_are_sentences_not_keys(db):
    from ult_desktop.ui.admin.audit import describe

    issue_ticket(db, service="A")
    reclassify_priority(db, number="A-001", priority=True, reason="lansia",
                             priority_group="lansia")
    entry = next(e for e in officers.audit_log(db, kinds=None, limit=50)
                 if e.kind == "reclassified")
    text = describe(entry)
    assert "Alasan: lansia." in text
    assert "Prioritas: ya (sebelumnya: tidak)." in text
    assert "Kelompok rentan: Lanjut usia" in text
    for raw in ("was:", "reason:", "priority_group", "_ps", "True", "False"):
        assert raw not in text, raw
    assert describe_data({"keys": ["open_time", "close_time"]}) == \
        "Pengaturan yang diubah: jam layanan."


def test_qt_dialogs_speak_indonesian(qapp):
    from ult_desktop.ui.common.qt_translations import install_qt_translations

    installed = install_qt_translations(qapp, "id")
    try:
        assert installed, "no qtbase_id.qm found"
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "Lihat di:"
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        assert box.button(QDialogButtonBox.Cancel).text() == "Batal"
        box.deleteLater()
    finally:
        for t in installed:
            qapp.removeTranslator(t)
    assert install_qt_translations(qapp, "en") == []


def test_the_bundle_ships_the_indonesian_qt_translation():
    assert (ROOT / "resources" / "translations" / "qtbase_id.qm").stat().st_size > 1000
    spec = Path(ROOT / "build_installer.spec").read_text(encoding="utf-8")
    assert '"translations"' in spec
