"""Turn parsed rows into database entities and entities back into rows."""

from capacity.models import ClinicianLeave, UnitOutage
from sites.models import SiteClosure
from spreadsheets.tables import CLINICIANS, DEMAND, SITES, UNITS, Table

# Columns whose model attribute has another name.
_ATTRIBUTES = {DEMAND.name: {"practice": "practice_id", "service": "service_id"}}
# Date-range columns held in a child table: (relationship, child class).
_RANGES = {
    SITES.name: ("unavailable", "closures", SiteClosure),
    UNITS.name: ("unavailable", "outages", UnitOutage),
    CLINICIANS.name: ("leave", "leave", ClinicianLeave),
}
# Optional columns whose empty cell means the model's default rather than NULL.
_DEFAULTS = {
    "min_weeks": int,
    "setup_days": int,
    "address": str,
    "base": str,
    "source": str,
    "capabilities": list,
}


def to_row(table: Table, entity) -> dict:
    """Return the entity's values keyed by column name (ranges as (start, finish) pairs)."""
    renamed = _ATTRIBUTES.get(table.name, {})
    ranged = _RANGES.get(table.name)
    row = {}
    for column in table.column_names:
        if ranged and column == ranged[0]:
            row[column] = [(r.start, r.finish) for r in getattr(entity, ranged[1])]
        else:
            row[column] = getattr(entity, renamed.get(column, column))
    return row


def apply_row(table: Table, entity, values: dict) -> None:
    """Set the entity's attributes from parsed values, replacing its date ranges."""
    renamed = _ATTRIBUTES.get(table.name, {})
    ranged = _RANGES.get(table.name)
    for column, value in values.items():
        if ranged and column == ranged[0]:
            child_class = ranged[2]
            setattr(
                entity,
                ranged[1],
                [child_class(start=start, finish=finish) for start, finish in value or []],
            )
            continue
        if value is None and column in _DEFAULTS:
            value = _DEFAULTS[column]()
        setattr(entity, renamed.get(column, column), value)


def key_of(table: Table, values: dict) -> tuple:
    """Return the row's identity: its id, or (practice, service) for demand."""
    return tuple(values[name] for name in table.key)
