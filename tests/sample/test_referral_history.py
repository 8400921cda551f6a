"""The sample's referral history: two years of working days drawn the same for a seed, with
its seasons, trend and planted outliers; copies that top up the desk's own referrals day by
day; rows that keep the model's rules; and `load-sample` adding them once."""

import math
import random
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from statistics import fmean, pvariance

import pytest
import sqlalchemy as sa

from booking.clocks import local_now
from booking.models import Referral
from extensions import db
from plans.calendar import bank_holidays
from plans.models import Scenario
from referral_analysis.models import PRIORITIES, Finding, ReferralCopy
from sample.referral_history import (
    AUGUST,
    BANK_HOLIDAY_WEEK,
    BUCKS,
    CHRISTMAS,
    HOSPITALS,
    OUTLIERS,
    SEED,
    SOURCE,
    WEST_HERTS,
    WINTER,
    add_referral_history,
    draw_referrals,
    history_weeks,
    poisson,
    scenario_demand,
    season,
    top_up,
    trend,
)
from tests.sample.conftest import NOW

TODAY = NOW.date()  # Wednesday 25 November 2026
THIS_MONDAY = date(2026, 11, 23)
LIMIT_998 = 3.09  # the funnel plot's 99.8% control limit, in standard deviations


def _demand(data) -> dict[tuple[str, str], float]:
    return {(r["practice"], r["service"]): float(r["per_week"]) for r in data["demand"]}


@pytest.fixture(scope="module")
def drawn(data):
    """The sample's history as drawn for TODAY with the default seed."""
    return draw_referrals(_demand(data), TODAY, random.Random(SEED))


def _weekly(drawn) -> dict[date, int]:
    """All referrals drawn, by the Monday of their week."""
    weeks = Counter()
    for (_, _, day), count in drawn.items():
        weeks[day - timedelta(days=day.weekday())] += count
    return weeks


def test_the_history_covers_104_whole_weeks_and_this_weeks_working_days_before_today(drawn):
    mondays = history_weeks(TODAY)
    assert len(mondays) == 105 and mondays[-1] == THIS_MONDAY
    assert mondays[0] == THIS_MONDAY - timedelta(weeks=104)
    days = {day for _, _, day in drawn}
    holidays = set(bank_holidays(mondays[0], 105))
    assert min(days) == mondays[0] and max(days) == TODAY - timedelta(days=1)
    assert all(day.weekday() < 5 and day not in holidays for day in days)
    assert len(days) == 104 * 5 + 2 - len(holidays)  # this Monday and Tuesday too


def test_one_seed_draws_one_history(data, drawn):
    assert draw_referrals(_demand(data), TODAY, random.Random(SEED)) == drawn
    assert draw_referrals(_demand(data), TODAY, random.Random(SEED + 1)) != drawn


@pytest.mark.parametrize("mean", [0.3, 4.0, 60.0])  # Knuth's, and the normal approximation
def test_poisson_draws_have_the_mean_and_variance_of_a_poisson_process(mean):
    rng = random.Random(1)
    draws = [poisson(mean, rng) for _ in range(20_000)]
    assert fmean(draws) == pytest.approx(mean, rel=0.05)
    assert pvariance(draws) == pytest.approx(mean, rel=0.08)
    assert min(draws) >= 0


def test_each_season_multiplies_its_weeks():
    holidays = set(bank_holidays(date(2025, 1, 6), 80))
    assert season(date(2025, 8, 11), holidays) == AUGUST
    assert season(date(2025, 8, 25), holidays) == AUGUST * BANK_HOLIDAY_WEEK  # the last Monday
    assert season(date(2025, 12, 22), holidays) == season(date(2025, 12, 29), holidays)
    assert season(date(2025, 12, 29), holidays) == CHRISTMAS
    assert season(date(2026, 1, 12), holidays) == WINTER
    assert season(date(2026, 5, 4), holidays) == BANK_HOLIDAY_WEEK  # early May
    assert season(date(2026, 10, 12), holidays) == 1.0
    assert season(date(2025, 7, 28), holidays) == 1.0  # Thursday 31 July: a July week


