"""The stores on a station's own disk, durable before the screen says done and landed in
the record by one road each: the kiosk's touches (``journal``), a counter's acts and
drafts (``desk_journal``), and what they share (``journal_files``)."""
