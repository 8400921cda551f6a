"""The lists that call for action: patients to rebook, and waiting-time breaches."""

from flask import Blueprint, Response, render_template, request

from audit.record import record_access
from booking.breaches import REASONS, breach_csv, breaches, summary
from booking.clocks import local_now
from booking.waiting import filter_options, to_rebook
from security.access import role_required

bp = Blueprint("reports", __name__)


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
    body = breach_csv(found)
    stamp = local_now().date().isoformat()
    record_access("export", "breach_report", stamp, rows=len(found))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="breaches-{stamp}.csv"'
    return response
