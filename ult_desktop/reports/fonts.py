"""The fonts every PDF is written in: one family that covers the names offices type.

Helvetica knows Latin-1 only ("Đặng" prints as ■): DejaVu Sans (shipped), else Arial,
else a system DejaVu, else Helvetica (logged). Draw with :data:`REGULAR`, :data:`BOLD`,
:data:`ITALIC`."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import StyleSheet1, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ult_desktop.core.localpaths import resources_dir

log = logging.getLogger(__name__)

FAMILY = "ULTSans"
#: (regular, bold, italic) files of each candidate family, best first.
_CANDIDATES = (
    (resources_dir() / "fonts", ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                 "DejaVuSans-Oblique.ttf")),
    (Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts", ("arial.ttf", "arialbd.ttf",
                                                               "ariali.ttf")),
    (Path("/usr/share/fonts/truetype/dejavu"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                "DejaVuSans-Oblique.ttf")),
)


def _register() -> tuple[str, str, str]:
    for folder, files in _CANDIDATES:
        paths = [folder / name for name in files]
        if not paths[0].is_file():
            continue
        paths = [p if p.is_file() else paths[0] for p in paths]  # no bold file: regular
        names = (FAMILY, f"{FAMILY}-Bold", f"{FAMILY}-Oblique")
        try:
            for name, path in zip(names, paths, strict=True):
                pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError) as exc:
            log.warning("PDF font %s not usable: %s", paths[0], exc)
            continue
        for bold, italic, name in ((0, 0, names[0]), (1, 0, names[1]), (0, 1, names[2]),
                                   (1, 1, names[1])):
            addMapping(FAMILY, bold, italic, name)
        return names
    log.warning("no TrueType font found for PDFs: names outside Latin-1 print as boxes")
    return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


REGULAR, BOLD, ITALIC = _register()


def sample_styles() -> StyleSheet1:
    """reportlab's sample style sheet in :data:`REGULAR` / :data:`BOLD` / :data:`ITALIC`."""
    sheet = getSampleStyleSheet()
    for style in sheet.byName.values():
        name = getattr(style, "fontName", "")
        if name.startswith("Helvetica"):
            style.fontName = BOLD if "Bold" in name else ITALIC if "Oblique" in name \
                else REGULAR
    return sheet
