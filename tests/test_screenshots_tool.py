"""The one screenshot tool (scripts/screenshots.py): every picture the docs show is made by
one of its scenes (or named as kept as drawn), and a scene renders by the command line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import screenshots  # noqa: E402


def _shown_in_docs() -> dict[str, str]:
    shown = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for name in re.findall(r"screenshots/([\w.-]+\.png)", doc.read_text(encoding="utf-8")):
            shown.setdefault(name, str(doc.relative_to(ROOT)))
    return shown


def test_every_picture_the_docs_show_is_made_by_a_scene_or_kept_as_drawn():
    shown = _shown_in_docs()
    assert len(shown) > 50
    orphans = {n: d for n, d in shown.items()
               if not screenshots.made_by(n) and n not in screenshots.KEPT_AS_DRAWN}
    assert not orphans, f"pictures no scene makes (add a scene): {orphans}"


def test_a_picture_kept_as_drawn_is_in_the_folder_and_made_by_no_scene():
    folder = ROOT / "docs" / "screenshots"
    for name in screenshots.KEPT_AS_DRAWN:
        assert (folder / name).is_file(), name
        assert not screenshots.made_by(name), f"{name}: a scene makes it; take it off the list"


def test_no_other_script_draws_the_docs_pictures():
    others = [p.name for p in (ROOT / "scripts").glob("*.py")
              if p.name != "screenshots.py" and re.search(
                  r"screenshots?\b|\.grab\(|import\", \"-window", p.read_text(encoding="utf-8"))]
    assert others == []


def test_a_scene_renders_its_pictures_from_the_command_line(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"),
                          "--only", "followup-slip", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    made = sorted(p.name for p in tmp_path.glob("*.png"))
    assert made == ["followup_visit_slip_en.png", "followup_visit_slip_id.png"]
    for name in made:
        head = (tmp_path / name).read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(head[16:20], "big") > 100  # a slip's width, not an empty image


def test_an_unknown_scene_is_refused_with_its_name():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"),
                          "--only", "no-such-scene", "--list"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "no-such-scene" in run.stderr
