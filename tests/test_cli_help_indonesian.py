"""The command line's help is Indonesian by default for every command, the queue's
breaks and the office's rules too (a real process); English with --lang en."""

from __future__ import annotations

from conftest import run_cli


def test_pause_resume_and_the_rules_commands_are_helped_in_indonesian():
    said = run_cli("--help").stdout
    for words in ("istirahatkan loket", "akhiri istirahat loket", "melapor kembali",
                  "kunjungan lanjutan"):
        assert words in said, words
    for english in ("put a counter on a break", "end a counter's break",
                    "give a case a follow-up visit"):
        assert english not in said, english
    assert "end a counter's break" in run_cli("--lang", "en", "--help").stdout
