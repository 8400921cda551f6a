"""Two priced plans side by side: the hand-worked example (A) against a what-if or an edited
copy (B), with the differences worked out by hand."""

import pytest

from business.compare import SERVED, compare
from business.money import COST_LABELS
from business.pricing import price
from business.report import NOT_ATTRIBUTED, OFF_THE_ROAD
from extensions import db
from inputs.models import Site, Unit
from plans.editing import copy_plan


def pounds(value: float) -> float:
    return round(value, 2)


def test_a_price_change_differs_in_income_hire_and_net_to_the_penny(hand_world, what_if):
    result = compare(price(hand_world), price(what_if), with_contingencies=False)
    # ENT firsts at £150, not £133: 24 x £17 = £408 national, £367.20 after the 10% discount,
    # of which the commissioner's 15% is £55.08
    national = result.row("Income at the national price")
    assert (pounds(national.a), pounds(national.b)) == (7500.00, 7908.00)
    assert pounds(national.difference) == 408.00
    assert pounds(result.row("Income (after our discount)").difference) == 367.20
    assert pounds(result.row("Commissioner's share").difference) == 55.08
    assert pounds(result.row("Net income").difference) == 312.12
    # the unit hired at £5,000 a week, not £6,000, for four weeks
    assert pounds(result.row("Unit hire").difference) == -4000.00
    assert result.row("Moves (haulage and set-up)").difference == 0
    assert pounds(result.row("Total costs").difference) == -4000.00
    net = result.row("Net contribution over the cycle")
    assert (pounds(net.a), pounds(net.b)) == (-24227.72, -19915.60)
    assert pounds(net.difference) == 4312.12
    year = result.row("Net contribution a year")  # 13 cycles of four weeks, unrounded
    assert (pounds(year.a), pounds(year.b)) == (-314960.31, -258902.75)  # 13 x -24,227.716
    assert pounds(year.difference) == 56057.56
    assert result.row("First contacts").difference == pytest.approx(0)
    assert (result.missing_a, result.missing_b) == ((), ())
    assert not result.cycles_differ


def test_with_contingencies_each_plan_uses_its_own_book(hand_world, what_if):
    book = price(what_if).book
    book.volume_factor_pct = 60
    db.session.commit()
    result = compare(price(hand_world), price(what_if), with_contingencies=True)
    firsts = result.row("First contacts")  # 40 first contacts planned, at 50% and at 60%
    assert (firsts.a, firsts.b) == pytest.approx((20, 24))
    # A at 50% with 20% held back: £3,375 income less £506.25 share and £675 held back
    assert pounds(result.row("Net income").a) == 2193.75
    assert pounds(result.row("Held back (contingency)").a) == 675.00
    # the plans' own figures do not follow the volume factor
    assert result.row(SERVED).difference == pytest.approx(0)


def test_with_contingencies_at_the_same_volume_to_the_penny(hand_world, what_if):
    result = compare(price(hand_world), price(what_if), with_contingencies=True)
    # 12 ENT firsts at £17 more: £204 national, £183.60 after the discount, of which 65%
    # is kept after the 15% share and the 20% held back
    assert pounds(result.row("Net income").difference) == 119.34
    net = result.row("Net contribution over the cycle")
    assert (pounds(net.a), pounds(net.b)) == (-27613.86, -23494.52)
    assert pounds(net.difference) == 4119.34


def test_a_copy_with_one_session_fewer_saves_its_clinician(hand_world, hand_book):
    copy = copy_plan(hand_world, "One ENT session fewer")
    dropped = next(s for s in copy.sessions if s.service_id == "ent")
    copy.sessions.remove(dropped)
    db.session.commit()
    result = compare(price(hand_world), price(copy), with_contingencies=False)
    sessions = result.row("Sessions")
    assert (sessions.a, sessions.b, sessions.difference) == (6, 5, -1)
    assert pounds(result.row("Clinicians' sessions").difference) == -400.00
    assert result.row("Unit hire").difference == 0
    assert result.row(SERVED).difference < 0  # 2 x 15 slots < 36


def test_a_service_only_one_plan_runs_shows_none_on_the_other(hand_world, hand_book):
    copy = copy_plan(hand_world, "Dermatology only")
    for session in [s for s in copy.sessions if s.service_id == "ent"]:
        copy.sessions.remove(session)
    db.session.commit()
    a, b = price(hand_world), price(copy)
    result = compare(a, b, with_contingencies=False)
    rows = {row.label: row for row in result.by_service}
    assert list(rows) == ["Dermatology clinic", "ENT clinic", NOT_ATTRIBUTED]
    ent = rows["ENT clinic"]
    assert ent.a == pytest.approx(a.planned.by_service()["ent"].net_contribution)
    assert (ent.b, ent.difference) == (None, None)
    assert rows["Dermatology clinic"].difference is not None
    # the week off the road is no service's: its hire is the same in both
    assert rows[NOT_ATTRIBUTED].difference == pytest.approx(0)
    assert pounds(sum(row.b or 0 for row in result.by_service)) == pounds(
        result.row("Net contribution over the cycle").b
    )


