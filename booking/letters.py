"""The appointment letter, its location map, and the appointment as an iCalendar event."""

import csv
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from html import escape
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from booking.finder import patient_point
from booking.models import Booking
from booking.nhs_number import format_nhs_number
from booking.openings import Opening, session_opening
from extensions import db
from inputs.models import Practice, Service, Unit
from sites.geo import REFERENCE_DIR

LONDON = ZoneInfo("Europe/London")  # appointment times are clock times in Dacorum
UID_DOMAIN = "dacorum-mobile-clinics"
ARRIVE_EARLY_MINUTES = 10
ALWAYS_BRING = (
    "This letter, or these details on your phone.",
    "A list of the medicines you take.",
    "Your glasses or hearing aids, if you use them.",
)
BRING_BY_UNIT = {
    "outpatient": ("Any letters or test results from other hospitals about this problem.",),
    "radiology": (
        "Loose clothes without metal (zips, underwired bras), if you can.",
        "If you are or might be pregnant, tell the radiographer before your scan.",
    ),
    "theatre": (
        "Follow the eating and drinking instructions from your pre-assessment.",
        "An adult to take you home and stay with you for 24 hours.",
    ),
}
BRING_BY_CAPABILITY = {
    "mri": ("Tell the team before the scan about any pacemaker, implant or metal in your body.",),
}
MAP_WIDTH, MAP_HEIGHT = 480, 320  # pixels of the SVG map
EDGE_PX = 12  # places this close to the frame are left out, so their names are not cut
CLEAR_PX = 40  # nor are places under the site's or the patient's marker and name
MIN_HALF_HEIGHT_KM = 3.0  # the map shows at least 6 km north to south, so towns appear
KM_PER_DEGREE_LAT = 110.57


@dataclass(frozen=True)
class Letter:
    """Everything the printed letter and the calendar event say."""

    booking_id: int
    patient_name: str
    nhs_number: str  # formatted 3-3-4
    postcode: str
    service_name: str
    start: datetime
    end: datetime
    site_name: str
    address: str  # one line, without repeats
    lat: float | None
    lon: float | None
    bring: tuple[str, ...]
    arrive_by: datetime


def build_letter(
    booking: Booking, opening: Opening, unit_type: str, capability: str | None
) -> Letter:
    """Compose the letter for a booking in a session."""
    referral = booking.referral
    start = opening.slot_time(booking.slot_number)
    parts = (opening.site_name, opening.address, opening.locality, opening.postcode)
    bring = (
        ALWAYS_BRING + BRING_BY_UNIT.get(unit_type, ()) + BRING_BY_CAPABILITY.get(capability, ())
    )
    return Letter(
        booking_id=booking.id,
        patient_name=referral.name,
        nhs_number=format_nhs_number(referral.nhs_number),
        postcode=referral.postcode,
        service_name=opening.service_name,
        start=start,
        end=opening.slot_time(booking.slot_number + 1),
        site_name=opening.site_name,
        address=", ".join(dict.fromkeys(part for part in parts if part)),
        lat=opening.lat,
        lon=opening.lon,
        bring=bring,
        arrive_by=start - timedelta(minutes=ARRIVE_EARLY_MINUTES),
    )


def letter_for(booking: Booking) -> tuple[Letter, str]:
    """The booking's letter and its SVG location map ("" when the site is unknown)."""
    opening = session_opening(booking.session_id)
    unit = db.session.get(Unit, opening.unit_id)
    service = db.session.get(Service, opening.service_id)
    content = build_letter(booking, opening, unit.type, service.capability)
    if opening.lat is None or opening.lon is None:
        return content, ""
    referral = booking.referral
    home = patient_point(referral.postcode, db.session.get(Practice, referral.practice_id))
    return content, location_map((opening.site_name, opening.lat, opening.lon), home)


