"""Dates, times, distances and facilities in the plain English of the NHS style guide."""

from datetime import date, datetime

KM_PER_MILE = 1.609344

# What each kind of unit means to a patient.
FACILITIES = {
    "outpatient": "Outpatient clinic rooms: appointments with a specialist",
    "theatre": "A day-surgery theatre: operations where you go home the same day",
    "radiology": "Scans and X-rays",
}
PARTS_OF_DAY = {"AM": "morning", "PM": "afternoon"}


def day_text(day: date) -> str:
    """Write a date in full: "Tuesday 12 January 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_day(day: date) -> str:
    """Write a date briefly: "Tue 12 Jan"."""
    return f"{day:%a} {day.day} {day:%b}"


def clock(moment: datetime) -> str:
    """Write a time as the NHS does: "9am", "1:30pm", "midday"."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def time_span(start: datetime, end: datetime) -> str:
    """Write a clinic's hours: "9am to 1pm"."""
    return f"{clock(start)} to {clock(end)}"


def part_of_day(period: str) -> str:
    """Name a half-day: "morning" or "afternoon"."""
    return PARTS_OF_DAY.get(period, period)


def distance_text(km: float) -> str:
    """Write a straight-line distance in miles and kilometres: "2.3 miles (3.7 km)"."""
    if km < 0.1 * KM_PER_MILE:
        return "less than 0.1 miles (0.2 km)"
    return f"{km / KM_PER_MILE:.1f} miles ({km:.1f} km)"


def free_text(count: int) -> str:
    """Say how many appointments are still free."""
    if count <= 0:
        return "No appointments free"
    return f"{count} appointment{'s' if count != 1 else ''} free"


def origin_note(label: str, kind: str, precision: str) -> str:
    """Say where distances are measured from when it is not the exact postcode."""
    if precision == "place":
        return (
            f"Distances are from the centre of {label}. Enter your postcode for distances from "
            "your home."
        )
    if kind == precision:  # the query was a district or sector itself
        return f"Distances are from the middle of {label}. Enter your full postcode to be exact."
    return f"Distances are from the middle of the area around {label}."


def date_span(first: date, last: date) -> str:
    """Write a run of days: "Monday 4 to Friday 8 January 2027"."""
    if first == last:
        return day_text(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%A} {first.day} to {day_text(last)}"
    if first.year == last.year:
        return f"{first:%A} {first.day} {first:%B} to {day_text(last)}"
    return f"{day_text(first)} to {day_text(last)}"


def facilities(unit_types: tuple[str, ...]) -> list[str]:
    """List what a site can host, in words a patient knows."""
    return [
        FACILITIES[kind] for kind in ("outpatient", "theatre", "radiology") if kind in unit_types
    ]


def short_name(name: str) -> str:
    """Shorten a site's name to its first part: "Tring Sportspace (leisure centre), ..." ->
    "Tring Sportspace"."""
    return name.split(",")[0].split(" (")[0].strip() or name


TEMPLATE_HELPERS = {
    "day_text": day_text,
    "short_day": short_day,
    "time_span": time_span,
    "part_of_day": part_of_day,
    "distance_text": distance_text,
    "free_text": free_text,
    "date_span": date_span,
    "origin_note": origin_note,
    "facilities": facilities,
    "short_name": short_name,
}
