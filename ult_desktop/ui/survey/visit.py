"""One visitor's way through the SKM questionnaire, as a plain object (no Qt, no database).

The widget (:class:`~ult_desktop.ui.survey.flow.SurveyFlow`) asks the visit what a tap
does, runs the database call it names, tells it the answer and shows its page: START
(the code), PROFILE, QUESTION (the nine, and SPAK items when asked), SUGGESTION, THANKS.
After ``reset()`` an answer for an older ``visit`` number is ignored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ult_desktop.core import skm

START, PROFILE, QUESTION, SUGGESTION, THANKS = range(5)


@dataclass(frozen=True)
class UncheckedVisit:
    """A code taken while the share is away: the answers wait on this tablet with it and
    the code is judged when they land (one that is not a served visit's is dropped
    there, as a code spent twice is)."""

    code: str


class SurveyVisit:
    """The answers of the visitor in front of the screen, until they are sent."""

    def __init__(self, *, source: str = "tablet") -> None:
        self.source = source  # "tablet" (survey mode) or "kiosk" (embedded in the kiosk)
        self.visit = 0  # bumped by reset(): late answers of an earlier visit are ignored
        self.visit_done = False  # reset() ended a visit that had got past the code
        self.busy = False
        self._forget()

    def _forget(self) -> None:
        self.page = START
        self.ticket: Any = None
        self.code = ""
        self.profile: dict[str, str | None] = dict.fromkeys(skm.PROFILE)
        #: the nine unsur, and the SPAK items when the office asks them
        self.questions: tuple[skm.Element, ...] = skm.ELEMENTS
        self.answers: list[int | None] = [None] * len(self.questions)
        self.index = 0

    # -- the ticket code -----------------------------------------------------------------
    def check_code(self) -> int | None:
        """A code is being checked: the visit number to hand back, or None when a
        check is already under way."""
        if self.busy:
            return None
        self.busy = True
        return self.visit

    def ticket_found(self, code: str, ticket: Any, visit: int, *, spak: bool = False) -> bool:
        """The code is a ticket of today: on to the profile (False: a stale answer)."""
        self.busy = False
        if visit != self.visit:  # the screen was reset meanwhile (idle, cancel)
            return False
        self._forget()
        self.code, self.ticket = code, ticket
        if spak:
            self.questions = skm.ELEMENTS + skm.SPAK_ITEMS
            self.answers = [None] * len(self.questions)
        self.page = PROFILE
        return True

    def failed(self) -> None:
        """The code's check or the sending failed: the visitor may try again."""
        self.busy = False

    # -- the profile ---------------------------------------------------------------------
    def choose_profile(self, field: str, band: str) -> None:
        self.profile[field] = band

    def profile_done(self) -> bool:
        """On to the questions once every row has an answer (False: some are missing)."""
        if any(v is None for v in self.profile.values()):
            return False
        self.page = QUESTION
        return True

    # -- the questions -------------------------------------------------------------------
    @property
    def element(self) -> skm.Element:
        return self.questions[self.index]

    def answer(self, score: int) -> bool:
        """Record *score* for the current question and move on (False: no visit)."""
        if self.ticket is None:
            return False
        self.answers[self.index] = score
        if self.index + 1 < len(self.questions):
            self.index += 1
        else:
            self.page = SUGGESTION
        return True

    def back(self) -> None:
        if self.page == SUGGESTION:
            self.page = QUESTION
        elif self.index > 0:
            self.index -= 1
        else:
            self.page = PROFILE

    # -- sending ------------------------------------------------------------------------
    def submission(self, suggestion: str) -> dict | None:
        """The ``submit_survey`` arguments, or None while it cannot be sent."""
        if self.busy or self.ticket is None or None in self.answers:
            return None
        self.busy = True
        nine = skm.ELEMENT_COUNT
        return {"ticket_code": self.code, "answers": list(self.answers[:nine]),
                "spak": list(self.answers[nine:]) or None,
                "profile": dict(self.profile), "source": self.source,
                "suggestion": suggestion.strip() or None}

    def sent(self) -> None:
        self.busy = False
        self.page = THANKS

    def reset(self) -> None:
        """Forget the visitor's answers; back to the code entry."""
        self.visit_done = self.ticket is not None
        self.visit += 1
        self._forget()
