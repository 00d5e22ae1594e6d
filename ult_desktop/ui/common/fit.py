"""Screens that fit the screen they are on: :func:`fill_screen` (public screens, with the
geometry too, for an X session without a window manager), :func:`show_within_screen`
(officers' windows shown as they are stay whole), :func:`pick_screen` (the lobby
TV), :class:`ScreenFollower` (re-fits when screens change) and :func:`scrolled_body`
(officers' screens scroll at 125 % or 1280×720 rather than lose their edge)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QSizePolicy, QStackedWidget, QWidget

from ult_desktop.ui.common.boxes import vbox


def fill_screen(window: QWidget, screen: QScreen | None = None) -> None:
    """Show *window* fullscreen on *screen* (default: the primary screen), with or
    without a window manager."""
    screen = screen or window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.geometry())
        window.setMinimumSize(0, 0)
    window.showFullScreen()
    if screen is not None:  # no window manager: nobody applied the fullscreen state
        window.setGeometry(screen.geometry())


#: What a window manager puts around a window (title bar, borders), kept free when a
#: window is shown as it is: a 1366x768 window under a title bar lost its bottom rows.
FRAME_ALLOWANCE = (16, 40)


def show_within_screen(window: QWidget, screen: QScreen | None = None) -> None:
    """Show *window* as it is (the demo, ``--windowed``), made smaller where its screen's
    work area less a window manager's frame cannot hold it, so no button is off screen."""
    screen = screen or window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(window.width(), area.width() - FRAME_ALLOWANCE[0])
        height = min(window.height(), area.height() - FRAME_ALLOWANCE[1])
        window.resize(max(width, window.minimumSizeHint().width()),
                      max(height, window.minimumSizeHint().height()))
    window.show()


class CurrentStack(QStackedWidget):
    """Pages one at a time that ask for the room of the page shown, not of the widest
    page: one wide page never makes the window wider than the screen on every page."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout().setSizeConstraint(QLayout.SetNoConstraint)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


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
    """The screen a lobby display belongs on: the one *name* names (Qt's name or part of
    maker and model, e.g. ``HDMI-1``, ``LG``), else the largest non-primary, else primary."""
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
    """Keeps a public window fullscreen on :func:`pick_screen`'s screen, re-fitting once
    things settle (``SETTLE_MS``) when screens come, go or resize (a TV switched on late)."""

    SETTLE_MS = 300

    def __init__(self, window: QWidget, name: str = ""):
        super().__init__(window)
        self.window, self.name = window, name
        self.screen: QScreen | None = None
        self._timer = QTimer(self, singleShot=True, interval=self.SETTLE_MS, timeout=self.refit)
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
    """A content widget filling *owner* inside a scroll area: lay the page out on it.
    *owner*'s ``reflow(width)``, if any, gets the width available at each resize."""
    scroll = _FitScroll(owner)
    body = QWidget(objectName="scrolledBody")
    scroll.setWidget(body)
    vbox(scroll, on=owner, margins=0)
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


def any_width(*widgets: QWidget) -> None:
    """*widgets* show text of any length (a file's path, an e-mail, a long word): it wraps,
    or is cut at the edge, and never widens the window past the screen."""
    for widget in widgets:
        policy = widget.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Ignored)
        widget.setSizePolicy(policy)


def hold_width(*widgets: QWidget) -> None:
    """Side-by-side *widgets* keep their stretch share whatever they show, so the buttons
    beside them never move under the officer's hand."""
    for widget in widgets:
        widget.setMinimumWidth(widget.minimumSizeHint().width())
    any_width(*widgets)
