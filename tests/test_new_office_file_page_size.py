"""New office files get 8 KB pages: a B-tree level less per lookup on a share."""

from __future__ import annotations

import sqlite3


def test_a_new_office_file_has_8_kb_pages(db_path):
    from ult_desktop.db.schemas.schema import PAGE_SIZE

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE == 8192
