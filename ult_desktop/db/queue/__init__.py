"""The ticket's room: every change of a ticket, online or landed from a station's
journal, is written here and nowhere else.

- ``rows``: reading tickets, the office day, services and counters kept between writes;
- ``transition``: :func:`move`, the one transition of a ticket's state, and
  :func:`note` for what is not a state (print outcome, priority, linked record);
- ``numbers``: issuing, the numbers a kiosk holds and their landing;
- ``desk``: the counter's acts (call, recall, skip, serve, finish, cancel, transfer);
- ``printing``: print results and a kiosk's outbox;
- ``offline``: a counter's acts kept while the share was away, judged and landed.
"""

from ult_desktop.db.queue.desk import (
    call_next,
    call_reason,
    cancel,
    finish,
    pause_counter,
    pause_reason,
    recall,
    reclassify_priority,
    request_reprint,
    resume_counter,
    skip,
    start_serving,
    transfer,
)
from ult_desktop.db.queue.numbers import (
    CLOCK_TOLERANCE_S,
    Held,
    Touch,
    clock_problem,
    hold_numbers,
    insert_ticket,
    issue_ticket,
    land_touches,
    priority_desks,
    read_desks_by_service,
    read_priority_desks,
)
from ult_desktop.db.queue.offline import DESK_ACTS, DeskAct, land_desk_acts
from ult_desktop.db.queue.printing import (
    PrintOutbox,
    record_print_result,
    write_print_result,
    write_prints,
)
from ult_desktop.db.queue.rows import (
    TICKET_SELECT,
    code_lookup,
    code_salt,
    load_or_none,
    read_by_id,
    read_pauses,
    survey_code_hash,
    ticket_from_row,
)
from ult_desktop.db.queue.transition import move, note

__all__ = [
    "CLOCK_TOLERANCE_S", "DESK_ACTS", "TICKET_SELECT", "DeskAct", "Held", "PrintOutbox",
    "Touch", "call_next", "call_reason", "cancel", "clock_problem", "code_lookup",
    "code_salt", "finish", "hold_numbers", "insert_ticket", "issue_ticket", "land_desk_acts",
    "land_touches", "load_or_none", "move", "note", "pause_counter", "pause_reason", "priority_desks",
    "read_by_id", "read_desks_by_service", "read_pauses", "read_priority_desks", "recall",
    "reclassify_priority", "record_print_result", "request_reprint", "resume_counter",
    "skip", "start_serving", "survey_code_hash", "ticket_from_row", "transfer",
    "write_print_result", "write_prints",
]
