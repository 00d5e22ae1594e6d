"""The kiosk for a visitor who cannot see the screen, and large text for one who sees little.

The spoken mode starts when a headset is plugged in (then it speaks there only, nothing
to the hall: :mod:`~ult_desktop.ui.kiosk.headset`), with the "Dengar" key, a long press
anywhere, or any key of a keypad (its 5 has a raised dot). Every screen is then said in
the office's voice (:class:`~ult_desktop.ui.common.voice.prompts.PromptSpeaker`), in the
screen's language, its options one by one with a number: **1-9** choose, **0**/Enter
confirms, **\\*** or Backspace goes back, **+** says the screen again, **/** and **-**
louder and softer (the level said), **.** stops. A chosen service is said back with its
queue (on the priority path also offering, by number, waiting seated and Deaf) before
printing; then the number, where to wait and the counter are said. The next visitor
starts with the mode off, at the default volume. "Aa Besar" switches large text and high
contrast for this visitor. See docs/accessibility.md."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from ult_desktop.core.i18n import tr
from ult_desktop.core.priority import DEAF, SEAT
from ult_desktop.ui.common.boxes import hbox
from ult_desktop.ui.common.voice.prompts import CONFIRM_KEYS, DIGITS, PromptSpeaker
from ult_desktop.ui.kiosk.flow import (
    CONFIRM,
    MESSAGE,
    PIN,
    PRIORITY,
    SETTINGS,
    START,
    SURVEY,
    TICKET,
)
from ult_desktop.ui.kiosk.headset import CONTROL_KEYS, SpeechControl, qt_outputs
from ult_desktop.ui.kiosk.pages import button
from ult_desktop.ui.kiosk.pictograms import GROUPS
from ult_desktop.ui.kiosk.widgets import HeldTouch

LANG = "id"                 # the speaker's own language (the English screen: English)
LONG_PRESS_MS = 1_000       # a finger held this long on the screen: say it
SPOKEN_TICKET_MS = 45_000   # the number stays while it is said (and said again)
SPOKEN_IDLE_MS = 90_000     # a visitor listening to a menu is not a visitor gone
BACK_KEYS = {Qt.Key_Asterisk, Qt.Key_Backspace}
LISTEN_KEYS = {Qt.Key_Plus}
KNOWN_KEYS = (*DIGITS, *CONFIRM_KEYS, *BACK_KEYS, *LISTEN_KEYS, *CONTROL_KEYS)


class SpokenKiosk(QObject):
    """The spoken mode and the large-text switch of one :class:`KioskWindow`."""

    def __init__(self, window, *, outputs=qt_outputs) -> None:
        super().__init__(window)
        self.window, self.view, self.flow = window, window.view, window.flow
        self.active = False
        self.speaker = PromptSpeaker(self, lang=LANG)
        self.options: list[Callable[[], None]] = []
        self._keyed = False       # the page changed by the visitor's key (not idle)
        self._page = START
        self.listen_button = button(2.4, "listenButton", "speak.listen")
        self.large_button = button(2.4, "largeButton")
        self.large_button.setCheckable(True)
        # a row of their own above the footer, on every page, in both orientations
        self.row = QWidget(objectName="accessRow")
        hbox(self.listen_button, 1, self.large_button, on=self.row, margins=0)
        body = self.view.body.layout()
        body.insertWidget(body.indexOf(self.view.footer), self.row)
        self.listen_button.clicked.connect(self.listen)
        self.large_button.toggled.connect(self.set_large)
        # a headset, the volume, stop (outputs: the seam the device list is read through)
        self.control = SpeechControl(self, outputs)
        view = self.view
        view.pages.currentChanged.connect(self._page_changed)
        view.confirm_page.confirmed.connect(self.issue)
        view.confirm_page.back_pressed.connect(self.back)
        for touched in (view.priority_page.group_picked, view.priority_page.back_pressed):
            touched.connect(lambda *_: self.active and self.flow.page == PRIORITY and
                            self.say_screen())  # a step inside the page, touched
        view.retranslated.connect(self.retranslate)  # by any road (a toggle, the next visitor)
        view.language_toggled.connect(self._language_toggled)
        view.rescaled.connect(self._rescaled)
        window.link.printed.connect(self._printed)
        # a key: a scanner's code first (window.codes, made next), else the keypad's
        self.touch = HeldTouch(window, held=self._long_pressed, ms=LONG_PRESS_MS,
                               key=lambda e: window.codes.read(e) or self.key(e.key()))

    def retranslate(self) -> None:
        """The large-text key's words (the others are the screen's: ``pages.retranslate``)."""
        self.large_button.setText(tr("speak.large_off" if self.view.large else "speak.large",
                                     self.view.lang))

    def _language_toggled(self) -> None:
        if self.active and self.flow.page not in (PIN, SETTINGS, SURVEY):
            self.say_screen()  # the other language chosen: said in it

    @property
    def lang(self) -> str:
        """The language spoken: the screen's, where this PC can speak it."""
        lang = self.view.lang
        return lang if self.speaker.can_speak(lang) else LANG

    def t(self, key: str, **params) -> str:
        return tr(key, self.lang, **params)

    def set_active(self, on: bool) -> None:  # the screen keys instead of "Dengar"
        self.active = on
        self.control.keys.setVisible(on)
        self.listen_button.setVisible(not on)

    def _rescaled(self, unit: float) -> None:
        side = round(3.6 * unit * (1.3 if self.view.large else 1))
        self.listen_button.setIcon(speaker_icon(side, "#ffeb3b" if self.view.large
                                                else "#263238"))
        self.listen_button.setIconSize(QSize(side, side))

    # -- large text -----------------------------------------------------------------------
    def set_large(self, on: bool) -> None:
        """Large text and high contrast on the kiosk (and its survey page) or back."""
        if self.large_button.isChecked() != on:
            self.large_button.setChecked(on)
            return
        self.view.large = on
        self.view.apply_scale()
        self.view.draw_ticket()
        survey = getattr(self.window, "survey_page", None)
        if survey is not None:
            survey.flow.set_large(on)
        self.retranslate()
        self.window.touched()

    # -- what a visitor does --------------------------------------------------------------
    def listen(self) -> None:
        """The "Dengar" key, a long press, "+": the spoken mode, and this screen said."""
        self.set_active(True)
        self.window.touched()
        self.say_screen()

    def reset(self) -> None:
        """The next visitor: no speech, the default volume, normal text."""
        self.set_active(False)
        self.control.next_visitor()
        if self.view.large:
            self.set_large(False)

    def to_confirm(self, service: str, priority: bool) -> bool:
        """A service chosen in the spoken mode is said back first (True: not issued yet)."""
        if not self.active or self.flow.page == CONFIRM:
            return False
        self.flow.confirm(service, priority)
        self._show_choice()
        self.window.show_page()
        return True

    def _show_choice(self) -> None:
        service, priority = self.flow.choice
        tile = next((s for s in self.view.state.services if s.prefix == service), None)
        self.view.confirm_page.show_choice(tile.title(self.view.lang) if tile else service,
                                           said_kind(self, priority, self.view.lang))

    def issue(self) -> None:
        """Print the choice said back (a confirmation is deliberate: one pressed during
        the short guard after the last visitor is kept, and done when it ends)."""
        if self.flow.page != CONFIRM or self.flow.choice is None:
            return
        wait = self.flow.guard_until - self.flow.clock()
        if wait > 0:
            QTimer.singleShot(round(wait * 1000) + 20, self, self.issue)
            return
        self.window.touch_service(*self.flow.choice)

    def back(self) -> None:
        self.flow.confirm_back()
        self.window.show_page()

    def key(self, key: int) -> bool:
        """A key of the keypad or keyboard: True when the spoken mode used it."""
        page = self.flow.page
        if page in (PIN, SETTINGS):
            return False
        if page == SURVEY:  # the survey's keys, and the visitor's volume and stop
            survey = getattr(self.window, "survey_page", None)
            return (self.active and self.control.key(key)) or (
                survey is not None and survey.flow.speech.key(key))
        if key not in KNOWN_KEYS:
            return False
        wait = self.flow.guard_until - self.flow.clock()
        if wait > 0 and self.active:  # a key is deliberate: kept through the touch guard
            QTimer.singleShot(round(wait * 1000) + 20, self, lambda: self.key(key))
            return True
        self.window.touched()
        self._keyed = True
        try:
            if not self.active or key in LISTEN_KEYS:
                self.listen()
            elif self.control.key(key):
                pass  # louder, softer, stop
            elif key in DIGITS:
                n = DIGITS[key]
                if n <= len(self.options):
                    self.options[n - 1]()
                else:
                    self.say_screen()
            elif key in CONFIRM_KEYS:
                {CONFIRM: self.issue, TICKET: self.window._leave_ticket,
                 MESSAGE: self.window._leave_ticket}.get(page, self.say_screen)()
            elif page == PRIORITY:
                self._step(self.window._priority_back)
            elif page == CONFIRM:
                self.back()
            elif page == MESSAGE:
                self.window._leave_ticket()
        finally:
            self._keyed = False
        return True

    def _step(self, action, *args) -> None:
        """A step inside the priority page (same page, another question): said too."""
        action(*args)
        if self.flow.page == PRIORITY:
            self.say_screen()

    def _long_pressed(self) -> bool:
        """A finger held on the screen: it is said (True: that touch chooses nothing)."""
        if self.flow.page in (PIN, SETTINGS):
            return False
        if self.flow.page == SURVEY:
            self.window.survey_page.flow.speech.listen()
        else:
            self.listen()
        return True

    # -- what is said ---------------------------------------------------------------------
    def _page_changed(self, index: int) -> None:
        before, self._page = self._page, index
        if index == START and (before == TICKET or not self._keyed):
            self.reset()  # the visitor is done (or left): the next starts afresh
            return
        if self.active:
            self.say_screen()

    def say_screen(self, *, greet: bool = False) -> None:
        """Say the screen on display, and note what each number key does (*greet*: a
        headset was plugged in: said first, with the volume keys)."""
        page, lines, t = self.flow.page, [], self.t
        self.options = []
        if greet:
            lines = [t("speak.headset")]
        if self.view.lang != self.lang:
            lines.append(t("speak.no_english"))
        if page == START:
            lines += self._start()
            lines.append(t("speak.volume_keys"))
        elif page == PRIORITY and self.flow.priority_step == 0:
            lines.append(t("speak.pick_group"))
            for kind in GROUPS:
                lines.append(self._option(t(f"kiosk.group.{kind}"),
                                          lambda k=kind: self._step(self.window._pick_group, k)))
            lines.append(t("speak.back"))
        elif page == PRIORITY:
            lines += [t("speak.pick_service"), *self._services(priority=True), t("speak.back")]
        elif page == CONFIRM and self.flow.choice is not None:
            service, priority = self.flow.choice
            lines += [t("speak.chosen", service=t("speak.service", prefix=service,
                                                  name=self.view.confirm_page.service.text()),
                        kind=said_kind(self, priority, self.lang).lower()),
                      t("speak.confirm")]
            if priority:  # how the visitor is met (the priority page's toggles), by number
                pp = self.view.priority_page
                lines += [t("speak.assist_first"), self._toggle(t("speak.seat_option"), pp.seat),
                          self._toggle(t("speak.deaf_option"), pp.deaf)]
            lines.append(t("speak.back"))
        elif page == TICKET:
            lines += ticket_lines(self)
        elif page == MESSAGE:
            mp = self.view.message_page
            lines += [w.text() for w in (mp.heading, mp.detail, mp.hint) if w.text()]
            lines.append(t("speak.back"))
        elif page == SURVEY:
            self.window.survey_page.flow.speech.listen()
            return
        lines.append(t("speak.repeat"))
        self.speaker.say_lines(lines, self.lang)
        if page != TICKET:  # a visitor listening is not gone
            self.window.idle_timer.start(max(self.window.timings.idle_ms, SPOKEN_IDLE_MS))

    def _option(self, name: str, action: Callable[[], None]) -> str:
        self.options.append(action)
        return self.t("speak.option", n=len(self.options), name=name)

    def _toggle(self, name: str, button) -> str:
        """A choice switched on and off by its number, said with its state; the choice is
        then said back with it."""
        def switch() -> None:
            button.click()
            self._show_choice()
            self.say_screen()

        self._option(name, switch)
        n = len(self.options)
        return self.t("speak.option_on", n=n, name=name) if button.isChecked() else \
            self.t("speak.option", n=n, name=name)

    def _services(self, *, priority: bool) -> list[str]:
        lines, t = [], self.t
        for tile in self.view.state.services if self.view.state else ():
            name = t("speak.service", name=tile.title(self.lang), prefix=tile.prefix)
            if tile.blocked is None:
                lines.append(self._option(name, lambda p=tile.prefix: self.window.touch_service(
                    p, priority)))
            else:
                lines.append(t("speak.blocked", name=name,
                               why=self.view._status_text(tile).rstrip(".")))
        return lines

    def _start(self) -> list[str]:
        sp, t = self.view.start_page, self.t
        if not self.view.can_issue():
            notice = sp.notice.text() or self.view.banner.text() or t("speak.closed")
            return [notice, sp.notice_detail.text() if sp.notice_detail.isVisible() else ""]
        # priority first: a visitor who cannot see is often one of its groups
        self._option("", self.window._open_priority)
        return [t("speak.start"), t("speak.priority_option", n=1),
                *self._services(priority=False)]

    def _printed(self, ticket_id: int, _outcome) -> None:
        """The number is said again with how printing went, and stays while it is said."""
        if self.active and self.flow.page == TICKET and self.flow.issued is not None and \
                self.flow.issued.ticket.id == ticket_id:
            timer = self.window.return_timer
            timer.start(max(timer.interval(), SPOKEN_TICKET_MS))
            self.say_screen()


