"""Survei Kepuasan Masyarakat (SKM) and the Indeks Kepuasan Masyarakat (IKM).

PermenPANRB 14/2017: nine elements (unsur) on a 1-4 scale; NRR = mean score of an
element; IKM = (sum of the NRR x 1/9) x 25 (the exact 1/9, not the worksheet's 0.111, so
a perfect survey gives 100.00); the grade comes from the IKM rounded to two decimals.
Pure; the texts are the ``skm.*`` keys of the catalogues (``ult_desktop/locale``)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, TypeVar

from ult_desktop.core.i18n import tr
from ult_desktop.core.settings import SETTINGS

#: Number of elements (unsur) in the survey.
ELEMENT_COUNT = 9
#: Lowest and highest score of an answer.
MIN_SCORE, MAX_SCORE = 1, 4
#: Conversion factor from the 1-4 index (NI) to the 25-100 IKM.
CONVERSION = 25


@dataclass(frozen=True)
class Element:
    """One unsur of the survey."""

    number: int  # 1..9, the order of PermenPANRB 14/2017
    key: str     # stable identifier, also the i18n key part

    def name(self, lang: str | None = None) -> str:
        """Name of the element, e.g. "Persyaratan"."""
        return tr(f"skm.element.{self.key}", lang)

    def question(self, lang: str | None = None) -> str:
        """The question put to the visitor."""
        return tr(f"skm.question.{self.key}", lang)

    def answer_label(self, score: int, lang: str | None = None) -> str:
        """Label of answer *score* (1-4), e.g. 3 -> "Sesuai"."""
        _check_score(score)
        return tr(f"skm.answer.{self.key}.{score}", lang)

    def answer_labels(self, lang: str | None = None) -> tuple[str, str, str, str]:
        """The four answer labels, worst (1) to best (4)."""
        return tuple(self.answer_label(s, lang) for s in range(MIN_SCORE, MAX_SCORE + 1))  # type: ignore[return-value]


ELEMENTS: tuple[Element, ...] = tuple(Element(n, key) for n, key in enumerate((
    "persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku",
    "pengaduan", "sarana"), 1))


class InvalidAnswers(ValueError):
    """A survey response does not hold nine scores from 1 to 4."""

    key = "skm.error.invalid_answers"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail

    def message(self, lang: str | None = None) -> str:
        """One sentence for the person filling in the survey."""
        return tr(self.key, lang)


def _check_score(score: object) -> None:
    if isinstance(score, bool) or not isinstance(score, int):
        raise InvalidAnswers(f"score {score!r} is not a whole number")
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise InvalidAnswers(f"score {score} is outside {MIN_SCORE}-{MAX_SCORE}")


def _scores(answers: Sequence[int], count: int, what: str) -> tuple[int, ...]:
    if isinstance(answers, (str, bytes)) or len(answers) != count:
        raise InvalidAnswers(f"expected {count} {what}, got {answers!r}")
    for score in answers:
        _check_score(score)
    return tuple(int(s) for s in answers)


def validate_answers(answers: Sequence[int]) -> tuple[int, ...]:
    """*answers* (unsur 1 first) as a tuple of nine ints 1-4, or :class:`InvalidAnswers`."""
    return _scores(answers, ELEMENT_COUNT, "answers")


#: Survei Persepsi Anti Korupsi items after the nine unsur when ``spak_enabled``, 1-4.
SPAK_ITEMS: tuple[Element, ...] = tuple(Element(n, f"spak_{key}") for n, key in enumerate((
    "diskriminasi", "kecurangan", "imbalan", "pungli", "percaloan"), ELEMENT_COUNT + 1))
SPAK_COUNT = len(SPAK_ITEMS)
SPAK_COLUMNS = tuple(f"p{i}" for i in range(1, SPAK_COUNT + 1))


def validate_spak(answers: Sequence[int] | None) -> tuple[int, ...] | None:
    """*answers* as the SPAK items' scores (1-4), None when not asked, or InvalidAnswers."""
    return None if answers is None else _scores(answers, SPAK_COUNT, "SPAK answers")


def ipak(sheets: Sequence[Sequence[int]]) -> tuple[int, Decimal | None, Decimal | None]:
    """The anti-corruption perception index of *sheets* (each the SPAK scores): how many,
    the mean on the 1-4 scale (IPAK) and as 0-100 (x 25), both to two decimals."""
    if not sheets:
        return 0, None, None
    total = sum(sum(s) for s in sheets)
    mean = Fraction(total, len(sheets) * SPAK_COUNT)
    return len(sheets), round2(mean), round2(mean * 25)


