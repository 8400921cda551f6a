"""Each clause of the hard rules on hand-made entities: once where it holds, once broken."""

from __future__ import annotations

from datetime import date

from scheduler import Clinician, DateRange, Horizon, Service, Site, Unit
from scheduler.rules.hard import (
    can_fill,
    can_staff,
    capability_fits,
    over_pads,
    over_week_limit,
    pads_left,
    room_exists,
    runs,
    setup_days,
    site_hosts,
    site_unavailable,
    travel_over,
    type_fits,
    unit_unavailable,
    visits_missing,
    visits_short,
    week_sessions_left,
    works_then,
)

MONDAY = date(2027, 1, 4)
# Friday of week 0 is closed, so week 0 has four working days.
HORIZON = Horizon(MONDAY, 2, ("Mon", "Tue", "Wed", "Thu", "Fri"), closed_dates=(date(2027, 1, 8),))
# Saturday of week 1: touches week 1 only.
SATURDAY = DateRange(date(2027, 1, 16), date(2027, 1, 16))
SITE = Site("a", None, "Alpha", None, 51.75, -0.47, 1, ("outpatient",), (SATURDAY,), min_weeks=2)
UNIT = Unit("op-1", None, "outpatient", 2, ("xray",), setup_days=2, unavailable=(SATURDAY,))
SCANNER = Unit("mri-1", None, "radiology", 1, ("mri",))
XRAY = Service("xray", None, "outpatient", "xray", 10, ("radiography",))
THEATRE = Service("ortho", None, "outpatient", None, 4, ("surgery", "anaesthesia"))


def clinician(**changes) -> Clinician:
    fields = {
        "id": "c-1",
        "name": None,
        "skills": ("surgery",),
        "base_lat": 51.75,
        "base_lon": -0.47,
        "max_travel_km": 5.0,
        "availability": ("Mon-AM",),
        "max_sessions_per_week": 3,
        "leave": (DateRange(date(2027, 1, 11), date(2027, 1, 11)),),
    }
    return Clinician(**(fields | changes))


def test_rule_2_a_unit_is_free_in_a_week_clear_of_its_unavailable_dates():
    assert unit_unavailable(HORIZON, UNIT, 0) is None


def test_rule_2_a_week_touching_the_units_unavailable_dates_is_caught():
    assert unit_unavailable(HORIZON, UNIT, 1) == SATURDAY


def test_rule_3_a_site_hosts_its_unit_types_only():
    assert site_hosts(SITE, UNIT)
    assert not site_hosts(SITE, SCANNER)


def test_rule_3_a_site_is_open_in_weeks_clear_of_its_unavailable_dates_only():
    assert site_unavailable(HORIZON, SITE, 0) is None
    assert site_unavailable(HORIZON, SITE, 1) == SATURDAY


def test_rule_3_a_site_holds_up_to_its_pads():
    assert not over_pads(SITE, 1)
    assert over_pads(SITE, 2)
    assert [pads_left(SITE, held) for held in (0, 1, 2)] == [1, 0, -1]  # what models allow


def test_rule_4_setup_days_are_the_first_working_days_of_the_week():
    assert setup_days(HORIZON, UNIT, 0) == (MONDAY, date(2027, 1, 5))
    assert setup_days(HORIZON, SCANNER, 0) == ()


def test_rule_5_rooms_lie_in_range():
    assert room_exists(UNIT, 0) and room_exists(UNIT, 1)
    assert not room_exists(UNIT, 2)
    assert not room_exists(UNIT, -1)


def test_rule_6_a_unit_runs_a_service_of_its_type_and_capability():
    assert type_fits(UNIT, XRAY) and capability_fits(UNIT, XRAY) and runs(UNIT, XRAY)


def test_rule_6_a_wrong_type_or_missing_capability_is_caught():
    assert not type_fits(SCANNER, XRAY) and not runs(SCANNER, XRAY)
    plain = Unit("op-2", None, "outpatient", 1)
    assert type_fits(plain, XRAY) and not capability_fits(plain, XRAY) and not runs(plain, XRAY)


def test_rule_7_a_team_matches_the_staff_one_to_one():
    assert can_staff(THEATRE.staff, [frozenset({"anaesthesia"}), frozenset({"surgery"})])


def test_rule_7_a_team_of_the_wrong_size_or_skills_is_caught():
    both = frozenset({"surgery", "anaesthesia"})
    assert not can_staff(THEATRE.staff, [both])
    assert not can_staff(THEATRE.staff, [frozenset({"surgery"}), frozenset({"surgery"})])


def test_rule_7_a_pool_can_fill_the_staff_only_with_distinct_clinicians():
    both = frozenset({"surgery", "anaesthesia"})
    assert can_fill(THEATRE.staff, [both, frozenset({"surgery"}), frozenset()])
    assert not can_fill(THEATRE.staff, [both])


def test_rule_7_a_clinician_works_their_job_plan_off_leave():
    c = clinician()
    assert works_then(c, MONDAY, "AM")
    assert not works_then(c, MONDAY, "PM")
    assert not works_then(c, date(2027, 1, 11), "AM")


def test_rule_7_travel_beyond_the_limit_is_caught_when_limit_and_base_are_set():
    far = Site("far", None, "Far", None, 51.90, -0.47, 1, ("outpatient",))
    assert travel_over(clinician(), SITE) is None
    assert travel_over(clinician(), far) > 5.0
    assert travel_over(clinician(max_travel_km=None), far) is None
    assert travel_over(clinician(base_lat=None, base_lon=None), far) is None


def test_rule_7_sessions_a_week_up_to_the_limit():
    assert not over_week_limit(clinician(), 3)
    assert over_week_limit(clinician(), 4)
    assert not over_week_limit(clinician(max_sessions_per_week=None), 99)
    assert [week_sessions_left(clinician(), n) for n in (0, 3, 4)] == [3, 0, -1]
    assert week_sessions_left(clinician(max_sessions_per_week=None), 99) is None


def test_rule_8_a_site_needs_its_minimum_weeks():
    assert not visits_short(SITE, 2)
    assert visits_short(SITE, 1)
    assert [visits_missing(SITE, weeks) for weeks in (0, 1, 2, 3)] == [2, 1, 0, 0]
