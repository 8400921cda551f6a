"""Landing page, staff home, /healthz, vendored assets and friendly error pages."""

import sqlalchemy as sa
from flask import Blueprint, abort, jsonify, render_template, send_from_directory
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException

from accounts.models import ROLE_NAMES
from accounts.security_log import log_event
from config import ROOT
from extensions import db, limiter
from pages.staff import staff_home_cards
from plans.models import Scenario

bp = Blueprint("pages", __name__)

# Front-end packages from npm, served by the app itself so no page loads from another host.
VENDOR_DIRS = {
    "nhsuk-frontend": ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk",
    "leaflet": ROOT / "node_modules" / "leaflet" / "dist",
    "chart.js": ROOT / "node_modules" / "chart.js" / "dist",
}


@bp.app_context_processor
def layout_context() -> dict:
    """Give every template the role names and whether the sample data is what it shows."""
    return {"role_names": ROLE_NAMES, "sample_data_loaded": _sample_loaded()}


def _sample_loaded() -> bool:
    try:
        return bool(db.session.scalar(sa.select(Scenario.id).where(Scenario.is_sample).limit(1)))
    except sa.exc.SQLAlchemyError:  # schema not created yet: the error page must still render
        db.session.rollback()
        return False


@bp.get("/")
def index():
    return render_template("pages/index.html")


@bp.get("/staff")
@login_required
def staff_home():
    return render_template("pages/staff_home.html", cards=staff_home_cards(current_user))


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Report whether the app can reach its database."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        return jsonify(status="error", database=str(error.__class__.__name__)), 503
    return jsonify(status="ok", database="ok")


@bp.get("/vendor/<package>/<path:filename>")
@limiter.exempt
def vendor(package: str, filename: str):
    folder = VENDOR_DIRS.get(package)
    if folder is None:
        abort(404)
    return send_from_directory(folder, filename, max_age=86400)


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    if error.code == 403:
        log_event("access_denied", user=current_user if current_user.is_authenticated else None)
    template = {
        403: "errors/403.html",
        404: "errors/404.html",
        413: "errors/413.html",
        429: "errors/429.html",
    }.get(error.code, "errors/generic.html")
    return render_template(template, error=error), error.code


@bp.app_errorhandler(500)
def server_error(error):
    db.session.rollback()
    return render_template("errors/500.html"), 500
