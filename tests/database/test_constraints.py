"""CHECK constraints written from the values they allow."""

import pytest
import sqlalchemy as sa

from accounts.models import ROLES, User
from database.constraints import one_of
from extensions import db
from inputs.columns import PERIODS
from jobs.models import STATUSES, SolveJob
from plans.models import PLAN_STATUSES, ClinicSession, Plan


def test_one_of_writes_the_sql_the_migrations_wrote():
    assert one_of("status", ("draft", "published")) == "status IN ('draft', 'published')"
    assert one_of("by", ["patient"], nullable=True) == "by IS NULL OR by IN ('patient')"


@pytest.mark.parametrize("values", [(), ("it's",)])
def test_one_of_refuses_no_values_or_a_quote(values):
    with pytest.raises(ValueError, match="quote-free"):
        one_of("status", values)


@pytest.mark.parametrize(
    ("model", "name", "values"),
    [
        (Plan, "status_known", PLAN_STATUSES),
        (ClinicSession, "period_known", PERIODS),
        (SolveJob, "status_known", STATUSES),
        (User, "role", ROLES),
    ],
)
def test_the_models_constraints_allow_exactly_the_named_values(app, model, name, values):
    """The migrated database holds the constraint the model states from its constant."""
    reflected = sa.inspect(db.engine).get_check_constraints(model.__tablename__)
    (text,) = [c["sqltext"] for c in reflected if c["name"].endswith(name)]
    for value in values:
        assert f"'{value}'" in text
    assert text.count("'") == 2 * len(values)
