"""The breach report: who will breach before the earliest slot open to them."""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from booking.waiting import Entry, Filters, waiting_list
from spreadsheets.safe_cells import safe_row

REASONS = {
    "breached": "Breach date passed while waiting",
    "will_breach": "No slot within reach before the breach date",
    "booked_late": "Booked after the breach date",
}
CSV_COLUMNS = (
    "nhs_number",
    "name",
    "service",
    "practice",
    "locality",
    "priority",
    "referral_date",
    "breach_date",
    "earliest_slot",
    "booked_for",
    "reason",
)


@dataclass(frozen=True)
class Breach:
    """A referral that breaches, or will, and why."""

    entry: Entry
    reason: str  # a key of REASONS

    @property
    def slot_date(self):
        """The date of the booked appointment, else of the earliest slot within reach."""
        if self.entry.booking is not None:
            return self.entry.booking.session.date
        return self.entry.earliest.date if self.entry.earliest else None


def breaches(now: datetime, service: str = "", locality: str = "") -> list[Breach]:
    """Referrals that breach, or will before the earliest slot available to them."""
    found = []
    for entry in waiting_list(Filters(service=service, locality=locality, status="open"), now):
        if entry.risk not in ("breached", "will_breach"):
            continue
        found.append(Breach(entry, "booked_late" if entry.booking else entry.risk))
    return found


def summary(found: list[Breach]) -> list[tuple[str, str, int]]:
    """Count breaches by service and locality, the most first."""
    counts = Counter((b.entry.service.name, b.entry.practice.locality) for b in found)
    return sorted(
        ((service, locality, n) for (service, locality), n in counts.items()),
        key=lambda row: (-row[2], row[0], row[1]),
    )


def breach_csv(found: list[Breach]) -> str:
    """The breach list as CSV, one row per referral, its text safe from formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in found:
        entry = item.entry
        referral = entry.referral
        writer.writerow(
            safe_row(
                [
                    referral.nhs_number,
                    referral.name,
                    entry.service.id,
                    referral.practice_id,
                    entry.practice.locality,
                    referral.priority,
                    referral.referral_date.isoformat(),
                    entry.clock.breach_date.isoformat() if entry.clock.breach_date else "",
                    entry.earliest.date.isoformat() if entry.earliest else "",
                    entry.booking.session.date.isoformat() if entry.booking else "",
                    REASONS[item.reason],
                ]
            )
        )
    return out.getvalue()
