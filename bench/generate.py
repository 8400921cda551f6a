"""Seeded random instances shaped like the Dacorum sample, at any size, in families.

Towns are scattered round Hemel Hempstead, farther out as the instance grows; sites and
practices cluster round the towns. The services are the Dacorum sample's, demand follows
list sizes, clinicians are spread over the skills in proportion to the sessions their
services need, and units are mostly outpatient, then radiology, then theatre.

Each family makes a different resource bind (see `FAMILIES`): clinicians (today's
instances: demand at about the fleet's session capacity, clinicians' job plans short),
the fleet (plenty of clinicians; rooms and setup days of 1-2 bind), tight staff (few
clinicians for many sites), loaded (demand 1.4 times the fleet's capacity), fixed items
from a published plan (the manager's rotation's first weeks), West Herts scale and large.

    python bench/generate.py --family fleet-bound --seed 1 -o /tmp/fleet-1.json
    python bench/generate.py --sites 30 --units 8 --weeks 16 --practices 40 \\
        --clinicians 70 --seed 1 -o bench/instances/generated-30.json
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.shapes import (  # noqa: E402
    FAMILIES,
    FIXED_SESSION_WEEKS,
    SERVICES,
    UNIT_KINDS,
    Family,
    small,
)
from scheduler import baseline, plan_to_json, read_instance  # noqa: E402

CENTRE = (51.7530, -0.4690)  # Hemel Hempstead
KM_PER_DEG_LAT = 111.2
START = date(2027, 1, 4)
SLOTS = [f"{d}-{s}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri") for s in ("AM", "PM")]


def generate_family(name: str, seed: int, shrink: bool = False) -> dict:
    """Return an instance document of family `name` (shrunk for tests with `shrink`)."""
    family = small(FAMILIES[name]) if shrink else FAMILIES[name]
    document = generate(
        family.sites,
        family.units,
        family.weeks,
        family.practices,
        family.clinicians,
        seed,
        family=family,
    )
    document["name"] = f"{name}{'-small' if shrink else ''}-seed{seed}"
    if family.fixed_weeks:
        document["fixed"] = _published(document, family.fixed_weeks)
    return document


def _published(document: dict, weeks: int) -> dict:
    """Fixed items from a published plan: the manager's rotation's first `weeks` weeks."""
    plan = plan_to_json(baseline(read_instance(document)))
    session_weeks = min(weeks, FIXED_SESSION_WEEKS)
    start = date.fromisoformat(document["horizon"]["start"])
    last_booked = (start + timedelta(days=7 * session_weeks - 1)).isoformat()
    return {
        "placements": [p for p in plan["placements"] if p["week"] < weeks],
        "sessions": [s for s in plan["sessions"] if s["date"] <= last_booked],
    }


def _point(rng: random.Random, centre: tuple[float, float], km: float) -> tuple[float, float]:
    """A point about `km` from `centre`, rounded to the precision of a postcode."""
    angle, distance = rng.uniform(0, 2 * math.pi), km * math.sqrt(rng.random())
    lat = centre[0] + distance * math.sin(angle) / KM_PER_DEG_LAT
    lon = centre[1] + distance * math.cos(angle) / (KM_PER_DEG_LAT * math.cos(math.radians(lat)))
    return round(lat, 5), round(lon, 5)


def _week_range(rng: random.Random, weeks: int, days: int) -> dict[str, str]:
    first = START + timedelta(days=7 * rng.randrange(weeks) + rng.randrange(5))
    return {"from": first.isoformat(), "to": (first + timedelta(days=days - 1)).isoformat()}


def generate(
    sites: int,
    units: int,
    weeks: int,
    practices: int,
    clinicians: int,
    seed: int,
    family: Family | None = None,
) -> dict:
    """Return a mobile-units-instance/1 document (a dict) of the given sizes.

    `family` shapes demand, clinicians' job plans and setup days (sizes are the
    arguments'); without it, the clinician-bound family's shape.
    """
    shape = family or FAMILIES["clinician-bound"]
    rng = random.Random(seed)
    radius_km = 6 + 2.2 * math.sqrt(sites)
    towns = [(f"Town {i + 1}", _point(rng, CENTRE, radius_km)) for i in range(max(3, sites // 5))]
    fleet = _units(rng, units, weeks, shape.setup_days)
    site_list = _sites(rng, sites, weeks, towns, fleet)
    practice_list = [
        {
            "id": f"P{i + 1:03d}",
            "name": f"Practice {i + 1}",
            "locality": town,
            "postcode": None,
            "lat": lat,
            "lon": lon,
            "list_size": rng.randrange(4000, 16000, 100),
        }
        for i, (town, centre) in enumerate(rng.choice(towns) for _ in range(practices))
        for lat, lon in [_point(rng, centre, 2.5)]
    ]
    capacity = sum(u["rooms"] for u in fleet) * 10  # sessions a week
    rates = {k[0]: k[7] for k in SERVICES}
    slots = {k[0]: k[3] for k in SERVICES}
    raw = sum(p["list_size"] / 1000 * rates[k] / slots[k] for p in practice_list for k in rates)
    scale = shape.demand_per_capacity * capacity / raw
    demand = [
        {
            "practice": p["id"],
            "service": k,
            "per_week": round(p["list_size"] / 1000 * rates[k] * scale * rng.uniform(0.7, 1.3), 2),
        }
        for p in practice_list
        for k in rates
    ]
    return {
        "format": "mobile-units-instance/1",
        "name": f"generated-{sites}s-{units}u-{weeks}w-seed{seed}",
        "horizon": {
            "start": START.isoformat(),
            "weeks": weeks,
            "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri"],
            "sessions": ["AM", "PM"],
            "closed_dates": [(START + timedelta(days=7 * (weeks // 2) + 4)).isoformat()],
        },
        "sites": site_list,
        "units": fleet,
        "services": [
            {
                "id": k,
                "name": k.replace("-", " ").capitalize(),
                "unit_type": t,
                "capability": cap,
                "slots_per_session": n,
                "staff": staff,
                "max_wait_weeks": wait,
                "max_travel_km": km,
            }
            for k, t, cap, n, staff, wait, km, _ in SERVICES
        ],
        "practices": practice_list,
        "demand": demand,
        "clinicians": _clinicians(rng, clinicians, weeks, towns, demand, shape),
        "fixed": {"placements": [], "sessions": []},
    }


def _units(
    rng: random.Random, count: int, weeks: int, setup_days: tuple[int, ...] | None
) -> list[dict]:
    kinds = []
    for kind in UNIT_KINDS:
        kinds += [kind] * max(1, round(kind[3] * count))
    while len(kinds) > count:
        kinds.remove(max(kinds, key=kinds.count))
    while len(kinds) < count:
        kinds.append(UNIT_KINDS[0])
    out, number = [], defaultdict(int)
    for unit_type, rooms, caps, _ in sorted(kinds, key=lambda k: (k[0], k[2])):
        number[unit_type] += 1
        prefix = {"outpatient": "op", "radiology": "rad", "theatre": "th"}[unit_type]
        off = [_week_range(rng, weeks, 5)] if rng.random() < 0.3 else []
        setup = 2 if unit_type == "theatre" else 1
        if setup_days is not None:
            setup = rng.choice(setup_days)
        out.append(
            {
                "id": f"{prefix}-{number[unit_type]}",
                "name": None,
                "type": unit_type,
                "rooms": rooms + (rng.random() < 0.3 and unit_type == "outpatient"),
                "capabilities": caps,
                "setup_days": setup,
                "unavailable": off,
            }
        )
    return out


def _sites(rng, count, weeks, towns, fleet) -> list[dict]:
    out = []
    for i in range(count):
        town, centre = towns[i % len(towns)] if i < len(towns) else rng.choice(towns)
        lat, lon = _point(rng, centre, 3.0)
        types = ["outpatient"]
        if rng.random() < 0.45:
            types.append("radiology")
        if rng.random() < 0.25:
            types.append("theatre")
        out.append(
            {
                "id": f"S{i + 1:03d}",
                "name": f"Site {i + 1}",
                "locality": town,
                "postcode": None,
                "lat": lat,
                "lon": lon,
                "pads": rng.choices([1, 2, 3], [0.7, 0.2, 0.1])[0],
                "unit_types": types,
                "unavailable": [_week_range(rng, weeks, 5)] if rng.random() < 0.15 else [],
                "min_weeks": 1 if rng.random() < 0.15 else 0,
            }
        )
    return out


def _clinicians(rng, count, weeks, towns, demand, shape: Family) -> list[dict]:
    need: dict[str, float] = defaultdict(float)
    per_service = defaultdict(float)
    for row in demand:
        per_service[row["service"]] += row["per_week"]
    for k, _, _, slots, staff, *_ in SERVICES:
        for skill in staff:
            need[skill] += per_service[k] / slots
    total = sum(need.values())
    # Clinicians per skill in proportion to need (largest remainders), at least one each.
    share = {skill: count * n / total for skill, n in need.items()}
    per_skill = {skill: max(1, int(v)) for skill, v in share.items()}
    by_remainder = sorted(share, key=lambda s: int(share[s]) - share[s])
    while sum(per_skill.values()) < count:
        per_skill[by_remainder[sum(per_skill.values()) % len(by_remainder)]] += 1
    skills = sorted(skill for skill, n in per_skill.items() for _ in range(n))
    out = []
    for i, skill in enumerate(skills):
        town, centre = rng.choice(towns)
        lat, lon = _point(rng, centre, 4.0)
        held = [skill] + (
            ["ct-radiography"] if skill == "radiography" and rng.random() < 0.3 else []
        )
        out.append(
            {
                "id": f"c-{skill}-{i + 1}",
                "name": None,
                "skills": held,
                "base_lat": lat,
                "base_lon": lon,
                "max_travel_km": rng.choice([20.0, 25.0, 30.0, 40.0, None]),
                "availability": sorted(
                    rng.sample(SLOTS, rng.randint(*shape.available_slots)), key=SLOTS.index
                ),
                "max_sessions_per_week": rng.choice(shape.sessions_per_week),
                "leave": [_week_range(rng, weeks, 5) for _ in range(rng.randint(0, 2))],
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(FAMILIES), help="a benchmark family")
    for name, default in (
        ("sites", 30),
        ("units", 8),
        ("weeks", 16),
        ("practices", 40),
        ("clinicians", 70),
        ("seed", 1),
    ):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--small", action="store_true", help="the family shrunk for tests")
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args()
    if args.family:
        document = generate_family(args.family, args.seed, shrink=args.small)
    else:
        document = generate(
            args.sites, args.units, args.weeks, args.practices, args.clinicians, args.seed
        )
    args.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
