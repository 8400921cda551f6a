"""The six tables of the planning inputs: a model and its columns, as spreadsheets hold them."""

from dataclasses import dataclass

from inputs.columns import (
    CLINICIAN_BASE,
    CLINICIAN_COLUMNS,
    DEMAND_COLUMNS,
    PRACTICE_COLUMNS,
    SERVICE_COLUMNS,
    SERVICE_TEMPLATE,
    SITE_COLUMNS,
    UNIT_COLUMNS,
    AtMost,
    BothOrNeither,
    Column,
)
from inputs.models import Clinician, Demand, Practice, Service, Site, Unit


@dataclass(frozen=True)
class Table:
    name: str  # file name without .csv, and the XLSX sheet name
    model: type
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    across: tuple[BothOrNeither | AtMost, ...] = ()  # rules across the cells of a row

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


SITES = Table("sites", Site, SITE_COLUMNS)
PRACTICES = Table("practices", Practice, PRACTICE_COLUMNS)
UNITS = Table("units", Unit, UNIT_COLUMNS)
SERVICES = Table("services", Service, SERVICE_COLUMNS, across=(SERVICE_TEMPLATE,))
CLINICIANS = Table("clinicians", Clinician, CLINICIAN_COLUMNS, across=(CLINICIAN_BASE,))
DEMAND = Table("demand", Demand, DEMAND_COLUMNS, key=("practice", "service"))

# In dependency order: demand refers to practices and services, clinicians to services' skills.
TABLES = (SITES, PRACTICES, UNITS, SERVICES, CLINICIANS, DEMAND)
TABLES_BY_NAME = {table.name: table for table in TABLES}
