"""Screens that fit the screen they are on.

Two helpers every mode uses:

- :func:`fill_screen` for the public screens (kiosk, lobby display). ``showFullScreen``
  alone asks the window manager to make the window fullscreen; on an X session without
  one (``xinit`` + the app, a common Linux kiosk) nobody answers and the window stays at
  its own size in a corner. So the window is also given the screen's geometry.
  :func:`pick_screen` chooses the lobby TV (by name, else the largest screen that is not
  the primary one) and :class:`ScreenFollower` moves and re-fits the window when screens
  come and go or change size (a TV switched on after boot).
- :func:`scrolled_body` for the officer's screens. Their content has a minimum size;
  at 125 % scaling or on a 1280×720 screen that minimum can be larger than the window,
  and Qt then cuts the right or bottom edge off (buttons included). Inside a scroll area
  the content shows whole when it fits and scrolls when it does not; a page that can
  rearrange itself (``reflow(width)``) is told the width it really has.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QVBoxLayout, QWidget


def fill_screen(window: QWidget, screen: QScreen | None = None) -> None:
    """Show *window* fullscreen on *screen* (default: the primary screen), with or
    without a window manager."""
    screen = screen or window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        geometry = screen.geometry()
        window.setGeometry(geometry)
        window.setMinimumSize(0, 0)
    window.showFullScreen()
    if screen is not None:  # no window manager: nobody applied the fullscreen state
        window.setGeometry(screen.geometry())


def named_screen(name: str) -> QScreen | None:
    """The screen *name* names (exactly, else as part of its name or maker and model)."""
    wanted = name.strip().lower()
    if not wanted:
        return None
    screens = QGuiApplication.screens()
    for exact in (True, False):
        for screen in screens:
            names = (screen.name().lower(),
                     f"{screen.manufacturer()} {screen.model()}".strip().lower())
            if any(n == wanted if exact else wanted in n for n in names if n):
                return screen
    return None


def pick_screen(name: str = "") -> QScreen | None:
    """The screen a lobby display belongs on: the one *name* names (Qt's screen name,
    e.g. ``HDMI-1`` or ``\\.\\DISPLAY2``, or part of its maker and model, e.g. ``LG``);
    else the largest screen that is not the primary one (the TV beside the PC's own
    monitor in "Extend"); else the primary screen."""
    named = named_screen(name)
    if named is not None:
        return named
    screens = QGuiApplication.screens()
    primary = QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not primary]
    if others:
        return max(others, key=lambda s: s.geometry().width() * s.geometry().height())
    return primary


class ScreenFollower(QObject):
    """Keeps a public window fullscreen on :func:`pick_screen`'s screen: when a screen is
    added or removed, the primary changes or a screen changes size (a TV switched on
    after boot reports its real size), the window moves and re-fits, once things
    settle (``SETTLE_MS``)."""

    SETTLE_MS = 300

    def __init__(self, window: QWidget, name: str = ""):
        super().__init__(window)
        self.window, self.name = window, name
        self.screen: QScreen | None = None
        self._timer = QTimer(self, singleShot=True, interval=self.SETTLE_MS)
        self._timer.timeout.connect(self.refit)
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screen_added)
        app.screenRemoved.connect(self._changed)
        app.primaryScreenChanged.connect(self._changed)
        for screen in QGuiApplication.screens():
            self._watch(screen)

    def _watch(self, screen: QScreen) -> None:
        screen.geometryChanged.connect(self._changed)

    def _screen_added(self, screen: QScreen) -> None:
        self._watch(screen)
        self._changed()

    def _changed(self, *_args) -> None:
        self._timer.start()

    def refit(self) -> None:
        """Show the window fullscreen on the screen it belongs on now."""
        self.screen = pick_screen(self.name)
        if self.screen is None:
            return
        handle = self.window.windowHandle()
        if handle is not None:
            handle.setScreen(self.screen)
        fill_screen(self.window, self.screen)


class _FitScroll(QScrollArea):
    """Tells its owner the width it has, so the owner can reflow before scrolling."""

    def __init__(self, owner: QWidget):
        super().__init__(owner)
        self._owner = owner
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)

    def resizeEvent(self, event) -> None:
        reflow = getattr(self._owner, "reflow", None)
        if reflow is not None:
            reflow(event.size().width())
        super().resizeEvent(event)


def scrolled_body(owner: QWidget) -> QWidget:
    """A content widget that fills *owner* inside a scroll area; lay the page out on it.

    If *owner* has a ``reflow(width)`` method, it is called with the width available
    each time the page is resized (before any scroll bar is needed).
    """
    scroll = _FitScroll(owner)
    body = QWidget()
    body.setObjectName("scrolledBody")
    scroll.setWidget(body)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    owner.scroll_area = scroll
    return body


def visible_rect(widget: QWidget, window: QWidget | None = None) -> QRect:
    """The part of *widget* a person can see: its rectangle clipped by every parent up
    to the top-level window (a scroll area's viewport clips what is scrolled away)."""
    window = window or widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def fully_visible(widget: QWidget) -> bool:
    """Is the whole of *widget* on screen (not cut off by its window or a parent)?"""
    return widget.isVisible() and visible_rect(widget).size() == widget.size()


def hold_width(*widgets: QWidget) -> None:
    """Side-by-side *widgets* keep their layout share (their stretch) whatever they show:
    at least the width they need now, and never more because a label got longer, so the
    buttons beside them never move under the officer's hand."""
    for widget in widgets:
        widget.setMinimumWidth(widget.minimumSizeHint().width())
        policy = widget.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Ignored)
        widget.setSizePolicy(policy)
