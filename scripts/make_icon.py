"""Draw the application icon: ``resources/icons/ult-desktop.png`` and ``.ico``.

A queue ticket (white, with a torn edge) on a rounded blue square, showing "A-01".
Run again after changing it: ``python scripts/make_icon.py``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZE = 512
BLUE = (21, 101, 192, 255)
DARK = (13, 71, 161, 255)
PAPER = (255, 255, 255, 255)
INK = (22, 33, 62, 255)
ACCENT = (255, 179, 0, 255)


def _font(size: int) -> ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "arialbd.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def draw(size: int = SIZE) -> Image.Image:
    s = size / 512
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([8 * s, 8 * s, 504 * s, 504 * s], radius=96 * s, fill=BLUE)
    d.rounded_rectangle([8 * s, 300 * s, 504 * s, 504 * s], radius=96 * s, fill=DARK)
    d.rectangle([8 * s, 300 * s, 504 * s, 400 * s], fill=DARK)
    # the ticket, with a zig-zag torn bottom edge
    left, top, right, bottom = 112 * s, 72 * s, 400 * s, 420 * s
    d.rounded_rectangle([left, top, right, bottom], radius=24 * s, fill=PAPER)
    teeth = 8
    step = (right - left) / teeth
    points = [(left, bottom - 20 * s)]
    for i in range(teeth):
        points += [(left + (i + 0.5) * step, bottom + 18 * s), (left + (i + 1) * step,
                                                                 bottom - 20 * s)]
    d.polygon(points + [(right, bottom - 40 * s), (left, bottom - 40 * s)], fill=PAPER)
    d.rectangle([left, top + 40 * s, right, top + 64 * s], fill=ACCENT)
    d.line([left + 40 * s, 330 * s, right - 40 * s, 330 * s], fill=INK, width=max(1, int(10 * s)))
    d.line([left + 40 * s, 370 * s, right - 100 * s, 370 * s], fill=INK,
           width=max(1, int(10 * s)))
    text = "A-01"
    points_size = int(120 * s)
    while True:  # the largest size that leaves a margin on the ticket
        font = _font(points_size)
        box = d.textbbox((0, 0), text, font=font)
        if box[2] - box[0] <= (right - left) - 56 * s or points_size <= 6:
            break
        points_size -= 2
    d.text(((left + right - (box[2] - box[0])) / 2 - box[0], 170 * s - box[1]), text,
           font=font, fill=INK)
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(SIZE)
    big.resize((256, 256), Image.LANCZOS).save(OUT / "ult-desktop.png")
    big.save(OUT / "ult-desktop.ico",
             sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT / 'ult-desktop.png'} and {OUT / 'ult-desktop.ico'}")


if __name__ == "__main__":
    main()
