"""Popups say where, when and what, in words people read, with data escaped."""

from datetime import date

from maps.popups import (
    coverage_note,
    day_label,
    practice_popup,
    sessions_list,
    site_popup,
    unit_week_popup,
    week_list,
    week_span,
)


def test_dates_and_weeks_read_as_people_count_them(tiny):
    assert day_label(date(2027, 1, 5)) == "Tue 5 Jan 2027"
    assert week_span(tiny.horizon, 1) == "Mon 11 Jan 2027 to Sun 17 Jan 2027"
    assert week_list([0, 1, 2, 6]) == "weeks 1–3, 7"
    assert week_list([4]) == "week 5"
    assert week_list([4, 5]) == "weeks 5–6"


def test_site_popup_names_types_capacity_and_visits(tiny):
    hemel = tiny.site_by_id["hemel"]
    html = site_popup(hemel, visits={})
    assert "<h2>Hemel &lt;Hospital&gt;</h2>" in html
    assert "Hosts theatre (T) units; 1 unit at a time." in html
    assert "No unit stands here in this plan." in html
    html = site_popup(tiny.site_by_id["berko"], visits={"op-1": [2], "rad-1": [0]})
    assert "outpatient (O), radiology (R)" in html
    assert "<li>op-1: week 3</li><li>rad-1: week 1</li>" in html


def test_practice_popup_lists_demand_by_service(tiny):
    practice = tiny.practice_by_id["P1"]
    html = practice_popup(practice, {"derm": 4.0, "xray": 1.0}, tiny, coverage_note("Tring", 0.5))
    assert "5.0 new referrals a week" in html
    assert "<li>Dermatology clinic: 4.0</li><li>X-ray: 1.0</li>" in html
    assert "The plan serves 50% of the demand from Tring." in html
    assert "not known" in coverage_note("Tring", None)


def test_sessions_are_grouped_by_day_and_half(tiny, tiny_plan):
    html = sessions_list(tiny, [s for s in tiny_plan.sessions if s.unit == "op-1"])
    assert "<li>Mon 4 Jan 2027: AM Dermatology clinic ×2</li>" in html
    assert "<li>Tue 5 Jan 2027: PM Dermatology clinic</li>" in html
    assert sessions_list(tiny, []) == "<p>No sessions this week.</p>"


def test_unit_week_popup_says_where_when_and_any_arrival(tiny):
    unit, tring, berko = tiny.unit_by_id["op-1"], tiny.site_by_id["tring"], tiny.site_by_id["berko"]
    moved = unit_week_popup(tiny, unit, berko, 2, [], came_from=tring, arrives=True)
    assert "at <strong>Berkhamsted Civic Centre</strong>, Berkhamsted." in moved
    assert "Week 3: Mon 18 Jan 2027 to Sun 24 Jan 2027." in moved
    assert "Arrives from Tring Sports Centre." in moved
    back_on_road = unit_week_popup(tiny, unit, tring, 0, [], came_from=None, arrives=True)
    assert "Arrives this week." in back_on_road
    scanner = tiny.unit_by_id["rad-1"]
    slow = unit_week_popup(tiny, scanner, berko, 0, [], came_from=tring, arrives=True)
    assert "Arrives from Tring Sports Centre." in slow
    stays = unit_week_popup(tiny, unit, tring, 1, [], came_from=None, arrives=False)
    assert "Arrives" not in stays
