"""The public pages: clinic search, site and service pages, the directory of services (as a
page and as data), maps and calendar entries.

No sign-in and no personal data: every page reads the published timetable and counts of free
appointments only.
"""

import json
from datetime import date

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from clinics import answers
from clinics.directory import Directory, standard_text, wait_text
from clinics.directory_data import directory_csv, directory_json
from clinics.forms import SearchForm
from clinics.freshness import respond
from clinics.search import WINDOW_WEEKS, QueryError
from clinics.wording import TEMPLATE_HELPERS
from extensions import limiter
from security.headers import map_frame

bp = Blueprint("clinics", __name__)

DEFAULT_RATE_LIMIT = "120 per minute"  # per address: a GP practice shares one; a scraper stops


def _rate_limit() -> str:
    return current_app.config.get("CLINICS_RATE_LIMIT", DEFAULT_RATE_LIMIT)


# One budget per address across every public page (maps and calendars too).
limiter.shared_limit(_rate_limit, scope="public-pages")(bp)


@bp.context_processor
def wording() -> dict:
    return TEMPLATE_HELPERS | {"window_weeks": WINDOW_WEEKS}


@bp.get("/clinics")
def search():
    form = SearchForm(request.args, answers.timetable().services.values())
    if not form.asked:
        return _question(form, 200)
    if not form.postcode.validate(form):
        return _question(form, 400)
    service_ok = form.service.validate(form)
    try:
        page = answers.find_clinics(form.postcode.data, form.service.data if service_ok else None)
    except QueryError as error:
        form.postcode.errors = [str(error)]
        return _question(form, 400, error)
    return respond(
        lambda: render_template("clinics/results.html", form=form, page=page), page.free.values()
    )


@bp.get("/clinics/map")
def search_map():
    form = SearchForm(request.args, answers.timetable().services.values())
    if not (form.asked and form.validate()):
        abort(404)
    try:
        page = answers.find_clinics(form.postcode.data, form.service.data)
    except QueryError:
        abort(404)
    return respond(lambda: _map_response(answers.results_map_page(page)))


@bp.get("/sites/<site_id>")
def site(site_id: str):
    page = answers.site_page(site_id) or abort(404)
    return respond(lambda: render_template("clinics/site.html", page=page), page.free.values())


@bp.get("/sites/<site_id>/map")
def site_map(site_id: str):
    page = answers.site_page(site_id) or abort(404)
    return respond(lambda: _map_response(answers.site_map_page(page.site)))


@bp.get("/sites/<site_id>/clinics.ics")
def site_calendar(site_id: str):
    body = answers.calendar_file(site_id) or abort(404)
    return respond(lambda: _calendar_response(body, f"clinics-{site_id}.ics"))


@bp.get("/sites/<site_id>/clinics/<day>/<period>/<service_id>.ics")
def clinic_calendar(site_id: str, day: str, period: str, service_id: str):
    try:
        key = (date.fromisoformat(day), period, service_id)
    except ValueError:
        abort(404)
    body = answers.calendar_file(site_id, key) or abort(404)
    filename = f"clinic-{site_id}-{day}-{period}-{service_id}.ics"
    return respond(lambda: _calendar_response(body, filename))


@bp.get("/services")
def services():
    page = answers.services_page()
    return respond(lambda: render_template("clinics/services.html", page=page))


@bp.get("/services/directory")
def directory():
    page = answers.directory_page()
    return respond(
        lambda: render_template(
            "clinics/directory.html",
            page=page,
            wait_text=wait_text,
            standard_text=standard_text,
        ),
        page.fingerprint(),
    )


@bp.get("/services/directory.json")
def directory_data():
    page = answers.directory_page()
    return respond(lambda: _json_response(page), page.fingerprint())


@bp.get("/services/directory.csv")
def directory_table():
    page = answers.directory_page()
    return respond(
        lambda: _download(directory_csv(page), "text/csv", "services-directory.csv"),
        page.fingerprint(),
    )


@bp.get("/services/<service_id>")
def service(service_id: str):
    page = answers.service_page(service_id) or abort(404)
    return respond(lambda: render_template("clinics/service.html", page=page), page.free.values())


def _question(form: SearchForm, status: int, error: QueryError | None = None) -> Response:
    return respond(
        lambda: (render_template("clinics/question.html", form=form, error=error), status)
    )


def _map_response(document: str | None) -> Response:
    if document is None:
        abort(404)
    return map_frame(document)


def _calendar_response(body: bytes, filename: str) -> Response:
    return _download(body, "text/calendar", filename)


def _json_response(page: Directory) -> Response:
    document = directory_json(
        page,
        lambda service_id: url_for("clinics.service", service_id=service_id, _external=True),
        lambda site_id: url_for("clinics.site", site_id=site_id, _external=True),
    )
    return _download(json.dumps(document, indent=1), "application/json", "services-directory.json")


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
