"""Made-up patients: test-range NHS numbers, drama-range mobiles, example.com emails, known
postcodes near the practice, ages fit for the service, and referral dates by its standard."""

import random
from datetime import date, timedelta
from itertools import islice

from booking.contact import normalise_mobile
from booking.nhs_number import normalise_nhs_number
from sample.patients import (
    AGES,
    DRAMA_MOBILES,
    GIVEN_FEMALE,
    NEAR_KM,
    Demand,
    PatientMaker,
    Place,
    nearby,
    nhs_test_numbers,
    referral_counts,
    sample_referrals,
)
from scheduler import geodesic_km

TODAY = date(2026, 11, 25)  # a Wednesday
TRING = Place("HP23 6PU", 51.7908, -0.6689)  # Rothschild House, Tring
TRING_NEW = Place("HP23 5AE", 51.7945, -0.6605)  # The New Surgery, Tring: 0.7 km away
APSLEY = Place("HP3 9SQ", 51.7372, -0.4688)  # Lincoln House, Apsley: 15 km from Tring
STANDARDS = {"gynaecology": 18, "mri": 6, "urology": 18}


def _made(seed: int = 1, most: int = 400, near_breach=None):
    demand = [
        Demand("E82001", "gynaecology", 3.0),
        Demand("E82001", "mri", 1.0),
        Demand("E82009", "urology", 0.05),
    ]
    maker = PatientMaker(
        {"E82001": TRING, "E82009": APSLEY}, [TRING_NEW, APSLEY], random.Random(seed)
    )
    return sample_referrals(
        demand,
        STANDARDS,
        maker,
        TODAY,
        weeks=100,
        most=most,
        near_breach=near_breach or {},
    )


def test_nhs_numbers_are_distinct_from_the_test_range_and_pass_the_check_digit():
    numbers = list(islice(nhs_test_numbers(random.Random(3)), 5000))
    assert len(set(numbers)) == 5000
    assert all(n.startswith("999") and normalise_nhs_number(n) == n for n in numbers)


def test_referrals_follow_the_demand_scaled_to_the_most_asked():
    demand = [Demand("A", "x", 30.0), Demand("A", "y", 10.0)]
    capped = referral_counts(demand, weeks=6, most=80, rng=random.Random(1))
    assert capped == {("A", "x"): 60, ("A", "y"): 20}  # two weeks' worth: the cap
    assert referral_counts(demand, weeks=1, most=80, rng=random.Random(1)) == {
        ("A", "x"): 30,
        ("A", "y"): 10,
    }  # a week's worth, under the cap
    rare = [Demand("B", "x", 0.25)]
    rounded = {referral_counts(rare, 2, 80, random.Random(seed))[("B", "x")] for seed in range(20)}
    assert rounded == {0, 1}  # half a referral, rounded at random


def test_patients_live_at_known_postcodes_near_their_practice():
    assert nearby(TRING, [TRING_NEW, APSLEY]) == [TRING, TRING_NEW]
    assert geodesic_km(TRING.lat, TRING.lon, TRING_NEW.lat, TRING_NEW.lon) <= NEAR_KM
    rows = _made()
    assert {r.postcode for r in rows if r.practice_id == "E82001"} == {"HP23 6PU", "HP23 5AE"}
    assert {r.postcode for r in rows if r.practice_id == "E82009"} == {"HP3 9SQ"}


def test_contact_details_are_reserved_for_fiction_and_consent_needs_one():
    rows = _made()
    mobiles = [r.mobile for r in rows if r.mobile]
    assert mobiles and len(set(mobiles)) == len(mobiles)
    assert all(int(normalise_mobile(m)[-6:]) in DRAMA_MOBILES for m in mobiles)
    assert all(m.startswith("07700 9") for m in mobiles)
    emails = [r.email for r in rows if r.email]
    assert emails and all(e.endswith(("@example.com", "@example.org")) for e in emails)
    assert all(r.mobile or r.email for r in rows if r.message_consent)
    assert any(r.message_consent for r in rows) and not all(r.message_consent for r in rows)


def test_ages_and_sexes_fit_the_service():
    for row in _made():
        youngest, oldest, _ = AGES[row.service_id]
        age = (row.referral_date - row.date_of_birth).days / 365.25
        assert youngest <= age <= oldest + 1
        if row.service_id == "gynaecology":
            assert row.name.split()[0] in GIVEN_FEMALE


def test_waits_are_within_most_of_the_standard_and_the_near_breach_are_apart():
    rows = _made(near_breach={"urology": 4})
    waited = {
        s: [(TODAY - r.referral_date).days for r in rows if r.service_id == s] for s in STANDARDS
    }
    assert max(waited["mri"]) < 6 * 7 and max(waited["gynaecology"]) < 15 * 7
    assert sum(15 * 7 <= days < 18 * 7 for days in waited["urology"]) == 4
    assert all(r.referral_date.weekday() < 5 for r in rows)  # referrals come on working days
    assert [r.referral_date for r in rows] == sorted(r.referral_date for r in rows)
    assert min(r.referral_date for r in rows) > TODAY - timedelta(weeks=18)


def test_one_seed_gives_one_list():
    assert _made(seed=7) == _made(seed=7)
    assert _made(seed=7) != _made(seed=8)
