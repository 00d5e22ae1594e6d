"""The read-only list table the screens show (one row selected at a time)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


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


def fill_rows(table: QTableWidget, rows, *, tips: bool = False) -> list[list[QTableWidgetItem]]:
    """Show *rows* (each a list of cell values) in *table*, one item a cell (*tips*: each text
    is its cell's tool tip too, read where a column cuts it); returns the items to colour."""
    items = [[QTableWidgetItem(str(value)) for value in cells] for cells in rows]
    table.setRowCount(len(items))
    for r, row in enumerate(items):
        for c, item in enumerate(row):
            if tips:
                item.setToolTip(item.text())
            table.setItem(r, c, item)
    return items
