"""Write the Dacorum sample data set to ``sample/dacorum/`` as CSV files.

Run ``python -m sample.build`` from the repository root; the output is committed, and a
test checks that rebuilding gives byte-identical files.

Every date in the files (site closures, unit maintenance, clinicians' leave) is for a
nominal 16-week cycle starting Monday 2027-01-04. The loader shifts them by whole weeks to
the real start of the cycle, so each stays on the same weekday and week of the cycle.
The CSVs say nothing of this: they are plain docs/data-formats.md files.
"""

import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

from inputs.tables import TABLES_BY_NAME
from sample.catalogue import SERVICES, demand_rows, service_rows
from sample.estate import practice_rows, site_rows
from sample.fleet import UNITS, unit_rows
from sample.staff import clinician_rows

OUTPUT_DIR = Path(__file__).parent / "dacorum"
SESSIONS_PER_WEEK = 10  # Mon-Fri, AM and PM


def tables() -> dict[str, list[dict[str, str]]]:
    """Return every sample table's rows, keyed by file name without ``.csv``."""
    practices = practice_rows()
    return {
        "sites": site_rows(),
        "practices": practices,
        "units": unit_rows(),
        "services": service_rows(),
        "clinicians": clinician_rows(),
        "demand": demand_rows(practices),
    }


def render(name: str, rows: list[dict[str, str]]) -> str:
    """Return one table as CSV text: the table's columns (docs/data-formats.md) that the
    sample fills, in the table's order."""
    given = {column for row in rows for column in row}
    columns = [column for column in TABLES_BY_NAME[name].column_names if column in given]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build(output_dir: Path = OUTPUT_DIR) -> list[Path]:
    """Write every table to ``output_dir`` and return the paths written."""
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in tables().items():
        path = output_dir / f"{name}.csv"
        path.write_bytes(render(name, rows).encode("utf-8"))
        paths.append(path)
    return paths


def summary(data: dict[str, list[dict[str, str]]]) -> str:
    """Return demand per service and per unit type against nominal room-sessions, as Markdown."""
    demand: dict[str, float] = defaultdict(float)
    for row in data["demand"]:
        demand[row["service"]] += float(row["per_week"])
    by_type: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    lines = ["| service | unit type | demand per week | sessions per week needed |"]
    lines.append("| --- | --- | ---: | ---: |")
    for service in SERVICES:
        sessions = demand[service.id] / service.slots_per_session
        by_type[service.unit_type][0] += demand[service.id]
        by_type[service.unit_type][1] += sessions
        lines.append(
            f"| {service.id} | {service.unit_type} | {demand[service.id]:.1f} | {sessions:.1f} |"
        )
    lines.append(f"| **all** | | **{sum(demand.values()):.1f}** | |")
    lines += [
        "",
        "| unit type | units | rooms | room-sessions per week (nominal) | demand per week "
        "| sessions per week needed |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for unit_type in ("outpatient", "theatre", "radiology"):
        units = [unit for unit in UNITS if unit.type == unit_type]
        rooms = sum(unit.rooms for unit in units)
        per_week, sessions = by_type[unit_type]
        lines.append(
            f"| {unit_type} | {len(units)} | {rooms} | {rooms * SESSIONS_PER_WEEK} "
            f"| {per_week:.1f} | {sessions:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Rebuild the committed sample files and print their totals."""
    for path in build():
        print(f"wrote {path}")
    print(summary(tables()))


if __name__ == "__main__":
    sys.exit(main())
