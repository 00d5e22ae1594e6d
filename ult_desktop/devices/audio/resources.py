"""Where the shipped sounds live: ``resources/`` at the project root.

``ULT_RESOURCES`` overrides the location (for a frozen bundle that unpacks elsewhere).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    env = os.environ.get("ULT_RESOURCES")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def voice_dir(lang: str) -> Path:
    return resources_dir() / "voice" / lang


def chime_path() -> Path:
    return resources_dir() / "sounds" / "chime.wav"
