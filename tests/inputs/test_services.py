"""A form's cells are judged by the import's own row checks."""

from inputs.services import check_cells
from inputs.tables import CLINICIANS, UNITS

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
