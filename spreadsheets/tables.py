"""The six spreadsheet tables: their columns, how a row becomes an entity and back."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from capacity.models import PERIODS, UNIT_TYPES, WEEKDAYS, Clinician, Service, Unit
from demand.models import Demand
from sites.models import Practice, Site
from spreadsheets import cells

JOB_PLAN_SLOTS = tuple(f"{day}-{period}" for day in WEEKDAYS for period in PERIODS)


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], object]
    required: bool = True


@dataclass(frozen=True)
class Table:
    name: str  # file name without .csv, and the XLSX sheet name
    model: type
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


_opt = cells.optional
SITES = Table(
    "sites",
    Site,
    (
        Column("id", cells.identifier),
        Column("name", cells.text),
        Column("locality", cells.text),
        Column("postcode", cells.postcode),
        Column("address", str, required=False),
        Column("lat", cells.latitude),
        Column("lon", cells.longitude),
        Column("pads", partial(cells.integer, minimum=1)),
        Column("unit_types", partial(cells.items, allowed=UNIT_TYPES, required=True)),
        Column("min_weeks", partial(_opt, cells.integer, minimum=0), required=False),
        Column("unavailable", cells.date_ranges, required=False),
        Column("source", str, required=False),
    ),
)
PRACTICES = Table(
    "practices",
    Practice,
    (
        Column("id", cells.identifier),
        Column("name", cells.text),
        Column("locality", cells.text),
        Column("postcode", cells.postcode),
        Column("lat", cells.latitude),
        Column("lon", cells.longitude),
        Column("list_size", partial(cells.integer, minimum=0)),
        Column("source", str, required=False),
    ),
)
UNITS = Table(
    "units",
    Unit,
    (
        Column("id", cells.identifier),
        Column("name", cells.text),
        Column("type", partial(cells.choice, allowed=UNIT_TYPES)),
        Column("rooms", partial(cells.integer, minimum=1)),
        Column("capabilities", cells.items, required=False),
        Column("setup_days", partial(_opt, cells.integer, minimum=0), required=False),
        Column("unavailable", cells.date_ranges, required=False),
        Column("source", str, required=False),
    ),
)
SERVICES = Table(
    "services",
    Service,
    (
        Column("id", cells.identifier),
        Column("name", cells.text),
        Column("unit_type", partial(cells.choice, allowed=UNIT_TYPES)),
        Column("capability", partial(_opt, cells.text), required=False),
        Column("slots_per_session", partial(cells.integer, minimum=1)),
        Column("staff", partial(cells.items, required=True)),
        Column("max_wait_weeks", partial(_opt, cells.integer, minimum=0), required=False),
        Column("max_travel_km", partial(_opt, cells.number, positive=True), required=False),
        Column("source", str, required=False),
    ),
)
CLINICIANS = Table(
    "clinicians",
    Clinician,
    (
        Column("id", cells.identifier),
        Column("name", cells.text),
        Column("skills", partial(cells.items, required=True)),
        Column("base", str, required=False),
        Column("base_lat", partial(_opt, cells.latitude), required=False),
        Column("base_lon", partial(_opt, cells.longitude), required=False),
        Column("max_travel_km", partial(_opt, cells.number, positive=True), required=False),
        Column("availability", partial(cells.items, allowed=JOB_PLAN_SLOTS, required=True)),
        Column("max_sessions_per_week", partial(_opt, cells.integer, minimum=0), required=False),
        Column("leave", cells.date_ranges, required=False),
        Column("source", str, required=False),
    ),
)
DEMAND = Table(
    "demand",
    Demand,
    (
        Column("practice", cells.identifier),
        Column("service", cells.identifier),
        Column("per_week", partial(cells.number, minimum=0)),
        Column("source", str, required=False),
    ),
    key=("practice", "service"),
)

# In dependency order: demand refers to practices and services, clinicians to services' skills.
TABLES = (SITES, PRACTICES, UNITS, SERVICES, CLINICIANS, DEMAND)
TABLES_BY_NAME = {table.name: table for table in TABLES}
