"""The planning inputs as spreadsheets: the upload page and the downloads, under /ops/."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from inputs.exporter import export_rows
from inputs.importer import ImportRefused
from inputs.tables import TABLES_BY_NAME
from security.access import role_required
from spreadsheets.files import FileProblem, csv_text, xlsx_bytes
from spreadsheets.uploads import import_uploads

bp = Blueprint("spreadsheets", __name__, url_prefix="/ops")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/data/upload", methods=["GET", "POST"])
@role_required("ops")
def upload():
    problems, file_problem = [], None
    if request.method == "POST":
        files = [(f.filename, f.stream) for f in request.files.getlist("files") if f.filename]
        try:
            report = import_uploads(files)
        except FileProblem as error:
            file_problem = str(error)
        except ImportRefused as refused:
            problems = refused.problems
        else:
            flash(f"Imported. {report.summary()}.", "success")
            return redirect(url_for(".upload"))
    return render_template(
        "spreadsheets/upload.html",
        problems=problems,
        file_problem=file_problem,
        tables=TABLES_BY_NAME,
    )


@bp.get("/data.xlsx")
@role_required("ops")
def data_xlsx():
    return download(xlsx_bytes(export_rows()), XLSX_TYPE, "mobile-units-data.xlsx")


@bp.get("/data/<name>.csv")
@role_required("ops")
def data_csv(name: str):
    if name not in TABLES_BY_NAME:
        abort(404)
    return download(csv_text(name, export_rows()[name]), "text/csv", f"{name}.csv")


def download(body, mimetype: str, filename: str) -> Response:
    """A response the browser saves as the file rather than shows."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
