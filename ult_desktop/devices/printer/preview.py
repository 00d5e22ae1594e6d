"""The ticket as a PNG that looks like the paper: same elements, same code page, same
character grid (1 pixel = 1 printer dot at 203 dpi) as the ESC/POS output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ult_desktop.core.localpaths import resources_dir
from ult_desktop.core.ticket_layout import (
    BigNumber,
    Cut,
    Element,
    Line,
    Logo,
    QrCode,
    Separator,
    Space,
    Style,
    transliterate,
    wrap,
)
from ult_desktop.devices.printer.escpos_render import (
    DOTS_PER_MM,
    FONT_A,
    FONT_B,
    Media,
    encodable,
    line_look,
    media_for,
    number_scale,
    prepare_logo,
    qr_image,
)

PAPER = (255, 255, 255)
INK = (24, 24, 28)
TABLE = (226, 228, 232)
SHADOW = (196, 199, 205)

_MONO = ("DejaVuSansMono.ttf", "consola.ttf", "cour.ttf", "LiberationMono-Regular.ttf")
_MONO_BOLD = ("DejaVuSansMono-Bold.ttf", "consolab.ttf", "courbd.ttf",
              "LiberationMono-Bold.ttf")
_FONT_DIRS = (
    resources_dir() / "fonts",
    Path(sys.prefix) / "share" / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
)


@lru_cache(maxsize=4)
def _font_file(bold: bool) -> str | None:
    found = (folder / name for name in (_MONO_BOLD if bold else _MONO) for folder in _FONT_DIRS)
    return next((str(path) for path in found if path.is_file()), None)


@lru_cache(maxsize=64)
def _font(cell_width: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A monospace font whose advance is about *cell_width* pixels."""
    path = _font_file(bold) or _font_file(False)
    size = max(6, round(cell_width / 0.602))
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


class _Canvas:
    def __init__(self, media: Media):
        self.media = media
        self.margin = max(16, (media.width_mm * DOTS_PER_MM - media.dots) // 2)
        self.image = Image.new("RGB", (media.dots + 2 * self.margin, 6000), PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.y = 28

    def text_row(self, text: str, *, cell: tuple[int, int], scale_w: int, scale_h: int,
                 bold: bool, invert: bool = False) -> None:
        cell_w, cell_h = cell[0] * scale_w, cell[1] * scale_h
        width = cell_w * len(text)
        x0 = self.margin + (self.media.dots - width) // 2
        if invert:
            self.draw.rectangle((x0, self.y, x0 + width - 1, self.y + cell_h - 1), fill=INK)
        font = _font(cell_w, bold)
        # Glyphs drawn one per cell, as the printer does; scaled vertically for tall text.
        glyph_h = round(cell_w / 0.602 * 1.17)
        layer = Image.new("L", (max(1, width), max(glyph_h, 1)), 0)
        layer_draw = ImageDraw.Draw(layer)
        for i, ch in enumerate(text):
            layer_draw.text((i * cell_w + cell_w / 2, glyph_h / 2), ch, fill=255, font=font,
                            anchor="mm")
        if glyph_h != cell_h:
            layer = layer.resize((layer.width, cell_h), Image.LANCZOS)
        color = PAPER if invert else INK
        self.image.paste(Image.new("RGB", layer.size, color), (x0, self.y), layer)
        self.y += cell_h

    def bitmap(self, img: Image.Image) -> None:
        x0 = self.margin + (self.media.dots - img.width) // 2
        self.image.paste(img.convert("RGB"), (x0, self.y))
        self.y += img.height


def render_preview(elements: list[Element], *, width_mm: int = 80, profile: str = "default",
                   codepage: str = "CP437") -> Image.Image:
    """The ticket drawn on a strip of paper lying on a light grey table."""
    media = media_for(width_mm, profile)
    can_encode = encodable(profile, codepage)
    c = _Canvas(media)
    for element in elements:
        if isinstance(element, Line):
            _line(c, element, media, can_encode)
        elif isinstance(element, BigNumber):
            scale = number_scale(element.text, media)
            c.y += 6
            c.text_row(transliterate(element.text, can_encode), cell=FONT_A, scale_w=scale,
                       scale_h=scale, bold=True)
            c.y += 6
        elif isinstance(element, QrCode):
            c.y += 8
            c.bitmap(qr_image(element.content, media.qr_module))
            c.y += FONT_A[1]
        elif isinstance(element, Logo):
            img = prepare_logo(element.png, media)
            if img is not None:
                c.bitmap(img)
                c.y += FONT_A[1]
        elif isinstance(element, Separator):
            y = c.y + FONT_A[1] // 2
            for x in range(c.margin, c.margin + media.dots, 12):
                c.draw.line((x + 2, y, x + 8, y), fill=INK, width=2)
            c.y += FONT_A[1]
        elif isinstance(element, Space):
            c.y += FONT_A[1] * element.lines
        elif isinstance(element, Cut):
            c.y += FONT_A[1] * 2
    ticket = c.image.crop((0, 0, c.image.width, c.y))
    return _on_table(ticket, cut=any(isinstance(e, Cut) for e in elements))


def _line(c: _Canvas, line: Line, media: Media, can_encode: Callable[[str], bool]) -> None:
    text, columns, scale_w, scale_h, bold = line_look(line, media, can_encode)
    cell = FONT_B if line.style is Style.SMALL else FONT_A
    rows = [text] if line.style is Style.MARKER and len(text) <= columns else wrap(text, columns)
    for row in rows:
        c.text_row(row, cell=cell, scale_w=scale_w, scale_h=scale_h, bold=bold,
                   invert=line.style is Style.MARKER)
    if line.style is Style.MARKER:
        c.y += 4


def _on_table(ticket: Image.Image, *, cut: bool) -> Image.Image:
    pad = 24
    out = Image.new("RGB", (ticket.width + 2 * pad, ticket.height + 2 * pad + 8), TABLE)
    draw = ImageDraw.Draw(out)
    draw.rectangle((pad + 4, pad + 4, pad + ticket.width + 3, pad + ticket.height + 3),
                   fill=SHADOW)
    out.paste(ticket, (pad, pad))
    if cut:
        # A saw-tooth bottom edge, as left by the cutter's tear.
        y = pad + ticket.height
        teeth = [(pad, y - 6)]
        for i, x in enumerate(range(pad, pad + ticket.width + 1, 8)):
            teeth.append((x, y - (6 if i % 2 == 0 else 0)))
        teeth += [(pad + ticket.width, y + 8), (pad, y + 8)]
        draw.polygon(teeth, fill=TABLE)
    return out


def save_preview(elements: list[Element], path: str | os.PathLike, **options) -> Path:
    out = Path(path)
    render_preview(elements, **options).save(out, format="PNG", optimize=True)
    return out
