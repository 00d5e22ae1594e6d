"""Forgiving kabupaten/kota search: the way officers type a name finds its entry."""

from __future__ import annotations

import pytest

from ult_desktop.ui.counter import regions


@pytest.mark.parametrize("typed, code", [
    ("baubau", "74.72"), ("Bau-Bau", "74.72"), ("kota baubau", "74.72"),
    ("fak-fak", "92.03"), ("fakfak", "92.03"), ("Kab. Fakfak", "92.03"),
    ("tanjungpinang", "21.72"), ("Tanjung-Pinang", "21.72"),
    ("kepulauan siau", "71.09"), ("kep. siau", "71.09"), ("SIAU TAGULANDANG", "71.09"),
    ("pangkalpinang", "19.71"), ("kota semarang", "33.74"), ("kab semarang", "33.22"),
])
def test_usual_spellings_find_their_entry(typed, code):
    assert code in [r.code for r in regions.search(typed)]
    assert regions.resolve(typed).code == code


def test_ambiguous_or_empty_text_is_not_guessed():
    assert {r.code for r in regions.search("semarang")} == {"33.22", "33.74"}
    assert regions.resolve("semarang") is None
    assert regions.resolve("") is None and regions.search("  ") == []
    assert regions.resolve("Kota Semarang, Jawa Tengah").code == "33.74"


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise", "grabbing the keyboard")
def test_typing_in_the_register_form_offers_the_entry(qtbot):
    from ult_desktop.ui.counter.register_form import RegisterForm

    form = RegisterForm()
    qtbot.addWidget(form)
    form.show()
    completer = form.region.completer()
    for typed, label in (("baubau", "Kota Bau Bau, Sulawesi Tenggara"),
                         ("fak-fak", "Kabupaten Fak Fak, Papua Barat"),
                         ("kepulauan siau", "Kabupaten Kep. Siau Tagulandang Biaro, "
                                            "Sulawesi Utara")):
        form.region.clear()
        qtbot.keyClicks(form.region, typed)
        assert completer.completionCount() == 1, typed
        completer.setCurrentRow(0)
        assert completer.currentCompletion() == label
        assert form.value().region_code  # typed text alone resolves to the code
