"""Each entity table's pages (demand has its grid instead): a field for every column, in the
table's order, and the list's columns among them."""

from inputs.entities import KINDS
from inputs.tables import TABLES


def test_every_column_of_every_table_has_a_field():
    for kind in KINDS.values():
        assert tuple(kind.fields) == kind.table.column_names, kind.name
        assert set(kind.listed) <= set(kind.fields) and kind.listed[0] == "id"


def test_every_table_has_its_pages_named_after_it():
    assert list(KINDS) == [table.name for table in TABLES][:-1]  # demand has its own grid
    site = KINDS["sites"]
    assert (site.name, site.singular, site.plural) == ("sites", "site", "Sites")
    assert site.label("pads") == "Pads" and KINDS["practices"].label("id") == "ODS code"
