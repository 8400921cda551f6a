"""Date ranges with FHIR's prefixes, paging and searchset bundles."""

from datetime import datetime

import pytest
from werkzeug.datastructures import MultiDict

from fhir_api.outcomes import FhirError
from fhir_api.search import Window, bundle, date_window, page, token_code


def _refusal(values: list[str]) -> FhirError:
    with pytest.raises(FhirError) as caught:
        date_window(values, "start")
    assert caught.value.status == 422
    assert caught.value.issues[0].expression == "start"
    return caught.value


def test_a_day_range_runs_to_the_end_of_its_last_day():
    window = date_window(["ge2027-01-04", "le2027-01-18"], "start")
    assert window == Window(datetime(2027, 1, 4), datetime(2027, 1, 19))


def test_strict_bounds_and_single_days():
    assert date_window(["gt2027-01-04", "lt2027-01-06"], "start") == Window(
        datetime(2027, 1, 5), datetime(2027, 1, 6)
    )
    assert date_window(["2027-01-04"], "start") == Window(
        datetime(2027, 1, 4), datetime(2027, 1, 5)
    )


def test_times_with_a_zone_are_read_on_the_clinics_clock():
    window = date_window(["ge2027-07-01T08:00:00Z", "lt2027-07-01T12:00:00+01:00"], "start")
    assert window == Window(datetime(2027, 7, 1, 9), datetime(2027, 7, 1, 12))  # BST


def test_fourteen_days_are_allowed_and_fifteen_refused():
    date_window(["ge2027-01-04T00:00:00Z", "le2027-01-18T00:00:00Z"], "start")
    assert _refusal(["ge2027-01-04", "le2027-01-19"]).issues[0].code == "too-costly"


@pytest.mark.parametrize(
    "values",
    [
        [],
        ["ge2027-01-04"],
        ["le2027-01-04"],
        ["ge2027-01-04", "ge2027-01-05", "le2027-01-06"],
        ["ge2027-01-10", "le2027-01-04"],
        ["ge2027-13-01", "le2027-13-02"],
        ["ne2027-01-04", "le2027-01-05"],
        ["ge2027-01", "le2027-02"],
    ],
)
def test_ranges_that_cannot_be_searched_name_the_parameter(values):
    assert _refusal(values).issues[0].diagnostics


def test_paging_bounds():
    assert page(MultiDict()) == (100, 0)
    assert page(MultiDict({"_count": "10", "_offset": "20"})) == (10, 20)
    for bad in ({"_count": "0"}, {"_count": "501"}, {"_count": "x"}, {"_offset": "-1"}):
        with pytest.raises(FhirError):
            page(MultiDict(bad))


def test_tokens_of_another_system_match_nothing():
    assert token_code("ortho", "urn:s") == "ortho"
    assert token_code("urn:s|ortho", "urn:s") == "ortho"
    assert token_code("|ortho", "urn:s") == "ortho"
    assert token_code("urn:other|ortho", "urn:s") == ""


def test_an_empty_searchset_has_no_entry_array():
    found = bundle([], "http://x/fhir/Slot")
    assert found["total"] == 0 and "entry" not in found
    found = bundle([("u", {"resourceType": "Slot"})], "s", total=5, next_url="n")
    assert found["total"] == 5 and found["link"][1] == {"relation": "next", "url": "n"}


def test_an_open_range_where_no_limit_is_set():
    assert date_window(["ge2027-01-04"], "date", max_days=None) == Window(
        datetime(2027, 1, 4), datetime.max
    )
    assert date_window(["lt2027-01-04"], "date", max_days=None) == Window(
        datetime.min, datetime(2027, 1, 4)
    )
    assert date_window([], "date", max_days=None) == Window(datetime.min, datetime.max)
    wide = date_window(["ge2027-01-04", "le2028-01-04"], "date", max_days=None)
    assert wide == Window(datetime(2027, 1, 4), datetime(2028, 1, 5))
    with pytest.raises(FhirError):
        date_window(["ge2027-01-04", "ge2027-01-05"], "date", max_days=None)
