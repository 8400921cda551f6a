"""The scenario form: a cycle starts on a Monday, runs 12 to 18 weeks, on at least one
working day, under an id fit for an address."""

from werkzeug.datastructures import MultiDict

from plans.forms import ScenarioForm

GOOD = {"id": "spring-27", "name": "Spring", "start": "2027-01-04", "weeks": "16"}


def _errors(app, fields: dict, weekdays=("Mon", "Tue")) -> dict:
    data = MultiDict(list(fields.items()) + [("weekdays", day) for day in weekdays])
    with app.test_request_context(method="POST", data=data):
        form = ScenarioForm()
        form.validate()
    return form.errors


def test_a_monday_start_and_a_working_day_are_enough(app):
    assert _errors(app, GOOD) == {}


def test_each_problem_is_named_on_its_field(app):
    errors = _errors(app, GOOD | {"start": "2027-01-09", "weeks": "11", "id": "Spring"}, ())
    assert errors == {
        "id": ["Use lower-case letters, digits and '-'"],
        "start": ["The cycle starts on a Monday; 9 January 2027 is a Saturday"],
        "weeks": ["Enter from 12 to 18 weeks"],
        "weekdays": ["Choose at least one working day"],
    }
