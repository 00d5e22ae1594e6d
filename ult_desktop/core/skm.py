"""Survei Kepuasan Masyarakat (SKM) and the Indeks Kepuasan Masyarakat (IKM).

Follows PermenPANRB 14/2017: nine elements (unsur), each answered on a 1-4 scale.

* NRR (nilai rata-rata) of an element = sum of its scores / number of answers.
* IKM = (sum of the nine NRR x 1/9) x 25, a value from 25 to 100.
* The grade (mutu A-D, kinerja Sangat Baik .. Tidak Baik) comes from the IKM rounded
  to two decimals, using the bands of the regulation.

The regulation's worksheet multiplies by 0.111 instead of 1/9; we use the exact 1/9
(as DOMAIN.md states), so a perfect survey gives exactly 100.00.

Pure: no I/O. Texts a person reads (element names, answer labels, kinerja) live in
``ult_desktop.core.i18n.skm`` and are fetched with :func:`tr`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

from ult_desktop.core.i18n import tr

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


ELEMENTS: tuple[Element, ...] = (
    Element(1, "persyaratan"),
    Element(2, "prosedur"),
    Element(3, "waktu"),
    Element(4, "biaya"),
    Element(5, "produk"),
    Element(6, "kompetensi"),
    Element(7, "perilaku"),
    Element(8, "pengaduan"),
    Element(9, "sarana"),
)


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


def validate_answers(answers: Sequence[int]) -> tuple[int, ...]:
    """Return *answers* as a tuple of nine ints 1-4, or raise :class:`InvalidAnswers`.

    :param answers: scores in element order (unsur 1 first).
    """
    if isinstance(answers, (str, bytes)) or len(answers) != ELEMENT_COUNT:
        raise InvalidAnswers(f"expected {ELEMENT_COUNT} answers, got {answers!r}")
    for score in answers:
        _check_score(score)
    return tuple(int(s) for s in answers)


#: Survei Persepsi Anti Korupsi (the ZI result component): a few items after
#: the nine unsur when the office turns it on (``spak_enabled``), 1 (often) to 4 (never),
#: stored with the answer and under the same anonymity rules.
SPAK_ITEMS: tuple[Element, ...] = (
    Element(10, "spak_diskriminasi"),
    Element(11, "spak_kecurangan"),
    Element(12, "spak_imbalan"),
    Element(13, "spak_pungli"),
    Element(14, "spak_percaloan"),
)
SPAK_COUNT = len(SPAK_ITEMS)
SPAK_COLUMNS = tuple(f"p{i}" for i in range(1, SPAK_COUNT + 1))


def validate_spak(answers: Sequence[int] | None) -> tuple[int, ...] | None:
    """*answers* as a tuple of the SPAK items' scores (1-4), or None when not asked.

    :raises InvalidAnswers: not one score 1-4 per item."""
    if answers is None:
        return None
    if isinstance(answers, (str, bytes)) or len(answers) != SPAK_COUNT:
        raise InvalidAnswers(f"expected {SPAK_COUNT} SPAK answers, got {answers!r}")
    for score in answers:
        _check_score(score)
    return tuple(int(s) for s in answers)


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
    """The suggestion trimmed (None when empty), or :class:`TextTooLong` past
    :data:`SUGGESTION_MAX` characters."""
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
    """Grade of an IKM value (25-100), judged on the value rounded to two decimals.

    :raises ValueError: if the IKM lies outside 25-100.
    """
    rounded = round2(ikm)
    if not Decimal(25) <= rounded <= Decimal(100):
        raise ValueError(f"IKM {ikm} is outside 25-100")
    for grade in GRADES:
        if rounded >= grade.ikm_min:
            return grade
    raise AssertionError("unreachable: bands cover 25-100")


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

    def nrr_rounded(self, places: int = 2) -> tuple[Decimal, ...]:
        q = Decimal(1).scaleb(-places)
        return tuple(
            (Decimal(v.numerator) / Decimal(v.denominator)).quantize(q, rounding=ROUND_HALF_UP)
            for v in self.nrr
        )

    def element_ikm(self, number: int) -> Decimal:
        """One element's NRR converted to the 25-100 scale (NRR x 25), two decimals."""
        return round2(self.nrr[number - 1] * CONVERSION)

    def weakest(self) -> Element:
        """The element with the lowest NRR (the first one on a tie)."""
        lowest = min(range(ELEMENT_COUNT), key=lambda i: self.nrr[i])
        return ELEMENTS[lowest]


def compute_ikm(responses: Iterable[Sequence[int]]) -> IkmResult | None:
    """IKM of complete responses (nine scores each); ``None`` when there are none.

    :raises InvalidAnswers: if a response is not nine scores 1-4.
    """
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


