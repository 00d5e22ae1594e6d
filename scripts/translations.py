"""The text catalogues: one gettext PO file per language, and the tools around them.

Every text a person reads lives in ``ult_desktop/locale/<lang>/LC_MESSAGES/ult.po``
(``id`` the source language, ``en``; another language is one more file): ``msgid`` is
the key the code names, ``msgstr`` the text, ``#.`` lines the translator's notes.
See docs/translating.md::

    python scripts/translations.py move                  # dict entries -> PO files
    python scripts/translations.py remove KEY...         # a text no code shows any more
    python scripts/translations.py export en.po          # a file for a translator
    python scripts/translations.py import en.po          # bring the translator's file back

``move`` carries any ``"key": _t("Indonesian", "English")`` entry still written in a
Python module of ``ult_desktop/core/i18n/`` (a branch that added texts the old way) into
the PO files, adding new keys and updating changed texts, then removes the dict from
Python: a module that held nothing else goes, one that holds other code keeps it. It is
idempotent: with no dict left it changes nothing.

``export`` writes a bilingual file a translator opens in Poedit: ``msgctxt`` the key,
``msgid`` the Indonesian text (the reference), ``msgstr`` the target language's text.
``import`` writes back only the texts that changed; it leaves out, and lists, a text
marked fuzzy, an empty one and one whose Indonesian reference changed since the export;
it writes nothing when a text's ``{placeholders}`` differ from the Indonesian ones.
"""

from __future__ import annotations

import argparse
import ast
import functools
import io
import re
import string
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ult_desktop"
CATALOGUE = PACKAGE / "core" / "i18n"  # where dict modules of the old way may turn up
LOCALE = PACKAGE / "locale"
DOMAIN = "ult"
SOURCE = "id"  # the language every text is written in first
TARGET = "en"  # the language an export carries unless told otherwise
WRAP = 79


# -- the old way: dict modules ------------------------------------------------------------

@dataclass
class Entry:
    """One dict entry ``"key": _t("Indonesian", "English")`` as written in a module."""

    key: str
    texts: dict[str, str]
    path: Path
    line: int
    section: str = ""
    notes: list[str] = field(default_factory=list)


def catalogue_paths(folder: Path = CATALOGUE) -> list[Path]:
    """The modules of *folder* that still define a ``TEXTS`` dict."""
    return sorted(p for p in folder.glob("*.py")
                  if p.name != "__init__.py" and _texts_node(p.read_text(encoding="utf-8")))


def _texts_node(source: str) -> ast.stmt | None:
    """The module-level statement ``TEXTS = {...}`` (or ``TEXTS: ... = {...}``)."""
    for node in ast.parse(source).body:
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        if any(isinstance(t, ast.Name) and t.id == "TEXTS" for t in targets):
            return node
    return None


def problems(path: Path) -> list[str]:
    """How *path*'s dict breaks the one way of writing an entry: every item
    ``"key": _t("Indonesian", "English")``, both texts plain string literals, and no
    other statement touching ``TEXTS``."""
    source = path.read_text(encoding="utf-8")
    node = _texts_node(source)
    if node is None or not isinstance(node.value, ast.Dict):
        return [f"{path.name}: no `TEXTS = {{...}}` dict display"]
    found = [f"{path.name}:{other.lineno}: TEXTS changed outside its one dict"
             for other in ast.parse(source).body
             if other.lineno != node.lineno
             and any(isinstance(n, ast.Name) and n.id == "TEXTS" for n in ast.walk(other))]
    for k, v in zip(node.value.keys, node.value.values, strict=True):
        where = f"{path.name}:{(k or v).lineno}"
        if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
            found.append(f"{where}: the key is not a string literal ({ast.unparse(k or v)[:50]})")
        elif not (isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "_t"
                  and len(v.args) == 2 and not v.keywords
                  and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                          for a in v.args)):
            found.append(f"{where}: {k.value!r} is not written `_t(\"Indonesian\", \"English\")`")
    return found


def _comments(source: str) -> dict[int, str]:
    return {tok.start[0]: tok.string.lstrip("#").strip()
            for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.COMMENT}


