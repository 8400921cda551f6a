"""Turn parsed rows into database entities and entities back into rows."""

from inputs.models import ClinicianLeave, SiteClosure, UnitOutage
from inputs.tables import CLINICIANS, DEMAND, SITES, UNITS, Table

# Columns whose model attribute has another name.
_ATTRIBUTES = {DEMAND.name: {"practice": "practice_id", "service": "service_id"}}
# Date-range columns held in a child table: (relationship, child class).
_RANGES = {
    SITES.name: ("unavailable", "closures", SiteClosure),
    UNITS.name: ("unavailable", "outages", UnitOutage),
    CLINICIANS.name: ("leave", "leave", ClinicianLeave),
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
    defaults = {column.name: column.default for column in table.columns if column.default}
    for column, value in values.items():
        if ranged and column == ranged[0]:
            child_class = ranged[2]
            setattr(
                entity,
                ranged[1],
                [child_class(start=start, finish=finish) for start, finish in value or []],
            )
            continue
        if value is None and column in defaults:
            value = defaults[column]()  # an empty cell means the model's default, not NULL
        setattr(entity, renamed.get(column, column), value)


def key_of(table: Table, values: dict) -> tuple:
    """Return the row's identity: its id, or (practice, service) for demand."""
    return tuple(values[name] for name in table.key)
