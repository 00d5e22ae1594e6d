"""The office's schema on both engines: the numbered migrations tracked in ``PRAGMA
user_version`` (``schema``) and their frozen data steps (``schema_steps``), the guard that
the file's ``sqlite_master`` is exactly what the code made (``schema_guard``), the same
schema translated for a PostgreSQL server (``server_schema``) with its guard and
``repair`` (``server_repair``)."""