def _notes(lines: list[str], comments: dict[int, str], first: int, last: int) -> list[str]:
    """The comments just above line *first* (up to a ``# -- section`` line) and those at
    the end of the lines *first*..*last*."""
    notes, above = [], first - 1
    while above >= 1 and above in comments and lines[above - 1].lstrip().startswith("#"):
        if comments[above].startswith("--"):
            break
        notes.insert(0, comments[above])
        above -= 1
    notes += [comments[n] for n in range(first, last + 1)
              if n in comments and not lines[n - 1].lstrip().startswith("#")]
    return notes


def read_module(path: Path) -> list[Entry]:
    """The dict entries of one module in file order, each with the comments a translator
    should see: its section (``# -- heading ---``) and the comments on or above it.

    :raises ValueError: an entry is not written the one way (see :func:`problems`)."""
    found = problems(path)
    if found:
        raise ValueError("; ".join(found))
    source = path.read_text(encoding="utf-8")
    node = _texts_node(source)
    assert node is not None and isinstance(node.value, ast.Dict)
    comments, lines = _comments(source), source.splitlines()
    entries = []
    for k, v in zip(node.value.keys, node.value.values, strict=True):
        assert isinstance(k, ast.Constant) and isinstance(v, ast.Call)
        section = next((comments[n].strip("- ").strip() for n in range(k.lineno - 1, 0, -1)
                        if comments.get(n, "").startswith("--")
                        and lines[n - 1].lstrip().startswith("#")), "")
        texts = [a.value for a in v.args if isinstance(a, ast.Constant)]
        entries.append(Entry(k.value, dict(zip((SOURCE, "en"), texts, strict=True)), path,
                             k.lineno, section,
                             _notes(lines, comments, k.lineno, v.end_lineno or k.lineno)))
    return entries


def read_modules(folder: Path = CATALOGUE) -> list[Entry]:
    return [e for path in catalogue_paths(folder) for e in read_module(path)]


# -- the PO catalogues --------------------------------------------------------------------