def test_missing_prices_are_named_per_side(hand_world, what_if):
    book = price(what_if).book
    next(r for r in book.services if r.service_id == "dermatology").follow_up_price_gbp = None
    db.session.commit()
    result = compare(price(hand_world), price(what_if), with_contingencies=False)
    assert result.missing_a == ()
    assert result.missing_b == ("Dermatology clinic: no follow-up attendance price",)


def test_payback_is_none_when_not_within_reach(hand_world, what_if):
    book = price(what_if).book
    book.capital_outlay_gbp = book.startup_gbp = 0
    db.session.commit()
    payback = compare(price(hand_world), price(what_if), with_contingencies=False).row("Payback")
    assert (payback.a, payback.b, payback.difference) == (None, 0, None)


def test_cycles_of_different_lengths_are_said_and_each_year_is_its_own(hand_world, what_if):
    what_if.scenario.weeks = 6
    db.session.commit()
    result = compare(price(hand_world), price(what_if), with_contingencies=False)
    assert result.cycles_differ and (result.weeks_a, result.weeks_b) == (4, 6)
    cycle = result.row("Net contribution over the cycle")
    year = result.row("Net contribution a year")
    assert year.a == pytest.approx(cycle.a * 52 / 4)
    assert year.b == pytest.approx(cycle.b * 52 / 6)


def test_appointments_served_count_first_attendances_and_follow_ups(hand_world, hand_book):
    result = compare(price(hand_world), price(hand_world), with_contingencies=False)
    # dermatology 16 first and 20 follow-up, ENT 24 first and 12 follow-up
    served = result.row(SERVED)
    firsts, follow_ups = result.row("First contacts"), result.row("Follow-ups")
    assert (firsts.a, follow_ups.a) == pytest.approx((40, 32))
    assert served.a == pytest.approx(firsts.a + follow_ups.a) == pytest.approx(72)
    assert SERVED.startswith("Appointments served")


def test_costs_are_positive_amounts_and_their_differences_signed(hand_world, what_if):
    result = compare(price(hand_world), price(what_if), with_contingencies=False)
    costs = dict(result.sections)["Costs"]
    assert [row.label for row in costs] == [*COST_LABELS.values(), "Total costs"]
    assert all(row.a > 0 and row.b > 0 for row in costs)
    hire = result.row("Unit hire")  # cheaper in B: a negative difference
    assert (hire.a, hire.b, hire.difference) == (24000, 20000, -4000)


def test_one_more_unit_shows_on_b_only_with_its_hire(hand_world, what_if):
    unit = Unit(id="op-2", name="Outpatient unit 2", type="outpatient", rooms=1)
    what_if.scenario.units.append(unit)
    db.session.commit()
    a, b = price(hand_world), price(what_if)
    result = compare(a, b, with_contingencies=False)
    rows = {row.label: row for row in result.by_unit}
    assert list(rows) == ["Outpatient unit 1", "Outpatient unit 2"]
    extra = rows["Outpatient unit 2"]
    hire = next(r for r in b.book.units if r.unit_id == "op-2").hire_per_week_gbp
    assert hire > 0
    assert (extra.a, extra.b, extra.difference) == (None, -4 * hire, None)  # idle all cycle
    assert rows["Outpatient unit 1"].difference == pytest.approx(4312.12)  # the new prices
    for side in ("a", "b"):
        assert sum(getattr(row, side) or 0 for row in result.by_unit) == pytest.approx(
            getattr(result.row("Net contribution over the cycle"), side)
        )


def test_a_site_only_one_plan_stands_at_shows_none_on_the_other(hand_world, what_if):
    berkhamsted = Site(
        id="S2",
        name="Berkhamsted Civic Centre",
        locality="Berkhamsted",
        postcode="HP4 3HD",
        lat=51.7605,
        lon=-0.5640,
        pads=1,
        unit_types=["outpatient"],
    )
    what_if.scenario.sites.append(berkhamsted)
    next(p for p in what_if.placements if p.week == 2).site_id = "S2"
    db.session.commit()
    result = compare(price(hand_world), price(what_if), with_contingencies=False)
    rows = {row.label: row for row in result.by_site}
    assert list(rows) == ["Berkhamsted Civic Centre", "Tring Sportspace", OFF_THE_ROAD]
    assert rows["Berkhamsted Civic Centre"].a is None
    assert rows["Berkhamsted Civic Centre"].b is not None
    assert rows["Berkhamsted Civic Centre"].difference is None
    # week 3 is off the road in both: one unit's hire at each book's price
    assert (rows[OFF_THE_ROAD].a, rows[OFF_THE_ROAD].b) == pytest.approx((-6000, -5000))
    for side in ("a", "b"):
        assert sum(getattr(row, side) or 0 for row in result.by_site) == pytest.approx(
            getattr(result.row("Net contribution over the cycle"), side)
        )