def ikm_from_sums(count: int, sums: Sequence[int]) -> IkmResult | None:
    """IKM of *count* responses whose scores per unsur add up to *sums* (e.g. SQL SUMs).

    The same result as :func:`compute_ikm` over those responses; the scores themselves
    must already be valid (the database checks 1-4 on every answer).
    """
    if not count:
        return None
    if len(sums) != ELEMENT_COUNT or any(not count <= s <= count * MAX_SCORE for s in sums):
        raise InvalidAnswers(f"sums {sums!r} do not fit {count} responses")
    nrrs = tuple(Fraction(int(s), count) for s in sums)
    ni = sum(nrrs, Fraction(0)) / ELEMENT_COUNT
    return IkmResult(respondents=count, nrr=nrrs, ni=ni, ikm_exact=ni * CONVERSION)


K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


def ikm_by(
    rows: Iterable[R],
    key: Callable[[R], K],
    answers: Callable[[R], Sequence[int]],
) -> dict[K, IkmResult]:
    """IKM per group: e.g. per service or per period.

    :param rows: any records (dicts, tuples, dataclasses).
    :param key: function giving a row's group (service id, ``period_key(...)`` ...).
    :param answers: function giving a row's nine scores.
    :returns: group -> result, in order of first appearance.
    """
    groups: dict[K, list[Sequence[int]]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(answers(row))
    out: dict[K, IkmResult] = {}
    for group, responses in groups.items():
        result = compute_ikm(responses)
        assert result is not None  # every group holds at least one response
        out[group] = result
    return out


PERIODS = ("day", "month", "quarter", "semester", "year")


def period_key(day: date, period: str = "month") -> str:
    """Label of the reporting period *day* falls in.

    ``"2025-12-01"`` -> ``"2025-12"`` (month), ``"2025-Q4"``, ``"2025-S2"``, ``"2025"``.
    """
    if period == "day":
        return day.isoformat()
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if period == "semester":
        return f"{day.year:04d}-S{1 if day.month <= 6 else 2}"
    if period == "year":
        return f"{day.year:04d}"
    raise ValueError(f"unknown period {period!r}; use one of {PERIODS}")


# -- anonymity: spent ticket codes, minimum group size ------------------------------------

#: Breakdowns with fewer respondents than this are merged (office setting skm_min_group).
DEFAULT_MIN_GROUP = 5
#: Key of the merged group ("lainnya") in a breakdown.
MERGED = "_merged"


def spent_code_hash(salt: str, code: str) -> str:
    """The stored form of a ticket code whose survey is done: sha256(salt + CODE), hex.

    Only a hash is kept, so the set of spent codes holds no ticket number and nothing that
    joins to a response; it exists only to refuse a second answer for the same visit.
    """
    clean = (code or "").strip().upper()
    return hashlib.sha256(f"{salt}{clean}".encode()).hexdigest()


def merge_small_groups(counts: dict[str, int], min_size: int) -> dict[str, int]:
    """A breakdown where no shown group is smaller than *min_size*.

    Groups with fewer respondents are merged into :data:`MERGED`; if that merged group
    is itself still too small, the next-smallest groups join it until it is big enough
    (so no count can be recovered by subtraction from the total). When the whole total is
    below *min_size*, everything is merged. Empty groups are dropped. Order is kept, the
    merged group last.
    """
    shown = {k: v for k, v in counts.items() if v > 0}
    if min_size <= 1:
        return shown
    merged = 0
    for key in [k for k, v in shown.items() if v < min_size]:
        merged += shown.pop(key)
    while 0 < merged < min_size and shown:
        smallest = min(shown, key=lambda k: (shown[k], k))
        merged += shown.pop(smallest)
    if merged:
        shown[MERGED] = merged
    return shown


def months_publishable(month_counts: dict[str, int], min_size: int) -> bool:
    """Whether a figure summing these months' answers may be published.

    Answers know only their month, so a month is the smallest piece any two published
    periods can differ by. A figure is published only when every month it sums has no
    answer or at least *min_size*: then any difference of published figures (a year
    minus a semester, a quarter minus two months) still rests on whole months of at
    least *min_size* answers, and no small month can be recovered by subtraction."""
    return all(n == 0 or n >= min_size for n in month_counts.values())


@dataclass
class Published:
    """The SKM figures one closed period may show, from :func:`publishable`.

    ``total`` is None when the period holds no answer (``withheld`` False) or a month it
    sums is below the minimum group (``withheld`` True). ``by_service`` keeps only
    services whose every month holds no answer or at least the minimum, and of those only
    the ones :func:`merge_small_groups` shows; ``merged`` is the rest taken together, when
    that group's months pass the same rule."""

    total: IkmResult | None
    by_service: dict
    by_month: dict
    merged: IkmResult | None
    withheld: bool


def publishable(rows: Iterable[tuple[Hashable, str, Sequence[int]]], min_size: int
                ) -> Published:
    """Every figure the office may publish from *rows* (service, 'YYYY-MM', nine scores).

    A figure sums whole months (answers know only their month); it is shown only when each
    month it sums holds no answer or at least *min_size* (:func:`months_publishable`), so
    no difference of two published periods opens a small month. In the per-service table
    the services not shown, taken together (the merged row, and what a reader gets by
    subtracting the shown services from the total), must pass the same rule: while they
    do not, the smallest shown service joins them. So no cell can be recovered from the
    other cells of the table or from another published period."""
    rows = list(rows)
    minimum = max(1, min_size)
    per_month: dict[str, int] = {}
    months_of: dict[Hashable, dict[str, int]] = {}
    for service, month, _ in rows:
        per_month[month] = per_month.get(month, 0) + 1
        counts = months_of.setdefault(service, {})
        counts[month] = counts.get(month, 0) + 1
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


def _shown_services(months_of: dict[Hashable, dict[str, int]], minimum: int) -> set:
    """The services a per-service table may show (see :func:`publishable`)."""
    def size(key: Hashable) -> int:
        return sum(months_of[key].values())

    shown = {k for k, m in months_of.items() if size(k) >= minimum
             and months_publishable(m, minimum)}

    def rest_ok() -> bool:
        rest: dict[str, int] = {}
        for k, months in months_of.items():
            if k not in shown:
                for month, n in months.items():
                    rest[month] = rest.get(month, 0) + n
        return not rest or (sum(rest.values()) >= minimum
                            and months_publishable(rest, minimum))

    while shown and not rest_ok():
        shown.remove(min(shown, key=lambda k: (size(k), str(k))))
    return shown


def last_closed_period(today: date) -> ReportPeriod:
    """The latest year or semester that has ended on *today*: what the SKM page opens on
    (figures are published for closed periods only)."""
    if today.month >= 7:
        return ReportPeriod(today.year, 1)
    return ReportPeriod(today.year - 1)


def last_closed_month(today: date) -> str:
    """The latest month ('YYYY-MM') that has ended on *today*: SKM figures and raw answers
    go up to it, never month-to-date."""
    return f"{today.year - (today.month == 1):04d}-{(today.month - 2) % 12 + 1:02d}"


def period_closed(last_month: str, today: date) -> bool:
    """Whether the month *last_month* ('YYYY-MM') has ended on *today*: SKM figures are
    published for closed periods only, never month-to-date."""
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
    """The four profile fields, each a known band, ``"x"`` (declined) or None.

    :raises InvalidAnswers: an unknown field or band.
    """
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

def krejcie_morgan(population: int, *, chi2: Decimal = Decimal("3.841"),
                   p: Decimal = Decimal("0.5"), d: Decimal = Decimal("0.05")) -> int:
    """Minimum sample for a population of *population* people (Krejcie & Morgan 1970).

    s = X^2 N P(1-P) / (d^2 (N-1) + X^2 P(1-P)), rounded to the nearest whole number as the
    published table is (N=100 -> 80, N=1000 -> 278, N=1,000,000 -> 384).
    """
    if population <= 0:
        return 0
    n = Decimal(population)
    s = chi2 * n * p * (1 - p) / (d * d * (n - 1) + chi2 * p * (1 - p))
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
        if self.semester == 2:
            return ReportPeriod(self.year, 1)
        return ReportPeriod(self.year - 1, 2)

    def label(self, lang: str | None = None) -> str:
        if self.semester is None:
            return tr("skm.period.year", lang, year=self.year)
        return tr("skm.period.semester", lang, year=self.year,
                  semester="I" if self.semester == 1 else "II")

    @classmethod
    def parse(cls, key: str) -> ReportPeriod:
        """'2026' or '2026-S1' back to a period.

        :raises ValueError: another shape.
        """
        year, _, sem = key.partition("-S")
        return cls(int(year), int(sem) if sem else None)


# -- personal data in free text ----------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NIK = re.compile(r"(?<!\d)(?:\d[ .-]?){15}\d(?!\d)")
_PHONE = re.compile(r"(?<![\w])(?:\+?62|0)[ .-]?8(?:[ .-]?\d){6,11}(?!\d)")
_LONG_NUMBER = re.compile(r"(?<!\d)(?:\d[ .-]?){9,}\d(?!\d)")


def scrub_personal_data(text: str) -> str:
    """*text* with NIK-like 16-digit numbers, phone numbers and e-mail addresses masked.

    Visitors' suggestions are printed in the report and may name themselves or an
    officer's number; UU 27/2022 asks that such data not be passed on.
    """
    text = _EMAIL.sub("[e-mail]", text or "")
    text = _NIK.sub("[NIK]", text)
    text = _PHONE.sub("[telepon]", text)
    return _LONG_NUMBER.sub("[nomor]", text)
