"""The combo boxes of (text, value) items the screens choose from: made in one call,
refilled keeping the value chosen."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox


def combo(items, **props: Any) -> QComboBox:
    """A combo box (*props*: its Qt properties) of the (text, value) *items*."""
    box = QComboBox(**props)
    for text, value in items:
        box.addItem(text, value)
    return box


def select(box: QComboBox, value: Any) -> None:
    """Choose *value* in *box*, if it is there."""
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)


def refill(box: QComboBox, items) -> None:
    """*box* shows the (text, value) *items* now, on the value it was on if that is still
    there; quiet meanwhile (no change signalled while it is emptied and filled)."""
    keep = box.currentData()
    box.blockSignals(True)
    box.clear()
    for text, value in items:
        box.addItem(text, value)
    select(box, keep)
    box.blockSignals(False)
