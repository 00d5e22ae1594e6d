"""The ticket's room: every change of a ticket, online or landed from a station's journal,
is written here and nowhere else: ``rows`` (reading), ``transition`` (:func:`move`,
:func:`note`), ``numbers`` (birth, held numbers), ``desk`` (the counter's acts),
``print_results`` (print results, a kiosk's outbox), ``offline`` (acts kept while the share was
away, judged and landed)."""
