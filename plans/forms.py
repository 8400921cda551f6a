"""The scenario form: horizon, closed dates and the units, sites and services to plan with."""

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

WEEKDAY_CHOICES = [
    SelectChoice(day[:3], day)
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
]
MIN_WEEKS, MAX_WEEKS = 12, 18  # a tour of 3 to 4 months


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ScenarioForm(FlaskForm):
    id = StringField(
        "Scenario id",
        validators=[
            DataRequired("Enter an id"),
            Length(max=64, message="Use at most 64 characters"),
            Regexp(r"^[a-z0-9][a-z0-9-]*$", message="Use lower-case letters, digits and '-'"),
        ],
    )
    name = StringField("Name", validators=[DataRequired("Enter a name"), Length(max=200)])
    start = DateField("First day of the cycle", validators=[InputRequired("Enter a date")])
    weeks = IntegerField(
        "Weeks in the cycle",
        validators=[
            InputRequired("Enter the number of weeks"),
            NumberRange(MIN_WEEKS, MAX_WEEKS, f"Enter from {MIN_WEEKS} to {MAX_WEEKS} weeks"),
        ],
    )
    weekdays = MultiCheckboxField("Working days", choices=WEEKDAY_CHOICES)
    closed_dates = TextAreaField("Closed dates (one per line, YYYY-MM-DD)")
    units = MultiCheckboxField("Units")
    sites = MultiCheckboxField("Sites")
    services = MultiCheckboxField("Services")

    def validate_start(self, field) -> None:

        if field.data and field.data.weekday() != 0:
            raise ValidationError(
                f"The cycle starts on a Monday; {field.data:%-d %B %Y} is a {field.data:%A}"
            )

    def validate_weekdays(self, field) -> None:

        if not field.data:
            raise ValidationError("Choose at least one working day")
