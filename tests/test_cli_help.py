"""``ult-desktop --help`` is wholly in the chosen language, argparse's words included."""

from __future__ import annotations

import argparse
import re

import pytest

from ult_desktop.cli import build_parser, main, wanted_language
from ult_desktop.core.i18n import set_language


def parsers(lang: str) -> dict[str, argparse.ArgumentParser]:
    set_language(lang)
    try:
        top = build_parser()
    finally:
        set_language("id")
    return dict(_walk(top, ""))


def _walk(parser: argparse.ArgumentParser, name: str):
    """*parser* and every parser under it, nested commands (``officer add``) included."""
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _walk(sub, f"{name} {sub_name}".strip())


def _bare_key(text: str) -> bool:
    """``officer.cli.username``: what tr() gives back for a key the catalogue lacks."""
    return re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", text) is not None


def helps(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    return {a.dest: a.help for a in parser._actions
            if a.help is not argparse.SUPPRESS and not isinstance(a, argparse._SubParsersAction)}


def test_every_option_of_every_command_has_help_in_both_languages():
    ids, ens = parsers("id"), parsers("en")
    assert set(ids) == set(ens)
    missing, untranslated = [], []
    for name, parser in ids.items():
        en = helps(ens[name])
        for dest, text in helps(parser).items():
            if not text or not en[dest] or _bare_key(text) or _bare_key(en[dest]):
                missing.append(f"{name} --{dest}")  # no text, or the bare key tr() gives back
            elif text == en[dest]:
                untranslated.append(f"{name} --{dest}: {text}")
    assert not missing, missing
    assert not untranslated, untranslated


@pytest.mark.parametrize("argv, wanted, unwanted", [
    (["--help"], ["penggunaan:", "pilihan:", "perintah", "ambil nomor antrean",
                  "Kode keluar"], ["usage:", "options:", "show this help", "Exit codes"]),
    (["--lang", "en", "--help"], ["usage:", "options:", "issue a queue ticket", "Exit codes"],
     ["penggunaan:", "ambil nomor antrean"]),
    (["take", "--help"], ["penggunaan:", "awalan layanan", "keluaran JSON"],
     ["usage:", "service prefix", "show this help"]),
    (["--lang=en", "report", "--help"], ["usage:", "first office day"], ["hari kantor"]),
])
def test_help_is_in_one_language(capsys, argv, wanted, unwanted):
    try:
        with pytest.raises(SystemExit) as exit_:
            main(argv)
    finally:
        set_language("id")  # main() sets the process-wide language
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for text in wanted:
        assert text in out, text
    for text in unwanted:
        assert text not in out, text


def test_the_language_is_known_before_the_parser_is_built(monkeypatch):
    monkeypatch.delenv("ULT_LANG", raising=False)
    assert wanted_language(["take", "--service", "A"]) == "id"
    assert wanted_language(["--lang", "en", "status"]) == "en"
    monkeypatch.setenv("ULT_LANG", "en")
    assert wanted_language(["status"]) == "en"
