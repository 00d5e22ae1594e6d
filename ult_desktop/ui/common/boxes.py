"""Box layouts filled in one call: ``vbox(title, (body, 1), 1, buttons, on=self)``; a path
with its Browse button (:func:`path_row`); a status line's text in its style (:func:`say`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

OK_STYLE = "color:#1b5e20;"
ERROR_STYLE = "color:#b71c1c;font-weight:bold;"
INFO_STYLE = "color:#37474f;"


def fill(box: QBoxLayout, *items, margins=None, spacing: int | None = None) -> QBoxLayout:
    """Add *items* to *box* in order: a widget or a layout (or a tuple of one with its
    stretch and alignment); an int is a stretch. *margins*: one number or four."""
    if margins is not None:
        box.setContentsMargins(*((margins,) * 4 if isinstance(margins, int) else margins))
    if spacing is not None:
        box.setSpacing(spacing)
    for item in items:
        if isinstance(item, int):
            box.addStretch(item)
            continue
        thing, *args = item if isinstance(item, tuple) else (item,)
        (box.addLayout if isinstance(thing, QLayout) else box.addWidget)(thing, *args)
    return box


def vbox(*items, on: QWidget | None = None, **options) -> QVBoxLayout:
    """A :class:`QVBoxLayout` of *items* (:func:`fill`), set on the widget *on*."""
    return fill(QVBoxLayout(on) if on is not None else QVBoxLayout(), *items, **options)


def hbox(*items, on: QWidget | None = None, **options) -> QHBoxLayout:
    """A :class:`QHBoxLayout` of *items* (:func:`fill`), set on the widget *on*."""
    return fill(QHBoxLayout(on) if on is not None else QHBoxLayout(), *items, **options)


def form(*rows, on: QWidget | None = None) -> QFormLayout:
    """A :class:`QFormLayout` of *rows* (each the arguments of one ``addRow``), set on *on*."""
    layout = QFormLayout(on)
    for row in rows:
        layout.addRow(*row)
    return layout


def path_row(edit: QLineEdit, text: str, ask: Callable[[str], str],
             then: Callable[[], None] | None = None) -> QHBoxLayout:
    """*edit* and a button *text* beside it: *ask* (a file dialog, from the path shown)
    chooses another path, which *edit* then shows (and *then* follows)."""
    def browse() -> None:
        path = ask(edit.text())
        if path:
            edit.setText(path)
            if then is not None:
                then()

    return hbox((edit, 1), QPushButton(text, clicked=browse))


def say(label: QLabel, text: str, style: str = INFO_STYLE) -> None:
    """*text* in *label*, in *style* (``OK_STYLE``, ``ERROR_STYLE`` or ``INFO_STYLE``)."""
    label.setText(text)
    label.setStyleSheet(style)
