"""The choice report's figures on a hand-made example: patients offered two or more sites,
two or more dates, both, by practice, by channel and overall, within the period only."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from booking.service import book
from choice.models import ChoiceOffer, ChoiceOption
from choice.report import choice_csv, choice_report
from extensions import db
from plans.models import ClinicSession
from tests.booking.conftest import NEAR_SITE, NOW

START, END = datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
IN, OUT = datetime(2026, 12, 10, 12, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
D1, D2 = date(2027, 1, 11), date(2027, 1, 12)


def _offer(
    referral, options, outcome="declined", *, at=IN, booking_id=None, channel="practice"
) -> None:
    """An offer of (site, date) options for the referral."""
    db.session.add(
        ChoiceOffer(
            referral_id=referral.id,
            practice_id=referral.practice_id,
            channel=channel,
            outcome=outcome,
            booking_id=booking_id,
            actor="surgery",
            made_at=at,
            options=[
                ChoiceOption(
                    rank=n,
                    session_id=n,
                    site_id=site,
                    date=day,
                    starts_at=datetime.combine(day, datetime.min.time()),
                )
                for n, (site, day) in enumerate(options)
            ],  # fmt: skip
        )
    )


@pytest.fixture
def example(desk):
    """E82102: A two sites and two dates (booked); B two sites on one date, over two offers
    (none wanted, then a shortlist); C one site on two dates. E82101: D both (shortlist),
    and E only after the period.

    Returns:
        The referrals by letter.
    """
    plan = desk.plan([(NEAR_SITE, D1, "AM", 0, "orthopaedics")])
    a, b, c = desk.referral(), desk.referral(), desk.referral()
    d, e = desk.referral(practice_id="E82101"), desk.referral(practice_id="E82101")
    booking = book(a.id, plan.sessions[0].id, now=NOW)
    _offer(a, [("s1", D1), ("s2", D2)], "booked", booking_id=booking.id)
    _offer(b, [("s1", D1)])
    _offer(b, [("s2", D1)], "shortlist")
    _offer(c, [("s1", D1), ("s1", D2)])
    _offer(d, [("s1", D1), ("s2", D2), ("s3", D2)], "shortlist")
    _offer(e, [("s1", D1), ("s2", D2)], at=OUT)
    db.session.commit()
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def _figures(line) -> tuple:
    return (line.patients, line.two_sites, line.two_dates, line.both, line.booked, line.shortlisted)


def test_each_practices_figures_and_everyones(example):
    report = choice_report(START, END)
    lines = {line.practice_id: line for line in report.lines}
    assert _figures(lines["E82102"]) == (3, 2, 2, 1, 1, 1)
    assert _figures(lines["E82101"]) == (1, 1, 1, 1, 0, 1)
    assert _figures(report.overall) == (4, 3, 3, 2, 1, 2)
    assert report.overall.share(report.overall.both) == 0.5
    assert lines["E82102"].share(lines["E82102"].two_sites) == pytest.approx(2 / 3)


def test_a_practice_that_offered_nothing_is_listed_without_shares(example):
    lines = {line.practice_id: line for line in choice_report(START, END).lines}
    assert len(lines) == 15  # every practice of example-small
    assert lines["E82100"].patients == 0 and lines["E82100"].share(0) is None


def test_offers_outside_the_period_are_left_out(example):
    report = choice_report(datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))
    assert _figures(report.overall) == (1, 1, 1, 1, 0, 0)


def test_the_csv_gives_each_practice_then_everyone(example):
    rows = choice_csv(choice_report(START, END)).splitlines()
    assert rows[0].startswith("practice,name,patients_offered,two_or_more_sites")
    assert rows[-1] == ",All practices,4,3,3,2,1,2,0.7500,0.7500,0.5000,0.2500,0.5000"
    assert [row.split(",")[1] for row in rows[-4:-1]] == [
        "Offered at the GP practice",
        "Offered by the booking desk",
        "Booked by a practice's system through the FHIR API (the one slot it chose)",
    ]
    assert rows[-4] == ",Offered at the GP practice,4,3,3,2,1,2,0.7500,0.7500,0.5000,0.2500,0.5000"
    assert rows[-3] == ",Offered by the booking desk,0,0,0,0,0,0,,,,,"
    assert len(rows) == 1 + 15 + 3 + 1


def test_desk_offers_count_in_the_shares_and_in_their_own_line(example, desk):
    """B, offered one site on one date by the desk too, now has three sites on two dates;
    F was offered two sites and two dates by the desk alone."""
    session = db.session.scalar(sa.select(ClinicSession))
    b, f = example["b"], desk.referral()
    for referral, options in ((b, [("s3", D2)]), (f, [("s1", D1), ("s2", D2)])):
        booking = book(referral.id, session.id, now=NOW)
        _offer(referral, options, "booked", booking_id=booking.id, channel="desk")
    db.session.commit()
    report = choice_report(START, END)
    at_practice, by_desk, by_api = report.channels
    assert (at_practice.channel, by_desk.channel, by_api.channel) == ("practice", "desk", "api")
    assert _figures(by_api) == (0, 0, 0, 0, 0, 0)
    assert _figures(at_practice) == (4, 3, 3, 2, 1, 2)  # as before
    assert _figures(by_desk) == (2, 1, 1, 1, 2, 0)
    assert _figures(report.overall) == (5, 4, 5, 4, 3, 2)
    lines = {line.practice_id: line for line in report.lines}
    assert _figures(lines["E82102"]) == (4, 3, 4, 3, 3, 1)
