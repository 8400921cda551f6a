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

from capacity.balance import fleet_balance, service_needs
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
    """Return demand per service and per unit type against nominal room-sessions, as Markdown.

    Demand counts new referrals and the follow-ups they lead to, each ratio within its cap.
    """
    ratio = {service.id: service.follow_ups_per_first for service in SERVICES}
    new: dict[str, float] = defaultdict(float)
    for row in data["demand"]:
        new[row["service"]] += float(row["per_week"])
    follow_ups = {service: per_week * ratio[service] for service, per_week in new.items()}
    demand = {service: per_week + follow_ups[service] for service, per_week in new.items()}
    needs = service_needs(SERVICES, demand, follow_ups)
    lines = [
        "| service | unit type | new per week | follow-ups per week | sessions per week needed |"
    ]
    lines.append("| --- | --- | ---: | ---: | ---: |")
    for need in needs:
        lines.append(
            f"| {need.service_id} | {need.unit_type} | {new[need.service_id]:.1f} "
            f"| {need.follow_up_per_week:.1f} | {need.sessions_needed:.1f} |"
        )
    lines.append(
        f"| **all** | | **{sum(new.values()):.1f}** | **{sum(follow_ups.values()):.1f}** | |"
    )
    lines += [
        "",
        "| unit type | units | rooms | room-sessions per week (nominal) | new per week "
        "| follow-ups per week | sessions per week needed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in fleet_balance(UNITS, needs, SESSIONS_PER_WEEK):
        of_type = sum(new[s.id] for s in SERVICES if s.unit_type == row.unit_type)
        lines.append(
            f"| {row.unit_type} | {row.units} | {row.rooms} | {row.room_sessions} "
            f"| {of_type:.1f} "
            f"| {row.follow_up_per_week:.1f} | {row.sessions_needed:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Rebuild the committed sample files and print their totals."""
    for path in build():
        print(f"wrote {path}")
    print(summary(tables()))


if __name__ == "__main__":
    sys.exit(main())
