"""Export the text catalogue to a PO file for a translator, and bring the PO file back.

The catalogue (``ult_desktop/core/i18n/*.py``) stays the one source of the texts; a PO
file is how a translator who does not read Python edits them (Poedit, Lokalize, Weblate
or any text editor; see docs/translating.md)::

    python scripts/translations.py export en.po          # every key, English to translate
    python scripts/translations.py import en.po          # writes the edited English back

Each PO entry is one key: ``msgctxt`` is the key, ``msgid`` the Indonesian text (the
reference, not edited), ``msgstr`` the English text; the ``#.`` comment says where the
text appears and which ``{placeholders}`` it must keep, ``#:`` the catalogue line.

Import rewrites only the English texts that changed, in place, so ``export`` then
``import`` leaves every catalogue file byte for byte as it was. It leaves out, and lists,
a text marked fuzzy, an empty one and one whose Indonesian reference changed since the
export; it writes nothing when a text's ``{placeholders}`` differ from the Indonesian ones.
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
CATALOGUE = ROOT / "ult_desktop" / "core" / "i18n"
SOURCE = "id"  # the language every text is written in first (msgid)
TARGET = "en"  # the language a PO file carries (msgstr)
LINE_LENGTH = 100


# -- the catalogue's modules ------------------------------------------------------------

@dataclass
class Entry:
    """One catalogue entry ``"key": _t("Indonesian", "English")`` as written."""

    key: str
    texts: dict[str, str]
    path: Path
    line: int
    nodes: dict[str, ast.expr] = field(repr=False)
    section: str = ""
    notes: list[str] = field(default_factory=list)


def catalogue_paths(folder: Path = CATALOGUE) -> list[Path]:
    """The catalogue modules: every module of the package that defines ``TEXTS``."""
    return sorted(p for p in folder.glob("*.py")
                  if p.name != "__init__.py" and "\nTEXTS" in p.read_text(encoding="utf-8"))


def _texts_dict(tree: ast.Module) -> ast.Dict | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "TEXTS" for t in node.targets):
            return node.value if isinstance(node.value, ast.Dict) else None
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and node.target.id == "TEXTS"):
            return node.value if isinstance(node.value, ast.Dict) else None
    return None


def problems(path: Path) -> list[str]:
    """How *path* breaks the catalogue's one way of writing an entry: a module-level
    ``TEXTS = {...}`` whose every item is ``"key": _t("Indonesian", "English")``, both
    texts plain string literals (no f-strings, names, calls or ``**`` spreads)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    texts = _texts_dict(tree)
    if texts is None:
        return [f"{path.name}: no `TEXTS = {{...}}` dict display"]
    for node in tree.body:  # TEXTS.update(...), TEXTS[...] = ...: a second place
        if getattr(node, "value", None) is texts:
            continue
        if any(isinstance(n, ast.Name) and n.id == "TEXTS" for n in ast.walk(node)):
            found.append(f"{path.name}:{node.lineno}: TEXTS changed outside its one dict")
    for k, v in zip(texts.keys, texts.values, strict=True):
        where = f"{path.name}:{(k or v).lineno}"
        if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
            found.append(f"{where}: the key is not a string literal ({ast.unparse(k or v)[:50]})")
            continue
        if not (isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "_t"
                and len(v.args) == 2 and not v.keywords
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                        for a in v.args)):
            found.append(f"{where}: {k.value!r} is not written `_t(\"Indonesian\", \"English\")`")
    return found