def po_path(lang: str, locale: Path = LOCALE) -> Path:
    return locale / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(locale: Path = LOCALE) -> list[str]:
    """The languages that have a catalogue, the source language first."""
    found = sorted(p.parent.parent.name for p in locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return sorted(found, key=lambda lang: lang != SOURCE)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a text (what ``tr(key, name=...)`` fills in)."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"<unbalanced braces>"}


HEADER = ("ULT Desktop: the texts a person reads, in one language.\n"
          "msgid: the key the program names (do not change); msgstr: the text.\n"
          "See docs/translating.md.")


def load(lang: str, locale: Path = LOCALE) -> polib.POFile:
    """The catalogue of *lang*, or a new empty one."""
    path = po_path(lang, locale)
    po = polib.pofile(str(path), wrapwidth=WRAP) if path.exists() else polib.POFile(wrapwidth=WRAP)
    po.header = HEADER
    po.metadata = {"Project-Id-Version": "ULT Desktop", "PO-Revision-Date": "",
                   "Last-Translator": "", "Language-Team": "", **po.metadata,
                   "Language": lang, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "X-Source-Language": SOURCE}
    return po


def texts(lang: str, locale: Path = LOCALE) -> dict[str, str]:
    """Key -> text of one catalogue (fuzzy and obsolete entries left out)."""
    return {e.msgid: e.msgstr for e in load(lang, locale)
            if not e.obsolete and "fuzzy" not in e.flags}


def as_text(po: polib.POFile) -> str:
    """*po* as its file holds it: sorted by key, so the same texts give the same bytes."""
    po[:] = sorted((e for e in po if not e.obsolete), key=lambda e: e.msgid)
    return str(po) + "\n"


def save(po: polib.POFile, lang: str, locale: Path = LOCALE) -> bool:
    """Write *po* (:func:`as_text`); True if the file changed."""
    path = po_path(lang, locale)
    text = as_text(po)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def notes_of(entry: Entry) -> str:
    """The ``#.`` lines of a moved entry: where the text is shown and what it must keep."""
    where = f"Screen or part: {entry.path.stem.replace('_', ' ')}"
    out = [where + (f" – {entry.section}" if entry.section else "") + "."]
    out += [f"Note: {n}" for n in entry.notes]
    fields = sorted(placeholders(entry.texts[SOURCE]))
    if fields:
        out.append("Keep as written: " + ", ".join("{" + f + "}" for f in fields)
                   + " (filled in by the program).")
    return "\n".join(out)


def put(po: polib.POFile, key: str, text: str, comment: str | None = None) -> str | None:
    """Set *key*'s text in *po* (a fuzzy mark goes: the text is the one wanted now):
    ``"added"``, ``"changed"`` or None (already so). No format flag: the ``msgid`` is a
    key, so gettext's check of ``{placeholders}`` against it would fail; the tests compare
    every language's placeholders with the Indonesian text instead."""
    entry = po.find(key)
    if entry is None:
        po.append(polib.POEntry(msgid=key, msgstr=text, comment=comment or ""))
        return "added"
    verdict = None if entry.msgstr == text and "fuzzy" not in entry.flags else "changed"
    entry.msgstr = text
    entry.flags = []
    if comment is not None:
        entry.comment = comment
    return verdict


# -- move: dict entries into the catalogues ------------------------------------------------

@dataclass
class MoveReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # other languages' texts marked fuzzy
    modules: list[str] = field(default_factory=list)


def move(folder: Path = CATALOGUE, locale: Path = LOCALE, dry_run: bool = False) -> MoveReport:
    """Carry every dict entry left in *folder*'s modules into the PO files of *locale*
    and take the dicts out of Python. A key whose Indonesian text changed has its text
    in every other language (not in the dict) marked fuzzy: a translator looks again."""
    entries = read_modules(folder)
    report = MoveReport()
    keys = [e.key for e in entries]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"keys written twice: {', '.join(twice)}")
    catalogues = {lang: load(lang, locale) for lang in {*languages(locale), SOURCE, "en"}}
    for entry in entries:
        comment = notes_of(entry)
        old = catalogues[SOURCE].find(entry.key)
        moved_on = old is not None and old.msgstr != entry.texts[SOURCE]
        for lang, text in entry.texts.items():
            before = (catalogues[lang].find(entry.key) or polib.POEntry()).msgstr
            verdict = put(catalogues[lang], entry.key, text, comment)
            if verdict == "added" and lang == SOURCE:
                report.added.append(entry.key)
            elif verdict == "changed":
                report.changed.append(f"{entry.key} [{lang}]: {before!r} -> {text!r}")
        for lang, po in catalogues.items():
            other = po.find(entry.key)
            if moved_on and lang not in entry.texts and other and "fuzzy" not in other.flags:
                other.flags.append("fuzzy")
                report.stale.append(f"{entry.key} [{lang}]")
    if dry_run:
        report.modules = [strip_module(path, dry_run=True) for path in catalogue_paths(folder)]
        return report
    for lang, po in catalogues.items():
        save(po, lang, locale)
    differ = read_back(entries, locale)
    if differ:
        raise ValueError("texts that do not read back as written (the dicts are kept): "
                         + ", ".join(differ[:10]))
    report.modules = [strip_module(path) for path in catalogue_paths(folder)]
    return report


def read_back(entries: list[Entry], locale: Path = LOCALE) -> list[str]:
    """The entries whose texts the program would not read byte for byte as the dict
    held them (read as core/i18n reads: Babel)."""
    from babel.messages.pofile import read_po as babel_read_po

    read: dict[str, dict[str, str]] = {}
    for lang in {lang for e in entries for lang in e.texts}:
        with po_path(lang, locale).open("rb") as file:
            read[lang] = {str(m.id): str(m.string) for m in babel_read_po(file) if m.id}
    return [f"{e.key} [{lang}]" for e in entries for lang, text in e.texts.items()
            if read[lang].get(e.key) != text]


