"""The pure search: placing what was typed, and ordering sites and dates (no database)."""

from datetime import date, datetime, time, timedelta

import pytest

from clinics.search import (
    RESULT_SITES,
    WINDOW_WEEKS,
    Origin,
    QueryError,
    find_origin,
    search,
    soonest,
)
from clinics.timetable import Clinic, PublicService, PublicSite, Timetable

TODAY = date(2027, 1, 4)


def _site(site_id: str, lat: float, lon: float) -> PublicSite:
    return PublicSite(site_id, f"Site {site_id}", "Town", "HP1 1AA", "", lat, lon, ("outpatient",))


def _clinic(site_id: str, service_id: str, days: int, period: str = "AM", ids=(1,)) -> Clinic:
    day = TODAY + timedelta(days=days)
    start = time(9) if period == "AM" else time(13, 30)
    end = time(13) if period == "AM" else time(17, 30)
    return Clinic(
        site_id,
        service_id,
        day,
        period,
        datetime.combine(day, start),
        datetime.combine(day, end),
        ids,
    )


def _timetable(clinics, sites=None) -> Timetable:
    sites = sites or {
        "tring": _site("tring", 51.7925, -0.6480),
        "berko": _site("berko", 51.7593, -0.5690),
        "hemel": _site("hemel", 51.7509, -0.4686),
    }
    services = {
        "derm": PublicService("derm", "Dermatology clinic", "outpatient"),
        "ent": PublicService("ent", "ENT clinic", "outpatient"),
    }
    ordered = tuple(sorted(clinics, key=lambda c: (c.date, c.start)))
    return Timetable("v1", sites, services, ordered, ())


@pytest.mark.parametrize("text", ["HP23 5JD", "hp23 5jd", "HP235JD", "  hp23   5JD ", "Hp235Jd"])
def test_postcodes_in_any_case_or_spacing_find_the_same_place(text):
    origin = find_origin(text)
    assert origin.label == "HP23 5JD" and origin.in_area
    assert origin.location.kind == "postcode"


def test_a_town_name_is_placed_at_its_centre():
    origin = find_origin("tring")
    assert origin.label == "Tring" and origin.location.precision == "place" and origin.in_area


@pytest.mark.parametrize("text", ["HP23 5JDX", "H23 5J", "12345", "HP23 5CI"])
def test_a_malformed_postcode_says_what_a_postcode_looks_like(text):
    with pytest.raises(QueryError, match="not a valid UK postcode. A postcode looks like"):
        find_origin(text)


def test_a_letter_o_for_a_zero_is_pointed_out():
    with pytest.raises(QueryError, match="mistyped as the letter O"):
        find_origin("HP23 OJD")


def test_zz99_pseudo_postcodes_are_refused_with_a_reason():
    with pytest.raises(QueryError, match="ZZ99 postcodes do not say where someone lives"):
        find_origin("zz99 3vz")


def test_a_valid_postcode_outside_the_tables_is_not_an_error():
    origin = find_origin("sw1a 1aa")
    assert origin == Origin("SW1A 1AA", None) and not origin.in_area


def test_a_place_outside_dacorum_is_placed_but_marked_outside():
    origin = find_origin("Chesham")
    assert origin.location is not None and not origin.in_area


def test_an_unknown_town_gets_suggestions():
    with pytest.raises(QueryError, match="cannot find a place called 'Trnig'") as caught:
        find_origin("Trnig")
    assert caught.value.suggestions[0] == "Tring"


def test_sites_are_ordered_by_distance_with_dates_in_order():
    clinics = [
        _clinic("hemel", "derm", 1),
        _clinic("tring", "derm", 9),
        _clinic("tring", "derm", 2, "PM"),
        _clinic("berko", "ent", 3),
    ]
    answer = search(_timetable(clinics), find_origin("Tring"), None, TODAY)
    assert [r.site.id for r in answer.sites] == ["tring", "berko", "hemel"]
    distances = [r.distance_km for r in answer.sites]
    assert distances == sorted(distances) and distances[0] < 1
    tring = answer.sites[0].services[0]
    assert [c.date for c in tring.clinics] == [TODAY + timedelta(days=2), TODAY + timedelta(9)]
    assert answer.sites[0].distance_miles == pytest.approx(distances[0] / 1.609344)


def test_a_chosen_service_leaves_out_sites_without_it():
    clinics = [_clinic("tring", "ent", 1), _clinic("hemel", "derm", 2)]
    answer = search(_timetable(clinics), find_origin("Tring"), "derm", TODAY)
    assert [r.site.id for r in answer.sites] == ["hemel"]
    assert answer.service.name == "Dermatology clinic"


def test_past_clinics_and_those_beyond_the_window_are_not_listed():
    end = WINDOW_WEEKS * 7
    clinics = [_clinic("tring", "derm", -1), _clinic("tring", "derm", end)]
    answer = search(_timetable(clinics), find_origin("Tring"), "derm", TODAY)
    assert answer.sites == ()
    assert answer.next_later.date == TODAY + timedelta(days=end)
    assert answer.next_later_site.id == "tring" and answer.offered


def test_a_service_with_no_clinic_to_come_is_not_offered():
    answer = search(_timetable([_clinic("tring", "ent", 1)]), find_origin("Tring"), "derm", TODAY)
    assert answer.sites == () and answer.next_later is None and not answer.offered


def test_without_a_place_the_soonest_sites_come_first():
    clinics = [_clinic("tring", "derm", 5), _clinic("hemel", "derm", 1)]
    answer = search(_timetable(clinics), find_origin("SW1A 1AA"), "derm", TODAY)
    assert [r.site.id for r in answer.sites] == ["hemel", "tring"]
    assert all(r.distance_km is None for r in answer.sites)


def test_at_most_five_sites_are_listed():
    sites = {f"s{i}": _site(f"s{i}", 51.70 + i / 100, -0.5) for i in range(8)}
    clinics = [_clinic(site_id, "derm", 1) for site_id in sites]
    answer = search(_timetable(clinics, sites), find_origin("HP4"), None, TODAY)
    assert len(answer.sites) == RESULT_SITES


def test_the_soonest_clinic_with_room_is_highlighted():
    first, second = _clinic("tring", "derm", 1), _clinic("hemel", "derm", 2)
    assert soonest((second, first), {first: 3, second: 5}) == first
    assert soonest((second, first), {first: 0, second: 5}) == second
    assert soonest((second, first), {first: 0, second: 0}) == first
    assert soonest((), {}) is None