def appointment_ics(letter: Letter, stamp: datetime) -> bytes:
    """The appointment as an iCalendar file (RFC 5545) with one event."""
    calendar = Calendar()
    calendar.add("prodid", "-//Dacorum Mobile Clinics//appointment//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"booking-{letter.booking_id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", letter.start.replace(tzinfo=LONDON))
    event.add("dtend", letter.end.replace(tzinfo=LONDON))
    event.add("summary", f"{letter.service_name} appointment (mobile clinic)")
    event.add("location", letter.address)
    if letter.lat is not None and letter.lon is not None:
        event.add("geo", (letter.lat, letter.lon))
    event.add(
        "description",
        f"Please arrive by {letter.arrive_by:%H:%M}. Bring: " + " ".join(letter.bring),
    )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


@cache
def _places() -> tuple[tuple[str, float, float], ...]:
    with (REFERENCE_DIR / "places.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(
            (row["name"], float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(handle)
            if row["kind"] in ("town", "village")
        )


def location_map(site: tuple[str, float, float], patient: tuple[float, float] | None) -> str:
    """Draw an SVG map of the site among the towns and villages around it.

    Args:
        site: (name, lat, lon) of the site, drawn as the marked spot.
        patient: the patient's postcode point, drawn too when given.
    """
    name, lat, lon = site
    points = [(lat, lon)] + ([patient] if patient else [])
    middle_lat = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
    middle_lon = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
    km_per_degree_lon = KM_PER_DEGREE_LAT * math.cos(math.radians(middle_lat))
    aspect = MAP_WIDTH / MAP_HEIGHT
    half_height = 1.4 * max(  # room round the points for their labels
        MIN_HALF_HEIGHT_KM,
        *(abs(p[0] - middle_lat) * KM_PER_DEGREE_LAT for p in points),
        *(abs(p[1] - middle_lon) * km_per_degree_lon / aspect for p in points),
    )
    half_width = half_height * aspect

    def xy(point_lat: float, point_lon: float) -> tuple[float, float]:
        east_km = (point_lon - middle_lon) * km_per_degree_lon
        north_km = (point_lat - middle_lat) * KM_PER_DEGREE_LAT
        x = MAP_WIDTH / 2 * (1 + east_km / half_width)
        y = MAP_HEIGHT / 2 * (1 - north_km / half_height)
        return round(x, 1), round(y, 1)

    def inside(x: float, y: float) -> bool:
        return EDGE_PX < x < MAP_WIDTH - EDGE_PX and EDGE_PX < y < MAP_HEIGHT - 2 * EDGE_PX

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" '
        f'class="app-letter-map" role="img" aria-label="Map showing {escape(name)}">',
        f'<rect width="{MAP_WIDTH}" height="{MAP_HEIGHT}" fill="#f0f4f5" stroke="#768692"/>',
    ]
    site_x, site_y = xy(lat, lon)
    marks = [(site_x, site_y)] + ([xy(*patient)] if patient else [])
    for place, place_lat, place_lon in _places():
        x, y = xy(place_lat, place_lon)
        if not inside(x, y) or any(abs(x - mx) + abs(y - my) < CLEAR_PX for mx, my in marks):
            continue
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#768692"/>')
        parts.append(_label(x, y, escape(place), 'font-size="12" fill="#4c6272"'))
    if patient:
        x, y = xy(*patient)
        parts.append(f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10" fill="#007f3b"/>')
        parts.append(
            f'<text x="{x + 8}" y="{y + 4}" font-size="12" fill="#007f3b">Your postcode</text>'
        )
    parts.append(
        f'<circle cx="{site_x}" cy="{site_y}" r="9" fill="#005eb8" stroke="#fff" stroke-width="3"/>'
    )
    style = 'font-size="14" font-weight="bold" fill="#005eb8"'
    parts.append(_label(site_x, site_y - 14, escape(name), style))
    parts.append(
        f'<text x="8" y="{MAP_HEIGHT - 8}" font-size="11" fill="#4c6272">North is up. '
        "Towns and villages are marked for reference.</text></svg>"
    )
    return "".join(parts)


def _label(x: float, y: float, text: str, style: str) -> str:
    """A text label right of a point, or left of it in the map's right half."""
    if x > MAP_WIDTH / 2:
        return f'<text x="{x - 6}" y="{y + 4}" text-anchor="end" {style}>{text}</text>'
    return f'<text x="{x + 6}" y="{y + 4}" {style}>{text}</text>'
