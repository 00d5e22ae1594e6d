"""Where the shipped sounds live: ``resources/`` at the project root.

``ULT_RESOURCES`` overrides the location (for a frozen bundle that unpacks elsewhere)."""

from __future__ import annotations

from pathlib import Path

from ult_desktop.core.localpaths import resources_dir

__all__ = ["chime_path", "resources_dir", "voice_dir"]


def voice_dir(lang: str) -> Path:
    return resources_dir() / "voice" / lang


def chime_path() -> Path:
    return resources_dir() / "sounds" / "chime.wav"
