"""``ult-desktop counter``: the officer's desk (queue, service register, follow-up)."""
