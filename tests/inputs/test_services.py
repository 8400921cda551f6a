"""A form's cells are judged by the import's own row checks; a deletion the database refuses
is reported in words."""

import pytest
import sqlalchemy as sa

from extensions import db
from inputs.entities import KINDS
from inputs.models import Site
from inputs.services import DeleteRefused, check_cells, delete_entity
from inputs.tables import CLINICIANS, UNITS
from plans.models import Placement

UNIT = {"id": "op-1", "name": "Unit", "type": "outpatient", "rooms": "2", "capabilities": ""}


def test_good_cells_parse_as_an_imported_row_would(app):
    values, reasons = check_cells(UNITS, UNIT | {"setup_days": "", "unavailable": "2027-01-04"})
    assert reasons == {}
    assert values["rooms"] == 2 and values["setup_days"] is None
    assert values["unavailable"][0][0].isoformat() == "2027-01-04"


def test_bad_cells_carry_the_imports_reasons_by_column(app):
    values, reasons = check_cells(UNITS, UNIT | {"rooms": "1.5", "type": "bus"})
    assert values is None
    assert reasons == {
        "type": ["'bus' is not one of outpatient, theatre, radiology"],
        "rooms": ["'1.5' is not a whole number"],
    }


def test_rules_across_cells_and_tables_apply_too(app):
    cells = {
        "id": "c-1",
        "name": "Dr A",
        "skills": "juggling",
        "availability": "Mon-AM",
        "base_lon": "-0.4",
    }
    _, reasons = check_cells(CLINICIANS, cells)
    assert reasons["base_lat"] == ["give both base_lat and base_lon, or neither"]
    assert reasons["skills"][0].startswith("unknown skill 'juggling'")


def test_a_database_refusal_is_reported_not_raised(world, monkeypatch):
    """A reference the checks do not know about still ends in words, not a crash."""
    from inputs import services

    monkeypatch.setattr(services, "usage", lambda kind, entity: services.Usage())
    with pytest.raises(DeleteRefused) as refused:
        delete_entity(KINDS["sites"], "S01")  # still a member of the scenario
    assert refused.value.reasons[0].startswith("Site S01 cannot be deleted: the database refused")
    assert db.session.get(Site, "S01") is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)) == 0
