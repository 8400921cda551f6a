"""The audit page (/audit/): read the trail, filtered by user and date; nothing here changes it.

Operations managers read the planning events, booking staff the patient events, and
administrators all. Patient events are found by the booking desk (booking.views), which
knows a patient's referrals and bookings, by a POSTed search or by referral id, so that no
NHS number or name travels in a URL.
"""

from datetime import date

from flask import Blueprint, render_template, request
from flask_login import current_user

from audit.trail import PAGE_ROWS, TrailQuery, actors, find_events, may_search_patients
from security.access import role_required

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def query_from(args) -> TrailQuery:
    """Read the user and date filters (never a patient) from a query string or form."""
    return TrailQuery(
        actor=args.get("user", "").strip()[:64],
        start=_day(args.get("from", "")),
        end=_day(args.get("to", "")),
    )


def trail_page(query: TrailQuery, *, heading: str = "Audit trail", patient: str = ""):
    """Render the events the signed-in user's role may read that match the query.

    Args:
        query: the filters.
        heading: the page's heading, naming the referral when the page is about one.
        patient: the search text to show again in the patient search box (POST only).
    """
    role = current_user.role
    events, total = find_events(role, query)
    return render_template(
        "audit/index.html",
        events=events,
        total=total,
        actors=actors(role),
        query=query,
        heading=heading,
        patient=patient,
        patient_search=may_search_patients(role),
        page_rows=PAGE_ROWS,
    )


@bp.get("/")
@role_required("ops", "booking")
def index():
    return trail_page(query_from(request.args))
