"""Referral intelligence pages under /ops/referrals, for the ops and commissioner roles:
rates against peers (funnel plots), trends (XmR), and each practice's feedback report."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from booking.clocks import local_now
from booking.waiting import filter_options
from extensions import db
from inputs.models import Practice, Service
from referral_analysis import charts
from referral_analysis.access import CHANGERS, READERS
from referral_analysis.findings import findings_for
from referral_analysis.period import choose
from referral_analysis.practice_report import practice_report, report_csv
from referral_analysis.rates import every_service, rates, rates_csv
from referral_analysis.stats.xmr import RUN_POINTS, TREND_POINTS
from referral_analysis.trends import MONTHS, seasons, trend
from security.access import role_required
from spreadsheets.views import download

bp = Blueprint("referrals", __name__, url_prefix="/ops/referrals")

LOW_MEAN = 3  # referrals a week below which an XmR chart's signals are weak evidence
SORTS = {
    "practice": lambda row: row.name.lower(),
    "list": lambda row: row.list_size or 0,
    "referrals": lambda row: row.referrals,
    "rate": lambda row: -1 if row.rate is None else row.rate,
}


def _known(model, key: str) -> str | None:
    """The id asked for in the query string, if it names a row; else None, saying so."""
    value = request.args.get(key) or None
    if value is None or db.session.get(model, value) is not None:
        return value
    flash(f"There is no {key} '{value}', so every {key} is shown.", "info")
    return None


@bp.get("/")
@role_required(*READERS)
def index():
    choice = choose(request.args)
    service = _known(Service, "service")
    sort, descending = _sort()
    found = summary = None
    if choice.period is not None:
        found = rates(choice.period, service)
        found.practices.sort(key=SORTS[sort], reverse=descending)
        if service is None:
            summary = every_service(choice.period)
    return render_template(
        "referral_analysis/rates.html",
        choice=choice,
        service=service,
        services=filter_options()["service"],
        rates=found,
        summary=summary,
        chart_spec=charts.funnel(found) if found and found.referrals else None,
        sort=sort,
        descending=descending,
        sort_url=_sort_url,
    )


def _sort_url(key: str, direction: str) -> str:
    return url_for("referrals.index", **(request.args.to_dict() | {"sort": key, "dir": direction}))


def _sort() -> tuple[str, bool]:
    sort = request.args.get("sort", "rate")
    sort = sort if sort in SORTS else "rate"
    return sort, request.args.get("dir", "desc") != "asc"


@bp.get("/rates.csv")
@role_required(*READERS)
def rates_export():
    choice = choose(request.args)
    if choice.period is None:  # the page says why in words
        return redirect(url_for("referrals.index", **request.args))
    found = rates(choice.period, _known(Service, "service"))
    name = f"referral-rates-{found.service_id or 'all'}-{choice.period.first}-{choice.period.last}"
    return download(rates_csv(found), "text/csv", f"{name}.csv")


@bp.get("/trends")
@role_required(*READERS)
def trends():
    choice = choose(request.args)
    service, practice = _known(Service, "service"), _known(Practice, "practice")
    found = season = None
    if choice.period is not None:
        found = trend(choice.period, practice_id=practice, service_id=service)
        season = seasons(choice.held, practice_id=practice, service_id=service)
    what = _selection_words(service, practice)
    return render_template(
        "referral_analysis/trends.html",
        choice=choice,
        service=service,
        practice=practice,
        services=filter_options()["service"],
        practices=filter_options()["practice"],
        what=what,
        trend=found,
        seasons=season,
        chart_spec=charts.xmr(found, f"{what}: referrals a week")
        if found and found.chart
        else None,
        season_chart=charts.seasons(season, f"{what}: referrals by month") if season else None,
        months=MONTHS,
        rules={"run": RUN_POINTS, "trend": TREND_POINTS},
        low_mean=LOW_MEAN,
    )


def _selection_words(service: str | None, practice: str | None) -> str:
    words = db.session.get(Service, service).name if service else "All services"
    if practice:
        words += f", {db.session.get(Practice, practice).name}"
    return words


@bp.get("/practices/")
@role_required(*READERS)
def practices():
    choice = choose(request.args)
    found = rates(choice.period) if choice.period else None
    return render_template("referral_analysis/practices.html", choice=choice, rates=found)


@bp.get("/practices/<practice_id>")
@role_required(*READERS)
def practice(practice_id: str):
    found = db.session.get(Practice, practice_id) or abort(404)
    choice = choose(request.args)
    report = practice_report(found, choice.period) if choice.period else None
    return render_template(
        "referral_analysis/practice.html",
        practice=found,
        choice=choice,
        report=report,
        chart_spec=charts.practice_against_area(report)
        if report and report.area_rate and report.overall.rate is not None
        else None,
        findings=findings_for(found.id),
        can_edit=current_user.has_role(*CHANGERS),
        today=local_now().date(),
    )


@bp.get("/practices/<practice_id>.csv")
@role_required(*READERS)
def practice_export(practice_id: str):
    found = db.session.get(Practice, practice_id) or abort(404)
    choice = choose(request.args)
    if choice.period is None:  # the report says why in words
        return redirect(url_for("referrals.practice", practice_id=found.id, **request.args))
    name = f"referrals-{found.id}-{choice.period.first}-{choice.period.last}.csv"
    return download(report_csv(practice_report(found, choice.period)), "text/csv", name)
