"""A plan's figures as the plan page shows them: coverage rows, worst first, and the gap."""

import pytest

from plans.figures import Row, breakdown, gap, unserved

KPIS = {
    "coverage": 0.8,
    "by_service": {
        "derm": {"served": 9.0, "demand": 10.0},
        "xray": {"served": 2.0, "demand": 8.0},
        "none": {"served": 0.0, "demand": 0.0},
    },
}


def test_breakdown_lists_worst_coverage_first_by_name():
    rows = breakdown(KPIS, "by_service", {"derm": "Dermatology"})
    assert [row.name for row in rows] == ["xray", "Dermatology", "none"]
    assert rows[0].coverage == 0.25 and rows[0].unmet == 6.0


def test_a_row_without_demand_is_fully_covered_and_over_service_is_no_unmet():
    assert Row("none", 0.0, 0.0).coverage == 1.0
    assert Row("over", 5.0, 4.0).unmet == 0.0


def test_breakdown_of_missing_figures_is_empty():
    assert breakdown(None, "by_service") == []
    assert breakdown(KPIS, "by_locality") == []


def test_gap_is_how_far_the_bound_proves_coverage_may_be_from_the_best():
    assert gap(KPIS, 0.9) == pytest.approx(0.1)
    assert gap(KPIS, 0.7) == 0.0  # a bound below the plan (rounded) never shows a negative gap
    assert gap(KPIS, None) is None and gap(None, 0.9) is None


def test_unserved_are_the_services_with_referrals_none_of_them_served():
    rows = [Row("cat", 0.4, 274.0), Row("half", 0.5, 9.0), Row("derm", 0.6, 10.0), Row("-", 0, 0)]
    assert unserved(rows) == rows[:2]  # those the table shows as 0 ("{:,.0f}": 0.5 is 0)
    assert [f"{row.served:,.0f}" for row in rows[:3]] == ["0", "0", "1"]
