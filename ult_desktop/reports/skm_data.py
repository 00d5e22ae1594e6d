"""Figures of the SKM report for a year or a semester: :func:`collect_skm` reads the
responses, the people served and the follow-up plan, and computes everything the PDF,
XLSX and poster show (so they agree), the minimum group rule applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from ult_desktop.core import skm
from ult_desktop.core.numbering import office_day, utc_now
from ult_desktop.db.engine.port import Connection
from ult_desktop.db.engine.sqlite import Database
from ult_desktop.db.house.office import read_settings
from ult_desktop.db.survey.skm import SurveyResponse, read_responses, served_counts
from ult_desktop.db.survey.skm_followups import FollowUp, read_followups
from ult_desktop.reports.data import read_services

#: How many earlier periods the trend table shows.
TREND_PERIODS = 4
#: At most this many suggestions are printed in the PDF (the rest: in the XLSX).
SUGGESTIONS_IN_PDF = 150
#: How many of the weakest unsur get a follow-up plan.
WEAKEST = 3


@dataclass(frozen=True)
class ServiceSample:
    """One service's sample: respondents against the people it served."""

    service_id: int
    prefix: str
    name: str
    respondents: int
    served: int

    @property
    def min_sample(self) -> int:
        return skm.krejcie_morgan(self.served)


@dataclass(frozen=True)
class ServiceResult:
    """IKM of one service, or of the merged small services (``service_id`` None)."""

    service_id: int | None
    label: str
    result: skm.IkmResult


@dataclass(frozen=True)
class FollowUpReview:
    """A follow-up action of the previous period and how its unsur moved since."""

    followup: FollowUp
    nrr_before: skm.Fraction | None
    nrr_now: skm.Fraction | None


