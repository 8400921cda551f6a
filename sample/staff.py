"""Generate the synthetic clinicians: fictional people, plausible job plans, a fixed seed."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

SEED = 20270104  # any fixed number; the nominal cycle's start date is easy to remember
CYCLE_START = date(2027, 1, 4)  # nominal Monday of week 0 (see sample/build.py)
CYCLE_WEEKS = 16
DAY_SESSIONS = tuple(
    f"{day}-{half}" for day in ("Mon", "Tue", "Wed", "Thu", "Fri") for half in ("AM", "PM")
)


@dataclass(frozen=True)
class Base:
    """A hospital a clinician works from."""

    name: str
    lat: float
    lon: float
    weight: int  # relative chance a clinician is based here
    source: str


# Watford General is West Herts' acute site, so most consultants are based there.
BASES = (
    Base("Watford General Hospital", 51.6496, -0.4037, 4, "approx (knowledge)"),
    Base("Hemel Hempstead Hospital", 51.7509, -0.4686, 3, "shared/data/sites.csv S01"),
    Base("St Albans City Hospital", 51.7590, -0.3450, 2, "approx (knowledge)"),
    Base("Stoke Mandeville Hospital", 51.7990, -0.8070, 1, "approx (knowledge)"),
)
SYNTHETIC = "synthetic person and job plan (seeded generator, sample/staff.py)"
# Consultants' willingness to travel from base; None: no limit.
TRAVEL_KM_CHOICES = (20, 25, 30, None)
TRAVEL_KM_WEIGHTS = (3, 3, 2, 1)
LEAVE_WEEKS_CHOICES = (0, 1, 1, 2)  # about 6 weeks' leave a year is 1-2 weeks a cycle

FIRST_NAMES = (
    "Ada", "Amir", "Bea", "Cal", "Dev", "Elin", "Femi", "Gus", "Hana", "Ivo", "Jude", "Kit",
    "Lior", "Mina", "Noor", "Oren", "Pia", "Quin", "Rhea", "Sol", "Tam", "Uma", "Vik", "Wren",
    "Yara", "Zeb",
)  # fmt: skip
# Invented surnames, chosen to read as obviously fictional; one per clinician.
SURNAMES = (
    "Sampleton", "Testwell", "Mockridge", "Fauxley", "Pretendham", "Examplar", "Fictwood",
    "Madeupton", "Dummerton", "Ipsumby", "Loremson", "Placewood", "Fakeley", "Inventon",
    "Feignwood", "Trialby", "Mockford", "Draftley", "Sketchby", "Stubworth", "Proxley",
    "Shamworth", "Notreal", "Imaginet", "Dolorby", "Fixtureton", "Seedwell", "Stagington",
    "Figmentby", "Pretendwell", "Storyfield", "Noname", "Scriptley", "Modelby", "Templeson",
    "Drillworth", "Pseudley", "Phantomby", "Specimen", "Rehearsby", "Toyworth", "Cardboardy",
    "Holdingham", "Anonby", "Surrogate", "Makebelieve", "Spoofield", "Quasiton",
)  # fmt: skip


@dataclass(frozen=True)
class Group:
    """Clinicians who share a role: one entry of ``caps`` per person."""

    prefix: str
    skills: tuple[str, ...]
    caps: tuple[int, ...]  # max sessions per week given to the mobile service
    title: str = "Dr"
    travels_with_unit: bool = False  # radiographers go where the unit goes


GROUPS = (
    Group("derm", ("dermatology",), (3, 2, 2)),
    Group("ortho", ("orthopaedics", "orthopaedic-surgery"), (3, 3)),
    Group("ortho", ("orthopaedics",), (3, 2, 2)),
    Group("ortho", ("orthopaedic-surgery",), (2,)),  # a hand surgeon who only operates
    Group("ent", ("ent",), (3, 3)),
    Group("ophth", ("ophthalmology", "ophthalmic-surgery"), (3, 3)),
    Group("ophth", ("ophthalmology",), (3, 2)),
    Group("gynae", ("gynaecology",), (3, 3, 2)),
    Group("gensurg", ("general-surgery",), (3, 3, 3, 2)),
    Group("cardio", ("cardiology",), (3, 2)),
    Group("uro", ("urology",), (3,)),
    Group("gastro", ("gastroenterology",), (2, 2)),
    Group("anaes", ("anaesthesia",), (3, 3, 2, 2)),
    Group("xray", ("radiography",), (4,), "", True),
    Group("xray", ("radiography", "ct-radiography"), (4,), "", True),
    Group("ct", ("ct-radiography",), (3, 3), "", True),
    Group("mri", ("mri-radiography",), (5, 5, 4, 4), "", True),
    Group("sono", ("sonography",), (4, 3), "", True),
)


def _leave(rng: random.Random) -> str:
    """Return a date range list of whole working weeks of leave in the cycle."""
    weeks = sorted(rng.sample(range(CYCLE_WEEKS), rng.choice(LEAVE_WEEKS_CHOICES)))
    ranges = []
    for week in weeks:
        monday = CYCLE_START + timedelta(weeks=week)
        ranges.append(f"{monday.isoformat()}..{(monday + timedelta(days=4)).isoformat()}")
    return ";".join(ranges)


def _availability(rng: random.Random, cap: int) -> str:
    """Return the job plan's day-sessions: the weekly cap plus up to two spare sessions."""
    chosen = set(rng.sample(DAY_SESSIONS, min(len(DAY_SESSIONS), cap + rng.choice((1, 1, 2)))))
    return ";".join(slot for slot in DAY_SESSIONS if slot in chosen)


def clinician_rows() -> list[dict[str, str]]:
    """Return clinicians.csv rows, the same on every run."""
    # Made-up sample staff, the same on every run: no secret comes from this generator.
    rng = random.Random(SEED)  # nosec B311
    first_names, surnames = list(FIRST_NAMES), list(SURNAMES)
    rng.shuffle(first_names)
    rng.shuffle(surnames)
    numbers: dict[str, int] = {}
    rows = []
    for group in GROUPS:
        for cap in group.caps:
            numbers[group.prefix] = numbers.get(group.prefix, 0) + 1
            base = rng.choices(BASES, weights=[b.weight for b in BASES])[0]
            travel = None
            if not group.travels_with_unit:
                travel = rng.choices(TRAVEL_KM_CHOICES, weights=TRAVEL_KM_WEIGHTS)[0]
            name = f"{first_names[len(rows) % len(first_names)]} {surnames[len(rows)]}"
            rows.append(
                {
                    "id": f"c-{group.prefix}-{numbers[group.prefix]}",
                    "name": f"{group.title} {name}".strip(),
                    "skills": ";".join(group.skills),
                    "base": base.name,
                    "base_lat": f"{base.lat:.4f}",
                    "base_lon": f"{base.lon:.4f}",
                    "max_travel_km": "" if travel is None else str(travel),
                    "availability": _availability(rng, cap),
                    "max_sessions_per_week": str(cap),
                    "leave": _leave(rng),
                    "source": f"{SYNTHETIC}; base point: {base.source}",
                }
            )
    return rows