def said_kind(spoken: SpokenKiosk, priority: bool, lang: str) -> str:
    """The queue said back: regular, or priority with the group and how the visitor is
    met (waiting seated to be fetched, Deaf)."""
    group = spoken.flow.priority_group
    if not priority:
        return tr("speak.regular", lang)
    assist = spoken.view.priority_page.assist()
    return tr("kiosk.ticket.priority", lang).title() + (
        f": {tr(f'kiosk.group.{group}', lang)}" if group else "") + "".join(
        f", {tr(key, lang)}" for flag, key in ((SEAT, "speak.seat_chosen"),
                                               (DEAF, "speak.deaf_option"))
        if flag in assist)


def ticket_lines(spoken: SpokenKiosk) -> list[str]:
    """The number said after it is issued: printed or not, where to wait (seated
    visitors: stay seated, an officer comes), how many are ahead."""
    issued, outcome, t = spoken.flow.issued, spoken.flow.print_outcome, spoken.t
    if issued is None:
        return []
    ticket = issued.ticket
    lines = [t("speak.number", number=ticket.number,
               service=spoken.view.ticket_page.service.text())]
    lines.append(t("speak.printing") if outcome is None else t("speak.printed") if
                 outcome.ok else t("kiosk.ticket.no_printer") if outcome.skipped else
                 t("speak.not_printed"))
    if SEAT in ticket.assist:  # fetched: no walking to a counter
        lines.append(t("speak.stay_seated"))
    elif ticket.priority and issued.go_to:
        lines.append(t("speak.go_counter", counters=(" dan " if spoken.lang == "id" else
                                                     " and ").join(map(str, issued.go_to))))
    else:
        lines.append(t("speak.go_wait"))
    if issued.ahead:
        lines.append(t("speak.ahead", count=issued.ahead))
    elif issued.ahead == 0:
        lines.append(t("speak.next"))
    if outcome is not None:
        lines.append(t("speak.done"))
    return lines


def speaker_icon(side: int, color: str) -> QIcon:
    """A loudspeaker with sound waves (drawn: no emoji font on every kiosk PC)."""
    pix = QPixmap(max(1, side), max(1, side))
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    p.scale(side / 100, side / 100)
    p.setPen(Qt.NoPen)
    p.setBrush(QColor(color))
    p.drawPolygon(QPolygonF([QPointF(8, 36), QPointF(28, 36), QPointF(52, 14), QPointF(52, 86),
                             QPointF(28, 64), QPointF(8, 64)]))
    p.setBrush(Qt.NoBrush)
    p.setPen(QPen(QColor(color), 8, Qt.SolidLine, Qt.RoundCap))
    for r in (18, 34):
        p.drawArc(QRectF(52 - r, 50 - r, 2 * r, 2 * r), -45 * 16, 90 * 16)
    p.end()
    return QIcon(pix)
