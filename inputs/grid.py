"""Demand as a practice x service grid of referrals per week, saved whole or not at all."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from audit.record import record
from extensions import db
from inputs.cells import CellError, format_value
from inputs.models import Demand, Practice, Service
from inputs.tables import DEMAND

# The same parser, and so the same messages, as the per_week column of demand.csv.
PER_WEEK = next(column for column in DEMAND.columns if column.name == "per_week")
SOURCE = "entered on the demand page"  # replaces a figure's derivation once it is typed over

Pair = tuple[str, str]  # (practice id, service id)


@dataclass
class Grid:
    """Every practice against every service, with the text in each cell."""

    practices: list[Practice]
    services: list[Service]
    text: dict[Pair, str] = field(default_factory=dict)  # empty: no demand row
    errors: dict[Pair, str] = field(default_factory=dict)


class GridInvalid(ValueError):
    """Some cells are not numbers of referrals; the grid holds them and their reasons."""

    def __init__(self, grid: Grid):
        self.grid = grid
        super().__init__(f"{len(grid.errors)} cells cannot be saved")


def cell_name(pair: Pair) -> str:
    """The form field of one cell; ids never hold ':' (see cells.ID_PATTERN)."""
    return f"{pair[0]}:{pair[1]}"


def load_grid(typed: dict[str, str] | None = None) -> Grid:
    """Return the stored demand, overlaid with what was typed (keyed by cell_name)."""
    grid = Grid(
        list(db.session.scalars(sa.select(Practice).order_by(Practice.id))),
        list(db.session.scalars(sa.select(Service).order_by(Service.id))),
    )
    for row in _rows().values():
        grid.text[row.practice_id, row.service_id] = format_value(row.per_week)
    for pair in _pairs(grid):
        if typed is not None and cell_name(pair) in typed:
            grid.text[pair] = typed[cell_name(pair)].strip()
    return grid


def save_grid(typed: dict[str, str]) -> int:
    """Save every changed cell in one transaction and audit each; return how many changed.

    A cell absent from `typed` (a practice or service added since the page was shown) is
    left as it is; an empty cell removes that demand row.

    Raises:
        GridInvalid: some cell is not a number of referrals; nothing is saved.
    """
    grid = load_grid(typed)
    wanted: dict[Pair, float | None] = {}
    for pair in _pairs(grid):
        text = grid.text.get(pair, "")
        try:
            wanted[pair] = PER_WEEK.parse(text) if text else None
        except CellError as error:
            grid.errors[pair] = str(error)
    if grid.errors:
        raise GridInvalid(grid)
    rows, changed = _rows(), 0
    for pair, per_week in wanted.items():
        row = rows.get(pair)
        old = row.per_week if row else None
        if old == per_week:
            continue
        changed += 1
        key = cell_name(pair).replace(":", "/")
        if row is None:
            db.session.add(Demand(practice_id=pair[0], service_id=pair[1], per_week=per_week))
            record("create", "demand", key, after={"per_week": per_week, "source": SOURCE})
        elif per_week is None:
            record("delete", "demand", key, before={"per_week": old, "source": row.source})
            db.session.delete(row)
        else:
            record("update", "demand", key, before={"per_week": old}, after={"per_week": per_week})
            row.per_week, row.source = per_week, SOURCE
    db.session.commit()
    return changed


def _pairs(grid: Grid) -> list[Pair]:
    return [(p.id, s.id) for p in grid.practices for s in grid.services]


def _rows() -> dict[Pair, Demand]:
    return {(r.practice_id, r.service_id): r for r in db.session.scalars(sa.select(Demand))}
