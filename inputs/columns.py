"""The columns of the planning inputs, each with its rule stated once.

A column says how its cell is read (and so the message a form or an import gives), whether it
may be left empty and what an empty cell means, whether the planning contract knows it, and,
where the database checks the rule too, the name of that constraint. From this one statement
the models build their CHECK constraints (`checks`), the importer and the forms parse cells
(`Column.parse`), and the bridge leaves out what the contract does not know (`Column.contract`).
The planner's own reader (`scheduler.contract.schema`) is standard library only and cannot
import this; tests/inputs/test_columns.py checks that it, and the first migration, agree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import sqlalchemy as sa

from database.constraints import one_of
from inputs import cells

UNIT_TYPES = ("outpatient", "theatre", "radiology")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PERIODS = ("AM", "PM")
JOB_PLAN_SLOTS = tuple(f"{day}-{period}" for day in WEEKDAYS for period in PERIODS)


@dataclass(frozen=True)
class Rule:
    """How a cell's text is read, and the same rule as SQL on `{column}` ("" if unchecked)."""

    parse: Callable[[str], object]
    sql: str = ""


def whole(minimum: int) -> Rule:
    return Rule(partial(cells.integer, minimum=minimum), f"{{column}} >= {minimum}")


def number(*, minimum: float | None = None, positive: bool = False) -> Rule:
    sql = "{column} > 0" if positive else f"{{column}} >= {minimum:g}"
    return Rule(partial(cells.number, minimum=minimum, positive=positive), sql)


def choice(allowed: tuple[str, ...]) -> Rule:
    return Rule(partial(cells.choice, allowed=allowed), one_of("{column}", allowed))


LATITUDE = Rule(cells.latitude, "{column} BETWEEN -90 AND 90")
LONGITUDE = Rule(cells.longitude, "{column} BETWEEN -180 AND 180")
IDENTIFIER = Rule(cells.identifier)
TEXT = Rule(cells.text)  # must not be empty
ANY_TEXT = Rule(str)  # taken as typed
POSTCODE = Rule(cells.postcode)
ITEMS = Rule(cells.items)
SOME_ITEMS = Rule(partial(cells.items, required=True))
DATE = Rule(cells.iso_date)
DATE_RANGES = Rule(cells.date_ranges)


def items_of(allowed: tuple[str, ...]) -> Rule:
    return Rule(partial(cells.items, allowed=allowed, required=True))


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes:
        name: the header in a spreadsheet, and the model's attribute unless mapped otherwise.
        rule: how its cell is read, and the SQL the database checks.
        required: the column must be there and its cells filled; otherwise an empty cell is
            None, which `default` turns into the model's value (None: the column is NULL).
        default: makes the value of an empty cell (int, str, list), or None.
        check: the name of the database constraint stating `rule`; columns sharing a name
            share one constraint (latitude and longitude). None: the database does not check.
        contract: the planning contract knows this column (the bridge sends it).
    """

    name: str
    rule: Rule
    required: bool = True
    default: Callable[[], object] | None = None
    check: str | None = None
    contract: bool = True

    def parse(self, text: str):
        return self.rule.parse(text)

    @property
    def nullable(self) -> bool:
        return not self.required and self.default is None

    def sql(self) -> str:
        condition = self.rule.sql.format(column=self.name)
        return f"{self.name} IS NULL OR {condition}" if self.nullable else condition


@dataclass(frozen=True)
class BothOrNeither:
    """A rule across two cells of a row: both filled, or both empty."""

    columns: tuple[str, str]
    check: str

    def problem(self, values: dict) -> str | None:
        first, second = self.columns
        if (values.get(first) is None) != (values.get(second) is None):
            return f"give both {first} and {second}, or neither"
        return None

    def sql(self) -> str:
        first, second = self.columns
        return f"({first} IS NULL) = ({second} IS NULL)"


@dataclass(frozen=True)
class AtMost:
    """A rule across two cells of a row: the first is at most the second (when both are given)."""

    columns: tuple[str, str]
    check: str

    def problem(self, values: dict) -> str | None:
        part, whole = self.columns
        small, large = values.get(part), values.get(whole)
        if small is not None and large is not None and small > large:
            return f"{part} ({small:g}) must be at most {whole} ({large:g})"
        return None

    def sql(self) -> str:
        part, whole = self.columns
        return f"{part} <= {whole}"


def checks(columns: tuple[Column, ...], across=()) -> tuple[sa.CheckConstraint, ...]:
    """The CHECK constraints of a model: one per constraint name, in the columns' order."""
    conditions: dict[str, list[str]] = {}
    for column in columns:
        if column.check:
            conditions.setdefault(column.check, []).append(column.sql())
    for rule in across:
        conditions.setdefault(rule.check, []).append(rule.sql())
    return tuple(
        sa.CheckConstraint(" AND ".join(parts), name=name) for name, parts in conditions.items()
    )


