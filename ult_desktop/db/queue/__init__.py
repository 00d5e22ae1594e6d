"""The ticket's room: every change of a ticket, online or landed from a station's journal,
is written here and nowhere else (``transition``: the one writer of the ticket's row)."""
