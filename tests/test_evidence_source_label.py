"""An evidence item's source is printed under the label "Sumber:" / "Source:"
(``evidence.source``): no source text says the label again ("Sumber: Sumber: ...")."""

from __future__ import annotations

from ult_desktop.core.i18n import _load, tr


def test_no_evidence_source_repeats_its_label():
    sources = [k for k in _load() if k.startswith("evidence.") and k.endswith(".source")
               and k != "evidence.source"]
    assert "evidence.requests.source" in sources
    for key in sources:
        for lang, label in (("id", "Sumber:"), ("en", "Source:")):
            printed = tr("evidence.source", lang, source=tr(key, lang))
            assert printed.count(label) == 1, (key, printed)
