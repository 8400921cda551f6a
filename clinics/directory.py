"""The directory of services: what each service is, where and when it runs, how long the wait
is now and how to be referred. Pure: built from the timetable and the bookable openings.

The wait is one measure anyone can check: the days from today to the first appointment free
for a new patient, at any site, in the published sessions not yet begun. It says how soon a
referral made today could be seen if booked at once; it is not how long patients waited in
the past, and it changes with every booking.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from booking.clocks import breach_date
from booking.openings import Opening
from booking.pathway_reports import DIRECT_ACCESS_UNIT_TYPES
from clinics.timetable import Clinic, PublicService, PublicSite, Timetable

# Half a year: past the longest national standard (18 weeks), so a wait longer than its
# standard still shows as a date rather than as "none free".
HORIZON_WEEKS = 26
NEXT_DATES = 3  # dates listed per site; the service's page lists them all

# What each kind of unit's services are, in words a patient knows.
KINDS = {
    "outpatient": "Appointments with a consultant-led specialist team",
    "theatre": "Day-case operations: you go home the same day",
    "radiology": "Scans and X-rays (diagnostic tests)",
}


@dataclass(frozen=True)
class Route:
    """How a patient comes to a service: who refers, and through which systems."""

    id: str
    through: tuple[str, ...]  # "practice": this service's pages for GP practices; "fhir-api"
    text: str


# The service is not on the NHS e-Referral Service (e-RS) yet: nothing connects the two, so
# the directory says how practices refer today rather than promise a route that is not there.
NOT_ON_ERS = (
    "The service is not yet on the NHS e-Referral Service (e-RS): practices refer directly, "
    "on this service's pages for GP practices or from their own system through its FHIR "
    "booking API."
)
GP_REFERRAL = Route(
    "gp_referral",
    ("practice", "fhir-api"),
    "Your GP refers you, and the practice can choose a site and date with you. " + NOT_ON_ERS,
)
DIRECT_ACCESS = Route(
    "direct_access",
    ("practice", "fhir-api"),
    "Your GP requests the test directly: you do not see a specialist first, and the booking "
    "team offers you a time. " + NOT_ON_ERS,
)
GP_OR_SPECIALIST = Route(
    "gp_or_specialist",
    ("practice", "fhir-api"),
    "Your GP refers you, or a specialist adds you to the list after a clinic appointment. "
    + NOT_ON_ERS,
)


def route_of(service: PublicService) -> Route:
    """Say how a service is reached: direct-access tests at the GP's request, day-case lists
    from the GP or a specialist, everything else by GP referral."""
    if service.unit_type in DIRECT_ACCESS_UNIT_TYPES:
        return DIRECT_ACCESS
    if service.unit_type == "theatre":
        return GP_OR_SPECIALIST
    return GP_REFERRAL


@dataclass(frozen=True)
class Wait:
    """The wait for a new patient referred today, against the service's standard."""

    today: date
    first_free: date | None  # None: no appointment free within the horizon
    standard_weeks: int | None  # None: the service has no wait standard

    @property
    def days(self) -> int | None:
        return None if self.first_free is None else (self.first_free - self.today).days

    @property
    def weeks(self) -> int | None:
        """Completed weeks, as waits are counted: 0 to 6 days is week 0."""
        return None if self.days is None else self.days // 7

    @property
    def within_standard(self) -> bool | None:
        """Whether the first free appointment meets the standard (None: cannot say)."""
        if self.first_free is None or self.standard_weeks is None:
            return None
        return self.first_free < breach_date(self.today, self.standard_weeks)


@dataclass(frozen=True)
class SiteEntry:
    """One site of a service: its next dates and its first appointment free."""

    site: PublicSite
    dates: tuple[Clinic, ...]  # the next NEXT_DATES clinics
    more: int  # clinics within the horizon not listed
    first_free: date | None


@dataclass(frozen=True)
class Entry:
    """One service of the directory."""

    service: PublicService
    what: str
    route: Route
    wait: Wait
    sites: tuple[SiteEntry, ...]  # soonest first

    @property
    def direct_access(self) -> bool:
        return self.route is DIRECT_ACCESS


@dataclass(frozen=True)
class Directory:
    """Every service of the published plans, as of one day."""

    today: date
    horizon_weeks: int
    entries: tuple[Entry, ...]

    @property
    def horizon_end(self) -> date:
        return self.today + timedelta(weeks=self.horizon_weeks)

    def fingerprint(self) -> tuple[int, ...]:
        """The first free days the directory shows, as numbers, to name its version."""
        days = [e.wait.first_free for e in self.entries]
        days += [s.first_free for e in self.entries for s in e.sites]
        return tuple(day.toordinal() if day else 0 for day in days)


def build_directory(
    timetable: Timetable,
    openings: Iterable[Opening],
    today: date,
    horizon_weeks: int = HORIZON_WEEKS,
) -> Directory:
    """List every service with its sites, next dates and wait.

    Args:
        timetable: the published plans' services, sites and clinics.
        openings: bookable sessions with a free slot (booking.openings.bookable_openings),
            those of the horizon at least; only slots a new patient may take count.
        today: the day the wait is counted from.
        horizon_weeks: how far ahead to look for dates and free appointments.
    """
    end = today + timedelta(weeks=horizon_weeks)
    first_free: dict[tuple[str, str], date] = {}  # (service, site) -> first free day
    for opening in openings:
        known = opening.site_id in timetable.sites
        if known and today <= opening.date <= end and opening.free_for("first") > 0:
            key = (opening.service_id, opening.site_id)
            first_free[key] = min(first_free.get(key, opening.date), opening.date)
    clinics: dict[str, dict[str, list[Clinic]]] = {}  # service -> site -> clinics
    for clinic in timetable.upcoming(today):
        if clinic.date <= end and clinic.site_id in timetable.sites:
            clinics.setdefault(clinic.service_id, {}).setdefault(clinic.site_id, []).append(clinic)
    entries = []
    for service in timetable.services.values():
        at = clinics.get(service.id, {})
        sites = tuple(
            SiteEntry(
                timetable.sites[site_id],
                tuple(found[:NEXT_DATES]),
                max(len(found) - NEXT_DATES, 0),
                first_free.get((service.id, site_id)),
            )
            for site_id, found in sorted(
                at.items(), key=lambda item: (item[1][0].start, timetable.sites[item[0]].name)
            )
        )
        soonest = min(
            (day for (service_id, _), day in first_free.items() if service_id == service.id),
            default=None,
        )
        entries.append(
            Entry(
                service,
                KINDS.get(service.unit_type, ""),
                route_of(service),
                Wait(today, soonest, service.max_wait_weeks),
                sites,
            )
        )
    return Directory(today, horizon_weeks, tuple(entries))


def wait_text(wait: Wait, horizon_weeks: int) -> str:
    """Say the wait in weeks: "3 weeks", "Less than 1 week", or that nothing is free."""
    if wait.weeks is None:
        return f"No appointments free in the next {horizon_weeks} weeks"
    if wait.weeks == 0:
        return "Less than 1 week"
    return f"{wait.weeks} week{'s' if wait.weeks != 1 else ''}"


def standard_text(entry: Entry) -> str:
    """Say the service's wait standard and what it is measured to."""
    weeks = entry.wait.standard_weeks
    if weeks is None:
        return "No waiting-time standard"
    if entry.direct_access:
        return f"{weeks} weeks from the request to the test"
    return f"{weeks} weeks from referral to treatment"
