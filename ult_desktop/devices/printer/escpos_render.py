"""Layout elements -> ESC/POS bytes, through python-escpos' ``Dummy`` printer.

The whole ticket is rendered to bytes first and then sent to the real device in one go,
so a slow or dead printer never interrupts a half-built ticket and every transport
(USB, LAN, serial, file, Windows, CUPS) sends exactly the same bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from escpos.capabilities import get_profile
from escpos.constants import QR_ECLEVEL_M
from escpos.image import EscposImage
from escpos.magicencode import Encoder
from escpos.printer import Dummy
from PIL import Image

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
from ult_desktop.devices.printer import escpos_adapter

FONT_A = (12, 24)  # dots per character cell, ESC/POS font A
FONT_B = (9, 17)   # font B
DOTS_PER_MM = 8    # 203 dpi
MAX_NUMBER_SCALE = 6


@dataclass(frozen=True)
class Media:
    """Printable width of the paper roll."""

    width_mm: int
    dots: int

    @property
    def columns(self) -> int:
        return self.dots // FONT_A[0]

    @property
    def qr_module(self) -> int:
        return 6 if self.dots >= 512 else 5


def media_for(width_mm: int, profile: str = "default") -> Media:
    """576 dots (48 columns) on 80 mm paper, 384 dots (32 columns) on 58 mm, unless the
    profile knows a narrower printable width."""
    dots = 576 if width_mm >= 80 else 384
    pixels = get_profile(profile).profile_data.get("media", {}).get("width", {}).get("pixels")
    if isinstance(pixels, int) and 0 < pixels < dots:
        dots = pixels
    return Media(width_mm=width_mm, dots=dots)


def number_scale(text: str, media: Media) -> int:
    """Largest character magnification (1-6) at which *text* fits on one line."""
    fit = int(media.dots * 0.95) // (max(1, len(text)) * FONT_A[0])
    return max(1, min(MAX_NUMBER_SCALE, fit))


@lru_cache(maxsize=32)
def _encoder_for(profile: str, codepage: str) -> tuple[Encoder, str]:
    encoder = Encoder(get_profile(profile).get_code_pages())
    try:
        name = encoder.get_encoding_name(codepage)
    except ValueError:
        # The profile has no such code page: use its first one (CP437 on nearly all).
        name = next(iter(encoder.codepages))
    return encoder, name


def encodable(profile: str = "default", codepage: str = "CP437") -> Callable[[str], bool]:
    """``can_encode(ch)`` for the code page the ticket is printed in."""
    encoder, name = _encoder_for(profile, codepage)
    return lambda ch: encoder.can_encode(name, ch)


def line_look(line: Line, media: Media,
              can_encode: Callable[[str], bool]) -> tuple[str, int, int, int, bool]:
    """(text in the code page, columns, width multiplier, height multiplier, bold) of a
    text line, as the ticket prints it and the preview draws it; a marker's text has a
    space each side inside its band."""
    style = line.style
    text = transliterate(line.text, can_encode)
    if style is Style.MARKER:
        text = f" {text.strip()} "
    bold = style in (Style.TITLE, Style.LABEL, Style.SERVICE, Style.MARKER)
    if style is Style.SMALL:
        return text, media.dots // FONT_B[0], 1, 1, bold  # font B
    if style in (Style.SERVICE, Style.MARKER):
        return text, media.columns // 2, 2, 2, bold
    if style is Style.TITLE:
        return text, media.columns, 1, 2, bold
    return text, media.columns, 1, 1, bold


def prepare_logo(png: bytes, media: Media) -> Image.Image | None:
    """The logo as a 1-bit image at most 60 % of the width and 160 dots high, centred on
    the full printable width; None when the bytes are not an image."""
    try:
        img = Image.open(io.BytesIO(png))
        img.load()
    except Exception:
        return None
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGBA")
        white = Image.new("RGBA", img.size, (255, 255, 255, 255))
        white.alpha_composite(img)
        img = white
    img = img.convert("L")
    img.thumbnail((int(media.dots * 0.6), 160))
    canvas = Image.new("L", (media.dots, img.height), 255)
    canvas.paste(img, ((media.dots - img.width) // 2, 0))
    return canvas.convert("1")


def qr_image(content: str, module: int) -> Image.Image:
    import qrcode

    code = qrcode.QRCode(box_size=module, border=1,
                         error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(content)
    code.make(fit=True)
    return code.make_image().get_image().convert("1")


def _raster(printer: Dummy, img: Image.Image) -> None:
    """GS v 0 raster image (python-escpos' own image() prints warnings to stdout for
    profiles without a known width, so the command is assembled here)."""
    im = EscposImage(img.convert("RGB"))
    escpos_adapter.write(printer, b"\x1dv0\x00" + im.width_bytes.to_bytes(2, "little")
                         + im.height.to_bytes(2, "little") + im.to_raster_format())


def render_escpos(elements: list[Element], *, width_mm: int = 80, profile: str = "default",
                  codepage: str = "CP437") -> bytes:
    """The ESC/POS bytes of a ticket, ending with feed + cut where the profile can cut."""
    media = media_for(width_mm, profile)
    p = Dummy(profile=profile)
    can_encode = encodable(profile, codepage)
    p.hw("INIT")
    p.charcode(_encoder_for(profile, codepage)[1])
    p.set(align="center")
    for element in elements:
        if isinstance(element, Line):
            _text(p, element, media, can_encode)
        elif isinstance(element, BigNumber):
            scale = number_scale(element.text, media)
            p.set(align="center", font="a", bold=True, invert=False, custom_size=True,
                  width=scale, height=scale)
            p.textln(transliterate(element.text, can_encode))
        elif isinstance(element, QrCode):
            p.set(align="center")
            if p.profile.supports("qrCode"):
                p.qr(element.content, ec=QR_ECLEVEL_M, size=media.qr_module, native=True)
            else:
                img = qr_image(element.content, media.qr_module - 1)
                canvas = Image.new("1", (media.dots, img.height), 1)
                canvas.paste(img, ((media.dots - img.width) // 2, 0))
                _raster(p, canvas)
            p.ln()
        elif isinstance(element, Logo):
            img = prepare_logo(element.png, media)
            if img is not None:
                _raster(p, img)
                p.ln()
        elif isinstance(element, Separator):
            p.set(normal_textsize=True, font="a", bold=False, invert=False)
            p.textln("-" * media.columns)
        elif isinstance(element, Space):
            p.ln(element.lines)
        elif isinstance(element, Cut):
            p.set(normal_textsize=True, font="a", bold=False, invert=False)
            p.cut()
    return p.output


def _text(p: Dummy, line: Line, media: Media, can_encode: Callable[[str], bool]) -> None:
    text, columns, width, height, bold = line_look(line, media, can_encode)
    style = line.style
    if width == 1 and height == 1:
        p.set(normal_textsize=True)
    else:
        p.set(double_width=width == 2, double_height=height == 2)
    p.set(align="center", font="b" if style is Style.SMALL else "a", bold=bold,
          invert=style is Style.MARKER)
    for row in wrap(text, columns):
        p.textln(row)