def test_august_and_christmas_are_quieter_than_the_mean_week(drawn):
    weekly = _weekly(drawn)
    whole = history_weeks(TODAY)[:-1]
    mean = fmean(weekly[m] for m in whole)
    august = [m for m in whole if (m + timedelta(days=3)).month == 8]
    christmas = [m for m in whole if date(m.year, 12, 22) <= m <= date(m.year, 12, 31)]
    assert len(august) >= 8 and len(christmas) == 4
    assert fmean(weekly[m] for m in august) < 0.85 * mean
    assert fmean(weekly[m] for m in christmas) < 0.6 * mean


def test_referrals_grow_by_about_3_percent_a_year_and_meet_the_demand_lately(data, drawn):
    weekly = _weekly(drawn)
    whole = history_weeks(TODAY)[:-1]
    older, latest = sum(weekly[m] for m in whole[:52]), sum(weekly[m] for m in whole[52:])
    assert 1.01 < latest / older < 1.05
    last_13 = whole[-13:]
    assert fmean(trend(m, TODAY) for m in last_13) == pytest.approx(1, abs=0.005)
    holidays = set(bank_holidays(whole[0], 104))
    expected = sum(_demand(data).values()) * sum(season(m, holidays) for m in last_13)
    assert sum(weekly[m] for m in last_13) == pytest.approx(expected, rel=0.03)


def _funnel_z(data, drawn, service: str, since: date) -> dict[str, float]:
    """Each practice's referrals to the service since the day against the area's rate per
    registered patient, in standard deviations of a Poisson count (a funnel plot's z)."""
    lists = {row["id"]: int(row["list_size"]) for row in data["practices"]}
    counts = defaultdict(int)
    for (practice, drawn_service, day), count in drawn.items():
        if drawn_service == service and day >= since:
            counts[practice] += count
    rate = sum(counts.values()) / sum(lists.values())
    return {p: (counts[p] - rate * n) / math.sqrt(rate * n) for p, n in lists.items()}


def test_the_planted_outliers_are_far_outside_the_funnel_and_most_others_within(data, drawn):
    two_years, one_year = history_weeks(TODAY)[0], THIS_MONDAY - timedelta(weeks=52)
    services = sorted({row["service"] for row in data["demand"]})
    others = []
    for service in services:
        for since in (two_years, one_year):
            z = _funnel_z(data, drawn, service, since)
            planted = {p: f for (p, s), f in OUTLIERS.items() if s == service}
            for practice, factor in planted.items():
                assert z[practice] * (1 if factor > 1 else -1) > LIMIT_998
                rest = [abs(v) for p, v in z.items() if p != practice]
                assert abs(z[practice]) > max(rest)  # the most extreme of its service
            others += [v for p, v in z.items() if p not in planted]
    within = [abs(v) <= LIMIT_998 for v in others]
    assert sum(within) >= 0.9 * len(within)


def test_each_desk_referral_stands_for_a_drawn_one_of_its_day_its_week_or_its_service():
    monday, tuesday, wednesday = THIS_MONDAY, THIS_MONDAY + timedelta(1), THIS_MONDAY + timedelta(2)
    drawn = {
        ("a", "x", monday): 3,
        ("a", "x", tuesday): 1,
        ("b", "x", monday): 2,
        ("a", "y", monday): 1,
        ("a", "x", monday - timedelta(weeks=1)): 4,  # another week: left alone
    }
    desk = {
        ("a", "x", monday): 1,  # one of its day's three
        ("a", "x", tuesday): 3,  # its day's one, then Monday's other two
        ("a", "y", tuesday): 2,  # Monday's one; then none left for service y: one extra
        ("c", "x", wednesday): 1,  # none of its practice's: one of b's, who has most left
    }
    assert top_up(drawn, desk) == {
        ("b", "x", monday): 1,
        ("a", "x", monday - timedelta(weeks=1)): 4,
    }


def _copies() -> Counter:
    rows = db.session.execute(
        sa.select(ReferralCopy.practice_id, ReferralCopy.service_id, ReferralCopy.referred_on)
    )
    return Counter(tuple(row) for row in rows)


def _service_week(key) -> tuple[str, date]:
    _, service, day = key
    return service, day - timedelta(days=day.weekday())


def _by_service_week(counts: Counter) -> Counter:
    weeks = Counter()
    for key, count in counts.items():
        weeks[_service_week(key)] += count
    return weeks


