"""The kiosk station's own settings: a small local JSON file (not the shared database).

Where: ``$ULT_KIOSK_CONFIG`` if set, else ``kiosk.json`` in the user's config folder.
Command-line options (``--db``, ``--printer``) win over the file.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path


@dataclass
class KioskConfig:
    db: str | None = None
    printer: str = "none"
    station: str | None = None


def config_path() -> Path:
    explicit = os.environ.get("ULT_KIOSK_CONFIG")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        return base / "ULTDesktop" / "kiosk.json"
    base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return base / "ult-desktop" / "kiosk.json"


def load_config(path: Path | None = None) -> KioskConfig:
    """The saved settings; defaults when the file is missing or unreadable."""
    path = path or config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return KioskConfig()
    known = {f.name for f in fields(KioskConfig)}
    return KioskConfig(**{k: v for k, v in data.items() if k in known})


def save_config(config: KioskConfig, path: Path | None = None) -> Path:
    """Write atomically (temp file + replace), so a crash never leaves half a file.

    :raises OSError: the folder cannot be written.
    """
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(config), indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path
