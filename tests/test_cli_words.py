"""The command line's own words in the user's language: argparse's messages, a missing
backup folder said plainly (real processes)."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from ult_desktop.cli import argparse_words
from ult_desktop.core.i18n import set_language


def test_argparse_messages_are_in_indonesian_by_default():
    bad_choice = run_cli("report", "--format", "zzz")
    assert bad_choice.returncode == 2
    assert bad_choice.stderr.splitlines()[-1] == (
        "ult-desktop report: kesalahan: argumen --format: pilihan 'zzz' tidak dikenal "
        "(pilih salah satu: 'pdf', 'csv', 'xlsx', 'lapor', 'ultpack')")
    unknown = run_cli("version", "--nonsense")
    assert unknown.stderr.splitlines()[-1].endswith("argumen tidak dikenal: --nonsense")
    english = run_cli("--lang", "en", "report", "--format", "zzz")
    assert "argument --format: invalid choice: 'zzz'" in english.stderr


@pytest.mark.parametrize(("message", "words"), [
    ("the following arguments are required: --db", "argumen berikut wajib diisi: --db"),
    ("argument --port: invalid int value: 'x'", "argumen --port: nilai int tidak sah: 'x'"),
    ("argument --db: expected one argument", "argumen --db: perlu satu nilai"),
    ("something argparse may say one day", "something argparse may say one day"),
])
def test_each_known_message_has_its_words(message, words):
    set_language("id")
    assert argparse_words(message) == words


def test_a_missing_backup_folder_is_one_plain_sentence(tmp_path):
    db = tmp_path / "ult.db"
    assert run_cli("init", "--db", str(db), "--demo").returncode == 0
    proc = run_cli("backup", "--db", str(db), "--out", str(tmp_path / "nope" / "x.db"))
    assert proc.returncode == 4
    assert proc.stderr.strip() == (
        f"ult-desktop: Folder cadangan {tmp_path / 'nope'} tidak dapat dijangkau (folder itu "
        "tidak ada: salah ketik, sudah dihapus, atau diska/folder bersamanya belum "
        "tersambung); periksa jaringan atau diska, atau pilih folder lain.")
    assert not (tmp_path / "nope").exists()  # never made: a share's letter would go local
