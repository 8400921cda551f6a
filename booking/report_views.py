"""The lists that call for action (patients to rebook, waiting-time breaches) and the reports
against the national standards (RTT, diagnostics, follow-ups), which planners read too."""

from datetime import UTC, date, datetime, time, timedelta

from flask import Blueprint, Response, render_template, request

from audit.record import record_access
from booking.breaches import REASONS, breach_csv, breaches, summary
from booking.clocks import CLINIC_ZONE, local_now
from booking.follow_ups import (
    DEFAULT_MONTHS,
    DUE_WITHIN_DAYS,
    PERIODS_MONTHS,
    follow_up_csv,
    follow_up_ratios,
    months_before,
    partial_booking_list,
)
from booking.pathway_reports import (
    DIRECT_ACCESS_UNIT_TYPES,
    GROUPS,
    band_labels,
    diagnostics_csv,
    diagnostics_report,
    rtt_csv,
    rtt_report,
)
from booking.ptl import ptl, ptl_csv
from booking.rebooking import to_rebook
from booking.referrals import parse_date
from booking.waiting import filter_options
from choice.report import choice_csv, choice_report
from pathways.rtt import DIAGNOSTIC_STANDARD, RTT_STANDARD
from security.access import role_required

bp = Blueprint("reports", __name__)
CHOICE_MONTHS = 3  # the choice report's period unless another is asked for
# The choice report is for the desk and the planners, and for commissioners, who read it
# and nothing else of the desk's.
CHOICE_READERS = ("booking", "ops", "commissioner")


@bp.get("/to-rebook")
@role_required("booking")
def rebook_list():
    return render_template("booking/to_rebook.html", items=to_rebook(local_now()))


@bp.get("/breaches")
@role_required("booking")
def breach_report():
    service, locality = request.args.get("service", ""), request.args.get("locality", "")
    found = breaches(local_now(), service, locality)
    return render_template(
        "booking/breaches.html",
        items=found,
        summary=summary(found),
        reasons=REASONS,
        options=filter_options(),
        service=service,
        locality=locality,
    )


@bp.get("/breaches.csv")
@role_required("booking")
def breach_export():
    service, locality = request.args.get("service", ""), request.args.get("locality", "")
    found = breaches(local_now(), service, locality)
    record_access("export", "breach_report", _stamp(), rows=len(found))
    return _csv(breach_csv(found), "breaches")


def _stamp() -> str:
    """Today, naming an export in the audit trail and its file."""
    return local_now().date().isoformat()


def _csv(body: str, name: str) -> Response:
    """Send a report as a CSV download (its export recorded by the caller)."""
    stamp = _stamp()
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


def _filters() -> dict[str, str]:
    return {name: request.args.get(name, "") for name in ("service", "locality")}


@bp.get("/reports/rtt")
@role_required("booking", "ops")
def rtt():
    rows = rtt_report(local_now().date(), **_filters())
    return render_template(
        "booking/rtt_report.html",
        rows=rows,
        bands=band_labels(),
        groups=GROUPS,
        standard=RTT_STANDARD,
        options=filter_options(but=DIRECT_ACCESS_UNIT_TYPES),
        **_filters(),
    )


@bp.get("/reports/rtt.csv")
@role_required("booking", "ops")
def rtt_export():
    rows = rtt_report(local_now().date(), **_filters())
    record_access("export", "rtt_report", _stamp(), rows=len(rows) * len(band_labels()))
    return _csv(rtt_csv(rows), "rtt")


@bp.get("/reports/rtt/ptl.csv")
@role_required("booking")  # one row per patient: the desk's, not the planners'
def ptl_export():
    today = local_now().date()
    rows = ptl(today, **_filters())
    record_access("export", "rtt_ptl", _stamp(), rows=len(rows))
    return _csv(ptl_csv(rows, today), "rtt-ptl")


@bp.get("/reports/diagnostics")
@role_required("booking", "ops")
def diagnostics():
    return render_template(
        "booking/diagnostics_report.html",
        rows=diagnostics_report(local_now().date(), **_filters()),
        standard=DIAGNOSTIC_STANDARD,
        options=filter_options(DIRECT_ACCESS_UNIT_TYPES),
        **_filters(),
    )


@bp.get("/reports/diagnostics.csv")
@role_required("booking", "ops")
def diagnostics_export():
    rows = diagnostics_report(local_now().date(), **_filters())
    record_access("export", "diagnostics_report", _stamp(), rows=len(rows))
    return _csv(diagnostics_csv(rows), "diagnostics")


@bp.get("/reports/follow-ups")
@role_required("booking", "ops")
def follow_ups():
    today = local_now().date()
    months = request.args.get("months", type=int)
    months = months if months in PERIODS_MONTHS else DEFAULT_MONTHS
    since = months_before(today, months)
    return render_template(
        "booking/follow_ups.html",
        listed=partial_booking_list(today, **_filters()),
        ratios=follow_up_ratios(since, today, _filters()["service"]),
        since=since,
        months=months,
        periods=[(str(m), f"{m} months") for m in PERIODS_MONTHS],
        due_within=DUE_WITHIN_DAYS,
        options=filter_options(("outpatient",)),
        **_filters(),
    )


@bp.get("/reports/follow-ups.csv")
@role_required("booking")  # a list of patients: the desk's, not the planners'
def follow_ups_export():
    items = partial_booking_list(local_now().date(), **_filters()).items
    record_access("export", "follow_up_list", _stamp(), rows=len(items))
    return _csv(follow_up_csv(items), "follow-ups")


def _choice_period() -> tuple[date, date, dict[str, str]]:
    """The choice report's period from the query string (the last CHOICE_MONTHS months to
    today unless asked), with a problem per field that could not be read."""
    today = local_now().date()
    period, problems = {"from": months_before(today, CHOICE_MONTHS), "to": today}, {}
    for name, what in (("from", "first day"), ("to", "last day")):
        if text := request.args.get(name, "").strip():
            try:
                period[name] = parse_date(text, what)
            except ValueError as error:
                problems[name] = str(error)
    if not problems and period["from"] > period["to"]:
        problems["to"] = "The last day must be the same as or after the first day."
    return period["from"], period["to"], problems


def _on_the_clock(day: date) -> datetime:
    """The start of the day on the clinics' clock, as a moment."""
    return datetime.combine(day, time(), tzinfo=CLINIC_ZONE).astimezone(UTC)


def _choices(first: date, last: date):
    return choice_report(_on_the_clock(first), _on_the_clock(last + timedelta(days=1)))


@bp.get("/reports/choice")
@role_required(*CHOICE_READERS)
def choice():
    first, last, problems = _choice_period()
    return render_template(
        "booking/choice_report.html",
        report=None if problems else _choices(first, last),
        first=request.args.get("from", first.isoformat()) if problems else first.isoformat(),
        last=request.args.get("to", last.isoformat()) if problems else last.isoformat(),
        problems=problems,
    ), (400 if problems else 200)


@bp.get("/reports/choice.csv")
@role_required(*CHOICE_READERS)
def choice_export():
    first, last, problems = _choice_period()
    if problems:
        return Response("\n".join(problems.values()) + "\n", status=400, mimetype="text/plain")
    report = _choices(first, last)
    record_access("export", "choice_report", _stamp(), rows=len(report.lines) + 1)
    return _csv(choice_csv(report), "choice")
