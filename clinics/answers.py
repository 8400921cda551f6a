"""What each public page shows, from the cached timetable and this moment's free slots."""

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app, url_for

from booking.clocks import local_now
from booking.openings import bookable_openings
from clinics.calendar import LONDON, clinics_calendar
from clinics.directory import HORIZON_WEEKS, Directory, build_directory
from clinics.search import Answer, find_origin, search, soonest
from clinics.timetable import (
    Clinic,
    PublicService,
    PublicSite,
    Timetable,
    Visit,
    current_timetable,
    free_appointments,
    published_version,
)
from clinics.wording import short_day, short_name

MAP_CACHE_ENTRIES = 256  # rendered maps kept per app; a map is ~20 kB
_MAP_LOCK = threading.Lock()


def today() -> date:
    """Return today's date in Dacorum."""
    return datetime.now(LONDON).date()


def timetable() -> Timetable:
    """Return the published timetable from today."""
    return current_timetable(today())


@dataclass(frozen=True)
class SearchPage:
    """A search's answer, the free appointments of its clinics, and the one to highlight."""

    answer: Answer
    free: dict[Clinic, int]
    soonest: Clinic | None


@dataclass(frozen=True)
class SitePage:
    """A site, its clinics and visits to come, and their free appointments."""

    site: PublicSite
    clinics: tuple[Clinic, ...]
    visits: tuple[Visit, ...]
    services: dict[str, PublicService]
    free: dict[Clinic, int]


@dataclass(frozen=True)
class ServicePage:
    """A service, and where and when it runs next."""

    service: PublicService
    clinics: tuple[Clinic, ...]
    sites: dict[str, PublicSite]
    free: dict[Clinic, int]


def find_clinics(text: str, service_id: str | None) -> SearchPage:
    """Search from a postcode or place, for one service or all (raises search.QueryError)."""
    origin = find_origin(text)
    answer = search(timetable(), origin, service_id or None, today())
    free = free_appointments(answer.clinics)
    return SearchPage(answer, free, soonest(answer.clinics, free) if answer.service else None)


def site_page(site_id: str) -> SitePage | None:
    """Return a site's page, or None if no published plan has the site."""
    table = timetable()
    site = table.sites.get(site_id)
    if site is None:
        return None
    clinics = tuple(c for c in table.upcoming(today()) if c.site_id == site_id)
    visits = tuple(v for v in table.visits if v.site_id == site_id and v.last >= today())
    return SitePage(site, clinics, visits, dict(table.services), free_appointments(clinics))


def service_page(service_id: str) -> ServicePage | None:
    """Return a service's page, or None if no published plan has the service."""
    table = timetable()
    service = table.services.get(service_id)
    if service is None:
        return None
    clinics = tuple(c for c in table.upcoming(today()) if c.service_id == service_id)
    return ServicePage(service, clinics, dict(table.sites), free_appointments(clinics))


@dataclass(frozen=True)
class ServicesPage:
    """Every service of the published plans, with the first clinic of each to come."""

    services: tuple[PublicService, ...]
    first: dict[str, Clinic]
    sites: dict[str, PublicSite]


def services_page() -> ServicesPage:
    """List the services with where and when each runs next."""
    table = timetable()
    first: dict[str, Clinic] = {}
    for clinic in table.upcoming(today()):
        first.setdefault(clinic.service_id, clinic)
    return ServicesPage(tuple(table.services.values()), first, dict(table.sites))


def directory_page() -> Directory:
    """List every service with its sites, next dates, wait and how to refer."""
    now = local_now()
    openings = bookable_openings(None, now, weeks_ahead=HORIZON_WEEKS)
    return build_directory(timetable(), openings, now.date(), HORIZON_WEEKS)


def calendar_file(site_id: str, clinic_key: tuple[date, str, str] | None = None) -> bytes | None:
    """Return a site's upcoming clinics (or one of them) as iCalendar, or None if unknown."""
    table = timetable()
    site = table.sites.get(site_id)
    if site is None:
        return None
    clinics = [c for c in table.upcoming(today()) if c.site_id == site_id]
    if clinic_key is not None:
        clinics = [c for c in clinics if (c.date, c.period, c.service_id) == clinic_key]
        if not clinics:
            return None
    return clinics_calendar(
        clinics,
        dict(table.sites),
        dict(table.services),
        name=f"Mobile clinics at {short_name(site.name)}",
        stamp=datetime.now(UTC),
        site_url={site.id: url_for("clinics.site", site_id=site.id, _external=True)},
    )


def results_map_page(page: SearchPage) -> str | None:
    """Render the map of a search's results (cached), or None if there is nowhere to show."""
    answer = page.answer
    if answer.origin.location is None or not answer.sites:
        return None
    service_id = answer.service.id if answer.service else ""
    key = ("results", published_version(), answer.origin.label, service_id, today())
    return _cached_map(key, lambda: _draw_results(answer))


def site_map_page(site: PublicSite) -> str:
    """Render the map of where a site is (cached)."""
    key = ("site", published_version(), site.id)
    return _cached_map(key, lambda: _draw_site(site))


def _cached_map(key: tuple, draw) -> str:
    cache = current_app.extensions.setdefault("clinics.maps", {})
    with _MAP_LOCK:
        found = cache.get(key)
    if found is None:
        found = draw()
        with _MAP_LOCK:
            if len(cache) >= MAP_CACHE_ENTRIES:
                cache.clear()
            cache[key] = found
    return found


def _vendor_url(package: str, filename: str) -> str:
    return url_for("pages.vendor", package=package, filename=filename)


def _draw_results(answer: Answer) -> str:
    from maps.results import ResultSite, results_map

    sites = [
        ResultSite(
            name=result.site.name,
            lat=result.site.lat,
            lon=result.site.lon,
            distance_km=result.distance_km or 0.0,
            next_dates=tuple(
                f"{short_day(clinic.date)}: {dates.service.name}"
                for dates in result.services
                for clinic in dates.clinics[:2]
            )[:4],
            url=url_for("clinics.site", site_id=result.site.id),
        )
        for result in answer.sites
    ]
    location = answer.origin.location
    return results_map(
        (location.lat, location.lon),
        sites,
        origin_label=answer.origin.label,
        vendor_url=_vendor_url,
        title="Map of the clinic sites in the list",
    )


def _draw_site(site: PublicSite) -> str:
    from maps.results import results_map

    return results_map(
        (site.lat, site.lon),
        [],
        origin_label=short_name(site.name),
        vendor_url=_vendor_url,
        title=f"Map showing where {short_name(site.name)} is",
    )