#: The longest suggestion taken on any path (the paper form's box).
SUGGESTION_MAX = 1000


class TextTooLong(ValueError):
    """A visitor's or officer's text is longer than its cap."""

    key = "skm.error.suggestion_too_long"

    def __init__(self, length: int, limit: int):
        super().__init__(f"text of {length} characters, at most {limit}")
        self.length, self.limit = length, limit

    def message(self, lang: str | None = None) -> str:
        return tr(self.key, lang, length=self.length, limit=self.limit)


def validate_suggestion(text: str | None) -> str | None:
    """The suggestion trimmed (None when empty); TextTooLong past :data:`SUGGESTION_MAX`."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise InvalidAnswers(f"suggestion {type(text).__name__} is not text")
    clean = text.strip()
    if len(clean) > SUGGESTION_MAX:
        raise TextTooLong(len(clean), SUGGESTION_MAX)
    return clean or None


# -- grade bands -------------------------------------------------------------------------

@dataclass(frozen=True)
class Grade:
    """A band of the IKM scale: mutu (A-D) and kinerja."""

    mutu: str
    ikm_min: Decimal  # inclusive, two decimals
    ikm_max: Decimal
    ni_min: Decimal   # the same band on the 1-4 scale, as printed in the regulation
    ni_max: Decimal

    def kinerja(self, lang: str | None = None) -> str:
        """Kinerja unit pelayanan, e.g. "Sangat Baik"."""
        return tr(f"skm.kinerja.{self.mutu}", lang)


GRADES: tuple[Grade, ...] = (
    Grade("A", Decimal("88.31"), Decimal("100.00"), Decimal("3.5324"), Decimal("4.00")),
    Grade("B", Decimal("76.61"), Decimal("88.30"), Decimal("3.0644"), Decimal("3.532")),
    Grade("C", Decimal("65.00"), Decimal("76.60"), Decimal("2.60"), Decimal("3.064")),
    Grade("D", Decimal("25.00"), Decimal("64.99"), Decimal("1.00"), Decimal("2.5996")),
)


def round2(value: float | Fraction | Decimal) -> Decimal:
    """Round half up to two decimals (the way the regulation's tables are read)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade_for(ikm: float | Fraction | Decimal) -> Grade:
    """Grade of an IKM value (25-100, else ValueError), rounded to two decimals."""
    rounded = round2(ikm)
    if not Decimal(25) <= rounded <= Decimal(100):
        raise ValueError(f"IKM {ikm} is outside 25-100")
    return next(grade for grade in GRADES if rounded >= grade.ikm_min)  # (bands cover 25-100)


# -- NRR and IKM ---------------------------------------------------------------------------

def nrr(scores: Iterable[int]) -> Fraction | None:
    """Nilai rata-rata of one element: sum of scores / number of answers (None if none)."""
    total = count = 0
    for score in scores:
        _check_score(score)
        total += score
        count += 1
    return Fraction(total, count) if count else None


@dataclass(frozen=True)
class IkmResult:
    """The survey result of a set of responses."""

    respondents: int
    nrr: tuple[Fraction, ...]  # per element, unsur 1 first, exact
    ni: Fraction               # index on the 1-4 scale: sum(NRR) / 9
    ikm_exact: Fraction        # ni x 25

    @property
    def ikm(self) -> Decimal:
        """IKM rounded half up to two decimals, as reported."""
        return round2(self.ikm_exact)

    @property
    def grade(self) -> Grade:
        return grade_for(self.ikm_exact)

    def nrr_rounded(self) -> tuple[Decimal, ...]:
        """Each element's NRR rounded half up to two decimals."""
        return tuple(round2(v) for v in self.nrr)

    def element_ikm(self, number: int) -> Decimal:
        """One element's NRR converted to the 25-100 scale (NRR x 25), two decimals."""
        return round2(self.nrr[number - 1] * CONVERSION)

    def weakest(self) -> Element:
        """The element with the lowest NRR (the first one on a tie)."""
        lowest = min(range(ELEMENT_COUNT), key=lambda i: self.nrr[i])
        return ELEMENTS[lowest]


def compute_ikm(responses: Iterable[Sequence[int]]) -> IkmResult | None:
    """IKM of complete responses (nine scores 1-4 each, else InvalidAnswers); or None."""
    sums = [0] * ELEMENT_COUNT
    count = 0
    for answers in responses:
        for i, score in enumerate(validate_answers(answers)):
            sums[i] += score
        count += 1
    if not count:
        return None
    nrrs = tuple(Fraction(s, count) for s in sums)
    ni = sum(nrrs, Fraction(0)) / ELEMENT_COUNT
    return IkmResult(respondents=count, nrr=nrrs, ni=ni, ikm_exact=ni * CONVERSION)


K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


def ikm_by(
    rows: Iterable[R],
    key: Callable[[R], K],
    answers: Callable[[R], Sequence[int]],
) -> dict[K, IkmResult]:
    """IKM per group (*key* of a row: its service, month ...) of the rows' nine scores
    (*answers* of a row), in order of first appearance."""
    groups: dict[K, list[Sequence[int]]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(answers(row))
    out: dict[K, IkmResult] = {}
    for group, responses in groups.items():
        result = compute_ikm(responses)
        assert result is not None  # every group holds at least one response
        out[group] = result
    return out


# -- anonymity: spent ticket codes, minimum group size ------------------------------------

#: The office setting that says how few respondents are too few to show alone.
MIN_GROUP = SETTINGS["skm_min_group"]
#: Breakdowns with fewer respondents than this are merged, unless the office says otherwise.
DEFAULT_MIN_GROUP: int = MIN_GROUP.default


def min_group(settings: Mapping[str, Any]) -> int:
    """The office's minimum group from its *settings* (``skm_min_group``): a breakdown
    with fewer respondents is merged or withheld. The one reading of the setting: a value
    the settings would refuse (a file edited by hand) counts as the default."""
    value = settings.get(MIN_GROUP.key, DEFAULT_MIN_GROUP)
    return value if MIN_GROUP.problem(value) is None else DEFAULT_MIN_GROUP
#: Key of the merged group ("lainnya") in a breakdown.
MERGED = "_merged"


#: The cost of a code's hash (scrypt): the office key (``skm_code_salt``) and the hashes
#: are in the share for every reader, so each guess at a code must cost. About 8 ms of
#: one core and 2 MB a guess (docs/security.md "Survey and visit codes"): a kiosk's print
#: and a tablet's check stay fast, a 40-bit ticket code is centuries of a core.
CODE_HASH_COST = {"n": 1 << 11, "r": 8, "p": 1}


@lru_cache(maxsize=2048)  # a phone page asks again every few seconds: hashed once
def spent_code_hash(salt: str, code: str) -> str:
    """A survey or visit code as the file keeps it: scrypt(CODE, key *salt*), hex; it holds
    no ticket number and joins to no response. The one hash of a code: every store and
    lookup goes through it (a lookup also tries :func:`code_hashes`' older one)."""
    clean = (code or "").strip().upper()
    return hashlib.scrypt(clean.encode(), salt=str(salt).encode(), dklen=32,
                          **CODE_HASH_COST).hex()


def fast_code_hash(salt: str, code: str) -> str:
    """The hash versions before the slow one kept: sha256(salt + CODE), hex. Still found
    (:func:`code_hashes`) so a code printed before the upgrade keeps working until its
    visit's answer window ends; written only by the migrations that hashed codes kept in
    clear (those codes lay readable in the share already: a slow hash adds nothing)."""
    clean = (code or "").strip().upper()
    return hashlib.sha256(f"{salt}{clean}".encode()).hexdigest()


def code_hashes(salt: str, code: str) -> tuple[str, str]:
    """What a lookup of *code* matches: its hash (:func:`spent_code_hash`), and the one
    a code printed before the slow hash was kept under (:func:`fast_code_hash`)."""
    return spent_code_hash(salt, code), fast_code_hash(salt, code)


def merge_small_groups(counts: dict[str, int], min_size: int) -> dict[str, int]:
    """A breakdown where no shown group is smaller than *min_size*: small groups merge
    into :data:`MERGED`, and the next-smallest join it until it is big enough (no count
    is recoverable from the total). Empty groups dropped; order kept, merged last."""
    shown = {k: v for k, v in counts.items() if v > 0}
    if min_size <= 1:
        return shown
    merged = sum(shown.pop(k) for k in [k for k, v in shown.items() if v < min_size])
    while 0 < merged < min_size and shown:
        smallest = min(shown, key=lambda k: (shown[k], k))
        merged += shown.pop(smallest)
    if merged:
        shown[MERGED] = merged
    return shown


def months_publishable(month_counts: dict[str, int], min_size: int) -> bool:
    """Whether a figure summing these months may be published: each has no answer or at
    least *min_size* (answers know only their month, so any difference of published
    periods rests on whole months, and no small month is recoverable by subtraction)."""
    return all(n == 0 or n >= min_size for n in month_counts.values())


@dataclass
class Published:
    """The SKM figures one closed period may show (:func:`publishable`): ``total`` None
    when there is no answer, or ``withheld`` when a month is below the minimum group;
    ``merged``: the services not shown, taken together."""

    total: IkmResult | None
    by_service: dict
    by_month: dict
    merged: IkmResult | None
    withheld: bool


def publishable(rows: Iterable[tuple[Hashable, str, Sequence[int]]], min_size: int
                ) -> Published:
    """Every figure the office may publish from *rows* (service, 'YYYY-MM', nine scores),
    each under :func:`months_publishable`; the services not shown, together, pass the same
    rule (the smallest shown service joins them until they do)."""
    rows = list(rows)
    minimum = max(1, min_size)
    per_month = Counter(month for _, month, _ in rows)
    months_of: dict[Hashable, Counter[str]] = {}
    for service, month, _ in rows:
        months_of.setdefault(service, Counter())[month] += 1
    total = compute_ikm(a for _, _, a in rows) \
        if rows and months_publishable(per_month, minimum) else None
    shown = _shown_services(months_of, minimum)
    services = ikm_by(rows, key=lambda r: r[0], answers=lambda r: r[2])
    by_service = {k: r for k, r in services.items() if k in shown}
    rest = [a for k, _, a in rows if k not in shown]
    merged = compute_ikm(rest) if rest and by_service and total is not None else None
    months = ikm_by(rows, key=lambda r: r[1], answers=lambda r: r[2])
    by_month = {k: r for k, r in months.items() if r.respondents >= minimum}
    return Published(total, by_service, by_month, merged, bool(rows) and total is None)


def _shown_services(months_of: dict[Hashable, Counter[str]], minimum: int) -> set:
    """The services a per-service table may show (see :func:`publishable`)."""
    def size(key: Hashable) -> int:
        return sum(months_of[key].values())

    shown = {k for k, m in months_of.items() if size(k) >= minimum
             and months_publishable(m, minimum)}

    def rest_ok() -> bool:
        rest = sum((m for k, m in months_of.items() if k not in shown), Counter[str]())
        return not rest or (sum(rest.values()) >= minimum
                            and months_publishable(rest, minimum))

    while shown and not rest_ok():
        shown.remove(min(shown, key=lambda k: (size(k), str(k))))
    return shown


def last_closed_period(today: date) -> ReportPeriod:
    """The latest year or semester ended on *today* (what the SKM page opens on)."""
    return ReportPeriod(today.year, 1) if today.month >= 7 else ReportPeriod(today.year - 1)


def last_closed_month(today: date) -> str:
    """The latest month ('YYYY-MM') ended on *today*: SKM figures never go month-to-date."""
    return f"{today.year - (today.month == 1):04d}-{(today.month - 2) % 12 + 1:02d}"


def period_closed(last_month: str, today: date) -> bool:
    """Whether the month *last_month* ('YYYY-MM') has ended on *today*."""
    return last_month < f"{today.year:04d}-{today.month:02d}"


# -- respondent profile --------------------------------------------------------------------

#: Declined ("tidak ingin menjawab"); NULL in the file means "not asked" (older answers).
DECLINED = "x"
#: Not asked (answers given before the profile existed).
NOT_ASKED = "_none"

#: The profile questions (PermenPANRB 14/2017, part two) and their bands, in order.
PROFILE: dict[str, tuple[str, ...]] = {
    "gender": ("l", "p", DECLINED),
    "age_band": ("u20", "20_29", "30_39", "40_49", "50_59", "60p", DECLINED),
    "education": ("sd", "smp", "sma", "d1_d3", "d4_s1", "s2", "s3", DECLINED),
    "occupation": ("pns", "tni_polri", "swasta", "wirausaha", "guru", "lainnya", DECLINED),
}


def profile_label(field: str, code: str | None, lang: str | None = None, *,
                  min_group: int = DEFAULT_MIN_GROUP) -> str:
    """Text of a profile band, e.g. ("education", "d4_s1") -> "D4/S1"."""
    if code is None or code == NOT_ASKED:
        return tr("skm.profile.not_asked", lang)
    if code == MERGED:
        return tr("skm.profile.merged", lang, n=min_group)
    return tr(f"skm.profile.{field}.{code}", lang)


def validate_profile(profile: dict[str, str | None] | None) -> dict[str, str | None]:
    """The four profile fields, each a known band, ``"x"`` (declined) or None."""
    profile = dict(profile or {})
    unknown = set(profile) - set(PROFILE)
    if unknown:
        raise InvalidAnswers(f"unknown profile fields {sorted(unknown)}")
    out: dict[str, str | None] = {}
    for field, bands in PROFILE.items():
        value = profile.get(field)
        if value is not None and value not in bands:
            raise InvalidAnswers(f"{field}={value!r} is not one of {bands}")
        out[field] = value
    return out


# -- sample size (Krejcie & Morgan 1970) --------------------------------------------------

#: Krejcie & Morgan's constants: chi-square for 1 degree of freedom at 95 %, the
#: population's proportion, the margin of error.
_CHI2, _P, _D = Decimal("3.841"), Decimal("0.5"), Decimal("0.05")


def krejcie_morgan(population: int) -> int:
    """Minimum sample for a population of *population* people (Krejcie & Morgan 1970).

    s = X^2 N P(1-P) / (d^2 (N-1) + X^2 P(1-P)), rounded to the nearest whole number as the
    published table is (N=100 -> 80, N=1000 -> 278, N=1,000,000 -> 384)."""
    if population <= 0:
        return 0
    n = Decimal(population)
    s = _CHI2 * n * _P * (1 - _P) / (_D * _D * (n - 1) + _CHI2 * _P * (1 - _P))
    return int(s.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- report periods -------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportPeriod:
    """A year or a semester: the months it spans and its key ('2026', '2026-S1')."""

    year: int
    semester: int | None = None  # 1 (Jan-Jun), 2 (Jul-Dec), None: the whole year

    @property
    def key(self) -> str:
        return f"{self.year}" if self.semester is None else f"{self.year}-S{self.semester}"

    @property
    def first_month(self) -> str:
        return f"{self.year:04d}-{1 if self.semester in (None, 1) else 7:02d}"

    @property
    def last_month(self) -> str:
        return f"{self.year:04d}-{6 if self.semester == 1 else 12:02d}"

    @property
    def date_from(self) -> date:
        return date(self.year, 1 if self.semester in (None, 1) else 7, 1)

    @property
    def date_to(self) -> date:
        return date(self.year, 6, 30) if self.semester == 1 else date(self.year, 12, 31)

    def previous(self) -> ReportPeriod:
        if self.semester is None:
            return ReportPeriod(self.year - 1)
        return ReportPeriod(self.year, 1) if self.semester == 2 else ReportPeriod(self.year - 1, 2)

    def next(self) -> ReportPeriod:
        if self.semester is None:
            return ReportPeriod(self.year + 1)
        return ReportPeriod(self.year, 2) if self.semester == 1 else ReportPeriod(self.year + 1, 1)

    def label(self, lang: str | None = None) -> str:
        if self.semester is None:
            return tr("skm.period.year", lang, year=self.year)
        return tr("skm.period.semester", lang, year=self.year,
                  semester="I" if self.semester == 1 else "II")

    @classmethod
    def parse(cls, key: str) -> ReportPeriod:
        """'2026' or '2026-S1' back to a period (ValueError: another shape)."""
        year, _, sem = key.partition("-S")
        return cls(int(year), int(sem) if sem else None)


# -- personal data in free text ----------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NIK = re.compile(r"(?<!\d)(?:\d[ .-]?){15}\d(?!\d)")
_PHONE = re.compile(r"(?<![\w])(?:\+?62|0)[ .-]?8(?:[ .-]?\d){6,11}(?!\d)")
_LONG_NUMBER = re.compile(r"(?<!\d)(?:\d[ .-]?){9,}\d(?!\d)")


def scrub_personal_data(text: str) -> str:
    """*text* with NIK-like numbers, phone numbers and e-mail addresses masked (printed
    suggestions must not pass such data on: UU 27/2022)."""
    text = _EMAIL.sub("[e-mail]", text or "")
    text = _NIK.sub("[NIK]", text)
    text = _PHONE.sub("[telepon]", text)
    return _LONG_NUMBER.sub("[nomor]", text)
