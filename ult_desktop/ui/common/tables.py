"""The read-only list table the screens show (one row selected at a time)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def pick_rows(view, selection=QAbstractItemView.SingleSelection):
    """*view* (any table view): no row numbers, its rows picked (*selection*), never edited."""
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(selection)
    return view


def list_table(headers: list[str], *, object_name: str | None = None,
               fit_contents: bool = True, stretch: tuple[int, ...] = (),
               selection=QAbstractItemView.SingleSelection) -> QTableWidget:
    """A table of *headers* whose rows are picked (*selection*), never edited; the *stretch*
    columns (default: the last) take the rest (*fit_contents*: the others fit their contents)."""
    table = pick_rows(QTableWidget(0, len(headers)), selection)
    if object_name:
        table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    header = table.horizontalHeader()
    if fit_contents:
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(not stretch)
    for column in stretch or (() if fit_contents else (len(headers) - 1,)):
        header.setSectionResizeMode(column, QHeaderView.Stretch)
    return table


def fill_rows(table: QTableWidget, rows, *, tips: bool = False, fit=()
              ) -> list[list[QTableWidgetItem]]:
    """Show *rows* (each a list of cell values) in *table*, one item a cell (*tips*: each text
    is its cell's tool tip too, read where a column cuts it; the *fit* columns are then sized
    to their contents); returns the items to colour."""
    items = [[QTableWidgetItem(str(value)) for value in cells] for cells in rows]
    table.setRowCount(len(items))
    for r, row in enumerate(items):
        for c, item in enumerate(row):
            if tips:
                item.setToolTip(item.text())
            table.setItem(r, c, item)
    for column in fit:
        table.resizeColumnToContents(column)
    return items
