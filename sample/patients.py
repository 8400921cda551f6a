"""Synthetic patients referred to the sample's services: plausible, made up, and safe to show.

NHS numbers come from the range the NHS keeps for testing (999 000 0000 to 999 999 9999, never
issued to a patient) and pass the modulus 11 check; mobile numbers come from Ofcom's range for
drama (07700 900000 to 900999), emails are at example.com and example.org (RFC 2606), and
postcodes are those of the practices and candidate sites in the shared data. Names pair
common UK given names with common surnames, so any likeness to a real person is chance.
Everything is drawn from the `random.Random` the caller passes, so one seed gives one list.
"""

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from booking.nhs_number import check_digit
from scheduler import geodesic_km

TEST_RANGE_PREFIX = "999"  # NHS numbers starting 999 are kept for testing
DRAMA_MOBILES = range(900000, 901000)  # Ofcom's 07700 900000-900999, reserved for drama
EMAIL_DOMAINS = ("example.com", "example.org")
NEAR_KM = 3.0  # a patient lives at a known postcode this close to their practice
# How long ago patients were referred, as a share of their service's standard wait: most
# lately, as on a list that keeps moving (a mean of 5 weeks of 18), and none past 4/5 of it
# (14 weeks of 18); the few near breach are made apart.
MEAN_WAIT_SHARE, LONGEST_WAIT_SHARE = 0.28, 0.8
NO_STANDARD_WEEKS = 18  # a service without a maximum wait is waited for as a clinic
NEAR_BREACH_DAYS = (105, 119)  # 15 to 17 weeks ago: a week or three from the 18-week breach
MOBILE_SHARE, EMAIL_SHARE, CONSENT_SHARE = 0.5, 0.35, 0.7
NOTE_SHARE = 0.04
NOTES = (
    "Needs step-free access.",
    "Interpreter needed: Polish.",
    "Interpreter needed: Urdu.",
    "Prefers a morning appointment.",
    "Carer will attend with the patient.",
)

GIVEN_FEMALE = (
    "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Poppy", "Margaret",
    "Susan", "Patricia", "Jean", "Linda", "Sarah", "Karen", "Helen", "Julie", "Claire",
    "Emma", "Rachel", "Joanne", "Lisa", "Priya", "Aisha", "Fatima", "Anna", "Mary",
)  # fmt: skip
GIVEN_MALE = (
    "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar",
    "Charlie", "David", "John", "Michael", "Peter", "Robert", "Stephen", "Paul", "Andrew",
    "Mark", "James", "Richard", "Ian", "Christopher", "Daniel", "Thomas", "Raj", "Tomasz",
)  # fmt: skip
SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "Scott", "Phillips", "Watson", "Parker", "Price",
    "Bennett", "Young", "Mitchell", "Kelly", "Cook", "Carter", "Bailey", "Collins", "Bell",
    "Shaw", "Murphy", "Miller", "Khan", "Marshall", "Anderson", "Ellis", "Singh", "Begum",
    "Foster", "Chapman", "Webb", "Mason", "Ali", "Hussain", "Campbell", "Owen", "Knight",
    "Fisher", "Kowalski", "Nowak", "Okafor", "Mensah", "Murray", "Dixon",
)  # fmt: skip
# Ages in years (youngest, oldest, most usual) of the patients each service sees, approx
# (knowledge): cataracts and heart clinics see older people, ENT children too.
AGES = {
    "dermatology": (1, 95, 55),
    "orthopaedics": (16, 95, 62),
    "ent": (2, 90, 45),
    "ophthalmology": (5, 95, 68),
    "gynaecology": (16, 85, 45),
    "general-surgery": (18, 92, 55),
    "cardiology": (18, 95, 68),
    "urology": (18, 95, 67),
    "gastroenterology": (18, 92, 55),
    "cataract-list": (45, 98, 76),
    "orthopaedic-day-case": (18, 85, 50),
    "general-surgery-day-case": (18, 85, 52),
    "xray": (5, 95, 55),
    "ultrasound": (16, 92, 50),
    "ct": (18, 95, 65),
    "mri": (18, 90, 55),
}
OTHER_AGES = (18, 90, 55)  # a service added to the sample later
FEMALE_SHARE = {"gynaecology": 1.0, "urology": 0.2}  # else half


@dataclass(frozen=True)
class Place:
    """A full postcode with its point: where a patient may live."""

    postcode: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Demand:
    """Referrals a week from one practice to one service."""

    practice_id: str
    service_id: str
    per_week: float


@dataclass(frozen=True)
class SampleReferral:
    """One made-up patient referred to one service, as a row of a worklist."""

    nhs_number: str
    name: str
    date_of_birth: date
    postcode: str
    practice_id: str
    service_id: str
    referral_date: date
    mobile: str = ""
    email: str = ""
    message_consent: bool = False
    notes: str = ""

    def cells(self) -> dict[str, str]:
        """The row as a worklist CSV holds it (booking/worklist.py reads it back)."""
        return {
            "nhs_number": self.nhs_number,
            "name": self.name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "postcode": self.postcode,
            "practice": self.practice_id,
            "service": self.service_id,
            "priority": "routine",  # urgent referrals stay at the hospital (sample-data.md)
            "referral_date": self.referral_date.isoformat(),
            "notes": self.notes,
            "mobile": self.mobile,
            "email": self.email,
            "message_consent": "yes" if self.message_consent else "no",
        }


def nhs_test_numbers(rng: random.Random) -> Iterator[str]:
    """Yield distinct NHS numbers from the test range, each with its right check digit."""
    seen: set[str] = set()
    while True:
        first_nine = TEST_RANGE_PREFIX + f"{rng.randrange(1_000_000):06d}"
        digit = check_digit(first_nine)
        number = f"{first_nine}{digit}"
        if digit is None or number in seen or len(set(number)) == 1:
            continue
        seen.add(number)
        yield number