def strip_module(path: Path, dry_run: bool = False) -> str:
    """Take the ``TEXTS`` dict out of *path*: the whole file when it held nothing but the
    dict, its docstring and imports; otherwise the dict's lines (and the ``_t`` import,
    when nothing else uses it). Says what it did."""
    source = path.read_text(encoding="utf-8")
    node = _texts_node(source)
    assert node is not None
    tree = ast.parse(source)
    rest = [n for n in tree.body
            if n.lineno != node.lineno and not isinstance(n, ast.Import | ast.ImportFrom)
            and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    if not rest:
        if not dry_run:
            path.unlink()
        return f"{path.name}: removed (it held only texts)"
    lines = source.splitlines(keepends=True)
    first = node.lineno
    while first > 1 and lines[first - 2].lstrip().startswith("#"):
        first -= 1  # the comment that introduces the dict goes with it
    kept = lines[:first - 1] + lines[node.end_lineno or node.lineno:]
    text = "".join(kept)
    if not re.search(r"\b_t\b", re.sub(r"^from ult_desktop\.core\.i18n import _t\n", "",
                                       text, flags=re.M)):
        text = re.sub(r"^from ult_desktop\.core\.i18n import _t\n", "", text, flags=re.M)
    text = re.sub(r"\n{3,}$", "\n", re.sub(r"\n{4,}", "\n\n\n", text))
    if not dry_run:
        path.write_text(text, encoding="utf-8", newline="")
    return f"{path.name}: its texts taken out, the rest of the module kept"


def remove(keys: list[str], locale: Path = LOCALE) -> list[str]:
    """Delete *keys* from every catalogue (a text no code shows any more); returns the
    keys that no catalogue had."""
    unknown = set(keys)
    for lang in languages(locale):
        po = load(lang, locale)
        for key in keys:
            entry = po.find(key)
            if entry is not None:
                po.remove(entry)
                unknown.discard(key)
        save(po, lang, locale)
    return sorted(unknown)


# -- keys used in the code ---------------------------------------------------------------

#: What a key looks like: lowercase segments joined by dots (``counter.role.admin``).
KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_-]+)+\.?")
#: Last segments that make a dotted name a file name, not a key (``station.json``).
FILE_SUFFIXES = {"json", "log", "db", "py", "txt", "csv", "pdf", "png", "xlsx", "wav",
                 "md", "ico", "qm", "ts", "ini", "toml", "po", "mo"}
#: Calls whose first argument is always a key (tr and the screens' shorthands for it).
KEY_TAKERS = {"tr", "t", "_t", "_tr", "_catalogue_text"}


@dataclass
class KeyScan:
    """Keys found in the code: *uses* whole keys, *patterns* the ones built at run time
    (``state.{}``), each with the ``file:line`` places they appear."""

    uses: dict[str, list[str]] = field(default_factory=dict)
    patterns: dict[str, list[str]] = field(default_factory=dict)


def scan(package: Path, catalogue: set[str]) -> KeyScan:
    """Every key the code of *package* names, found by reading it (ast), not running it.

    A key is a string literal shaped like one whose first segment is one of the
    catalogue's (``admin.``, ``state.`` ...), wherever it stands (``tr("...")``,
    ``RuleViolation("...")``, a dict of keys), or any literal passed to ``tr``. A key
    built at run time is an f-string or a literal ending in a dot that starts like one
    (``f"state.{s}"``, ``"counter.role." + role``): its pattern has ``{}`` for each
    value. A dict module of the old way is not read."""
    spaces = {k.split(".")[0] for k in catalogue}
    found = KeyScan()

    def shaped(text: str) -> bool:
        return (KEY.fullmatch(text) is not None and text.split(".")[0] in spaces
                and text.rsplit(".", 1)[-1] not in FILE_SUFFIXES)

    skipped = set(catalogue_paths())
    for path in sorted(package.rglob("*.py")):
        if path in skipped:
            continue
        where = f"{path.relative_to(package.parent).as_posix()}"
        nodes = list(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
        in_fstring = {id(v) for n in nodes if isinstance(n, ast.JoinedStr) for v in n.values}
        taken = {id(n.args[0]) for n in nodes
                 if isinstance(n, ast.Call) and n.args and _callee(n) in KEY_TAKERS}
        for node in nodes:
            site = f"{where}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.JoinedStr):
                first = node.values[0] if node.values else None
                if (isinstance(first, ast.Constant) and "." in first.value
                        and shaped(first.value.split("{")[0].rsplit(".", 1)[0] + ".x")):
                    pattern = "".join(v.value if isinstance(v, ast.Constant) else "{}"
                                      for v in node.values)
                    found.patterns.setdefault(pattern, []).append(site)
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in in_fstring):
                text = node.value
                if text.endswith(".") and shaped(text + "x"):
                    found.patterns.setdefault(text + "{}", []).append(site)
                elif shaped(text) or (id(node) in taken and KEY.fullmatch(text)):
                    found.uses.setdefault(text, []).append(site)
    return found


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


