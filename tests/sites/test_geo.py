"""Tests for sites.geo: postcodes, partial postcodes and place names."""

import pytest

from sites.geo import (
    GeoError,
    Location,
    OutsideAreaError,
    PostcodeError,
    UnknownPlaceError,
    locate,
    normalise_postcode,
    parse_postcode_or_partial,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HP23 5JD", "HP23 5JD"),
        ("hp235jd", "HP23 5JD"),
        ("  hp23   5jd ", "HP23 5JD"),
        ("Hp2 4aD", "HP2 4AD"),
        ("wd48et", "WD4 8ET"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("W1A 0AX", "W1A 0AX"),
    ],
)
def test_normalise_postcode_accepts_any_case_and_spacing(text, expected):
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text", ["", "HP23", "HP23 5", "HP23 5J", "HP23 5JDX", "12345", "HP23-5JD"]
)
def test_normalise_postcode_rejects_malformed_or_partial(text):
    with pytest.raises(PostcodeError):
        normalise_postcode(text)


def test_malformed_message_is_plain_english():
    with pytest.raises(PostcodeError, match="not a valid UK postcode.*looks like HP23 5JD"):
        normalise_postcode("HP23 5J")


def test_letter_o_for_zero_gets_a_hint():
    with pytest.raises(PostcodeError, match="letter O"):
        normalise_postcode("HP3 OHJ")


def test_sector_given_where_full_postcode_needed_says_so():
    with pytest.raises(PostcodeError, match="only a postcode sector"):
        normalise_postcode("hp23 5")


@pytest.mark.parametrize("text", ["ZZ99 3VZ", "zz993wz", "ZZ99"])
def test_zz99_pseudo_postcodes_are_refused_with_specific_message(text):
    with pytest.raises(PostcodeError, match="no fixed abode"):
        normalise_postcode(text)
    with pytest.raises(PostcodeError, match="ZZ99"):
        locate(text)


def test_errors_are_value_errors_for_form_validation():
    assert issubclass(PostcodeError, GeoError)
    assert issubclass(GeoError, ValueError)


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("hp235jd", "postcode", "HP23 5JD"),
        ("HP23 5", "sector", "HP23 5"),
        ("hp23 5", "sector", "HP23 5"),
        ("HP235", "sector", "HP23 5"),
        ("HP23", "district", "HP23"),
        ("al3", "district", "AL3"),
        ("HP25", "sector", "HP2 5"),  # no district HP25 is known, so read as a sector of HP2
        ("HP2 5", "sector", "HP2 5"),
    ],
)
def test_parse_accepts_postcodes_sectors_and_districts(text, kind, label):
    query = parse_postcode_or_partial(text)
    assert (query.kind, query.label) == (kind, label)


def test_parse_splits_the_parts():
    query = parse_postcode_or_partial("hp23 5jd")
    assert (query.district, query.sector, query.postcode) == ("HP23", "HP23 5", "HP23 5JD")


def test_locate_exact_postcode_uses_its_point():
    location = locate("hp2 4ad")
    assert location == Location("HP2 4AD", 51.7509, -0.4686, "postcode", True, "exact")


def test_locate_unknown_postcode_falls_back_to_sector_point():
    location = locate("AL3 8ZZ")
    assert (location.precision, location.in_area) == ("sector", True)
    assert (location.lat, location.lon) == (51.8330, -0.4560)


def test_locate_sector_with_only_known_postcodes_uses_their_mean():
    location = locate("HP4 3")  # Milton House HP4 3BY and Boxwell Road HP4 3EU
    assert location.kind == "sector" and location.precision == "sector"
    assert location.lat == pytest.approx((51.7593 + 51.7612) / 2)
    assert location.lon == pytest.approx((-0.5690 + -0.5706) / 2)


def test_locate_postcode_in_unknown_sector_falls_back_to_district():
    location = locate("HP4 9ZZ")
    assert location.precision == "district"
    assert (location.lat, location.lon) == (51.7678, -0.5686)


def test_locate_district():
    location = locate("HP23")
    assert location == Location("HP23", 51.7955, -0.6613, "district", True, "district")


def test_sector_level_site_postcode_is_placed():
    location = locate("HP3 8")
    assert (location.lat, location.lon, location.in_area) == (51.75, -0.43, True)


def test_neighbouring_district_is_placed_but_outside_area():
    location = locate("HP5 1AA")  # Chesham
    assert location.in_area is False
    assert location.precision == "district"


def test_partial_district_outside_its_dacorum_sector_is_outside_area():
    assert locate("AL3 5PN").in_area is False  # St Albans City Hospital side of AL3
    assert locate("AL3 8LJ").in_area is True  # Markyate
    assert locate("WD4 9HA").in_area is True  # Kings Langley, a partial district


def test_postcode_far_outside_area_raises():
    with pytest.raises(OutsideAreaError, match="SW1A"):
        locate("SW1A 1AA")


def test_malformed_query_with_digits_is_a_postcode_error():
    with pytest.raises(PostcodeError):
        locate("HP23 5JDX")


@pytest.mark.parametrize(
    ("query", "label", "in_area"),
    [
        ("Tring", "Tring", True),
        ("BERKHAMSTED", "Berkhamsted", True),
        ("  little   gaddesden ", "Little Gaddesden", True),
        ("Leverstock Green", "Leverstock Green", True),
        ("Chesham", "Chesham", False),
        ("Pitstone", "Pitstone", False),
    ],
)
def test_locate_town_and_village_names(query, label, in_area):
    location = locate(query)
    assert (location.label, location.kind, location.precision) == (label, "place", "place")
    assert location.in_area is in_area


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("Hemel", "Hemel Hempstead"),
        ("hemel", "Hemel Hempstead"),
        ("King's Langley", "Kings Langley"),
        ("kings langley", "Kings Langley"),
        ("Berko", "Berkhamsted"),
        ("Bennett's End", "Bennetts End"),
        ("Grove Hill", "Grovehill"),
    ],
)
def test_locate_aliases_and_punctuation(query, label):
    assert locate(query).label == label


def test_places_with_surgeries_use_shared_points():
    assert (locate("Markyate").lat, locate("Markyate").lon) == (51.8364, -0.4584)


def test_unknown_place_offers_suggestions():
    with pytest.raises(UnknownPlaceError) as caught:
        locate("Hemel Hemstead")
    assert caught.value.suggestions[0] == "Hemel Hempstead"
    assert "Did you mean Hemel Hempstead" in str(caught.value)


def test_partial_place_name_suggests_every_match():
    with pytest.raises(UnknownPlaceError) as caught:
        locate("Gaddesden")
    assert {"Great Gaddesden", "Little Gaddesden"} <= set(caught.value.suggestions)


def test_unknown_place_without_near_match_has_no_suggestions():
    with pytest.raises(UnknownPlaceError) as caught:
        locate("Xyzzy")
    assert caught.value.suggestions == ()


def test_empty_query_is_refused():
    with pytest.raises(UnknownPlaceError, match="Enter a postcode"):
        locate("   ")
