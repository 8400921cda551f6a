"""Forms built from the spreadsheet columns, and the cell text they yield."""

from werkzeug.datastructures import MultiDict

from extensions import db
from inputs.entities import KINDS
from inputs.forms import cells, entity_form
from inputs.mapping import to_row
from inputs.models import Clinician


def test_a_form_yields_the_cells_a_spreadsheet_would_hold(app):
    kind = KINDS["clinicians"]
    posted = MultiDict(
        [
            ("name", "Dr A"),
            ("skills", "dermatology"),
            ("availability", "Mon-AM"),
            ("availability", "Thu-PM"),
            ("leave", " 2027-03-01..2027-03-05 \r\n\r\n2027-04-02\n"),
        ]
    )
    with app.test_request_context(method="POST", data=posted):
        form = entity_form(kind, creating=False)
        typed = cells(kind, form, "c-1")
    assert typed["id"] == "c-1"
    assert typed["availability"] == "Mon-AM;Thu-PM"
    assert typed["leave"] == "2027-03-01..2027-03-05;2027-04-02"
    assert typed["max_travel_km"] == "" and set(typed) == set(kind.table.column_names)


def test_an_entity_fills_its_form_and_comes_back_unchanged(world):
    kind = KINDS["clinicians"]
    clinician = db.session.get(Clinician, "c-derm-1")
    with db.session.no_autoflush:
        form = entity_form(kind, creating=False, row=to_row(kind.table, clinician))
    assert form.availability.data == ["Mon-AM", "Mon-PM", "Tue-AM"]
    assert form.max_sessions_per_week.data == "3" and form.leave.data == ""
    assert "id" not in form
    assert cells(kind, form, "c-derm-1")["availability"] == "Mon-AM;Mon-PM;Tue-AM"


def test_ticked_values_no_longer_offered_stay_visible(app):
    posted = MultiDict([("skills", "surgeon")])
    with app.test_request_context(method="POST", data=posted):
        form = entity_form(KINDS["clinicians"], creating=True, choices={"skills": ("dermatology",)})
    assert [choice.value for choice in form.skills.choices] == ["dermatology", "surgeon"]