def test_the_desk_and_its_copies_follow_the_draw(sample_desk):
    sample_desk(publish_plan=False, most=300)  # a waiting list, no past: quick
    scenario = db.session.get(Scenario, "dacorum-sample")
    added = add_referral_history(scenario, TODAY)
    copies = _copies()
    assert added == sum(copies.values()) > 70_000
    drawn = Counter(draw_referrals(scenario_demand(scenario), TODAY, random.Random(SEED)))
    first = history_weeks(TODAY)[0]
    desk = Counter(
        tuple(row)
        for row in db.session.execute(
            sa.select(Referral.practice_id, Referral.service_id, Referral.referral_date).where(
                Referral.kind == "first",
                Referral.referral_date.between(first, TODAY - timedelta(days=1)),
            )
        )
    )
    assert sum(desk.values()) > 250 and any(desk[k] > drawn[k] for k in desk)
    for key in drawn | desk:
        assert desk[key] <= desk[key] + copies[key] <= max(desk[key], drawn[key])
    drawn_weeks, desk_weeks = _by_service_week(drawn), _by_service_week(desk)
    together = _by_service_week(desk + copies)
    for week in drawn_weeks | desk_weeks:
        assert together[week] == max(drawn_weeks[week], desk_weeks[week])
    desk_free = [key for key in drawn if _service_week(key) not in desk_weeks]
    assert desk_free and all(copies[key] == drawn[key] for key in desk_free)


def test_load_sample_adds_the_history_once_with_rows_that_keep_the_models_rules(runner):
    quick = ["load-sample", "--plan-seconds", "0", "--no-waiting-list"]
    output = runner.invoke(args=quick).output
    added = re.search(r"Added ([\d,]+) historical referrals \(two years, copies", output)
    assert added, output
    rows = db.session.execute(sa.select(*ReferralCopy.__table__.columns)).all()
    assert len(rows) == int(added.group(1).replace(",", "")) > 70_000
    assert "and 2 PUNs and DENs about the practices they flag" in output
    flagged = db.session.execute(sa.select(Finding.practice_id, Finding.service_id)).all()
    assert set(flagged) <= set(OUTLIERS) and len(flagged) == 2
    assert "loaded already" in runner.invoke(args=quick).output
    assert db.session.scalar(sa.select(sa.func.count(ReferralCopy.id))) == len(rows)
    assert db.session.scalar(sa.select(sa.func.count(Finding.id))) == 2
    today = local_now().date()
    assert all(r.priority in PRIORITIES and r.missed in (0, 1) for r in rows)
    assert all(r.source == SOURCE and r.referred_on < today for r in rows)
    seen = [r for r in rows if r.seen_on is not None]
    assert all(r.referred_on + timedelta(days=12) <= r.seen_on < today for r in seen)
    assert all(r.seen_at in (*HOSPITALS, BUCKS[1]) for r in seen)
    scans = {"xray", "ultrasound", "ct", "mri"}
    waits = [((r.seen_on - r.referred_on).days, r.service_id in scans) for r in seen]
    assert all(12 <= days <= 56 for days, scan in waits if scan)  # 2-8 weeks, to a weekday
    assert all(40 <= days <= 140 for days, scan in waits if not scan)  # 6-20 weeks
    assert all(r.seen_at is None for r in rows if r.seen_on is None)
    assert {r.provider for r in rows} == {WEST_HERTS, BUCKS[0]}
    assert sum(r.provider == WEST_HERTS for r in rows) > 0.9 * len(rows)
    assert 0.07 < sum(r.priority == "urgent" for r in rows) / len(rows) < 0.09
    held = [r for r in rows if r.seen_on is not None or r.missed]
    assert 0.055 < sum(r.missed for r in held) / len(held) < 0.075
    waiting = [r for r in rows if r.seen_on is None and not r.missed]
    assert waiting and all(r.referred_on > today - timedelta(weeks=21) for r in waiting)
    hemel = [r for r in seen if r.practice_id == "E82022" and r.provider == WEST_HERTS]
    assert Counter(r.seen_at for r in hemel).most_common(1)[0][0] == "Hemel Hempstead Hospital"
