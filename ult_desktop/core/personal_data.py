"""Every place the shared file can hold personal data (UU 27/2022 PDP), declared once.

The retention purge, its count and the backup rotation read this list; a visitor's column
not declared here is a bug. Rows are kept, the declared columns emptied, declared JSON
keys removed. What is kept on purpose and why: docs/security.md "Personal data"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalData:
    """Columns of *table* that identify or describe a person: the first of *age_columns*
    it has dates a row (ISO text); *columns* are emptied ('' where NOT NULL), *json_keys*
    removed from *json_column*. What a file lacks is skipped (older backups)."""

    table: str
    age_columns: tuple[str, ...]
    columns: tuple[str, ...] = ()
    json_column: str | None = None
    json_keys: tuple[str, ...] = ()


PERSONAL_DATA: tuple[PersonalData, ...] = (
    # The service register: who came, how to reach them, what they asked and were told.
    PersonalData(
        table="register_records",
        age_columns=("day",),
        columns=("visitor_name", "phone", "email", "id_number", "on_behalf_of",
                 "letter_number", "question", "answer"),
    ),
    # Escalated cases: the answer, why it was rescheduled, what the call-back found.
    PersonalData(table="cases", age_columns=("opened_at",),
                 columns=("reschedule_reason", "answer", "callback_note")),
    # SKM: the free-text suggestion may name people (dated by its month 'YYYY-MM' only).
    PersonalData(table="skm_responses", age_columns=("period", "day", "created_at"),
                 columns=("suggestion",)),
    # Back office handovers: the case as the front office put it and the answer.
    PersonalData(table="handovers", age_columns=("day",),
                 columns=("question", "disposition")),
    # The event log: free-text reasons and notes an officer typed; kind, ids, times stay.
    PersonalData(table="events", age_columns=("at",), json_column="data",
                 json_keys=("reason", "note", "visitor_name", "phone", "email",
                            "id_number",
                            # the salt of the audit trail's commitment to the values
                            # above (db/record/events.py): gone with them, nothing to guess from
                            "_ps")),
)
