"""The office's storage, in rooms (each package says what it holds); ``queries`` are the
screens' reads, ``errors`` every room's; every database is opened in ``open.py``
(``open_database``), with what each write does handed to the engine (docs/architecture.md).
Importing this package does nothing."""
