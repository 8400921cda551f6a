"""The data pages under /ops/data/: tables, forms and the demand grid (uploads and downloads
of spreadsheets are spreadsheets/views.py)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from inputs.cells import format_value
from inputs.entities import KINDS
from inputs.forms import add_errors, cells, entity_form
from inputs.grid import GridInvalid, load_grid, save_grid
from inputs.services import (
    DeleteRefused,
    NeedsConfirmation,
    RowInvalid,
    counts,
    delete_entity,
    delete_usage,
    entity_row,
    form_choices,
    list_rows,
    save_entity,
)
from security.access import role_required

bp = Blueprint("inputs", __name__, url_prefix="/ops/data")
KIND = f"<any({', '.join(KINDS)}):kind>"


@bp.context_processor
def table_cells() -> dict:
    """Let templates show a value as a table cell: lists joined with commas."""

    def show(value) -> str:
        if isinstance(value, list):
            return ", ".join(format_value(item) for item in value)
        return format_value(value)

    return {"show": show}


@bp.get("/")
@role_required("ops")
def index():
    return render_template("inputs/index.html", kinds=KINDS, counts=counts())


@bp.get(f"/{KIND}/")
@role_required("ops")
def listing(kind: str):
    args = request.args
    found = list_rows(
        KINDS[kind],
        sort=args.get("sort", "id"),
        descending=args.get("order") == "desc",
        query=args.get("q", ""),
    )
    return render_template("inputs/list.html", kind=KINDS[kind], listing=found)


@bp.route(f"/{KIND}/new", methods=["GET", "POST"])
@role_required("ops")
def create(kind: str):
    spec = KINDS[kind]
    form = entity_form(spec, creating=True, choices=form_choices(spec))
    if form.validate_on_submit():
        try:
            entity = save_entity(spec, cells(spec, form))
        except RowInvalid as invalid:
            add_errors(spec, form, invalid.reasons)
        else:
            flash(f"{spec.singular.capitalize()} {entity.id} added.", "success")
            return redirect(url_for(".listing", kind=kind))
    return render_template("inputs/form.html", kind=spec, form=form, entity_id=None)


@bp.route(f"/{KIND}/<entity_id>/edit", methods=["GET", "POST"])
@role_required("ops")
def edit(kind: str, entity_id: str):
    spec = KINDS[kind]
    row = entity_row(spec, entity_id)
    shown = row if request.method == "GET" else None
    form = entity_form(spec, creating=False, row=shown, choices=form_choices(spec))
    warnings = []
    if form.validate_on_submit():
        typed = cells(spec, form, entity_id)
        confirmed = request.form.get("confirm") == "yes"
        try:
            save_entity(spec, typed, entity_id=entity_id, confirmed=confirmed)
        except RowInvalid as invalid:
            add_errors(spec, form, invalid.reasons)
        except NeedsConfirmation as asked:
            warnings = asked.messages
        else:
            flash(f"{spec.singular.capitalize()} {entity_id} saved.", "success")
            return redirect(url_for(".listing", kind=kind))
    return render_template(
        "inputs/form.html",
        kind=spec,
        form=form,
        entity_id=entity_id,
        name=row["name"],
        warnings=warnings,
    )


@bp.route(f"/{KIND}/<entity_id>/delete", methods=["GET", "POST"])
@role_required("ops")
def delete(kind: str, entity_id: str):
    spec = KINDS[kind]
    if request.method == "POST":
        try:
            delete_entity(spec, entity_id, confirmed=request.form.get("confirm") == "yes")
        except (DeleteRefused, NeedsConfirmation):
            flash("Nothing was deleted: read what deleting it means below.", "warning")
            return redirect(url_for(".delete", kind=kind, entity_id=entity_id))
        flash(f"{spec.singular.capitalize()} {entity_id} deleted.", "success")
        return redirect(url_for(".listing", kind=kind))
    row = entity_row(spec, entity_id)
    found = delete_usage(spec, entity_id)
    return render_template("inputs/delete.html", kind=spec, row=row, usage=found)


@bp.route("/demand", methods=["GET", "POST"])
@role_required("ops")
def demand():
    if request.method == "POST":
        try:
            changed = save_grid(request.form)
        except GridInvalid as invalid:
            return render_template("inputs/demand.html", grid=invalid.grid)
        flash(f"Demand saved: {changed} cell{'' if changed == 1 else 's'} changed.", "success")
        return redirect(url_for(".demand"))
    return render_template("inputs/demand.html", grid=load_grid())
