"""Every character of the kiosk's texts is in the font the kiosk ships (DejaVu Sans,
``resources/fonts``): a PC without an emoji font shows no missing-glyph box before
"Saya tuli" or anywhere else."""

from __future__ import annotations

from PySide6.QtGui import QRawFont

from tests.conftest import ROOT
from ult_desktop.core.i18n import _load

#: The kiosk's and its voice's texts (the catalogue's kiosk and spoken sections).
KIOSK_KEYS = ("kiosk.", "speak.", "priority.", "wait.")


def test_every_kiosk_text_is_drawn_by_the_bundled_font(qapp):
    missing = {}
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font = QRawFont(str(ROOT / "resources" / "fonts" / name), 12)
        assert font.isValid()
        for key, texts in _load().items():
            if not key.startswith(KIOSK_KEYS):
                continue
            for text in texts.values():
                gone = {c for c in text if not font.supportsCharacter(ord(c))}
                if gone:
                    missing[key] = gone
    assert missing == {}
