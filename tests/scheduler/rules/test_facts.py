"""Facts: the calendar, openings, skills and reach that every model reads."""

from __future__ import annotations

from datetime import date

from scheduler.rules.facts import Facts


def test_working_half_days_skip_closed_dates(tiny):
    facts = Facts(tiny)
    assert len(facts.halfdays[0]) == 8  # Friday 2027-01-08 is closed
    assert facts.halfdays[1][0] == (date(2027, 1, 11), "AM")


def test_units_and_sites_stand_only_in_open_weeks_of_matching_types(tiny):
    facts = Facts(tiny)
    assert facts.unit_weeks["rad-1"] == frozenset({0})  # off the road on Sunday of week 1
    assert facts.site_weeks["b"] == frozenset({0})  # closed on Saturday of week 1
    assert facts.stand_weeks["op-1", "b"] == (0,)
    assert ("rad-1", "b") not in facts.stand_weeks  # b hosts outpatients only
    # the same, by unit-week: every site in order, and no entry for a week with none
    triples = {(u, s, w) for (u, w), sites in facts.stand_sites.items() for s in sites}
    assert triples == {(u, s, w) for (u, s), ws in facts.stand_weeks.items() for w in ws}
    assert all(list(sites) == sorted(sites) and sites for sites in facts.stand_sites.values())
    assert ("rad-1", 1) not in facts.stand_sites
    assert "b" in facts.stand_sites["op-1", 0]


def test_setup_half_days_are_the_first_working_days(tiny):
    facts = Facts(tiny)
    assert facts.setup_halfdays("op-1", 0) == {(date(2027, 1, 4), "AM"), (date(2027, 1, 4), "PM")}
    assert facts.setup_halfdays("op-2", 0) == frozenset()


def test_clinicians_free_half_days_and_weekly_capacity(tiny):
    facts = Facts(tiny)
    assert len(facts.clinician_halfdays["c-derm-2", 1]) == 2  # Tuesdays only
    assert (date(2027, 1, 13), "AM") not in facts.clinician_halfdays["c-derm-1", 1]  # leave
    assert facts.clinician_cap("c-derm-1", 0) == 3  # weekly limit
    assert facts.clinician_cap("c-mri-1", 0) == 8  # eight working half-days
    assert facts.clinician_sites["c-nurse-1"] == frozenset({"a"})


def test_reach_and_waiting_windows(tiny):
    facts = Facts(tiny)
    assert facts.reach["P1", "derm"] == ("a", "b")
    assert facts.pools("derm") and facts.pools("mri")  # W=2: a wait of 1 week reaches all
    assert facts.staffable == {"derm", "diab", "mri"}


def test_short_waits_keep_a_window_of_weeks():
    from dataclasses import replace

    from tests.scheduler.planner_instances import one_clinic

    instance = one_clinic(weeks=12)
    instance = replace(instance, services=(replace(instance.services[0], max_wait_weeks=6),))
    facts = Facts(instance)
    assert not facts.pools("derm")
    assert facts.wait_weeks("derm", 9) == (9, 10, 11, 0, 1, 2, 3)
