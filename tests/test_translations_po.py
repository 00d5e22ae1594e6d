"""The catalogue goes to a translator as a PO file and comes back (scripts/translations.py,
docs/translating.md), on a copy of the catalogue: the real one is never written here."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest

from scripts import translations as T


@pytest.fixture
def catalogue(tmp_path):
    """A copy of ult_desktop/core/i18n to export from and import into."""
    folder = tmp_path / "i18n"
    shutil.copytree(T.CATALOGUE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.py"))}


def texts(folder) -> dict[str, dict[str, str]]:
    return {e.key: e.texts for e in T.read_catalogue(folder)}


def test_export_then_import_leaves_every_file_as_it_was(catalogue, tmp_path):
    before = files(catalogue)
    po = tmp_path / "en.po"
    assert T.export_po(po, catalogue) == len(texts(catalogue))
    report = T.import_po(po, catalogue)
    assert (report.changed, report.skipped, report.refused) == ({}, [], [])
    assert files(catalogue) == before


def test_the_po_file_carries_key_reference_and_context(catalogue, tmp_path):
    po = tmp_path / "en.po"
    T.export_po(po, catalogue)
    text = po.read_text(encoding="utf-8")
    entry = text[text.index('msgctxt "officer.cli.added"'):].split("\n\n")[0]
    comment = text[:text.index('msgctxt "officer.cli.added"')].rsplit("\n\n", 1)[1]
    assert 'msgid "Petugas {username} ({role_name}) sudah ditambahkan."' in entry
    assert 'msgstr "Officer {username} ({role_name}) was added."' in entry
    assert "#. Keep as written: {role_name}, {username}" in comment
    assert "#. Used in: ult_desktop/cli/admin_cmds.py:" in comment
    assert "#, python-brace-format" in comment
    read = {e.msgctxt: e for e in T.read_po(text)}
    assert len(read) == len(texts(catalogue))
    assert all(read[k].msgid == v["id"] and read[k].msgstr == v["en"]
               for k, v in texts(catalogue).items())


def _edit(po_text: str, key: str, new: str) -> str:
    """*po_text* with the msgstr of *key* replaced, as a PO editor would write it."""
    po = polib.pofile(po_text, wrapwidth=79)
    [entry] = [e for e in po if e.msgctxt == key]
    entry.msgstr = new
    return str(po)


def test_an_edited_translation_comes_back_into_its_catalogue_module(catalogue, tmp_path):
    before = files(catalogue)
    po = tmp_path / "en.po"
    T.export_po(po, catalogue)
    long = ("The officer {username} ({role_name}) is now on the list: \"quoted\", a back\\"
            "slash, and a sentence long enough to be cut over more than one line in the "
            "catalogue module it goes back into.")
    po.write_text(_edit(_edit(po.read_text(encoding="utf-8"), "officer.cli.added", long),
                        "admin.title", "ULT Desktop – Administration"), encoding="utf-8")
    report = T.import_po(po, catalogue)
    assert sorted(report.changed) == ["admin.title", "officer.cli.added"]
    after = texts(catalogue)
    assert after["officer.cli.added"] == {"id": "Petugas {username} ({role_name}) sudah "
                                                "ditambahkan.", "en": long}
    assert after["admin.title"]["en"] == "ULT Desktop – Administration"
    changed = {name for name, data in files(catalogue).items() if before[name] != data}
    assert changed == {"admin.py", "pins.py"}
    assert all(T.problems(p) == [] for p in T.catalogue_paths(catalogue))
    # and back again: the edited files export and import unchanged
    T.export_po(po, catalogue)
    now = files(catalogue)
    assert T.import_po(po, catalogue).changed == {} and files(catalogue) == now


def test_import_leaves_out_what_it_cannot_trust(catalogue, tmp_path):
    po = tmp_path / "en.po"
    T.export_po(po, catalogue)
    text = po.read_text(encoding="utf-8")
    text = _edit(text, "officer.cli.added", "Officer {user} was added.")  # a placeholder lost
    before = files(catalogue)
    report = T.import_po_text(text, catalogue)
    assert report.refused and "officer.cli.added" in report.refused[0]
    assert files(catalogue) == before  # one refusal: nothing written

    text = _edit(po.read_text(encoding="utf-8"), "admin.title", "")  # left empty
    text = text.replace('msgctxt "admin.logout"', '#, fuzzy\nmsgctxt "admin.logout"')
    text = text.replace('msgid "Simpan"\n', 'msgid "Simpan dulu"\n', 1)  # Indonesian moved on
    report = T.import_po_text(text, catalogue)
    assert report.changed == {} and report.refused == []
    assert [s.split(": ")[0].split(", ")[1] for s in report.skipped] == [
        "admin.title", "admin.logout", "admin.save"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_gettext_reads_the_export_and_its_rewrite_imports_unchanged(catalogue, tmp_path):
    """msgfmt checks the file and its {placeholders}; msgcat rewraps it as PO editors do."""
    po = tmp_path / "en.po"
    T.export_po(po, catalogue)
    check = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "en.mo"), str(po)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    rewrapped = tmp_path / "rewrapped.po"
    subprocess.run(["msgcat", "-o", str(rewrapped), str(po)], check=True)
    before = files(catalogue)
    assert T.import_po(rewrapped, catalogue).changed == {}
    assert files(catalogue) == before
