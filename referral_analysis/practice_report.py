"""A practice's feedback report: its referral rates against its peers and the area, its top
services, where its patients were seen and how long they waited, and its DNA rate."""

import csv
import io
import statistics
from dataclasses import dataclass

from inputs.models import Practice
from referral_analysis import facts
from referral_analysis.facts import Period
from referral_analysis.rates import PracticeRate, Rates, every_service, rates
from spreadsheets.safe_cells import safe_row

TOP_SERVICES = 5
DAYS_A_WEEK = 7


@dataclass(frozen=True)
class ServiceLine:
    """The practice's figures for one service beside the area's."""

    service_id: str
    name: str
    mine: PracticeRate
    area_rate: float | None
    wait_weeks: float | None  # median, referral to first seen, this practice's patients
    area_wait_weeks: float | None  # the same for every practice's

    @property
    def ratio(self) -> float | None:
        """The practice's rate as a multiple of the area's."""
        if self.mine.rate is None or not self.area_rate:
            return None
        return self.mine.rate / self.area_rate


@dataclass(frozen=True)
class Place:
    name: str
    patients: int
    share: float


@dataclass(frozen=True)
class PracticeReport:
    practice: Practice
    period: Period
    overall: PracticeRate
    area_rate: float | None
    peers: int  # practices with a rate to compare with
    services: list[ServiceLine]  # every service, by name
    places: list[Place]  # where its patients were first seen, most first
    dna_share: float | None
    area_dna_share: float | None

    @property
    def top(self) -> list[ServiceLine]:
        """The services it refers to most, most first."""
        referred = [line for line in self.services if line.mine.referrals]
        return sorted(referred, key=lambda line: -line.mine.referrals)[:TOP_SERVICES]

    @property
    def outside(self) -> list[ServiceLine]:
        return [line for line in self.services if line.mine.outside]


def practice_report(practice: Practice, period: Period) -> PracticeReport:
    """Gather the practice's figures for the period."""
    overall = rates(period)
    mine, area = facts.outcomes(period, practice.id), facts.outcomes(period)
    lines = [
        _line(service, practice.id, mine.waits, area.waits) for service in every_service(period)
    ]
    seen = sum(mine.places.values())
    return PracticeReport(
        practice=practice,
        period=period,
        overall=_row(overall, practice.id),
        area_rate=overall.area_rate,
        peers=sum(row.rate is not None for row in overall.practices),
        services=lines,
        places=[Place(name, n, n / seen) for name, n in mine.places.most_common()],
        dna_share=mine.dna_share,
        area_dna_share=area.dna_share,
    )


def _row(found: Rates, practice_id: str) -> PracticeRate:
    return next(row for row in found.practices if row.practice_id == practice_id)


def _line(found: Rates, practice_id: str, mine: dict, area: dict) -> ServiceLine:
    service = found.service_id
    return ServiceLine(
        service_id=service,
        name=found.service_name,
        mine=_row(found, practice_id),
        area_rate=found.area_rate,
        wait_weeks=_median_weeks(mine.get(service, [])),
        area_wait_weeks=_median_weeks(area.get(service, [])),
    )


def _median_weeks(days: list[int]) -> float | None:
    return statistics.median(days) / DAYS_A_WEEK if days else None


def report_csv(report: PracticeReport) -> str:
    """The report's figures as CSV: one row per service, then the practice's totals."""
    out = io.StringIO()
    writer = csv.writer(out)

    def row(*values) -> None:
        writer.writerow(safe_row(values))

    row("practice", report.practice.id, report.practice.name)
    row("period", report.period.first.isoformat(), report.period.last.isoformat())
    row("list_size", report.practice.list_size or "")
    row()
    row(
        *[
            "service", "referrals", "rate_per_1000_a_year", "area_rate_per_1000_a_year",
            "lower_95", "upper_95", "lower_99_8", "upper_99_8", "against_peers",
            "median_wait_weeks", "area_median_wait_weeks",
        ]
    )  # fmt: skip
    for line in [*report.services, _all_line(report)]:
        limits = line.mine.limits
        row(
            *[
                line.name,
                line.mine.referrals,
                _figure(line.mine.rate),
                _figure(line.area_rate),
                *(_figure(getattr(limits, f, None)) for f in _LIMITS),
                line.mine.flag_words,
                _figure(line.wait_weeks),
                _figure(line.area_wait_weeks),
            ]
        )
    row()
    row("dna_share", _figure(report.dna_share, 4))
    row("area_dna_share", _figure(report.area_dna_share, 4))
    row()
    row("first_seen_at", "patients")
    for place in report.places:
        row(place.name, place.patients)
    return out.getvalue()


_LIMITS = ("lower95", "upper95", "lower998", "upper998")


def _all_line(report: PracticeReport) -> ServiceLine:
    return ServiceLine("", "All services", report.overall, report.area_rate, None, None)


def _figure(value: float | None, places: int = 2) -> str:
    return "" if value is None else f"{value:.{places}f}"