def referral_counts(
    demand: Sequence[Demand], weeks: float, most: int, rng: random.Random
) -> dict[tuple[str, str], int]:
    """Referrals per (practice, service): `weeks` of arrivals at the demand's rates, scaled
    down to about `most` in all, rounded at random so small rates still send some."""
    total = sum(row.per_week for row in demand)
    scale = min(weeks, most / total) if total else 0.0
    return {
        (row.practice_id, row.service_id): int(row.per_week * scale + rng.random())
        for row in demand
    }


def nearby(practice: Place, places: Sequence[Place]) -> list[Place]:
    """The known postcodes within NEAR_KM of the practice, its own first."""
    near = [
        place
        for place in places
        if place.postcode != practice.postcode
        and geodesic_km(practice.lat, practice.lon, place.lat, place.lon) <= NEAR_KM
    ]
    return [practice, *near]


def _wait_days(standard_weeks: int | None, rng: random.Random) -> int:
    """Days since the referral, for a service with this standard wait."""
    standard_days = 7 * (standard_weeks or NO_STANDARD_WEEKS)
    longest = LONGEST_WAIT_SHARE * standard_days
    while (days := rng.expovariate(1 / (MEAN_WAIT_SHARE * standard_days))) > longest:
        continue
    return int(days)


def weekday(day: date) -> date:
    """The day, or the Friday before it at a weekend: referrals arrive on working days."""
    return day - timedelta(days=max(day.weekday() - 4, 0))


def make_referral(
    service_id: str,
    practice_id: str,
    homes: Sequence[Place],
    referred: date,
    numbers: Iterator[str],
    mobiles: list[int],
    rng: random.Random,
) -> SampleReferral:
    """Make up one patient referred to the service on the day."""
    youngest, oldest, usual = AGES.get(service_id, OTHER_AGES)
    female = rng.random() < FEMALE_SHARE.get(service_id, 0.5)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    surname = rng.choice(SURNAMES)
    age_days = int(rng.triangular(youngest, oldest, usual) * 365.25) + rng.randrange(365)
    mobile = ""
    if mobiles and rng.random() < MOBILE_SHARE:
        mobile = f"07700 {mobiles.pop()}"
    email = ""
    if rng.random() < EMAIL_SHARE:
        email = f"{given}.{surname}{rng.randrange(10, 100)}@{rng.choice(EMAIL_DOMAINS)}".lower()
    return SampleReferral(
        nhs_number=next(numbers),
        name=f"{given} {surname}",
        date_of_birth=referred - timedelta(days=age_days),
        postcode=rng.choice(homes).postcode,
        practice_id=practice_id,
        service_id=service_id,
        referral_date=referred,
        mobile=mobile,
        email=email,
        message_consent=bool(mobile or email) and rng.random() < CONSENT_SHARE,
        notes=rng.choice(NOTES) if rng.random() < NOTE_SHARE else "",
    )


class PatientMaker:
    """Makes up patients one at a time from one generator: an NHS number or a mobile is
    never given twice, and each patient lives near their practice.

    Args:
        practices: each practice's own postcode and point.
        places: other known postcodes where patients may live.
        rng: the seeded generator everything is drawn from.
    """

    def __init__(
        self, practices: Mapping[str, Place], places: Sequence[Place], rng: random.Random
    ) -> None:
        self.rng = rng
        self.numbers = nhs_test_numbers(rng)
        self.mobiles = list(DRAMA_MOBILES)
        rng.shuffle(self.mobiles)
        self.homes = {
            practice_id: nearby(place, places) for practice_id, place in practices.items()
        }

    def make(
        self,
        service_id: str,
        practice_id: str,
        referred: date,
        homes: Sequence[Place] | None = None,
    ) -> SampleReferral:
        """One patient of the practice referred to the service on the day, living at one
        of `homes` (default: anywhere near the practice)."""
        return make_referral(
            service_id,
            practice_id,
            homes or self.homes[practice_id],
            referred,
            self.numbers,
            self.mobiles,
            self.rng,
        )


def sample_referrals(
    demand: Sequence[Demand],
    standards: Mapping[str, int | None],
    maker: PatientMaker,
    today: date,
    *,
    weeks: float,
    most: int,
    near_breach: Mapping[str, int],
) -> list[SampleReferral]:
    """Make up the waiting list's referrals, oldest first.

    Args:
        demand: the scenario's referrals a week by practice and service.
        standards: each service's maximum wait in weeks (None: none).
        maker: makes the patients (and holds the seeded generator).
        today: referrals are dated up to this day.
        weeks: weeks of arrivals at the demand's rates...
        most: ...scaled down to about this many in all.
        near_breach: a few more per service referred 15 to 17 weeks ago, near breach.
    """
    rng = maker.rng
    made = []
    counts = referral_counts(demand, weeks, most, rng)
    for (practice_id, service_id), count in sorted(counts.items()):
        for _ in range(count):
            waited = _wait_days(standards.get(service_id), rng)
            referred = weekday(today - timedelta(days=waited))
            made.append(maker.make(service_id, practice_id, referred))
    referring = sorted({row.practice_id for row in demand})
    for service_id, count in sorted(near_breach.items()):
        for _ in range(count):
            practice_id = rng.choice(referring)
            referred = weekday(today - timedelta(days=rng.randint(*NEAR_BREACH_DAYS)))
            made.append(maker.make(service_id, practice_id, referred))
    return sorted(made, key=lambda row: (row.referral_date, row.nhs_number))
