"""The read-only list table the screens show (one row selected at a time)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


def list_table(headers: list[str], *, object_name: str | None = None,
               fit_contents: bool = True, stretch: tuple[int, ...] = (),
               selection=QAbstractItemView.SingleSelection) -> QTableWidget:
    """A table of *headers* whose rows are picked (*selection*), never edited; the *stretch*
    columns (default: the last) take the rest (*fit_contents*: the others fit their contents)."""
    table = QTableWidget(0, len(headers))
    if object_name:
        table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(selection)
    header = table.horizontalHeader()
    if fit_contents:
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(not stretch)
    for column in stretch or (() if fit_contents else (len(headers) - 1,)):
        header.setSectionResizeMode(column, QHeaderView.Stretch)
    return table
