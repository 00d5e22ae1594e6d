"""The tactile sign for the kiosk's frame: how to start the spoken mode without sight.

An A5 landscape page, to print on raised-print (swell paper, UV) or emboss: the sentence
in large print and in Braille Grade 1 (uncontracted, letter by letter, as Indonesian
Braille writes it: the 26 letters, the number sign before digits a-j, the punctuation),
and the keypad's layout with what each key does. The Braille is drawn as dots at the
signage sizes (dot 1.5 mm, 2.5 mm apart in a cell, cells 6.2 mm, lines 10 mm).

    python scripts/make_tactile_sign.py resources/signs/kiosk_tactile_sign_a5.pdf

No Braille library is used: the maintained one (liblouis) has no package on PyPI (its
Python binding ships with the C library), and Grade 1 is this one table."""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ult_desktop.reports.fonts import BOLD, REGULAR

SENTENCE = ("Colok earphone atau tekan tombol mana saja pada papan angka untuk panduan "
            "suara")

#: Dots (1-6) of each letter: a-j use dots 1245, k-t add dot 3, u-z add dots 3 and 6 (w
#: is j with dot 6, added to Braille after the rest).
_LETTERS = dict(zip("abcdefghij", ("1", "12", "14", "145", "15", "124", "1245", "125", "24",
                                   "245"), strict=True))
_LETTERS.update({chr(ord(c) + 10): dots + "3" for c, dots in list(_LETTERS.items())[:10]})
_LETTERS.update(dict(zip("uvxyz", ("136", "1236", "1346", "13456", "1356"), strict=True)))
_LETTERS["w"] = "2456"
NUMBER_SIGN = "3456"
_DIGITS = dict(zip("1234567890", "abcdefghij", strict=True))
_PUNCTUATION = {",": "2", ";": "23", ":": "25", ".": "256", "!": "235", "?": "236",
                "-": "36", "'": "3", "(": "2356", ")": "2356"}


def braille_cells(text: str) -> list[str]:
    """*text* as Braille cells (each its dots, ``""`` a space), Grade 1: letter by letter,
    without capital signs (signage), the number sign before a run of digits.

    >>> braille_cells("ab 12")
    ['1', '12', '', '3456', '1', '12']"""
    cells: list[str] = []
    digits = False
    for ch in text.lower():
        if ch.isdigit():
            if not digits:
                cells.append(NUMBER_SIGN)
            cells.append(_LETTERS[_DIGITS[ch]])
        elif ch in _LETTERS:
            cells.append(_LETTERS[ch])
        elif ch in _PUNCTUATION:
            cells.append(_PUNCTUATION[ch])
        elif ch.isspace():
            cells.append("")
        else:
            raise ValueError(f"no Grade 1 Braille for {ch!r}")
        digits = ch.isdigit()
    return cells


def braille_text(text: str) -> str:
    """*text* in Unicode Braille (U+2800 + the dots), for checking and screen readers."""
    return "".join(chr(0x2800 + sum(1 << (int(d) - 1) for d in cell))
                   for cell in braille_cells(text))


def _lines(words: list[str], width: float, measure=len) -> list[str]:
    """*words* wrapped so that ``measure(line) <= width``."""
    lines, line = [], ""
    for word in words:
        if line and measure(f"{line} {word}") > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


DOT_MM, DOT_GAP_MM, CELL_MM, LINE_MM = 1.5, 2.5, 6.2, 10.0


