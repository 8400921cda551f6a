"""The six tables: each column held by its model, keys among the columns, and an order in
which every table comes after those it refers to."""

import sqlalchemy as sa

from inputs.tables import DEMAND, TABLES, TABLES_BY_NAME

# Columns a model holds under another name, or in a child table of date ranges.
ELSEWHERE = {"practice": "practice_id", "service": "service_id"}


def test_every_column_is_held_by_the_tables_model():
    for table in TABLES:
        held = set(sa.inspect(table.model).attrs.keys())
        missing = {
            name
            for name in table.column_names
            if ELSEWHERE.get(name, name) not in held and name not in ("unavailable", "leave")
        }
        assert missing == set(), table.name
        assert set(table.key) <= set(table.column_names), table.name


def test_tables_come_after_the_tables_they_refer_to():
    order = [table.name for table in TABLES]
    assert order.index("demand") > max(order.index("practices"), order.index("services"))
    assert order.index("clinicians") > order.index("services")
    assert TABLES_BY_NAME["demand"] is DEMAND and DEMAND.key == ("practice", "service")
    assert len(TABLES_BY_NAME) == len(TABLES) == 6
