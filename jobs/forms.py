"""The form that starts a planner run."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from jobs.service import MAX_TIME_LIMIT_S

COVERAGE, CONTRIBUTION = "coverage", "contribution"


class SolveForm(FlaskForm):
    time_limit_s = IntegerField(
        "Time limit in seconds",
        default=30,
        validators=[
            InputRequired("Enter a time limit in seconds"),
            NumberRange(1, MAX_TIME_LIMIT_S, f"Enter a time limit from 1 to {MAX_TIME_LIMIT_S}"),
        ],
    )
    seed = IntegerField(
        "Random seed",
        default=0,
        validators=[
            InputRequired("Enter a seed (0 is fine)"),
            NumberRange(0, 2**31 - 1, "Enter a whole number from 0"),
        ],
    )
    hint = SelectField("Start from", coerce=int, default=0)
    objective = RadioField(
        "What the planner aims for",
        choices=[
            SelectChoice(
                COVERAGE,
                "The most referrals served (coverage first, then the worst locality, "
                "travel and moves)",
            ),
            SelectChoice(
                CONTRIBUTION,
                "The most money: each service weighted by its net contribution per "
                "slot, from the scenario's price book",
            ),
        ],
        default=COVERAGE,
    )
