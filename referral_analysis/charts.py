"""The charts' figures, in the form static/js/charts.js draws (each page shows the same
figures as a table beside its chart)."""

from referral_analysis.practice_report import PracticeReport
from referral_analysis.rates import Rates
from referral_analysis.trends import MONTHS, Seasons, Trend


def funnel(rates: Rates) -> dict:
    """A funnel plot: each practice's rate against its list, the area's rate and limits."""
    return {
        "type": "funnel",
        "title": f"{rates.service_name}: referrals per 1,000 registered patients a year",
        "x_label": "Registered patients",
        "y_label": "Referrals per 1,000 a year",
        "area": _round(rates.area_rate),
        "points": [
            {
                "x": row.list_size,
                "y": _round(row.rate),
                "label": f"{row.practice_id} {row.name}",
                "flag": row.flag,
            }
            for row in rates.practices
            if row.rate is not None
        ],
        "limits": [
            {"x": round(size), **{k: _round(v) for k, v in vars(limits).items()}}
            for size, limits in rates.curve()
        ],
    }


def xmr(trend: Trend, title: str) -> dict:
    """A run chart of weekly referrals with the XmR chart's mean and process limits."""
    chart = trend.chart
    return {
        "type": "xmr",
        "title": title,
        "x_label": "Week beginning",
        "y_label": "Referrals a week",
        "points": [
            {"x": week.start.isoformat(), "y": week.referrals, "signals": list(week.signals)}
            for week in trend.weeks
        ],
        "mean": _round(chart.mean),
        "upper": _round(chart.upper),
        "lower": _round(chart.lower),
    }


def seasons(found: Seasons, title: str) -> dict:
    """Referrals month by month, one line a year."""
    return {
        "type": "lines",
        "title": title,
        "x_label": "Month",
        "y_label": "Referrals",
        "labels": MONTHS,
        "series": [{"name": str(year), "values": values} for year, values in found.years.items()],
    }


def practice_against_area(report: PracticeReport) -> dict:
    """The practice's rate for each service it or the area refers to, beside the area's."""
    lines = [line for line in report.services if line.area_rate]
    return {
        "type": "bars",
        "title": f"{report.practice.name}: referrals per 1,000 a year, against Dacorum",
        "x_label": "Referrals per 1,000 registered patients a year",
        "y_label": "Service",
        "labels": [line.name for line in lines],
        "series": [
            {"name": "This practice", "values": [_round(line.mine.rate) for line in lines]},
            {"name": "All practices", "values": [_round(line.area_rate) for line in lines]},
        ],
        "horizontal": True,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
