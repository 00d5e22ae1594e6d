"""Drafts of the register form, kept in a local file until the record is saved.

The shared file may be busy or gone exactly when the officer presses Simpan; what was
typed must survive that, a crash and a restart. The draft file lives in the user's
data folder on this PC (never on the share).

A draft holds a visitor's NIK and phone number, so it is kept like the station key
(:func:`ult_desktop.app.localfiles.write_private`: sealed with DPAPI for this Windows
account, 0600 elsewhere) and only for the office day it was typed on: drafts of an
earlier day are dropped when the file is read. A plain JSON file left by an older
version is read once and rewritten protected.

A Selesai is kept here too, before the screen says it is done (:meth:`DraftStore.keep_finish`):
the officer waits for this PC's disk, never for the share at the busy hour, and the
station's worker writes it to the record a moment later (``session.KeptFinishes``). A
kept Selesai stays, whatever its day, until the record has it or refused it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

from ult_desktop.app import localfiles
from ult_desktop.app.paths import user_data_dir
from ult_desktop.core.numbering import office_day

log = logging.getLogger(__name__)

FILE_NAME = "counter-drafts.json"
#: the meta key of a Selesai kept on this PC until the record has it
FINISH = "finish"


def default_dir() -> Path:
    """The user's data folder (``ULT_DATA_DIR`` overrides it)."""
    return user_data_dir()


class DraftStore:
    """``{key: {"data": {...}, "meta": {...}, "saved_at": iso, "day": iso}}`` in one
    protected file.

    Keys name what the draft belongs to: ``ticket:<id>`` for a walk-in visit,
    ``remote`` for the phone/online form. Writes are atomic (temp file + rename).

    :param timezone: the office's zone (``WIB``/``WITA``/``WIT``), which decides the day;
        the window sets :attr:`timezone` once it has read the office settings.
    :param now: the current UTC time (tests move the clock).
    """

    def __init__(self, folder: Path | None = None, *, timezone: str = "WIB",
                 now: Callable[[], datetime] | None = None):
        self.path = (folder or default_dir()) / FILE_NAME
        self.timezone = timezone
        self._now = now or _utc_now

    def today(self) -> date:
        try:
            return office_day(self._now(), self.timezone)
        except ValueError:  # an unknown zone in the settings: the default one
            return office_day(self._now(), "WIB")

    def _draft_day(self, draft: dict) -> date | None:
        for key in ("day", "saved_at"):
            try:
                if key == "day":
                    return date.fromisoformat(draft[key])
                saved = datetime.fromisoformat(draft[key])
                saved = saved if saved.tzinfo else saved.replace(tzinfo=timezone.utc)
                return office_day(saved, self.timezone)
            except (KeyError, TypeError, ValueError):
                continue
        return None

    def _read(self) -> dict:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            log.warning("draft file %s unreadable (%s); starting empty", self.path, exc)
            return {}
        plain = raw.lstrip().startswith(b"{")
        try:
            drafts = json.loads((raw if plain else localfiles.unprotect(raw)).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("draft file %s unreadable (%s); starting empty", self.path, exc)
            return {}
        if not isinstance(drafts, dict):
            return {}
        today = self.today()
        kept = {k: v for k, v in drafts.items() if isinstance(v, dict) and (
            self._draft_day(v) == today or FINISH in (v.get("meta") or {}))}
        if plain or len(kept) != len(drafts):  # seal an old plain file; forget old days
            if len(kept) != len(drafts):
                log.info("dropped %d draft(s) of an earlier day", len(drafts) - len(kept))
            self._write(kept)
        return kept

    def _write(self, drafts: dict) -> bool:
        try:
            if drafts:
                localfiles.write_private(self.path, json.dumps(drafts, ensure_ascii=False))
            else:
                self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not write drafts to %s: %s", self.path, exc)
            return False
        return True

    def get(self, key: str) -> dict | None:
        return self._read().get(key)

    def put(self, key: str, data: dict, meta: dict | None = None) -> None:
        drafts = self._read()
        drafts[key] = {"data": data, "meta": meta or {},
                       "saved_at": self._now().isoformat(),
                       "day": self.today().isoformat()}
        self._write(drafts)

    def drop(self, key: str) -> None:
        drafts = self._read()
        if drafts.pop(key, None) is not None:
            self._write(drafts)

    def keys(self) -> list[str]:
        return list(self._read())

    def keep_finish(self, ticket_id: int, record: dict | None, finish: dict) -> bool:
        """Keep a Selesai of *ticket_id* (*finish*: ``jobs.finish_visit``'s arguments as
        JSON, with ``at``, when it was pressed) and its visit's *record*; False when this
        PC's disk did not take it (the Selesai then waits for the share, as before)."""
        drafts = self._read()
        drafts[f"ticket:{ticket_id}"] = {"data": record or {}, "meta": {FINISH: finish},
                                         "saved_at": self._now().isoformat(),
                                         "day": self.today().isoformat()}
        return self._write(drafts)

    def finishes(self) -> dict[int, dict]:
        """The Selesai kept and not yet in the record: ``{ticket_id: draft}``, in the
        order they were pressed."""
        kept = [(int(k.split(":", 1)[1]), v) for k, v in self._read().items()
                if k.startswith("ticket:") and FINISH in (v.get("meta") or {})]
        return dict(sorted(kept, key=lambda kv: str(kv[1]["meta"][FINISH].get("at", ""))))

    def unkeep_finish(self, ticket_id: int) -> None:
        """The record refused that Selesai: what was typed stays, as a plain draft."""
        drafts = self._read()
        draft = drafts.get(f"ticket:{ticket_id}")
        if draft is not None and (draft.get("meta") or {}).pop(FINISH, None) is not None:
            self._write(drafts)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)
