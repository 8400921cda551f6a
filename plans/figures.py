"""Turn a plan's KPIs into the tables and bars the plan page shows."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    name: str
    served: float
    demand: float

    @property
    def coverage(self) -> float:
        return self.served / self.demand if self.demand else 1.0

    @property
    def unmet(self) -> float:
        return max(self.demand - self.served, 0.0)


def breakdown(kpis: dict | None, key: str, names: dict[str, str] | None = None) -> list[Row]:
    """Rows for 'by_service' or 'by_locality', worst coverage first."""
    if not kpis or key not in kpis:
        return []
    names = names or {}
    rows = [
        Row(names.get(name, name), figures["served"], figures["demand"])
        for name, figures in kpis[key].items()
    ]
    return sorted(rows, key=lambda row: (row.coverage, row.name))


def unserved(rows: list[Row]) -> list[Row]:
    """Rows with referrals of which none is served (rounded as the table shows it)."""
    return [row for row in rows if row.demand > 0 and round(row.served) == 0]


def gap(kpis: dict | None, bound: float | None) -> float | None:
    """How far coverage may be from the best possible, as the bound proves it."""
    if not kpis or bound is None:
        return None
    return max(bound - kpis["coverage"], 0.0)
