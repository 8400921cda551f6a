"""The RTT and diagnostic clock rules, one test per rule."""

from datetime import date, timedelta

import pytest

from pathways.rtt import (
    STOPS,
    ClockError,
    DnaPolicy,
    Event,
    band,
    band_label,
    clock,
)

REFERRED = date(2027, 1, 4)


def day(n: int) -> date:
    return REFERRED + timedelta(days=n)


def pathway(*steps: tuple[str, int]) -> list[Event]:
    return [Event("referred", REFERRED)] + [Event(kind, day(n)) for kind, n in steps]


def test_the_clock_starts_when_the_referral_is_received_and_runs():
    c = clock(pathway(("booked", 3)))
    assert c.started == REFERRED and c.running
    assert c.days_waited(day(40)) == 40 and c.weeks_waited(day(40)) == 5
    assert c.breach_date() == REFERRED + timedelta(weeks=18, days=1)


@pytest.mark.parametrize("kind", sorted(STOPS))
def test_each_clock_stop_stops_it_on_its_day_with_its_reason(kind):
    c = clock(pathway(("attended", 20), (kind, 30)))
    assert not c.running
    assert c.stopped == day(30) and c.stop_reason == STOPS[kind]
    assert c.days_waited(day(400)) == 30  # a stopped clock waits no longer


def test_a_first_appointment_dna_nullifies_the_clock_and_ends_the_pathway():
    events = pathway(("booked", 2), ("dna", 20))
    c = clock(events)
    assert c.nullified and not c.running and c.stopped is None
    with pytest.raises(ClockError, match="first appointment's DNA"):
        clock([*events, Event("booked", day(21))])


def test_a_later_dna_keeps_the_clock_running_then_policy_discharges():
    c = clock(pathway(("attended", 10), ("follow_up", 10), ("dna", 50)))
    assert c.running and c.later_dnas == 1 and c.next_after_dna == "rebook"
    c = clock(pathway(("attended", 10), ("follow_up", 10), ("dna", 50), ("dna", 80)))
    assert c.running and c.later_dnas == 2 and c.next_after_dna == "discharge"
    c = clock(pathway(("attended", 10), ("dna", 50)), DnaPolicy(rebookings=0))
    assert c.next_after_dna == "discharge"


def test_an_attendance_after_a_later_dna_clears_the_policy_step():
    c = clock(pathway(("attended", 10), ("dna", 50), ("attended", 60)))
    assert c.next_after_dna is None and c.later_dnas == 1


@pytest.mark.parametrize("kind", ["cancelled_by_patient", "cancelled_by_service"])
def test_cancellations_by_either_side_leave_the_clock_running(kind):
    c = clock(pathway(("booked", 2), (kind, 5), ("booked", 6), (kind, 30)))
    assert c.running and c.days_waited(day(31)) == 31 and not c.nullified


def test_one_clock_runs_across_clinic_diagnostics_and_day_case():
    c = clock(
        pathway(
            ("attended", 21),
            ("refer_on_diagnostic", 21),
            ("diagnostic_done", 60),  # 39 days: within the 6-week standard
            ("attended", 70),
            ("decision_to_treat", 70),
            ("refer_on_day_case", 70),
        )
    )
    assert c.running and c.days_waited(day(100)) == 100
    assert not c.within_standard(day(127)) and c.within_standard(day(126))
    (test,) = c.diagnostics
    assert test.done == day(60) and test.weeks_waited(day(200)) == 5
    assert not test.over_six_weeks(day(200))
    stopped = clock(
        pathway(
            ("attended", 21),
            ("refer_on_diagnostic", 21),
            ("diagnostic_done", 60),
            ("attended", 70),
            ("decision_to_treat", 70),
            ("treated", 110),
        )
    )
    assert stopped.stopped == day(110) and stopped.within_standard(day(500))


def test_care_after_treatment_is_off_the_clock_until_a_discharge_ends_the_pathway():
    c = clock(
        pathway(("attended", 9), ("treated", 30), ("follow_up", 30), ("booked", 31), ("dna", 70))
    )
    assert c.stopped == day(30) and c.stop_reason == "first definitive treatment"
    assert c.later_dnas == 0  # the DNA was off the clock
    ended = pathway(("attended", 9), ("treated", 30), ("discharged", 80), ("booked", 90))
    with pytest.raises(ClockError, match=f"the pathway ended on {day(80)} .discharged"):
        clock(ended)


def test_a_diagnostic_clock_breaches_at_six_weeks():
    c = clock(pathway(("attended", 7), ("refer_on_diagnostic", 7)))
    (test,) = c.diagnostics
    assert test.done is None
    assert not test.over_six_weeks(day(7 + 41)) and test.over_six_weeks(day(7 + 42))


@pytest.mark.parametrize(
    ("events", "says"),
    [
        (pathway(("discharged", 5)), "an outcome needs an attendance first"),
        (pathway(("attended", 9), ("booked", 5)), "before the event it follows"),
        (pathway(("attended", 9), ("discharged", 9), ("booked", 20)), "the pathway ended"),
        (pathway(("attended", 9), ("lost", 10)), "not an event of a running pathway"),
        (pathway(("attended", 9), ("referred", 10)), "not an event of a running pathway"),
        (pathway(("attended", 9), ("diagnostic_done", 10)), "no diagnostic was requested"),
        ([Event("attended", REFERRED)], "starts with its referral"),
    ],
)
def test_impossible_events_are_refused_naming_the_event(events, says):
    with pytest.raises(ClockError, match=says) as refused:
        clock(events)
    assert refused.value.event in events


def test_no_events_is_refused():
    with pytest.raises(ValueError, match="no events"):
        clock([])


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, (0, 6)),
        (42, (0, 6)),
        (43, (6, 12)),
        (126, (12, 18)),  # 18 weeks to the day: within the standard
        (127, (18, 26)),
        (364, (26, 52)),
        (365, (52, None)),
    ],
)
def test_waits_fall_in_the_reports_bands_as_nhs_england_counts_them(days, expected):
    assert band(days) == expected
    c = clock(pathway())
    assert c.within_standard(day(days)) == (expected[1] is not None and expected[1] <= 18)


def test_band_labels_and_negative_waits():
    assert band_label(0, 6) == "up to 6 weeks" and band_label(6, 12) == "over 6 to 12 weeks"
    assert band_label(52, None) == "over 52 weeks"
    with pytest.raises(ValueError, match="-1 days"):
        band(-1)
