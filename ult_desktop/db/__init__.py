"""The office's storage, in rooms: ``engine/`` (the file and the server behind one seam),
``record/`` (the signed events, the chain and its trust, projections, reconcile, the change
feed), ``queue/`` (every change of a ticket), ``visit/`` (register, cases, handovers, the
hall), ``survey/`` (SKM), ``house/`` (the office, its officers and stations), ``privacy/``
(retention, one person's data), ``journals/`` (the stores on a station's own disk),
``keeping/`` (backups, integrity, moves to and from a server) and ``schemas/`` (both
engines' schema). ``queries`` are the screens' reads, ``errors`` every room's; ``open.py``
joins the rooms: every database is opened there (``open_database``), with what each write
does handed to the engine (docs/architecture.md). Importing this package does nothing."""