@functools.lru_cache(maxsize=4)
def _scan_code(keys: frozenset[str]) -> KeyScan:
    return scan(PACKAGE, set(keys))


def key_uses(keys: set[str]) -> dict[str, list[str]]:
    """Where each key is used in the code (``file:line``), for the translator's notes; a
    key built at run time names the place that builds it (``... (state.{})``)."""
    found = _scan_code(frozenset(keys))
    uses = {k: list(v) for k, v in found.uses.items()}
    for pattern, sites in found.patterns.items():
        shape = re.compile(re.escape(pattern).replace(r"\{\}", r"[^.]+"))
        for key in keys:
            if shape.fullmatch(key):
                uses.setdefault(key, []).extend(f"{site} ({pattern})" for site in sites)
    return uses


# -- a translator's file: export and import ---------------------------------------------

def write_bilingual(locale: Path = LOCALE, lang: str = TARGET) -> str:
    """The PO text a translator edits: key as ``msgctxt``, Indonesian as ``msgid``, the
    *lang* text (empty when there is none yet) as ``msgstr``."""
    source = load(SOURCE, locale)
    target = texts(lang, locale)
    uses = key_uses({e.msgid for e in source})
    po = polib.POFile(wrapwidth=WRAP)
    po.header = ("ULT Desktop texts. msgctxt: the key (do not change); msgid: the Indonesian\n"
                 "text (the reference); msgstr: the translation. See docs/translating.md.")
    po.metadata = {**load(lang, locale).metadata, "Language": lang}
    for entry in source:
        used = uses.get(entry.msgid, [])
        comment = entry.comment + ("\nUsed in: " + ", ".join(used[:3])
                                   + (f" and {len(used) - 3} more" if len(used) > 3 else "")
                                   + "." if used else "")
        po.append(polib.POEntry(
            msgctxt=entry.msgid, msgid=entry.msgstr, msgstr=target.get(entry.msgid, ""),
            comment=comment.strip("\n"),
            flags=["python-brace-format"] if placeholders(entry.msgstr) else []))
    return str(po)


def export_po(path: Path, locale: Path = LOCALE, lang: str = TARGET) -> int:
    text = write_bilingual(locale, lang)
    path.write_text(text, encoding="utf-8")
    return len(load(SOURCE, locale))


@dataclass
class PoEntry:
    msgctxt: str | None = None
    msgid: str = ""
    msgstr: str = ""
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(text: str, name: str = "PO file") -> list[PoEntry]:
    """The entries of a translator's PO file (not its header); obsolete ``#~`` entries
    are left out.

    :raises ValueError: the file is not PO (where, in the reader's words), or it uses
        plural forms, which ULT Desktop does not."""
    try:
        po = polib.pofile(text, check_for_duplicates=True)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{name}: {exc}") from None
    out = []
    for e in po:
        if e.obsolete:
            continue
        if e.msgid_plural:
            raise ValueError(f"{name}:{e.linenum}: plural forms are not used by ULT Desktop")
        out.append(PoEntry(e.msgctxt, e.msgid, e.msgstr, set(e.flags), e.linenum))
    return out


