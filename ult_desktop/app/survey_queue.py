"""A kiosk's or survey tablet's answers waiting for their batch.

An answer reaches the shared file only inside a shuffled batch of ``skm_min_group`` of
one month (``db.survey.skm.write_batch``), so neither *when* nor *where* it is written
ties it to the visit. Until then it waits in this station's queue file with the visit's
code. A batch's random id is kept before writing and looked for in the log after a
crash, so it is written exactly once. See docs/skm.md."""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ult_desktop.app import localfiles
from ult_desktop.app.paths import user_data_dir
from ult_desktop.core import skm
from ult_desktop.core.numbering import utc_now
from ult_desktop.db import errors
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import get_settings
from ult_desktop.db.queries import read_last_event_id
from ult_desktop.db.survey import skm as skm_db

QUEUE_NAME = "survey-queue.json"


def queue_dir() -> Path:
    """``$ULT_SURVEY_QUEUE_DIR`` when set, else ``<user data dir>/survey``."""
    explicit = os.environ.get("ULT_SURVEY_QUEUE_DIR")
    return Path(explicit) if explicit else user_data_dir() / "survey"


@dataclass(frozen=True)
class Queued:
    """What the visitor's screen learns: the answer is safe, and how many wait."""

    waiting: int
    written: int


class AnswerQueue:
    """This station's waiting answers (one queue file per station user account)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or queue_dir()) / QUEUE_NAME
        self._lock = threading.Lock()

    # -- the file -------------------------------------------------------------------
    def _load(self) -> dict:
        state = localfiles.read_json(self.path)
        state.setdefault("answers", [])
        state.setdefault("batch", None)
        return state

    def _save(self, state: dict) -> None:
        data = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        localfiles.write_atomic(self.path, data, private=True)

    def waiting(self) -> int:
        with self._lock:
            return len(self._load()["answers"])

    # -- step 1 ---------------------------------------------------------------------
    def submit(self, db: Database | None, *, ticket_code: str, answers: Sequence[int],
               suggestion: str | None = None, profile: dict | None = None,
               source: str = "tablet", spak: Sequence[int] | None = None,
               now: datetime | None = None) -> Queued:
        """Keep the visitor's answer until its batch (worker thread). *db* None: the share
        is away; the answer is kept all the same and its code judged when it lands.

        :raises InvalidAnswers, TextTooLong: answers, profile or suggestion not valid.
        :raises RuleViolation, NotFound: the code cannot be used (the answer is dropped)."""
        code = (ticket_code or "").strip().upper()
        entry = {"id": secrets.token_hex(8), "code": code, "source": source,
                 "answers": list(skm.validate_answers(answers)),
                 "suggestion": skm.validate_suggestion(suggestion),
                 "profile": skm.validate_profile(profile)}
        checked = skm.validate_spak(spak)
        if checked is not None:  # the SPAK items, with the answer
            entry["spak"] = list(checked)
        if source not in ("kiosk", "tablet"):
            raise errors.RuleViolation("error.bad_input", detail=f"source {source!r}")
        now = now or utc_now()
        entry["month"] = now.strftime("%Y-%m")
        number = code
        try:
            if db is not None:
                visit = skm_db.survey_ticket(db, ticket_code=code, now=now)
                number, entry["period"] = visit.number, visit.day[:7]  # the month it counts in
        except (errors.RuleViolation, errors.NotFound):
            raise
        except errors.UltError:
            pass  # the share is gone (the code was checked before the questions)
        with self._lock:
            state = self._load()
            if any(a.get("code") == code for a in state["answers"]):
                raise errors.RuleViolation("skm.error.already_answered", number=number)
            state["answers"].append(entry)
            self._save(state)
            try:
                written = self._flush(db, state, now=now) if db is not None else 0
            except errors.UltError:
                written = 0  # the answer is kept: written on a later flush
            return Queued(waiting=len(state["answers"]), written=written)

    # -- step 2 ---------------------------------------------------------------------
    def flush(self, db: Database, *, now: datetime | None = None) -> int:
        """Finish a batch cut short, and write the waiting answers of each month that has
        at least the minimum group. Returns how many answers were written."""
        with self._lock:
            state = self._load()
            return self._flush(db, state, now=now or utc_now())

    def _flush(self, db: Database, state: dict, *, now: datetime) -> int:
        written = 0
        batch = state.get("batch")
        if batch:  # cut short by a crash or a lost share: written once, never twice
            if skm_db.batch_written(db, batch["id"], after_event=batch["after_event"]):
                self._done(state, batch)
            else:
                written += self._write(db, state, batch, now)
        ready = state["answers"]
        if not ready:
            return written
        min_group = skm.min_group(get_settings(db, "skm_min_group"))
        by_month: dict[str, list[dict]] = {}
        for a in ready:  # the month each answer counts in (when it was given, if unknown)
            by_month.setdefault(str(a.get("period") or a.get("month", "")), []).append(a)
        # only months with at least the minimum group: a remainder waits for the next
        # batch, never written alone (two copies of the file around a batch of one
        # answer of its month gave that visitor's answers), not even at the month's end
        chosen = [a for group in by_month.values() if len(group) >= min_group for a in group]
        if chosen:
            batch = {"id": secrets.token_hex(12), "after_event": db.read(read_last_event_id),
                     "answers": [a["id"] for a in chosen]}
            state["batch"] = batch
            self._save(state)
            written += self._write(db, state, batch, now)
        return written

    def _write(self, db: Database, state: dict, batch: dict, now: datetime) -> int:
        ids = set(batch["answers"])
        rows = [a for a in state["answers"] if a["id"] in ids]
        written = skm_db.write_batch(db, rows, batch_id=batch["id"],
                                     after_event=batch["after_event"], now=now)
        self._done(state, batch)
        return len(written)

    def _done(self, state: dict, batch: dict) -> None:
        ids = set(batch["answers"])
        state["answers"] = [a for a in state["answers"] if a["id"] not in ids]
        state["batch"] = None
        self._save(state)
