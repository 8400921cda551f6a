"""Calendar entries (RFC 5545) for clinic dates, built with the icalendar package.

An entry marks when a clinic runs at a site; it is not an appointment, and says so. Its UID
names the site, date, half-day and service, so a later download of the same clinic updates
the entry in the patient's calendar instead of adding a second one.
"""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from clinics.timetable import Clinic, PublicService, PublicSite

LONDON = ZoneInfo("Europe/London")  # clinic times are clock times in Dacorum
UID_DOMAIN = "dacorum-mobile-clinics"
NOT_AN_APPOINTMENT = (
    "This is when the mobile clinic is at this site. It is not an appointment: you need a "
    "referral from your GP, and the booking team will offer you a time."
)


def clinic_uid(clinic: Clinic) -> str:
    """Name a clinic the same way in every download."""
    return f"{clinic.site_id}-{clinic.date:%Y%m%d}-{clinic.period}-{clinic.service_id}@{UID_DOMAIN}"


def site_address(site: PublicSite) -> str:
    """Write a site's name, address, town and postcode on one line, without repeats."""
    parts = [site.name, site.address, site.locality, site.postcode]
    return ", ".join(dict.fromkeys(part for part in parts if part))


def clinics_calendar(
    clinics: Iterable[Clinic],
    sites: dict[str, PublicSite],
    services: dict[str, PublicService],
    *,
    name: str,
    stamp: datetime,
    site_url: dict[str, str] | None = None,
) -> bytes:
    """Write the clinics as an iCalendar file.

    Args:
        clinics: the clinics, each one event.
        sites: the sites the clinics name, by id.
        services: the services the clinics name, by id.
        name: the calendar's name, shown by calendar apps.
        stamp: when the file was made (DTSTAMP, in UTC).
        site_url: each site's public page, for the events' URL.

    Returns:
        The calendar's bytes.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Dacorum Mobile Clinics//clinic dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for clinic in clinics:
        site, service = sites[clinic.site_id], services[clinic.service_id]
        event = Event()
        event.add("uid", clinic_uid(clinic))
        event.add("dtstamp", stamp)
        event.add("dtstart", clinic.start.replace(tzinfo=LONDON))
        event.add("dtend", clinic.end.replace(tzinfo=LONDON))
        event.add("summary", f"{service.name} (mobile clinic) at {site.name}")
        event.add("location", site_address(site))
        event.add("geo", (site.lat, site.lon))
        event.add("description", NOT_AN_APPOINTMENT)
        event.add("transp", "TRANSPARENT")  # the clinic's hours do not make the patient busy
        if site_url and site.id in site_url:
            event.add("url", site_url[site.id])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
