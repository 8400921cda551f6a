"""Rows to entities and back: renamed columns, date ranges in their child tables, and an
empty cell meaning the model's default."""

from datetime import date

from extensions import db
from inputs.mapping import apply_row, key_of, to_row
from inputs.models import Demand, Unit
from inputs.tables import DEMAND, UNITS

MARCH = (date(2027, 3, 1), date(2027, 3, 5))


def test_a_unit_with_its_outages_goes_in_and_comes_back_out(app):
    unit = Unit()
    values = {"id": "op-9", "name": "Outpatient 9", "type": "outpatient", "rooms": 3}
    apply_row(UNITS, unit, values | {"setup_days": None, "unavailable": [MARCH]})
    db.session.add(unit)
    db.session.commit()
    assert unit.setup_days == 0  # an empty cell: the model's default, not NULL
    assert [(o.start, o.finish) for o in unit.outages] == [MARCH]
    row = to_row(UNITS, unit)
    assert row["unavailable"] == [MARCH] and row["rooms"] == 3
    assert tuple(row) == UNITS.column_names
    apply_row(UNITS, unit, {"unavailable": None})  # ranges are replaced, not added to
    assert unit.outages == []


def test_demand_is_keyed_by_practice_and_service():
    values = {"practice": "E82001", "service": "dermatology", "per_week": 1.5, "source": ""}
    demand = Demand()
    apply_row(DEMAND, demand, values)
    assert (demand.practice_id, demand.service_id) == ("E82001", "dermatology")
    assert to_row(DEMAND, demand)["practice"] == "E82001"
    assert key_of(DEMAND, values) == ("E82001", "dermatology")
    assert key_of(UNITS, {"id": "op-9"}) == ("op-9",)
