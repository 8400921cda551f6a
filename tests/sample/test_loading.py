"""Loading the sample: a Monday start, its dates moved by whole weeks to that start, and the
scenario holding every row."""

from datetime import date

import pytest

from extensions import db
from inputs.models import Clinician, Site
from plans.bridge import scenario_instance
from sample.loading import SAMPLE_WEEKS, WEEKS_UNDER_WAY, default_start, load_sample


def test_the_sample_starts_on_a_monday(app):
    with pytest.raises(ValueError, match="must start on a Monday, not Tuesday 2027-01-05"):
        load_sample(date(2027, 1, 5))
    assert db.session.scalar(db.select(db.func.count()).select_from(Site)) == 0


def test_leave_moves_with_the_start_by_whole_weeks(app):
    scenario = load_sample(date(2027, 1, 11))  # a week after the CSVs' nominal start
    leave = db.session.get(Clinician, "c-derm-1").leave
    assert [(day.start, day.finish) for day in leave] == [
        (date(2027, 4, 5), date(2027, 4, 9)),
        (date(2027, 4, 26), date(2027, 4, 30)),
    ]
    assert scenario.weeks == SAMPLE_WEEKS
    assert scenario.closed_dates == ["2027-03-26", "2027-03-29"]  # Easter, within the 16 weeks
    assert len(scenario.clinicians) == db.session.scalar(
        db.select(db.func.count()).select_from(Clinician)
    )
    assert load_sample(date(2027, 1, 11)) is None  # once only


def test_the_sample_plans_its_clinics_follow_ups(app):
    instance = scenario_instance(load_sample(date(2027, 1, 4)))
    follow_ups = {row.service for row in instance.demand if row.kind == "follow_up"}
    clinics = {s.id for s in instance.services if s.unit_type == "outpatient"}
    assert follow_ups == clinics
    dermatology = instance.service_by_id["dermatology"]
    assert (dermatology.slots_per_session, dermatology.follow_up_slots) == (14, 6)
    new = sum(
        row.per_week
        for row in instance.demand
        if row.service == "dermatology" and row.kind == "new"
    )
    assert sum(instance.demand_per_week[p.id, "dermatology"] for p in instance.practices) == (
        pytest.approx(new * (1 + 1.33))
    )
    # 13,303 first attendances and 9,230 follow-ups over the cycle (docs/sample-data.md)
    assert sum(instance.demand_per_week.values()) * SAMPLE_WEEKS == pytest.approx(22_533, abs=1)


def test_by_default_the_tour_is_six_weeks_under_way():
    assert WEEKS_UNDER_WAY == 6
    for today in (date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 29)):  # Mon, Wed, Sun
        assert default_start(today) == date(2026, 10, 12)  # a Monday, six weeks before this week's
    assert default_start(date(2026, 11, 30)) == date(2026, 10, 19)