@dataclass
class ImportReport:
    changed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def plan_import(po_entries: list[PoEntry], source: dict[str, str],
                target: dict[str, str]) -> ImportReport:
    """What importing *po_entries* would change in *target* (key -> text), with the
    Indonesian *source*; what it leaves out and why."""
    report = ImportReport()
    for po in po_entries:
        key = po.msgctxt or ""
        where = f"line {po.line}, {po.msgctxt}"
        if key not in source:
            report.skipped.append(f"{where}: no such key in the catalogue any more")
        elif "fuzzy" in po.flags:
            report.skipped.append(f"{where}: marked fuzzy (needs review)")
        elif not po.msgstr:
            report.skipped.append(f"{where}: empty translation")
        elif po.msgid != source[key]:
            report.skipped.append(f"{where}: the Indonesian text changed since the export; "
                                  "export again and translate the new text")
        elif placeholders(po.msgstr) != placeholders(source[key]):
            report.refused.append(
                f"{where}: placeholders {sorted(placeholders(po.msgstr))} differ from the "
                f"Indonesian {sorted(placeholders(source[key]))}")
        elif po.msgstr != target.get(key):
            report.changed[key] = po.msgstr
    return report


def import_po_text(text: str, locale: Path = LOCALE, lang: str = TARGET,
                   dry_run: bool = False, name: str = "PO file") -> ImportReport:
    """Write the changed *lang* texts of a translator's PO *text* into the *lang*
    catalogue (made when it is new); nothing at all when one text is refused."""
    source = load(SOURCE, locale)
    report = plan_import(read_po(text, name), texts(SOURCE, locale), texts(lang, locale))
    if not dry_run and not report.refused and report.changed:
        target = load(lang, locale)
        for key, new in report.changed.items():
            comment = source.find(key).comment if target.find(key) is None else None
            put(target, key, new, comment)
        save(target, lang, locale)
    return report


def import_po(path: Path, locale: Path = LOCALE, lang: str = TARGET,
              dry_run: bool = False) -> ImportReport:
    return import_po_text(path.read_text(encoding="utf-8"), locale, lang, dry_run, path.name)


# -- the command line ----------------------------------------------------------------------

def _print_move(report: MoveReport, dry_run: bool) -> None:
    for line in report.changed:
        print("changed", line)
    for line in report.stale:
        print("marked fuzzy", line)
    for line in report.modules:
        print(line)
    verb = "would move" if dry_run else "moved"
    print(f"{len(report.added)} new keys, {len(report.changed)} changed texts {verb}; "
          f"{len(report.modules)} modules")


def _print_import(report: ImportReport, dry_run: bool) -> int:
    for line in report.refused:
        print("REFUSED", line, file=sys.stderr)
    for line in report.skipped:
        print("skipped", line)
    if report.refused:
        print(f"nothing written: {len(report.refused)} texts refused", file=sys.stderr)
        return 1
    verb = "would change" if dry_run else "changed"
    print(f"{len(report.changed)} texts {verb}; {len(report.skipped)} skipped")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    mv = sub.add_parser("move", help="move dict entries left in Python into the PO files")
    rm = sub.add_parser("remove", help="delete keys from every catalogue")
    rm.add_argument("keys", nargs="+")
    ex = sub.add_parser("export", help="write a translator's PO file")
    ex.add_argument("po", type=Path)
    im = sub.add_parser("import", help="write a translator's PO file into the catalogue")
    im.add_argument("po", type=Path)
    for p in (ex, im):
        p.add_argument("--lang", default=TARGET, help=f"the target language (default {TARGET})")
    for p in (mv, im):
        p.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    args = parser.parse_args(argv)
    if args.action == "move":
        _print_move(move(dry_run=args.dry_run), args.dry_run)
        return 0
    if args.action == "remove":
        unknown = remove(args.keys)
        print(f"{len(args.keys) - len(unknown)} keys removed"
              + (f"; not in any catalogue: {', '.join(unknown)}" if unknown else ""))
        return 1 if unknown else 0
    if args.action == "export":
        count = export_po(args.po, lang=args.lang)
        print(f"{count} texts written to {args.po}")
        return 0
    return _print_import(import_po(args.po, lang=args.lang, dry_run=args.dry_run), args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
