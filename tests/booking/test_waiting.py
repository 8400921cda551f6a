"""The waiting list's filters and sorting."""

from datetime import date

import pytest

from booking.service import book
from booking.waiting import Filters, ranked, waiting_list, with_referrals
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW

MON, TUE, WED = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)


@pytest.fixture
def listed(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    people = {
        "old": desk.referral(referral_date=date(2026, 6, 1)),  # breached on 5 October
        "urgent": desk.referral(priority="urgent", referral_date=date(2026, 11, 20)),
        "eyes": desk.referral(service_id="ophthalmology", practice_id="E82103"),
        "booked": desk.referral(),
    }
    book(people["booked"].id, plan.sessions[0].id, now=NOW)
    return people


def _names(entries) -> list[str]:
    return [entry.referral.name for entry in entries]


def _who(listed, *keys) -> list[str]:
    return [listed[key].name for key in keys]


def test_waiting_is_the_default_and_breach_date_the_order(listed):
    assert _names(waiting_list(Filters(), NOW)) == _who(listed, "old", "eyes", "urgent")
    assert _names(waiting_list(Filters(status="booked"), NOW)) == _who(listed, "booked")
    assert len(waiting_list(Filters(status="all"), NOW)) == 4


@pytest.mark.parametrize(
    ("filters", "keys"),
    [
        (Filters(service="ophthalmology"), ["eyes"]),
        (Filters(practice="E82103"), ["eyes"]),
        (Filters(locality="Redbourn"), ["eyes"]),
        (Filters(priority="urgent"), ["urgent"]),
        (Filters(min_weeks=20), ["old"]),
        (Filters(risk="breached"), ["old"]),
        (Filters(risk="will_breach"), ["eyes"]),  # no ophthalmology session at all
        (Filters(risk="on_track"), ["urgent"]),
        (Filters(sort="priority"), ["urgent", "old", "eyes"]),
        (Filters(sort="waited"), ["old", "eyes", "urgent"]),
    ],
)
def test_filters_and_sorting(listed, filters, keys):
    assert _names(waiting_list(filters, NOW)) == _who(listed, *keys)


def test_search_by_name_or_nhs_number(listed):
    number = listed["eyes"].nhs_number
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert _names(waiting_list(Filters(query=spaced), NOW)) == _who(listed, "eyes")
    assert len(waiting_list(Filters(query="patient", status="all"), NOW)) == 4


@pytest.mark.parametrize(
    "filters",
    [
        Filters(status=status, sort=sort)
        for status in ("waiting", "booked", "open", "all")
        for sort in ("breach", "waited", "priority", "name")
    ]
    + [Filters(risk="will_breach", status="all"), Filters(query="patient", status="open")],
)
def test_the_pages_ranked_list_is_the_waiting_list(desk, listed, filters):
    """The page ranks steps read column by column and reads a page's referrals whole: the same
    entries, in the same order, as the list built from whole referrals."""
    day_case = desk.referral(service_id="daycase-orthopaedics", kind="day_case")
    day_case.pathway.started = date(2026, 9, 1)  # a day case waits on its pathway's clock
    db.session.commit()
    expected = waiting_list(filters, NOW)
    found = ranked(filters, NOW)
    assert [e.referral.id for e in found] == [e.referral.id for e in expected]
    shown = with_referrals(found[1:3])
    assert shown == expected[1:3] and all(e.referral in db.session for e in shown)
