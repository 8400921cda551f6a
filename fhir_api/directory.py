"""The directory: each service (HealthcareService), site (Location) and clinician
(Practitioner), read one at a time or searched by id or name."""

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from booking.openings import bookable_openings
from extensions import db
from fhir_api.datatypes import reference, service_type
from fhir_api.ids import fhir_id, local_id
from inputs.models import Clinician, Service, Site

REFERRAL_METHOD_SYSTEM = "http://terminology.hl7.org/CodeSystem/service-referral-method"


def _matching(model, args) -> list:
    """Rows of the model whose id is `_id` (if given) and whose name holds `name`."""
    query = sa.select(model).order_by(model.id)
    if (wanted := args.get("_id")) is not None:
        query = query.where(model.id.in_([local_id(i) or "" for i in wanted.split(",")]))
    if name := (args.get("name") or "").strip():
        query = query.where(model.name.ilike(f"%{name}%"))
    return list(db.session.scalars(query))


def _sites_by_service(service_ids: Iterable[str], now: datetime) -> dict[str, dict[str, str]]:
    """Where each service has free appointments to come: {service: {site id: site name}}."""
    found: dict[str, dict[str, str]] = {}
    for opening in bookable_openings(service_ids, now):
        if opening.site_id:
            found.setdefault(opening.service_id, {})[opening.site_id] = opening.site_name
    return found


def healthcare_service(service: Service, sites: dict[str, str]) -> dict:
    """A service as a HealthcareService, with the sites where it has free appointments."""
    terms = [f"Appointments at {service.slots_per_session} a clinic session."]
    if service.max_wait_weeks:
        terms.append(f"Seen within {service.max_wait_weeks} weeks of referral.")
    if service.max_travel_km:
        terms.append(f"Offered at sites within {service.max_travel_km:g} km of the patient.")
    resource = {
        "resourceType": "HealthcareService",
        "id": fhir_id(service.id),
        "active": True,
        "type": service_type(service.id, service.name),
        "name": service.name,
        "comment": " ".join(terms),
        "referralMethod": [
            {
                "coding": [
                    {
                        "system": REFERRAL_METHOD_SYSTEM,
                        "code": "elec",
                        "display": "Secure Messaging",
                    }
                ]
            }
        ],
        "appointmentRequired": True,
    }
    if sites:
        resource["location"] = [
            reference("Location", site, name) for site, name in sorted(sites.items())
        ]
    return resource


def healthcare_services(args, now: datetime) -> list[dict]:
    services = _matching(Service, args)
    sites = _sites_by_service([s.id for s in services], now)
    return [healthcare_service(s, sites.get(s.id, {})) for s in services]


def location(site: Site) -> dict:
    """A site where the units stand, as a Location."""
    address = {"district": site.locality, "country": "GB"}
    if site.address:
        address["line"] = [site.address]
    if site.postcode:
        address["postalCode"] = site.postcode
    return {
        "resourceType": "Location",
        "id": fhir_id(site.id),
        "status": "active",
        "name": site.name,
        "mode": "instance",
        "address": address,
        "position": {"latitude": site.lat, "longitude": site.lon},
    }


def locations(args) -> list[dict]:
    return [location(site) for site in _matching(Site, args)]


def practitioner(clinician: Clinician) -> dict:
    """A clinician as a Practitioner: the name only, as patients would see it on a letter."""
    return {
        "resourceType": "Practitioner",
        "id": fhir_id(clinician.id),
        "active": True,
        "name": [{"text": clinician.name}],
    }


def practitioners(args) -> list[dict]:
    return [practitioner(clinician) for clinician in _matching(Clinician, args)]


def read(resource_type: str, text_id: str, now: datetime) -> dict | None:
    """One HealthcareService, Location or Practitioner by its FHIR id, or None."""
    key = local_id(text_id)
    if key is None:
        return None
    if resource_type == "HealthcareService":
        service = db.session.get(Service, key)
        return service and healthcare_service(service, _sites_by_service([key], now).get(key, {}))
    if resource_type == "Location":
        site = db.session.get(Site, key)
        return site and location(site)
    clinician = db.session.get(Clinician, key)
    return clinician and practitioner(clinician)