def draw_braille(c: Canvas, text: str, x: float, y: float, width: float) -> float:
    """Draw *text* in Braille dots from the top-left (*x*, *y*), wrapped at whole words
    within *width*; the y below it."""
    per_line = int(width // (CELL_MM * mm))
    for line in _lines(text.split(), per_line):
        for i, cell in enumerate(braille_cells(line)):
            for dot in cell:
                n = int(dot) - 1
                col, row = divmod(n, 3)
                c.circle(x + i * CELL_MM * mm + col * DOT_GAP_MM * mm,
                         y - row * DOT_GAP_MM * mm, DOT_MM * mm / 2, stroke=0, fill=1)
        y -= LINE_MM * mm
    return y


#: The keypad (a USB numeric keypad): (label, column, row, width, height, what it does).
KEYPAD = (
    ("/", 1, 0, 1, 1, "lebih keras"), ("*", 2, 0, 1, 1, "kembali"),
    ("-", 3, 0, 1, 1, "lebih pelan"),
    ("7", 0, 1, 1, 1, ""), ("8", 1, 1, 1, 1, ""), ("9", 2, 1, 1, 1, ""),
    ("+", 3, 1, 1, 2, "ulangi"),
    ("4", 0, 2, 1, 1, ""), ("5", 1, 2, 1, 1, "titik timbul"), ("6", 2, 2, 1, 1, ""),
    ("1", 0, 3, 1, 1, ""), ("2", 1, 3, 1, 1, ""), ("3", 2, 3, 1, 1, ""),
    ("Enter", 3, 3, 1, 2, "cetak"),
    ("0", 0, 4, 2, 1, "setuju"), (".", 2, 4, 1, 1, "diam"),
)


KEY_MM = 19.0


def _keypad(c: Canvas, x: float, top: float) -> None:
    """The keypad's layout: each key with its label, a digit in Braille too (below the
    label), and what it does (at the key's foot)."""
    key = KEY_MM * mm
    for label, col, row, w, h, does in KEYPAD:
        kx, kt = x + col * key, top - row * key  # the key's left and top
        c.roundRect(kx + 1, kt - h * key + 1, w * key - 2, h * key - 2, 3, stroke=1, fill=0)
        c.setFont(BOLD, 13 if len(label) == 1 else 10)
        c.drawCentredString(kx + w * key / 2, kt - 5 * mm, label)
        if label.isdigit():  # the number sign and the digit: two cells
            draw_braille(c, label, kx + w * key / 2 - (CELL_MM + DOT_GAP_MM) / 2 * mm,
                         kt - 8 * mm, 2 * CELL_MM * mm)
        if does:
            c.setFont(REGULAR, 6.5)
            c.drawCentredString(kx + w * key / 2, kt - h * key + 1.8 * mm, does)


def make_sign(path: Path) -> Path:
    """Write the sign to *path* (the same bytes each time: no date in it)."""
    width, height = landscape(A5)
    c = Canvas(str(path), pagesize=(width, height), invariant=True)
    c.setTitle("Panduan suara anjungan: tanda taktil")
    margin = 10 * mm
    c.setLineWidth(1.2)
    c.rect(margin / 2, margin / 2, width - margin, height - margin)
    pad_x = width - margin - 4 * KEY_MM * mm
    text_w = pad_x - margin - 6 * mm
    y = height - margin - 8 * mm
    c.setFont(BOLD, 17)
    for line in _lines(SENTENCE.upper().split(), text_w,
                       lambda s: stringWidth(s, BOLD, 17)):
        c.drawString(margin, y, line)
        y -= 7.5 * mm
    y = draw_braille(c, SENTENCE, margin, y - 3 * mm, text_w) - 2 * mm
    for line in ("Earphone: colokan 3,5 mm atau USB di anjungan;",
                 "suara hanya terdengar di earphone.",
                 "Tanpa earphone: tekan tombol mana saja pada papan angka.",
                 "Plug in earphones or press any keypad key for speech."):
        c.setFont(REGULAR, 8.5)
        c.drawString(margin, y, line)
        y -= 4.2 * mm
    c.setFont(BOLD, 9)
    c.drawString(pad_x, height - margin - 6 * mm, "PAPAN ANGKA / KEYPAD")
    _keypad(c, pad_x, height - margin - 9 * mm)
    c.showPage()
    c.save()
    return path


if __name__ == "__main__":
    print(make_sign(Path(sys.argv[1] if len(sys.argv) > 1 else "kiosk_tactile_sign_a5.pdf")))
