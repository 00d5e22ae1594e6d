"""The kiosk's tactile sign: Braille Grade 1 of the sentence that says how to start the
spoken mode, on an A5 page (resources/signs/)."""

from __future__ import annotations

import re

import pytest

from scripts.make_tactile_sign import SENTENCE, braille_cells, braille_text, make_sign
from ult_desktop.core.localpaths import resources_dir

#: The Braille alphabet as Unicode writes it (the Braille Patterns block), a to z.
ALPHABET = "⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚⠅⠇⠍⠝⠕⠏⠟⠗⠎⠞⠥⠧⠺⠭⠽⠵"
A5_LANDSCAPE = (595.2756, 419.5276)


def test_grade_1_braille_is_letter_by_letter_with_the_number_sign():
    assert braille_text("abcdefghijklmnopqrstuvwxyz") == ALPHABET
    assert braille_text("Tombol 5, lalu 0.") == "⠞⠕⠍⠃⠕⠇⠀⠼⠑⠂⠀⠇⠁⠇⠥⠀⠼⠚⠲"
    assert braille_text("12 3") == "⠼⠁⠃⠀⠼⠉"  # the number sign once per run of digits
    said = braille_text(SENTENCE)
    assert said.startswith("⠉⠕⠇⠕⠅⠀⠑⠁⠗⠏⠓⠕⠝⠑")  # "colok earphone"
    assert len(braille_cells(SENTENCE)) == len(SENTENCE)  # no contractions: Grade 1
    with pytest.raises(ValueError, match="no Grade 1 Braille"):
        braille_cells("@")


def _media_box(pdf: bytes) -> tuple[float, float]:
    m = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert m, "no page size"
    return float(m[1]), float(m[2])


def test_the_sign_is_one_a5_page_shipped_in_resources(tmp_path):
    made = make_sign(tmp_path / "sign.pdf").read_bytes()
    assert made.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b", made)) == 1
    assert _media_box(made) == pytest.approx(A5_LANDSCAPE, abs=0.01)
    assert make_sign(tmp_path / "again.pdf").read_bytes() == made  # no date: reproducible
    shipped = (resources_dir() / "signs" / "kiosk_tactile_sign_a5.pdf").read_bytes()
    assert _media_box(shipped) == pytest.approx(A5_LANDSCAPE, abs=0.01)
