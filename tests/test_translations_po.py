"""The PO catalogues and the tools around them (scripts/translations.py,
docs/translating.md), always on copies: the real catalogues are never written here.

- ``move`` carries texts still written as Python dicts (a branch merged after the
  conversion) into the catalogues and out of Python, as often as it is run;
- ``export``/``import`` hand a translator a file and bring it back;
- a language is a file: one dropped in is offered and read, Indonesian filling its gaps.
"""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest

from scripts import translations as T
from ult_desktop.core import i18n


@pytest.fixture
def locale(tmp_path):
    """A copy of ult_desktop/locale to move into, export from and import into."""
    folder = tmp_path / "locale"
    shutil.copytree(T.LOCALE, folder)
    return folder


def files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.po"))}


# -- move ---------------------------------------------------------------------------------

DICT_MODULE = '''"""Texts of a screen a branch added the old way."""

from ult_desktop.core.i18n import _t

TEXTS = {
    # -- the new screen ----------------------------------------------------------------
    "kiosk.subtitle": _t("Sentuh layanan yang Anda butuhkan", "Touch the service you need"),
    # a note for the translator
    "newscreen.title": _t("Layar baru {name}", "New screen {name}"),  # short: a button
    "admin.title": _t("ULT Desktop - Admin baru", "ULT Desktop - New admin"),
}
'''

MIXED_MODULE = '''"""Words and code together."""

from __future__ import annotations

from ult_desktop.core.i18n import _t

LIMIT = 3

TEXTS = {
    "mixed.word": _t("Kata", "Word"),
}


def limit() -> int:
    return LIMIT
'''


def test_move_adds_new_keys_updates_changed_texts_and_takes_the_dicts_out(locale, tmp_path):
    folder = tmp_path / "i18n"
    folder.mkdir()
    (folder / "newscreen.py").write_text(DICT_MODULE, encoding="utf-8")
    (folder / "mixed.py").write_text(MIXED_MODULE, encoding="utf-8")
    (folder / "runtime_keys.py").write_text('"""No texts."""\n\nKEYS = {"a.{}": None}\n',
                                            encoding="utf-8")
    old_admin_title = T.texts("id", locale)["admin.title"]
    report = T.move(folder, locale)
    assert sorted(report.added) == ["mixed.word", "newscreen.title"]
    assert [c.split(" ")[0] for c in report.changed] == ["admin.title", "admin.title"]
    assert old_admin_title in report.changed[0]
    ids, ens = T.texts("id", locale), T.texts("en", locale)
    assert ids["newscreen.title"] == "Layar baru {name}" and ens["mixed.word"] == "Word"
    assert ids["admin.title"] == "ULT Desktop - Admin baru"
    entry = T.load("en", locale).find("newscreen.title")
    assert entry.comment.splitlines() == [
        "Screen or part: newscreen – the new screen.", "Note: a note for the translator",
        "Note: short: a button", "Keep as written: {name} (filled in by the program)."]
    assert entry.flags == []  # msgid is a key: no format to check it against
    # the module that held only texts is gone; the others keep their code
    assert sorted(p.name for p in folder.glob("*.py")) == ["mixed.py", "runtime_keys.py"]
    mixed = (folder / "mixed.py").read_text(encoding="utf-8")
    assert "TEXTS" not in mixed and "_t" not in mixed and "def limit()" in mixed
    compile(mixed, "mixed.py", "exec")
    assert "KEYS" in (folder / "runtime_keys.py").read_text(encoding="utf-8")
    # a rerun changes nothing
    after = files(locale)
    again = T.move(folder, locale)
    assert (again.added, again.changed, again.modules) == ([], [], [])
    assert files(locale) == after


