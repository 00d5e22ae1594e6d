"""Every place the shared file can hold personal data (UU 27/2022 PDP), declared once.

The retention purge (``db.retention.purge_personal_data``), its count, the backup rotation
and the documentation all read this list; a column holding data about a visitor that is
not declared here is a bug. Rows are kept (anonymous counts and report timings stay);
the declared columns are emptied, and for JSON columns the declared keys are removed.

Kept on purpose, because reports count them and they do not identify a person:
channel, day, service, officer, institution (school / agency), kabupaten/kota, topic,
letter type, online request number, times, outcomes, SKM scores. Officers' own names and
usernames are staff data for the audit trail, not visitors' data.

Outside the shared file: the counter's local drafts (``counter-drafts.json``) hold the
same register fields; they are local files with their own expiry, not this purge.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalData:
    """Columns of *table* that identify or describe a person.

    *age_columns*: the first one the table has dates a row (ISO text: a day or a UTC
    time; compared as text with the cut-off day). *columns* are emptied ('' where NOT
    NULL, else NULL); *json_keys* are removed from the JSON text column *json_column*.
    Tables or columns a file does not have are skipped, so an older backup or a table a
    later version adds are handled by the same declaration.
    """

    table: str
    age_columns: tuple[str, ...]
    columns: tuple[str, ...] = ()
    json_column: str | None = None
    json_keys: tuple[str, ...] = ()


PERSONAL_DATA: tuple[PersonalData, ...] = (
    # The service register (digital guest book): who came, how to reach them, what
    # they asked and were told, who they acted for and under which letter.
    PersonalData(
        table="register_records",
        age_columns=("day",),
        columns=("visitor_name", "phone", "email", "id_number", "on_behalf_of",
                 "letter_number", "question", "answer"),
    ),
    # Escalated cases: the answer, why it was rescheduled, what the call-back found.
    PersonalData(table="cases", age_columns=("opened_at",),
                 columns=("reschedule_reason", "answer", "callback_note")),
    # SKM: the free-text suggestion may name people; the scores stay.
    # (anonymous since migration 7: dated by the month 'YYYY-MM' only)
    PersonalData(table="skm_responses", age_columns=("period", "day", "created_at"),
                 columns=("suggestion",)),
    # Back office handovers: the case as the front office put it and the answer.
    PersonalData(table="handovers", age_columns=("day",),
                 columns=("question", "disposition")),
    # The event log: free-text reasons an officer typed (skip, cancel, transfer,
    # reclassify "lansia", reschedule) and notes. Kind, ids and times stay.
    PersonalData(table="events", age_columns=("at",), json_column="data",
                 json_keys=("reason", "note", "visitor_name", "phone", "email",
                            "id_number",
                            # the salt of the audit trail's commitment to the values
                            # above (db/record/events.py): gone with them, nothing to guess from
                            "_ps")),
)
