"""Export the database's tables for spreadsheets."""

import sqlalchemy as sa

from extensions import db
from inputs.mapping import to_row
from inputs.tables import DEMAND, TABLES


def export_rows() -> dict[str, list[dict]]:
    """Return every table's rows, ordered by id, as the importer reads them."""
    rows = {}
    for table in TABLES:
        model = table.model
        order = (model.practice_id, model.service_id) if table is DEMAND else (model.id,)
        entities = db.session.scalars(sa.select(model).order_by(*order))
        rows[table.name] = [to_row(table, entity) for entity in entities]
    return rows
