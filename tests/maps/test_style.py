"""Sizes, shades, letters and badges follow the data, and escape what they show."""

import pytest

from maps.style import (
    COVERAGE_UNKNOWN,
    PRACTICE_MAX_RADIUS_PX,
    PRACTICE_MIN_RADIUS_PX,
    coverage_fill,
    move_arrow,
    percent,
    practice_radius_px,
    site_letters,
    unit_badge,
)


def test_practice_radius_grows_with_demand_between_bounds():
    radii = [practice_radius_px(d, 16.0) for d in (0, 1, 4, 16, 40)]
    assert radii == sorted(radii)
    assert radii[0] == PRACTICE_MIN_RADIUS_PX
    assert radii[-1] == PRACTICE_MAX_RADIUS_PX
    assert practice_radius_px(3.0, 0.0) == PRACTICE_MIN_RADIUS_PX


@pytest.mark.parametrize(
    ("coverage", "fill"),
    [(0.0, "#ffffcc"), (0.49, "#ffffcc"), (0.5, "#a1dab4"), (0.9, "#2c7fb8"), (1.0, "#253494")],
)
def test_coverage_shades_light_to_dark(coverage, fill):
    assert coverage_fill(coverage) == fill


def test_unknown_coverage_is_grey():
    assert coverage_fill(None) == COVERAGE_UNKNOWN


def test_site_letters_list_hosted_types_in_a_fixed_order():
    assert site_letters(("radiology", "outpatient")) == "OR"
    assert site_letters(("theatre", "radiology", "outpatient")) == "OTR"


def test_unit_badge_carries_type_letter_and_escaped_id():
    badge = unit_badge("op<1>", "outpatient")
    assert "unit-badge--outpatient" in badge
    assert ">O</b>op&lt;1&gt;</span>" in badge


def test_percent_rounds_to_whole_numbers():
    assert percent(0.846) == "85%"


def test_move_arrow_turns_clockwise_from_east():
    assert "rotate(90deg)" in move_arrow("#000", 90.4, 20)  # pointing south
    assert 'width="20"' in move_arrow("#000", 0, 20)
