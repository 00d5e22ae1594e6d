"""The office's schema on both engines: the migrations (``schema``, ``schema_steps``), the
guard (``schema_guard``), and the server's translation and repair (``server_*``)."""
