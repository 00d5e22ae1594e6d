"""The survey said aloud and answered with number keys, and its large text.

The same keys as the kiosk's spoken mode (docs/accessibility.md): **1-9** choose the
answer said with that number, **0**/**Enter** sends the suggestion, **\\*** goes back,
**+** or **.** says the page again. The ticket code is typed (letters and digits) and
Enter starts. Profile questions are said one at a time, then the nine questions with
their four answers."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ult_desktop.core import skm
from ult_desktop.core.i18n import tr
from ult_desktop.ui.common.voice.prompts import CONFIRM_KEYS, DIGITS
from ult_desktop.ui.survey import visit as v

LANG = "id"
LARGE_TEXT = 1.3
BACK_KEYS = {Qt.Key_Asterisk}
LISTEN_KEYS = {Qt.Key_Plus, Qt.Key_Period}


def t(key: str, **params) -> str:
    return tr(key, LANG, **params)


class SurveySpeech:
    """The spoken mode of one :class:`~ult_desktop.ui.survey.flow.SurveyFlow`; *make_speaker* makes
    its speaker at the first sentence (or the kiosk lends one: :meth:`use`)."""

    def __init__(self, flow, make_speaker=None) -> None:
        self.flow = flow
        self.make_speaker = make_speaker
        self.speaker = None
        self.active = False
        self.field = 0   # the profile question being asked

    def use(self, speaker, *, active: bool) -> None:
        self.speaker, self.active = speaker, active and speaker is not None
        self.field = 0
        if self.active:
            self.say_page()

    def listen(self) -> None:
        self.active = True
        self.say_page()

    def changed(self) -> None:
        """The page or the question changed: say it in the spoken mode."""
        if self.active:
            self.say_page()

    def key(self, key: int) -> bool:
        """True when the spoken mode used *key* (code keys go to the code field)."""
        flow, page = self.flow, self.flow.state.page
        if key in LISTEN_KEYS or (not self.active and page != v.START and (
                key in DIGITS or key in CONFIRM_KEYS or key in BACK_KEYS)):
            self.listen()
            return True
        if not self.active or page in (v.START, v.THANKS):
            return False
        flow.touch()
        fields = list(skm.PROFILE)
        if key in DIGITS:
            n = DIGITS[key]
            if page == v.PROFILE:
                bands = skm.PROFILE[fields[self.field]]
                if n > len(bands):
                    return self._again()
                flow.choose_profile(fields[self.field], bands[n - 1])
                self.field += 1
                if self.field >= len(fields):
                    self.field = 0
                    flow.profile_done()
                else:
                    self.say_page()
            elif page == v.QUESTION and skm.MIN_SCORE <= n <= skm.MAX_SCORE:
                flow.answer(n)
            else:
                return self._again()
        elif key in CONFIRM_KEYS and page == v.SUGGESTION:
            flow.submit()
        elif key in BACK_KEYS:
            if page == v.PROFILE:
                self.field = max(0, self.field - 1)
                self.say_page()
            else:
                flow.go_back()
        else:
            return self._again()
        return True

    def _again(self) -> bool:
        self.say_page()
        return True

    def say_page(self) -> None:
        flow, page = self.flow, self.flow.state.page
        lines: list[str] = []
        if page == v.START:
            lines = [t("speak.survey.code")]
        elif page == v.PROFILE:
            field = list(skm.PROFILE)[self.field]
            lines = [t("speak.survey.profile", field=tr(f"skm.profile.{field}", LANG))]
            lines += [t("speak.option", n=i, name=skm.profile_label(field, band, LANG))
                      for i, band in enumerate(skm.PROFILE[field], start=1)]
        elif page == v.QUESTION:
            s = flow.state
            lines = [t("speak.survey.question", n=s.index + 1, total=len(s.questions),
                       question=s.element.question(LANG))]
            lines += [t("speak.option", n=i, name=label)
                      for i, label in enumerate(s.element.answer_labels(LANG), start=1)]
            lines.append(t("speak.back"))
        elif page == v.SUGGESTION:
            lines = [t("speak.survey.suggestion"), t("speak.back")]
        elif page == v.THANKS:
            lines = [t("speak.survey.thanks")]
        lines.append(t("speak.repeat"))
        if self.speaker is None and self.make_speaker is not None:
            self.speaker = self.make_speaker()
        if self.speaker is not None:
            self.speaker.say_lines(lines)


# -- large text ------------------------------------------------------------------------------
def _enlarged(css: str, label: bool, scale: float = LARGE_TEXT) -> str:
    css = re.sub(r"font-size:\s*(\d+)px",
                 lambda m: f"font-size:{round(int(m.group(1)) * scale)}px", css)
    if label:  # high contrast: white on the page's black
        css = re.sub(r"(?<![-\w])color:\s*#[0-9a-fA-F]{3,6}", "color:#ffffff", css)
    return css


def restyle(root: QWidget, large: bool) -> None:
    """Large text and high contrast on *root*'s widgets (or their own style back); ones
    repainted since get their new style enlarged; no walk while it was never on."""
    if not large and not root.property("wasLarge"):
        return
    root.setProperty("wasLarge", large)
    for w in [root, *root.findChildren(QWidget)]:
        css = w.styleSheet()
        if not css:
            continue
        base = w.property("baseStyle")
        if base is None or css != w.property("shownStyle"):
            base = css
        scale = float(w.property("largeScale") or LARGE_TEXT)  # a row of eight: less
        new = _enlarged(base, isinstance(w, QLabel), scale) if large else base
        w.setProperty("baseStyle", base)
        w.setProperty("shownStyle", new)
        if new != css:
            w.setStyleSheet(new)
