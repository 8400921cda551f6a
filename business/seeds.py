"""A scenario's first price book, from the reference tables in `business/reference/`.

`prices.csv` and `costs.csv` are verbatim copies of the shared business data, each row with its
source; `service_prices.csv`, `unit_costs.csv`, `staff_costs.csv` and `general.csv` say which
of their rows a service, unit, skill or general figure starts from. Every figure's source is
written beside it, naming the file it came from, so the price book page can say which are
assumptions.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE = Path(__file__).parent / "reference"
# Prices of the 2022/23 National Tariff (the newest full table found) are rolled forward to
# 2025/26 with the uplift the shared data derives from prices found in both editions, so that
# every price is of the same year as the costs. rates.csv names its evidence.
UPLIFT_ROW = "tariff_uplift_2022_23_to_2025_26"
OLD_EDITION = "National Tariff 2022/23"
FACTOR_DECIMALS = 4  # the price book keeps figures to four places (NUMERIC(12, 4))
ANY_SKILL = "*"  # the staff_costs.csv row for a skill it does not name


@dataclass(frozen=True)
class Seed:
    value: float | None
    source: str


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with open(REFERENCE / name, newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def _price(key: str) -> Seed:
    """A prices.csv row's price, in 2025/26 terms (rolled forward if it is 2022/23's)."""
    for row in _rows("prices.csv"):
        if row["service_key"] == key:
            where = f"{row['description']} ({row['currency']}), {row['edition']}"
            price = float(row["price_gbp"])
            source = f"prices.csv {key}: {where}; {row['source']}"
            if row["edition"].startswith(OLD_EDITION):
                uplift = _uplift()
                rolled = round(price * uplift, 2)
                source = (
                    f"derived: £{price:g} of 2022/23 × {uplift:g}, the 2022/23 to 2025/26 uplift "
                    f"(rates.csv {UPLIFT_ROW}, itself derived from prices in both editions). "
                    + source
                )
                price = rolled
            return Seed(price, source)
    raise KeyError(f"prices.csv has no row {key}")


def _rate(key: str) -> Seed:
    """A rates.csv row by 'measure|year'."""
    measure, year = key.split("|")
    for row in _rows("rates.csv"):
        if row["measure"] == measure and row["year"] == year:
            what = f"{row['measure']}, {row['unit']}, {row['year']}"
            return Seed(float(row["value"]), f"rates.csv: {what}; {row['source']}")
    raise KeyError(f"rates.csv has no row {key}")


def _uplift() -> float:
    return next(float(row["value"]) for row in _rows("rates.csv") if row["measure"] == UPLIFT_ROW)


def _cost(key: str) -> Seed:
    """A costs.csv row by 'item|unit' or 'item|unit|year'."""
    wanted = key.split("|")
    for row in _rows("costs.csv"):
        if [row["item"], row["unit"], row["year"]][: len(wanted)] == wanted:
            what = f"{row['item']}, {row['unit']}, {row['year']}"
            return Seed(float(row["gbp"]), f"costs.csv: {what}; {row['source_or_assumption']}")
    raise KeyError(f"costs.csv has no row {key}")


def general(site_count: int) -> dict[str, Seed]:
    """The general figures, the capital outlay being one site preparation per site."""
    out = {}
    for row in _rows("general.csv"):
        if row["rate_row"]:
            rate = _rate(row["rate_row"])
            kept = round(rate.value, FACTOR_DECIMALS)
            seed = Seed(
                kept, f"{rate.value:g} to {FACTOR_DECIMALS} places: {rate.source}; {row['source']}"
            )
        elif row["cost_row"]:
            seed = _cost(row["cost_row"])
            if row["per_site"]:
                value = seed.value * site_count
                sites = f"{site_count} site{'s' if site_count != 1 else ''}"
                seed = Seed(value, f"{sites} × £{seed.value:,.0f}: {seed.source}")
        else:
            seed = Seed(float(row["value"]), f"general.csv: {row['source']}")
        out[row["field"]] = seed
    return out


def service_prices(service_id: str) -> tuple[Seed, Seed]:
    """The national prices of a service's first contact and follow-up (None: not known)."""
    for row in _rows("service_prices.csv"):
        if row["service"] == service_id:
            first = _price(row["first_row"]) if row["first_row"] else Seed(None, "")
            follow_up = _price(row["follow_up_row"]) if row["follow_up_row"] else Seed(None, "")
            note = f" Note: {row['note']}." if row["note"] else ""
            return (
                Seed(first.value, first.source + note if first.source else row["note"]),
                follow_up,
            )
    return Seed(None, ""), Seed(None, "")


def unit_costs(unit_type: str, capabilities: list[str]) -> tuple[Seed, Seed]:
    """A unit's weekly hire and move cost, by its type and (for scanners) capability."""
    for row in _rows("unit_costs.csv"):
        if row["unit_type"] == unit_type and (
            not row["capability"] or row["capability"] in capabilities
        ):
            hire, move = _cost(row["hire_row"]), _cost(row["move_row"])
            if row["note"]:
                hire = Seed(hire.value, f"{row['note']}. {hire.source}")
            return hire, move
    return Seed(None, ""), Seed(None, "")


def staff_cost(skill: str) -> tuple[str, Seed]:
    """The staff group and session cost of a clinician with `skill`, the row's note (an
    assumption it rests on) after its source."""
    rows = {row["skill"]: row for row in _rows("staff_costs.csv")}
    row = rows.get(skill)
    before = ""
    if row is None:
        row = rows[ANY_SKILL]
        before = f"assumption: a clinician with skill '{skill}' is costed as a consultant. "
    seed = _cost(row["cost_row"])
    after = f". Note: {row['note']}" if row["note"] else ""
    return row["staff_group"], Seed(seed.value, before + seed.source + after)
