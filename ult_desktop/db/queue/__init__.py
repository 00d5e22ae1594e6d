"""The ticket's room: every change of a ticket, online or landed from a station's journal,
is written here and nowhere else: ``rows`` (reading), ``transition`` (:func:`move`,
:func:`note`), ``numbers`` (birth, held numbers), ``desk`` (the counter's acts),
``print_results`` (print results, a kiosk's outbox), ``offline`` (acts kept while the share was
away, judged and landed)."""

from ult_desktop.db.queue.desk import (
    HALL_MARKS,
    DeskQueue,
    Kept,
    call_next,
    call_reason,
    cancel,
    finish,
    mark_fetched,
    pause_counter,
    pause_reason,
    read_desk_queue,
    read_kept,
    recall,
    reclassify_priority,
    report_back,
    request_interpreter,
    request_reprint,
    resume_counter,
    set_deaf,
    skip,
    start_serving,
    transfer,
)
from ult_desktop.db.queue.numbers import (
    CLOCK_TOLERANCE_S,
    Held,
    Touch,
    born,
    clock_problem,
    hold_numbers,
    issue_ticket,
    land_touches,
    priority_desks,
    read_desks_by_service,
    read_line_prefixes,
    read_priority_desks,
    write_birth,
)
from ult_desktop.db.queue.offline import DESK_ACTS, DeskAct, land_desk_acts
from ult_desktop.db.queue.print_results import (
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
    "CLOCK_TOLERANCE_S", "DESK_ACTS", "TICKET_SELECT", "DeskAct", "DeskQueue", "Held", "Kept", "PrintOutbox",
    "Touch", "born", "call_next", "call_reason", "cancel", "clock_problem", "code_lookup",
    "code_salt", "finish", "mark_fetched", "set_deaf", "request_interpreter", "HALL_MARKS", "hold_numbers", "issue_ticket", "land_desk_acts",
    "land_touches", "load_or_none", "move", "note", "pause_counter", "pause_reason", "priority_desks",
    "read_by_id", "read_desk_queue", "read_desks_by_service", "read_kept", "read_line_prefixes", "read_pauses", "read_priority_desks", "recall",
    "reclassify_priority", "record_print_result", "report_back", "request_reprint",
    "resume_counter",
    "skip", "start_serving", "survey_code_hash", "ticket_from_row", "transfer",
    "write_birth", "write_print_result", "write_prints",
]
