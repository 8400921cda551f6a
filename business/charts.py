"""The business page's charts, in the form static/js/charts.js draws (the page shows the
same figures as tables)."""

from business.payback import Payback
from business.report import Report
from business.terms import WEEKS_PER_YEAR

CHART_STEP_WEEKS = 13  # a point a quarter keeps five years legible


def cumulative_cash(planned: Payback, contingent: Payback) -> dict:
    """The cash position week by week from the outlay, as planned and with contingencies."""
    weeks = range(0, len(planned.cumulative_gbp) + 1, CHART_STEP_WEEKS)

    def values(payback: Payback) -> list[float]:
        return [
            round(-payback.outlay_gbp if week == 0 else payback.cumulative_gbp[week - 1])
            for week in weeks
        ]

    return {
        "type": "lines",
        "title": "Cumulative cash from the start, in pounds",
        "x_label": "Year",
        "y_label": "Pounds",
        "labels": [f"{week / WEEKS_PER_YEAR:g}" for week in weeks],
        "series": [
            {"name": "As planned", "values": values(planned)},
            {"name": "With contingencies", "values": values(contingent)},
        ],
    }


def by_service(page: Report) -> dict:
    """Each service's net contribution over the cycle."""
    rows = [row for row in page.services if row.key is not None]
    return {
        "type": "bars",
        "title": "Net contribution by service over the cycle, in pounds",
        "x_label": "Pounds",
        "y_label": "Service",
        "labels": [row.name for row in rows],
        "series": [
            {
                "name": "Net contribution",
                "values": [round(row.lines.net_contribution) for row in rows],
            }
        ],
        "horizontal": True,
    }
