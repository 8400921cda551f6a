"""Crude referral rates per practice against the area's, with their funnel limits."""

from datetime import date

import pytest
import sqlalchemy as sa

from extensions import db
from inputs.models import Practice
from referral_analysis.facts import Period
from referral_analysis.rates import every_service, rates

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))  # 365 days: 365 / 365.25 years


def lists() -> dict[str, int]:
    return dict(db.session.execute(sa.select(Practice.id, Practice.list_size)).all())


def test_a_rate_is_referrals_per_1000_registered_a_year(copies):
    copies("E82100", "mri", date(2026, 2, 2), [98])
    copies("E82101", "mri", date(2026, 2, 2), [64])
    found = rates(YEAR, "mri")
    years = 365 / 365.25
    by_id = {row.practice_id: row for row in found.practices}
    assert by_id["E82100"].rate == pytest.approx(98 / (9800 * years) * 1000)  # 10.007
    assert by_id["E82101"].rate == pytest.approx(64 / (6400 * years) * 1000)
    assert by_id["E82102"].rate == 0 and by_id["E82102"].referrals == 0
    assert found.area_rate == pytest.approx(162 / (sum(lists().values()) * years) * 1000)
    assert found.referrals == 162 and found.service_name


def test_a_practice_referring_far_more_is_flagged_and_its_peers_are_not(copies):
    for practice, size in lists().items():
        copies(practice, "mri", date(2026, 3, 2), [size // 100])  # about 10 per 1,000 each
    copies("E82104", "mri", date(2026, 3, 3), [102])  # doubles E82104's rate
    found = rates(YEAR, "mri")
    flags = {row.practice_id: row.flag for row in found.practices}
    assert flags.pop("E82104") == "high_998"
    assert set(flags.values()) <= {"within", "low_95"}
    assert "E82104" in {row.practice_id for row in found.flagged("high_998")}


def test_a_practice_without_a_list_has_no_rate_and_is_left_out_of_the_area(copies):
    db.session.get(Practice, "E82101").list_size = 0
    db.session.commit()
    copies("E82100", "mri", date(2026, 2, 2), [98])
    copies("E82101", "mri", date(2026, 2, 2), [500])
    found = rates(YEAR, "mri")
    no_list = {row.practice_id: row for row in found.without_list}
    assert list(no_list) == ["E82101"]
    assert no_list["E82101"].rate is None and no_list["E82101"].flag is None
    assert "No registered list size" in no_list["E82101"].flag_words
    others = sum(size for practice, size in lists().items() if practice != "E82101")
    assert found.area_rate == pytest.approx(98 / (others * 365 / 365.25) * 1000)
    assert found.referrals == 598  # still counted among the referrals made


def test_a_service_nobody_referred_to_has_a_zero_rate_not_an_error(copies):
    copies("E82100", "mri", date(2026, 2, 2), [5])
    found = rates(YEAR, "orthopaedics")
    assert found.referrals == 0 and found.area_rate == 0
    assert all(row.rate == 0 and row.flag is None for row in found.practices)
    assert found.practices[0].flag_words.startswith("No practice referred in the period")
    by_service = {found.service_id: found for found in every_service(YEAR)}
    assert by_service["mri"].referrals == 5 and by_service["orthopaedics"].referrals == 0


def test_the_funnel_runs_from_the_smallest_list_to_the_largest(copies):
    copies("E82100", "mri", date(2026, 2, 2), [98])
    curve = rates(YEAR, "mri").curve(points=10)
    sizes = [size for size, _ in curve]
    assert len(curve) == 10 and sizes == sorted(sizes)
    assert sizes[0] <= min(lists().values()) and sizes[-1] >= max(lists().values())
    widths = [limits.upper998 - limits.lower998 for _, limits in curve]
    assert widths == sorted(widths, reverse=True)  # the funnel narrows as lists grow


def test_no_practice_with_a_list_gives_no_area_rate(copies):
    db.session.execute(sa.update(Practice).values(list_size=None))
    db.session.commit()
    copies("E82100", "mri", date(2026, 2, 2), [3])
    found = rates(YEAR, "mri")
    assert found.area_rate is None and found.curve() == []
    assert all(row.rate is None for row in found.practices)
