"""Answer "when is the next clinic near me?" from a timetable: pure, no database.

A search has an origin (a postcode or place, or a valid postcode we cannot place), an
optional service and today's date; the answer lists the nearest sites that hold clinics in
the window, each with the dates of each service there.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from clinics.timetable import Clinic, PublicService, PublicSite, Timetable
from clinics.wording import KM_PER_MILE
from scheduler import geodesic_km
from sites.geo import (
    Location,
    OutsideAreaError,
    PostcodeError,
    UnknownPlaceError,
    locate,
    parse_postcode_or_partial,
)

WINDOW_WEEKS = 12  # the issue: patients see at least the next 12 weeks of clinics
RESULT_SITES = 5  # enough choice on a phone screen; the site pages hold the rest


class QueryError(ValueError):
    """What was typed cannot be placed; the message says what to do, with suggestions."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


@dataclass(frozen=True)
class Origin:
    """Where a search measures from; `location` is None for a postcode we cannot place."""

    label: str
    location: Location | None

    @property
    def in_area(self) -> bool:
        return self.location is not None and self.location.in_area


@dataclass(frozen=True)
class ServiceDates:
    """The dates of one service at one site within the window."""

    service: PublicService
    clinics: tuple[Clinic, ...]


@dataclass(frozen=True)
class SiteResult:
    """A site near the origin, with its clinics in the window."""

    site: PublicSite
    distance_km: float | None
    services: tuple[ServiceDates, ...]

    @property
    def distance_miles(self) -> float | None:
        return None if self.distance_km is None else self.distance_km / KM_PER_MILE


@dataclass(frozen=True)
class Answer:
    """The results of one search."""

    origin: Origin
    service: PublicService | None
    window_end: date  # the first day after the window
    sites: tuple[SiteResult, ...]
    next_later: Clinic | None  # the chosen service's first clinic after the window, if none in it
    next_later_site: PublicSite | None
    offered: bool  # whether the chosen service (or any, if none chosen) has a clinic to come

    @property
    def clinics(self) -> tuple[Clinic, ...]:
        return tuple(c for r in self.sites for s in r.services for c in s.clinics)

    def result_for(self, clinic: Clinic) -> SiteResult | None:
        """Return the result that lists the clinic's site."""
        return next((r for r in self.sites if r.site.id == clinic.site_id), None)


def find_origin(text: str) -> Origin:
    """Place a postcode (any spacing or case), sector, district or Dacorum place name.

    Raises:
        QueryError: malformed or ZZ99 postcode, or an unknown place (with suggestions).
    """
    try:
        location = locate(text)
    except OutsideAreaError:
        return Origin(parse_postcode_or_partial(text).label, None)
    except PostcodeError as error:
        if "".join(text.upper().split()).startswith("ZZ99"):
            raise QueryError(
                "ZZ99 postcodes do not say where someone lives. Enter the postcode of the "
                "place you will travel from, or the name of your town or village."
            ) from error
        raise QueryError(str(error)) from error
    except UnknownPlaceError as error:
        if not text.strip():
            raise QueryError("Enter a postcode, or the name of a town or village") from error
        raise QueryError(
            f"We cannot find a place called '{text.strip()}' in or near Dacorum. Check the "
            "spelling, or enter a postcode instead",
            error.suggestions,
        ) from error
    return Origin(location.label, location)


def search(timetable: Timetable, origin: Origin, service_id: str | None, today: date) -> Answer:
    """List the nearest sites with clinics (of the chosen service) in the next weeks."""
    end = today + timedelta(weeks=WINDOW_WEEKS)
    wanted = [
        c for c in timetable.upcoming(today) if service_id is None or c.service_id == service_id
    ]
    in_window: dict[str, list[Clinic]] = {}
    for clinic in wanted:
        if clinic.date < end and clinic.site_id in timetable.sites:
            in_window.setdefault(clinic.site_id, []).append(clinic)
    place = origin.location
    distances = {
        site_id: geodesic_km(place.lat, place.lon, site.lat, site.lon) if place else None
        for site_id, site in timetable.sites.items()
        if site_id in in_window
    }
    if place:
        order = sorted(distances, key=lambda s: (distances[s], timetable.sites[s].name))
    else:  # nowhere to measure from: the soonest clinics first
        order = sorted(in_window, key=lambda s: (in_window[s][0].date, in_window[s][0].start))
    results = tuple(
        SiteResult(
            timetable.sites[site_id],
            distances[site_id],
            _by_service(in_window[site_id], timetable.services),
        )
        for site_id in order[:RESULT_SITES]
    )
    later = next((c for c in wanted if c.date >= end and c.site_id in timetable.sites), None)
    later = None if in_window else later
    service = timetable.services.get(service_id) if service_id else None
    later_site = timetable.sites.get(later.site_id) if later else None
    return Answer(origin, service, end, results, later, later_site, bool(wanted))


def _by_service(
    clinics: list[Clinic], services: Mapping[str, PublicService]
) -> tuple[ServiceDates, ...]:
    groups: dict[str, list[Clinic]] = {}
    for clinic in clinics:
        groups.setdefault(clinic.service_id, []).append(clinic)
    known = [service_id for service_id in groups if service_id in services]
    known.sort(key=lambda service_id: services[service_id].name)
    return tuple(ServiceDates(services[s], tuple(groups[s])) for s in known)


def soonest(clinics: tuple[Clinic, ...], free: Mapping[Clinic, int]) -> Clinic | None:
    """Return the soonest clinic with an appointment free, else the soonest of all."""
    ordered = sorted(clinics, key=lambda c: (c.date, c.start))
    return next((c for c in ordered if free.get(c, 0) > 0), ordered[0] if ordered else None)