def _optional(name: str, rule: Rule, default=None, **options) -> Column:
    return Column(name, rule, required=False, default=default, **options)


_SOURCE = _optional("source", ANY_TEXT, str, contract=False)
_LAT = Column("lat", LATITUDE, check="latlon")
_LON = Column("lon", LONGITUDE, check="latlon")
_TRAVEL = _optional("max_travel_km", number(positive=True), check="travel")

SITE_COLUMNS = (
    Column("id", IDENTIFIER),
    Column("name", TEXT),
    Column("locality", TEXT),
    Column("postcode", POSTCODE),
    _optional("address", ANY_TEXT, str, contract=False),
    _LAT,
    _LON,
    Column("pads", whole(1), check="pads_positive"),
    Column("unit_types", items_of(UNIT_TYPES)),
    _optional("min_weeks", whole(0), int, check="min_weeks_not_negative"),
    _optional("unavailable", DATE_RANGES),
    _SOURCE,
)
PRACTICE_COLUMNS = (
    Column("id", IDENTIFIER),
    Column("name", TEXT),
    Column("locality", TEXT),
    Column("postcode", POSTCODE),
    _LAT,
    _LON,
    Column("list_size", whole(0), check="list_size_not_negative"),
    # The extract the list size was counted in; rates per 1,000 patients say how old it is.
    _optional("list_size_date", DATE, contract=False),
    _SOURCE,
)
UNIT_COLUMNS = (
    Column("id", IDENTIFIER),
    Column("name", TEXT),
    Column("type", choice(UNIT_TYPES), check="type_known"),
    Column("rooms", whole(1), check="rooms_positive"),
    _optional("capabilities", ITEMS, list),
    _optional("setup_days", whole(0), int, check="setup_days_not_negative"),
    _optional("unavailable", DATE_RANGES),
    _SOURCE,
)
SERVICE_COLUMNS = (
    Column("id", IDENTIFIER),
    Column("name", TEXT),
    Column("unit_type", choice(UNIT_TYPES), check="unit_type_known"),
    _optional("capability", TEXT),
    Column("slots_per_session", whole(1), check="slots_positive"),  # every appointment
    # Of those, the slots a clinic template keeps for follow-up patients; the rest are new.
    _optional("follow_up_slots", whole(0), int, check="follow_up_slots_not_negative"),
    Column("staff", SOME_ITEMS),
    _optional("max_wait_weeks", whole(0), check="wait"),
    _TRAVEL,
    # Follow-up attendances planned per first attendance; planning uses min(ratio, cap).
    _optional("follow_up_ratio", number(minimum=0), float, check="follow_up_ratio_not_negative"),
    _optional("follow_up_cap", number(minimum=0), check="follow_up_cap_not_negative"),
    _optional("follow_up_weeks", whole(1), check="follow_up_weeks_positive"),  # due within
    _SOURCE,
)
# A clinic template keeps some of a session's slots for follow-ups, never more than it has.
SERVICE_TEMPLATE = AtMost(
    ("follow_up_slots", "slots_per_session"), check="follow_up_within_session"
)
CLINICIAN_COLUMNS = (
    Column("id", IDENTIFIER),
    Column("name", TEXT),
    Column("skills", SOME_ITEMS),
    _optional("base", ANY_TEXT, str, contract=False),
    _optional("base_lat", LATITUDE),
    _optional("base_lon", LONGITUDE),
    _TRAVEL,
    Column("availability", items_of(JOB_PLAN_SLOTS)),
    _optional("max_sessions_per_week", whole(0), check="weekly_cap"),
    _optional("leave", DATE_RANGES),
    _SOURCE,
)
CLINICIAN_BASE = BothOrNeither(("base_lat", "base_lon"), check="base_both_or_none")
DEMAND_COLUMNS = (
    Column("practice", IDENTIFIER),
    Column("service", IDENTIFIER),
    Column("per_week", number(minimum=0), check="per_week_not_negative"),
    _SOURCE,
)
