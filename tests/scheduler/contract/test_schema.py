"""The contract's field rules (`contract/schema.py`): each reader names the field's path when a
value breaks its rule, and sites and practices state their place fields once."""

from __future__ import annotations

import pytest

from scheduler.contract import schema
from scheduler.contract.fields import Fields


@pytest.mark.parametrize(
    ("reader", "good", "bad", "says"),
    [
        (schema.at_least(1), 2, 0, "sites[0].pads"),
        (schema.degrees(90), 51.75, 91.0, "sites[0].lat"),
        (schema.one_of(schema.UNIT_TYPES, "unit type"), "theatre", "bus", "units[0].type"),
        (schema.availability, ["Mon-AM"], ["Mon-EVE"], "clinicians[0].availability[0]"),
    ],
)
def test_a_reader_takes_a_good_value_and_names_the_path_of_a_bad_one(reader, good, bad, says):
    fields = Fields()
    reader(fields, good, says)
    assert fields.problems == []
    reader(fields, bad, says)
    assert len(fields.problems) == 1 and fields.problems[0].startswith(says)  # or an item of it


def test_sites_and_practices_share_their_place_fields_in_one_order():
    def keys(specs):
        return [spec.key for spec in specs]

    place = keys(schema.PLACE)
    assert place == ["name", "locality", "postcode", "lat", "lon"]
    assert keys(schema.SITE)[1:6] == place and keys(schema.PRACTICE)[1:6] == place
