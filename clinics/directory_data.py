"""The directory of services as open data: a JSON document and a CSV table.

Both hold what the directory page shows and nothing about patients. The JSON document:

    {
      "date": "2027-01-04",              today in Dacorum: waits are counted from it
      "horizon_weeks": 26,               how far ahead dates and free appointments are looked for
      "wait_measure": "...",             the wait's definition, in words
      "services": [{
        "id", "name", "url",             the service and its public page
        "kind": "outpatient" | "theatre" | "radiology",
        "what": "...",                   what the service is, in words
        "wait": {
          "first_free_date": "2027-01-12" | null,   null: none free within the horizon
          "days": 8 | null, "weeks": 1 | null,      from `date`; weeks are completed weeks
          "text": "1 week",
          "standard_weeks": 18 | null,              the service's wait standard
          "standard": "18 weeks from referral to treatment",
          "within_standard": true | false | null    null: no date, or no standard
        },
        "how_to_refer": {
          "route": "gp_referral" | "direct_access" | "gp_or_specialist",
          "through": ["practice", "fhir-api"],      GP practices' pages here; the FHIR booking API
          "text": "..."
        },
        "sites": [{                      soonest first
          "id", "name", "address" (left out when the site data has none), "locality",
          "postcode", "lat", "lon", "url",
          "next_dates": [{"date": "2027-01-12", "period": "AM", "start": "09:00", "end": "13:00"}],
          "more_dates": 4,               dates within the horizon beyond those listed
          "first_free_date": "2027-01-12" | null
        }]
      }]
    }

The CSV has one row per service and site (a service running nowhere has one row, its site
columns empty), every text cell made safe from spreadsheet formulas.
"""

import csv
import io
from collections.abc import Callable
from datetime import date

from clinics.directory import Directory, Entry, SiteEntry, standard_text, wait_text
from spreadsheets.safe_cells import safe_row

WAIT_MEASURE = (
    "Days from today to the first appointment free for a new patient, at any site, in the "
    "published sessions not yet begun. It changes as appointments are booked."
)
CSV_COLUMNS = (
    "service_id",
    "service",
    "kind",
    "how_to_refer",
    "wait_standard_weeks",
    "first_free_date",
    "wait_weeks",
    "within_standard",
    "site_id",
    "site",
    "locality",
    "postcode",
    "next_dates",
    "site_first_free_date",
)
Url = Callable[[str], str]  # an id -> its public page's address


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def directory_json(directory: Directory, service_url: Url, site_url: Url) -> dict:
    """Return the directory as the JSON document above."""
    return {
        "date": directory.today.isoformat(),
        "horizon_weeks": directory.horizon_weeks,
        "wait_measure": WAIT_MEASURE,
        "services": [_service(e, directory, service_url, site_url) for e in directory.entries],
    }


def _service(entry: Entry, directory: Directory, service_url: Url, site_url: Url) -> dict:
    service, wait = entry.service, entry.wait
    return {
        "id": service.id,
        "name": service.name,
        "url": service_url(service.id),
        "kind": service.unit_type,
        "what": entry.what,
        "wait": {
            "first_free_date": _day(wait.first_free),
            "days": wait.days,
            "weeks": wait.weeks,
            "text": wait_text(wait, directory.horizon_weeks),
            "standard_weeks": wait.standard_weeks,
            "standard": standard_text(entry),
            "within_standard": wait.within_standard,
        },
        "how_to_refer": {
            "route": entry.route.id,
            "through": list(entry.route.through),
            "text": entry.route.text,
        },
        "sites": [_site(s, site_url) for s in entry.sites],
    }


def _site(entry: SiteEntry, site_url: Url) -> dict:
    site = entry.site
    address = {"address": site.address} if site.address else {}  # no empty field
    return {
        "id": site.id,
        "name": site.name,
        **address,
        "locality": site.locality,
        "postcode": site.postcode,
        "lat": site.lat,
        "lon": site.lon,
        "url": site_url(site.id),
        "next_dates": [
            {
                "date": clinic.date.isoformat(),
                "period": clinic.period,
                "start": f"{clinic.start:%H:%M}",
                "end": f"{clinic.end:%H:%M}",
            }
            for clinic in entry.dates
        ],
        "more_dates": entry.more,
        "first_free_date": _day(entry.first_free),
    }


def directory_csv(directory: Directory) -> str:
    """Return the directory as CSV: a row per service and site, formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in directory.entries:
        service, wait = entry.service, entry.wait
        within = {True: "yes", False: "no", None: ""}[wait.within_standard]
        head = [
            service.id,
            service.name,
            service.unit_type,
            entry.route.id,
            wait.standard_weeks if wait.standard_weeks is not None else "",
            _day(wait.first_free) or "",
            wait.weeks if wait.weeks is not None else "",
            within,
        ]
        for site in entry.sites or (None,):
            writer.writerow(safe_row(head + _site_cells(site)))
    return out.getvalue()


def _site_cells(entry: SiteEntry | None) -> list:
    if entry is None:
        return [""] * 6
    site = entry.site
    dates = "; ".join(f"{c.date.isoformat()} {c.period}" for c in entry.dates)
    return [
        site.id,
        site.name,
        site.locality,
        site.postcode,
        dates,
        _day(entry.first_free) or "",
    ]
