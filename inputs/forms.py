"""One form class per table, built from its spreadsheet columns, and the cell text it yields."""

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from inputs.cells import LIST_SEPARATOR, format_value
from inputs.entities import CHECKBOXES, GRID, RADIOS, RANGES, Kind

ROW_SEPARATOR = "\n"  # date ranges: one per line in the form, ';' between them in a cell


_CLASSES: dict[tuple[str, bool], type[FlaskForm]] = {}


def form_class(kind: Kind, creating: bool) -> type[FlaskForm]:
    """Return a form with one field per column; the id only while creating (ids are fixed).

    The fields do no checking of their own: `cells` turns them into spreadsheet cells and
    the import's checks judge those, so a form and an imported row get the same messages.
    """
    if (kind.name, creating) in _CLASSES:
        return _CLASSES[kind.name, creating]
    fields = {}
    for column in kind.table.column_names:
        if column == "id" and not creating:
            continue
        spec = kind.fields[column]
        choices = [SelectChoice(value) for value in spec.choices]
        if spec.widget == RADIOS:
            field = RadioField(spec.label, choices=choices, validate_choice=False)
        elif spec.widget in (CHECKBOXES, GRID):
            field = SelectMultipleField(spec.label, choices=choices, validate_choice=False)
        elif spec.widget == RANGES:
            field = TextAreaField(spec.label)
        else:
            field = StringField(spec.label)
        fields[column] = field
    name = f"{kind.singular.capitalize()}{'New' if creating else 'Edit'}Form"
    _CLASSES[kind.name, creating] = type(name, (FlaskForm,), fields)
    return _CLASSES[kind.name, creating]


def entity_form(
    kind: Kind, *, creating: bool, row: dict | None = None, choices: dict | None = None
) -> FlaskForm:
    """Build the form, filled from the request when posted, else from the entity's row.

    Args:
        kind: the table's pages.
        creating: whether the form makes a new entity (and so asks for its id).
        row: the entity's values as `inputs.mapping.to_row` gives them (editing).
        choices: checkbox choices known only at request time, by column (skills).
    """
    form = form_class(kind, creating)(data=_field_data(kind, row) if row else None)
    for column, options in (choices or {}).items():
        field = form[column]
        # Keep ticked values that are no longer offered, so they are shown with their error.
        ticked = [value for value in field.data or () if value not in options]
        field.choices = [SelectChoice(value) for value in (*options, *ticked)]
    return form


def cells(kind: Kind, form: FlaskForm, entity_id: str | None = None) -> dict[str, str]:
    """Return what the form holds as the text of spreadsheet cells, keyed by column."""
    result = {}
    for column in kind.table.column_names:
        if column == "id" and entity_id is not None:
            result[column] = entity_id
            continue
        widget, data = kind.fields[column].widget, form[column].data
        if widget in (CHECKBOXES, GRID):
            result[column] = LIST_SEPARATOR.join(data or ())
        elif widget == RANGES:
            lines = (line.strip() for line in (data or "").split(ROW_SEPARATOR))
            result[column] = LIST_SEPARATOR.join(line for line in lines if line)
        else:
            result[column] = data or ""
    return result


def add_errors(kind: Kind, form: FlaskForm, reasons: dict[str, list[str]]) -> None:
    """Put each reason next to its field, named so the error summary reads on its own."""
    for column, messages in reasons.items():
        target = column if column in form else next(iter(form._fields))
        label = kind.label(column) if column in kind.fields else column
        form[target].errors = [
            *form[target].errors,
            *(f"{label}: {message}" for message in messages),
        ]


def _field_data(kind: Kind, row: dict) -> dict:
    data = {}
    for column, value in row.items():
        widget = kind.fields[column].widget
        if widget in (CHECKBOXES, GRID):
            data[column] = list(value or ())
        elif widget == RANGES:
            data[column] = format_value(value or []).replace(LIST_SEPARATOR, ROW_SEPARATOR)
        else:
            data[column] = format_value(value)
    return data