@dataclass
class SkmReportData:
    period: skm.ReportPeriod
    office_name: str
    office_address: str
    logo_b64: str
    timezone: str
    generated_at: datetime
    min_group: int
    responses: list[SurveyResponse]
    samples: list[ServiceSample]
    result: skm.IkmResult | None
    services: list[ServiceResult] = field(default_factory=list)
    profile: dict[str, dict[str, int]] = field(default_factory=dict)
    trend: list[tuple[skm.ReportPeriod, skm.IkmResult]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    reviews: list[FollowUpReview] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    #: Why no IKM is printed although there are answers: "open" (the period has not
    #: ended: never month-to-date), "small" (a month below the minimum group).
    withheld: str = ""
    #: who signs: (title, name, NIP) of the head of office, as on the monthly report
    head: tuple[str, str, str] = ("", "", "")

    @property
    def respondents(self) -> int:
        return len(self.responses)

    @property
    def served(self) -> int:
        return sum(s.served for s in self.samples)

    @property
    def min_sample(self) -> int:
        return skm.krejcie_morgan(self.served)

    @property
    def over_served(self) -> list[ServiceSample]:
        """Services with more respondents than people served: impossible,
        so the sample is never called sufficient while there is one."""
        return [s for s in self.samples if s.respondents > s.served]

    @property
    def sample_ok(self) -> bool:
        return self.respondents >= self.min_sample and not self.over_served \
            and self.respondents <= self.served

    @property
    def by_source(self) -> tuple[int, int]:
        """Respondents (kiosk or tablet, with a code: the visitor's own or a requester's;
        typed sheets, paper or phone): counted apart."""
        electronic = sum(1 for r in self.responses if r.source in ("kiosk", "tablet",
                                                                   "online"))
        return electronic, len(self.responses) - electronic

    @property
    def ipak(self) -> tuple[int, Decimal | None, Decimal | None]:
        """The SPAK answers: how many, IPAK (1-4) and its index; none for a running
        period or a group under the minimum."""
        sheets = [r.spak for r in self.responses if r.spak]
        if self.withheld == "open" or len(sheets) < self.min_group:
            return len(sheets), None, None
        return skm.ipak(sheets)

    @property
    def suggestions_shown(self) -> list[str]:
        """The suggestions the PDF prints (at most :data:`SUGGESTIONS_IN_PDF`, bounded in
        length, so it renders in bounded time); the XLSX has them all."""
        return [t[:skm.SUGGESTION_MAX] for t in self.suggestions[:SUGGESTIONS_IN_PDF]]

    def weakest(self, count: int = WEAKEST) -> list[skm.Element]:
        """The *count* unsur with the lowest NRR (earlier unsur first on a tie)."""
        if self.result is None:
            return []
        order = sorted(range(skm.ELEMENT_COUNT), key=lambda i: (self.result.nrr[i], i))
        return [skm.ELEMENTS[i] for i in order[:count]]


def _profile(responses: list[SurveyResponse], min_group: int) -> dict[str, dict[str, int]]:
    out = {}
    for fld, bands in skm.PROFILE.items():
        counts = {b: 0 for b in bands}
        counts[skm.NOT_ASKED] = 0
        for r in responses:
            counts[r.profile.get(fld) or skm.NOT_ASKED] += 1
        out[fld] = skm.merge_small_groups(counts, min_group)
    return out


def collect_skm(db: Database, period: skm.ReportPeriod, *,
                now: datetime | None = None) -> SkmReportData:
    """Everything the SKM report of *period* shows (see the module docstring), read in
    one transaction."""
    return db.read(lambda conn: read_skm_report(conn, period, now=now))


def read_skm_report(conn: Connection, period: skm.ReportPeriod, *,
                    now: datetime | None = None) -> SkmReportData:
    """:func:`collect_skm` inside the caller's read."""
    settings = read_settings(conn)
    min_group = skm.min_group(settings)
    services = {sid: (s.prefix, s.name) for sid, s in read_services(conn).items()}
    responses = read_responses(conn, first_month=period.first_month,
                               last_month=period.last_month)
    served = served_counts(conn, period.date_from, period.date_to)
    per_service: dict[int, list[SurveyResponse]] = {}
    for r in responses:
        per_service.setdefault(r.service_id, []).append(r)
    samples = [ServiceSample(sid, prefix, name, len(per_service.get(sid, [])), served.get(sid, 0))
               for sid, (prefix, name) in services.items()
               if per_service.get(sid) or served.get(sid)]
    data = SkmReportData(
        period=period, office_name=settings["office_name"],
        office_address=settings["office_address"],
        logo_b64=settings.get("office_logo_png_b64") or "", timezone=settings["timezone"],
        generated_at=now or utc_now(), min_group=min_group, responses=responses,
        samples=samples, result=None,
        head=tuple(settings.get(f"head_{k}") or "" for k in ("title", "name", "nip")))
    today = office_day(data.generated_at, data.timezone)
    closed = skm.period_closed(period.last_month, today)
    shown = _published(responses, min_group) if closed else skm.publishable([], min_group)
    data.result = shown.total
    data.withheld = "open" if responses and not closed else "small" if shown.withheld else ""
    for sid, (prefix, name) in services.items():  # per service: the minimum group rule
        if sid in shown.by_service:
            data.services.append(ServiceResult(sid, f"{prefix} - {name}",
                                               shown.by_service[sid]))
    if shown.merged is not None:
        data.services.append(ServiceResult(None, "", shown.merged))
    data.profile = _profile(responses, min_group)
    data.suggestions = sorted({skm.scrub_personal_data(r.suggestion).strip()
                               for r in responses if r.suggestion and r.suggestion.strip()})

    _add_trend_and_reviews(conn, data, period, min_group)
    return data


def _add_trend_and_reviews(conn: Connection, data: SkmReportData, period: skm.ReportPeriod,
                           min_group: int) -> None:
    """The trend (earlier periods with a publishable result, oldest first, then this one)
    and the review of the previous period's follow-ups against this period's NRR."""
    earlier, p = [], period
    for _ in range(TREND_PERIODS):
        p = p.previous()
        result = _period_result(conn, p, min_group)
        if result is not None:
            earlier.append((p, result))
    data.trend = [*reversed(earlier)]
    if data.result is not None:
        data.trend.append((period, data.result))
    previous = period.previous()
    before = {p: r for p, r in data.trend}.get(previous)
    if before is None:
        before = _period_result(conn, previous, min_group)
    for f in read_followups(conn, report_period=previous.key):
        data.reviews.append(FollowUpReview(
            f, before.nrr[f.element - 1] if before else None,
            data.result.nrr[f.element - 1] if data.result else None))
    data.followups = read_followups(conn, report_period=period.key)


def _published(responses: list[SurveyResponse], min_group: int) -> skm.Published:
    return skm.publishable([(r.service_id, r.period, r.answers) for r in responses], min_group)


def _period_result(conn: Connection, period: skm.ReportPeriod,
                   min_group: int) -> skm.IkmResult | None:
    """An earlier (closed) period's IKM, under the same rule as this period's."""
    return _published(read_responses(conn, first_month=period.first_month,
                                     last_month=period.last_month), min_group).total