def test_a_dict_module_that_comes_back_after_a_merge_moves_again(locale, tmp_path):
    """A branch still adding to ``kiosk.py`` after the conversion: the merge brings the
    module back, whole, with its new entry; only the new entry and the changed text
    count, and the other language's translation of a changed text is marked fuzzy."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    fr = T.load("fr", locale)  # a third language's file, two texts translated
    T.put(fr, "kiosk.closed", "Fermé aujourd'hui")
    T.put(fr, "kiosk.subtitle", "Touchez le service")
    T.save(fr, "fr", locale)
    module = ('from ult_desktop.core.i18n import _t\n\nTEXTS = {\n'
              '    "kiosk.subtitle": _t("Sentuh layanan yang Anda butuhkan", '
              '"Touch the service you need"),\n'
              '    "kiosk.closed": _t("Layanan hari ini sudah ditutup", '
              '"Service is closed for today"),\n'
              '    "kiosk.brand_new": _t("Baru", "New"),\n}\n')
    (folder / "kiosk.py").write_text(module, encoding="utf-8")
    report = T.move(folder, locale)
    assert report.added == ["kiosk.brand_new"]
    assert [c.split(" ")[0] for c in report.changed] == ["kiosk.closed"]
    assert report.stale == ["kiosk.closed [fr]"]
    assert "fuzzy" in T.load("fr", locale).find("kiosk.closed").flags
    assert "kiosk.closed" not in T.texts("fr", locale)  # not shown until reviewed
    assert T.texts("fr", locale)["kiosk.subtitle"] == "Touchez le service"
    assert not (folder / "kiosk.py").exists()


def test_move_refuses_a_dict_it_cannot_read_and_writes_nothing(locale, tmp_path):
    folder = tmp_path / "i18n"
    folder.mkdir()
    (folder / "bad.py").write_text('from ult_desktop.core.i18n import _t\n\nNAME = "x"\n'
                                   'TEXTS = {"bad.key": _t(NAME, "English")}\n',
                                   encoding="utf-8")
    before = files(locale)
    with pytest.raises(ValueError, match="bad.key"):
        T.move(folder, locale)
    assert files(locale) == before and (folder / "bad.py").exists()


def test_remove_deletes_a_key_from_every_catalogue(locale):
    assert T.remove(["kiosk.closed", "no.such.key"], locale) == ["no.such.key"]
    assert all("kiosk.closed" not in T.texts(lang, locale) for lang in ("id", "en"))
    assert "kiosk.subtitle" in T.texts("en", locale)


# -- a translator's file ------------------------------------------------------------------

def test_export_then_import_leaves_every_catalogue_as_it_was(locale, tmp_path):
    before = files(locale)
    po = tmp_path / "en.po"
    assert T.export_po(po, locale) == len(T.texts("id", locale))
    report = T.import_po(po, locale)
    assert (report.changed, report.skipped, report.refused) == ({}, [], [])
    assert files(locale) == before


def test_the_export_carries_key_reference_and_context(locale, tmp_path):
    po = tmp_path / "en.po"
    T.export_po(po, locale)
    text = po.read_text(encoding="utf-8")
    entry = text[text.index('msgctxt "officer.cli.added"'):].split("\n\n")[0]
    comment = text[:text.index('msgctxt "officer.cli.added"')].rsplit("\n\n", 1)[1]
    assert 'msgid "Petugas {username} ({role_name}) sudah ditambahkan."' in entry
    assert 'msgstr "Officer {username} ({role_name}) was added."' in entry
    assert "#. Keep as written: {role_name}, {username}" in comment
    assert "#. Used in: ult_desktop/cli/admin_cmds.py:" in comment
    assert "#, python-brace-format" in comment
    read = {e.msgctxt: e for e in T.read_po(text)}
    ids, ens = T.texts("id", locale), T.texts("en", locale)
    assert set(read) == set(ids)
    assert all(read[k].msgid == ids[k] and read[k].msgstr == ens[k] for k in ids)


def _edit(po_text: str, key: str, new: str) -> str:
    """*po_text* with the msgstr of *key* replaced, as a PO editor would write it."""
    po = polib.pofile(po_text, wrapwidth=79)
    [entry] = [e for e in po if e.msgctxt == key]
    entry.msgstr = new
    return str(po)


def test_an_edited_translation_comes_back_into_its_catalogue(locale, tmp_path):
    before = files(locale)
    po = tmp_path / "en.po"
    T.export_po(po, locale)
    long = ("The officer {username} ({role_name}) is now on the list: \"quoted\", a back\\"
            "slash, and a sentence long enough to be cut over more than one line.")
    po.write_text(_edit(_edit(po.read_text(encoding="utf-8"), "officer.cli.added", long),
                        "admin.title", "ULT Desktop – Administration"), encoding="utf-8")
    report = T.import_po(po, locale)
    assert sorted(report.changed) == ["admin.title", "officer.cli.added"]
    ens = T.texts("en", locale)
    assert ens["officer.cli.added"] == long
    assert ens["admin.title"] == "ULT Desktop – Administration"
    changed = {name for name, data in files(locale).items() if before[name] != data}
    assert changed == {"en/LC_MESSAGES/ult.po"}
    # and back again: the edited catalogue exports and imports unchanged
    T.export_po(po, locale)
    now = files(locale)
    assert T.import_po(po, locale).changed == {} and files(locale) == now


def test_import_leaves_out_what_it_cannot_trust(locale, tmp_path):
    po = tmp_path / "en.po"
    T.export_po(po, locale)
    text = _edit(po.read_text(encoding="utf-8"), "officer.cli.added", "Officer {user} was added.")
    before = files(locale)
    report = T.import_po_text(text, locale)
    assert report.refused and "officer.cli.added" in report.refused[0]
    assert files(locale) == before  # one refusal: nothing written

    text = _edit(po.read_text(encoding="utf-8"), "admin.title", "")  # left empty
    text = text.replace('msgctxt "admin.logout"', '#, fuzzy\nmsgctxt "admin.logout"')
    text = text.replace('msgid "Simpan"\n', 'msgid "Simpan dulu"\n', 1)  # Indonesian moved on
    report = T.import_po_text(text, locale)
    assert report.changed == {} and report.refused == []
    assert [s.split(": ")[0].split(", ")[1] for s in report.skipped] == [
        "admin.logout", "admin.save", "admin.title"]


def test_a_new_language_starts_from_an_export_and_becomes_a_catalogue(locale, tmp_path):
    po = tmp_path / "jv.po"
    T.export_po(po, locale, lang="jv")
    text = po.read_text(encoding="utf-8")
    assert '"Language: jv\\n"' in text and 'msgstr "Touch the service you need"' not in text
    text = _edit(text, "kiosk.subtitle", "Tutul layanan ingkang panjenengan betahaken")
    report = T.import_po_text(text, locale, lang="jv")
    assert list(report.changed) == ["kiosk.subtitle"]
    assert T.languages(locale) == ["id", "en", "jv"]
    assert T.texts("jv", locale) == {
        "kiosk.subtitle": "Tutul layanan ingkang panjenengan betahaken"}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_gettext_reads_the_catalogues_and_the_export(locale, tmp_path):
    """msgfmt checks each file and its {placeholders}; msgcat rewraps an export as PO
    editors do, and the rewrap imports unchanged."""
    po = tmp_path / "en.po"
    T.export_po(po, locale)
    for path in [po, *sorted(locale.rglob("*.po"))]:
        check = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    rewrapped = tmp_path / "rewrapped.po"
    subprocess.run(["msgcat", "-o", str(rewrapped), str(po)], check=True)
    before = files(locale)
    assert T.import_po(rewrapped, locale).changed == {}
    assert files(locale) == before


# -- the program reads them -----------------------------------------------------------------

@pytest.fixture
def third_language(locale, monkeypatch):
    """The catalogues with a Javanese file that has two texts, one with a placeholder."""
    jv = T.load("jv", locale)
    T.put(jv, "kiosk.subtitle", "Tutul layanan ingkang panjenengan betahaken")
    T.put(jv, "kiosk.waiting", "{count} tiyang nengga")
    T.save(jv, "jv", locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.reload()
    yield locale
    i18n.set_language("id")
    monkeypatch.undo()
    i18n.reload()


def test_a_language_added_as_a_file_is_offered_and_used(third_language):
    assert i18n.languages() == ("id", "en", "jv")
    assert i18n.tr("kiosk.waiting", "jv", count=4) == "4 tiyang nengga"
    i18n.set_language("jv")
    assert i18n.tr("kiosk.subtitle") == "Tutul layanan ingkang panjenengan betahaken"
    # a text the file lacks is shown in Indonesian; an unknown key as itself
    assert i18n.tr("kiosk.closed") == i18n.tr("kiosk.closed", "id") != i18n.tr("kiosk.closed", "en")
    assert i18n.tr("no.such.key") == "no.such.key"
    assert i18n._load()["kiosk.subtitle"]["jv"].startswith("Tutul")


def test_a_language_without_a_file_is_refused(third_language):
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.set_language("fr")
    from ult_desktop.cli import wanted_language

    assert wanted_language(["--lang", "jv"]) == "jv"
    assert wanted_language(["--lang", "fr"]) == "id"
