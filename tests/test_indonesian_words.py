"""Every Indonesian text follows the glossary (docs/glossary.md): standard spelling
(EYD V / KBBI) and no English left where Indonesian has the word."""

from __future__ import annotations

import re

import pytest

from ult_desktop.core.i18n import _load

#: Known-wrong form -> what to write instead (docs/glossary.md).
WRONG = {
    "antrian": "antrean", "silahkan": "silakan", "nomer": "nomor",
    "dijadwal ulang": "dijadwalkan ulang", "di jadwalkan": "dijadwalkan",
    "file": "berkas", "share": "folder bersama", "login": "masuk", "logout": "keluar",
    "wizard": "panduan penyiapan", "default": "bawaan", "offline": "luring",
    "online": "daring", "speaker": "pengeras suara", "thermal": "termal",
    "autostart": "jalan otomatis", "modify": "ubah", "database": "basis data",
    "e-mail": "surel", "email": "surel", "kiosk": "anjungan", "setting": "pengaturan",
    "username": "nama pengguna", "password": "kata sandi", "upload": "unggah",
    "download": "unduh", "preview": "pratinjau", "shortcut": "pintasan",
    "backup": "cadangan", "restore": "pulihkan", "praktek": "praktik",
    "resiko": "risiko", "aktifitas": "aktivitas", "ijin": "izin", "analisa": "analisis",
}

# Not prose: {placeholders}, 'quoted values', "quoted values", URLs, paths, options and
# ALL-CAPS metavariables (FILE) are what the person types, not words of the sentence.
_NOT_PROSE = re.compile(r"\{[^}]*\}|'[^']*'|\"[^\"]*\"|\S*://\S*|\S*[\\/]\S*|--[\w-]+"
                        r"|\b[A-Z][A-Z0-9_]+\b")


def prose(text: str) -> str:
    return _NOT_PROSE.sub(" ", text)


def indonesian_texts() -> dict[str, str]:
    return {key: texts["id"] for key, texts in _load().items() if texts.get("id")}


def test_the_glossary_check_catches_the_known_wrong_forms():
    for wrong in WRONG:
        assert re.search(rf"\b{re.escape(wrong)}\b", prose(f"Silakan cek {wrong} ini"), re.I)
    assert "default" not in prose("ketik 'default' untuk suara bawaan")
    assert "file" not in prose("file:///dev/usb/lp0 atau --db FILE")


@pytest.mark.parametrize("wrong", sorted(WRONG))
def test_no_indonesian_text_uses_a_known_wrong_form(wrong):
    pattern = re.compile(rf"\b{re.escape(wrong)}\b", re.I)
    bad = {key: text for key, text in indonesian_texts().items()
           if pattern.search(prose(text))}
    assert not bad, f"write {WRONG[wrong]!r} instead of {wrong!r}: {bad}"
