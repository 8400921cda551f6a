"""Where the business case workbook's inputs come from: the price book's source text beside
each figure, read once from the book so the workbook itself needs no database.

`Terms` carries the figures only; the sources stay in the price book (`PriceBook.sources` for
the general figures, a `source` on each service, unit and skill row). A source with
"assumption" in it is flagged as one on the Inputs sheet (`business.book_sources`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from business.book import GENERAL_FIELDS
from business.models import PriceBook

PERCENT_SUFFIX = "_pct"  # the book keeps percentages; Terms and Contingency keep fractions


@dataclass(frozen=True)
class WorkbookSources:
    """The source text of each input, by what it prices. Missing keys have no source."""

    general: Mapping[str, str] = field(default_factory=dict)  # Terms/Contingency field ->
    services: Mapping[str, str] = field(default_factory=dict)  # service id -> its prices'
    units: Mapping[str, str] = field(default_factory=dict)  # unit id -> its hire and move's
    skills: Mapping[str, str] = field(default_factory=dict)  # skill -> its session cost's


NO_SOURCES = WorkbookSources()


def workbook_sources(book: PriceBook) -> WorkbookSources:
    """The sources of `book`'s figures, keyed as the workbook's inputs are."""
    stored = book.sources or {}
    return WorkbookSources(
        general={
            name.removesuffix(PERCENT_SUFFIX): stored[name]
            for name in GENERAL_FIELDS
            if stored.get(name)
        },
        services={row.service_id: row.source for row in book.services if row.source},
        units={row.unit_id: row.source for row in book.units if row.source},
        skills={row.skill: row.source for row in book.staff if row.source},
    )