def _comments(source: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string.lstrip("#").strip()
    return out


def read_module(path: Path) -> list[Entry]:
    """The entries of one catalogue module in file order, each with the comments a
    translator should see: the section header (``# -- heading ---``) it is under and
    the comment lines just above it or on its lines."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    texts = _texts_dict(tree)
    if texts is None:
        return []
    comments = _comments(source)
    lines = source.splitlines()
    entries = []
    for k, v in zip(texts.keys, texts.values, strict=True):
        if not (isinstance(k, ast.Constant) and isinstance(v, ast.Call) and len(v.args) == 2
                and all(isinstance(a, ast.Constant) for a in v.args)):
            raise ValueError(f"{path.name}:{(k or v).lineno}: not `\"key\": _t(..., ...)`; "
                             "see problems()")
        section, notes, above = "", [], k.lineno - 1
        while above >= 1 and above in comments and lines[above - 1].lstrip().startswith("#"):
            text = comments[above]
            if text.startswith("--"):
                break
            notes.insert(0, text)
            above -= 1
        for number in range(k.lineno, (v.end_lineno or k.lineno) + 1):
            if number in comments and not lines[number - 1].lstrip().startswith("#"):
                notes.append(comments[number])
        for number in range(k.lineno - 1, 0, -1):
            text = comments.get(number, "")
            if text.startswith("--") and lines[number - 1].lstrip().startswith("#"):
                section = text.strip("- ").strip()
                break
        args = dict(zip((SOURCE, TARGET), v.args, strict=True))
        entries.append(Entry(key=k.value, texts={lang: a.value for lang, a in args.items()},
                             path=path, line=k.lineno, nodes=args, section=section,
                             notes=notes))
    return entries


def read_catalogue(folder: Path = CATALOGUE) -> list[Entry]:
    return [e for path in catalogue_paths(folder) for e in read_module(path)]


# -- writing a text as Python -----------------------------------------------------------

def py_literal(text: str) -> str:
    """*text* as one Python string literal, double-quoted unless it holds ``"`` only."""
    quote = "'" if '"' in text and "'" not in text else '"'
    body = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return quote + body.replace(quote, "\\" + quote) + quote


def _chunks(text: str, width: int) -> list[str]:
    """*text* cut after spaces into pieces whose literals fit *width* columns."""
    words = re.findall(r"\S+\s*|\s+", text) or [""]
    pieces, current = [], ""
    for word in words:
        if current and len(py_literal(current + word)) > width:
            pieces.append(current)
            current = word
        else:
            current += word
    pieces.append(current)
    return pieces


def wrapped_literal(text: str, column: int, tail: int = 2) -> str:
    """*text* as implicitly joined literals starting at *column*, each line at most
    LINE_LENGTH long with *tail* characters (``),`` ...) after the last one."""
    pieces = _chunks(text, max(30, LINE_LENGTH - column - tail))
    return ("\n" + " " * column).join(py_literal(p) for p in pieces)


def _offset(lines: list[str], line: int, col: int) -> int:
    """Character offset of (1-based *line*, UTF-8 byte *col*) in the joined *lines*."""
    before = sum(len(x) for x in lines[:line - 1])
    return before + len(lines[line - 1].encode("utf-8")[:col].decode("utf-8"))


def rewrite(path: Path, changes: dict[str, str], lang: str = TARGET) -> int:
    """Write the *lang* text of the keys in *changes* into *path*, in place; every other
    byte of the file stays. Returns how many entries changed."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    edits = []
    for entry in read_module(path):
        new = changes.get(entry.key)
        if new is None or new == entry.texts[lang]:
            continue
        node = entry.nodes[lang]
        start = _offset(lines, node.lineno, node.col_offset)
        end = _offset(lines, node.end_lineno or node.lineno, node.end_col_offset or 0)
        column = start - _offset(lines, node.lineno, 0)
        tail = len(source[end:].split("\n", 1)[0]) or 1
        edits.append((start, end, wrapped_literal(new, column, tail)))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    if edits:
        path.write_text(source, encoding="utf-8", newline="")
    return len(edits)


# -- keys used in the code -------------------------------------------------------------

#: What a key looks like: lowercase segments joined by dots (``counter.role.admin``).
KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_-]+)+\.?")
#: Last segments that make a dotted name a file name, not a key (``station.json``).
FILE_SUFFIXES = {"json", "log", "db", "py", "txt", "csv", "pdf", "png", "xlsx", "wav",
                 "md", "ico", "qm", "ts", "ini", "toml"}
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
    value. The catalogue modules themselves are not read."""
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


# -- PO files ---------------------------------------------------------------------------

def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a text (what ``tr(key, name=...)`` fills in)."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def context_comment(entry: Entry, used_at: list[str] | None = None) -> list[str]:
    """The ``#.`` lines of one key: where the text is shown and what it must keep."""
    screen = entry.path.stem.replace("_", " ")
    where = f"Screen or part: {screen}" + (f" – {entry.section}" if entry.section else "")
    out = [where + "."]
    out += [f"Note: {n}" for n in entry.notes]
    fields = sorted(placeholders(entry.texts[SOURCE]))
    if fields:
        out.append("Keep as written: " + ", ".join("{" + f + "}" for f in fields)
                   + " (filled in by the program).")
    if used_at:
        out.append("Used in: " + ", ".join(used_at[:3])
                   + (f" and {len(used_at) - 3} more" if len(used_at) > 3 else "") + ".")
    return out


HEADER = {
    "Project-Id-Version": "ULT Desktop",
    "PO-Revision-Date": "",
    "Last-Translator": "",
    "Language-Team": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Language": TARGET,
    "X-Source-Language": SOURCE,
}


def write_po(entries: list[Entry], used: dict[str, list[str]] | None = None,
             lang: str = TARGET) -> str:
    """The PO text of *entries*: key as ``msgctxt``, Indonesian as ``msgid``, the *lang*
    text as ``msgstr``."""
    po = polib.POFile(wrapwidth=79)
    po.header = ("ULT Desktop texts. msgctxt: the key (do not change); msgid: the Indonesian\n"
                 "text (the reference); msgstr: the translation. See docs/translating.md.")
    po.metadata = {**HEADER, "Language": lang}
    for entry in entries:
        po.append(polib.POEntry(
            msgctxt=entry.key, msgid=entry.texts[SOURCE], msgstr=entry.texts.get(lang, ""),
            comment="\n".join(context_comment(entry, (used or {}).get(entry.key))),
            occurrences=[(f"ult_desktop/core/i18n/{entry.path.name}", str(entry.line))],
            flags=["python-brace-format"] if placeholders(entry.texts[SOURCE]) else []))
    return str(po)


@dataclass
class PoEntry:
    msgctxt: str | None = None
    msgid: str = ""
    msgstr: str = ""
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(text: str, name: str = "PO file") -> list[PoEntry]:
    """The entries of a PO file (not its header); obsolete ``#~`` entries are left out.

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


def plan_import(po_entries: list[PoEntry], entries: list[Entry],
                lang: str = TARGET) -> ImportReport:
    """What importing *po_entries* would change, and what it leaves out and why."""
    by_key = {e.key: e for e in entries}
    report = ImportReport()
    for po in po_entries:
        entry = by_key.get(po.msgctxt or "")
        where = f"line {po.line}, {po.msgctxt}"
        if entry is None:
            report.skipped.append(f"{where}: no such key in the catalogue any more")
        elif "fuzzy" in po.flags:
            report.skipped.append(f"{where}: marked fuzzy (needs review)")
        elif not po.msgstr:
            report.skipped.append(f"{where}: empty translation")
        elif po.msgid != entry.texts[SOURCE]:
            report.skipped.append(f"{where}: the Indonesian text changed since the export; "
                                  "export again and translate the new text")
        elif placeholders(po.msgstr) != placeholders(entry.texts[SOURCE]):
            report.refused.append(
                f"{where}: placeholders {sorted(placeholders(po.msgstr))} differ from the "
                f"Indonesian {sorted(placeholders(entry.texts[SOURCE]))}")
        elif po.msgstr != entry.texts.get(lang):
            report.changed[po.msgctxt] = po.msgstr
    return report


def import_po_text(text: str, folder: Path = CATALOGUE, lang: str = TARGET,
                   dry_run: bool = False, name: str = "PO file") -> ImportReport:
    """Write the changed *lang* texts of a PO file's *text* into the catalogue in
    *folder*; nothing at all when one text is refused."""
    report = plan_import(read_po(text, name), read_catalogue(folder), lang)
    if not dry_run and not report.refused:
        for path in catalogue_paths(folder):
            rewrite(path, report.changed, lang)
    return report


def import_po(po_path: Path, folder: Path = CATALOGUE, lang: str = TARGET,
              dry_run: bool = False) -> ImportReport:
    return import_po_text(po_path.read_text(encoding="utf-8"), folder, lang, dry_run,
                          po_path.name)


@functools.lru_cache(maxsize=4)
def _scan_code(keys: frozenset[str]) -> KeyScan:
    return scan(ROOT / "ult_desktop", set(keys))


def key_uses(keys: set[str]) -> dict[str, list[str]]:
    """Where each key is used in the code (``file:line``), for the ``#.`` comments; a
    key built at run time names the place that builds it (``... (state.{})``)."""
    found = _scan_code(frozenset(keys))
    uses = {k: list(v) for k, v in found.uses.items()}
    for pattern, sites in found.patterns.items():
        shape = re.compile(re.escape(pattern).replace(r"\{\}", r"[^.]+"))
        for key in keys:
            if shape.fullmatch(key):
                uses.setdefault(key, []).extend(f"{site} ({pattern})" for site in sites)
    return uses


def export_po(po_path: Path, folder: Path = CATALOGUE, lang: str = TARGET) -> int:
    entries = read_catalogue(folder)
    po_path.write_text(write_po(entries, key_uses({e.key for e in entries}), lang),
                       encoding="utf-8")
    return len(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    ex = sub.add_parser("export", help="write every key to a PO file")
    ex.add_argument("po", type=Path)
    im = sub.add_parser("import", help="write a PO file's translations into the catalogue")
    im.add_argument("po", type=Path)
    im.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    args = parser.parse_args(argv)
    if args.action == "export":
        count = export_po(args.po)
        print(f"{count} texts written to {args.po}")
        return 0
    report = import_po(args.po, dry_run=args.dry_run)
    for line in report.refused:
        print("REFUSED", line, file=sys.stderr)
    for line in report.skipped:
        print("skipped", line)
    if report.refused:
        print(f"nothing written: {len(report.refused)} texts refused", file=sys.stderr)
        return 1
    verb = "would change" if args.dry_run else "changed"
    print(f"{len(report.changed)} texts {verb}; {len(report.skipped)} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
