"""Every table is exported, its rows in a steady order, as the importer reads them."""

from inputs.exporter import export_rows
from inputs.tables import TABLES


def test_an_empty_database_exports_every_table_empty(app):
    assert export_rows() == {table.name: [] for table in TABLES}


def test_rows_come_ordered_by_id_and_demand_by_practice_then_service(world):
    rows = export_rows()
    assert [row["id"] for row in rows["sites"]] == ["S01", "S02", "S03"]
    assert [(row["practice"], row["service"]) for row in rows["demand"]] == [
        ("E82001", "dermatology"),
        ("E82022", "dermatology"),
        ("E82022", "xray"),
    ]
    site = rows["sites"][0]
    assert (site["name"], site["pads"], site["unit_types"]) == (
        "Hemel Hempstead Hospital",
        2,
        ["outpatient", "radiology"],
    )
