"""Drafts of the register form, kept in a local JSON file until the record is saved.

The shared file may be busy or gone exactly when the officer presses Simpan; what was
typed must survive that, a crash and a restart. The draft file lives in the user's
data folder on this PC (never on the share).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

from ult_desktop.app.paths import user_data_dir

log = logging.getLogger(__name__)

FILE_NAME = "counter-drafts.json"


def default_dir() -> Path:
    """The user's data folder (``ULT_DATA_DIR`` overrides it)."""
    return user_data_dir()


class DraftStore:
    """``{key: {"data": {...}, "meta": {...}, "saved_at": iso}}`` in one JSON file.

    Keys name what the draft belongs to: ``ticket:<id>`` for a walk-in visit,
    ``remote`` for the phone/online form. Writes are atomic (temp file + rename).
    """

    def __init__(self, folder: Path | None = None):
        self.path = (folder or default_dir()) / FILE_NAME

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("draft file %s unreadable; starting empty", self.path)
            return {}

    def _write(self, drafts: dict) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(drafts, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("could not write drafts to %s: %s", self.path, exc)

    def get(self, key: str) -> dict | None:
        return self._read().get(key)

    def put(self, key: str, data: dict, meta: dict | None = None) -> None:
        drafts = self._read()
        drafts[key] = {"data": data, "meta": meta or {},
                       "saved_at": datetime.now(timezone.utc).isoformat()}
        self._write(drafts)

    def drop(self, key: str) -> None:
        drafts = self._read()
        if drafts.pop(key, None) is not None:
            self._write(drafts)

    def keys(self) -> list[str]:
        return list(self._read())
