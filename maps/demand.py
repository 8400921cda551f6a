"""Draw referral demand: practices sized by demand, and the sites that could serve it."""

from __future__ import annotations

from maps.assets import DEFAULT_VENDOR_PREFIX, VendorUrl, make_map, render_page
from maps.elements import Legend
from maps.layers import add_locality_labels, add_practices, add_sites, demand_by_practice, fit_to
from maps.legend import demand_legend
from maps.popups import practice_popup, site_popup
from maps.style import DEMAND_FILL
from scheduler.contract.domain import Instance, Site


def demand_map(
    instance: Instance,
    *,
    service: str | None = None,
    vendor_url: VendorUrl | str = DEFAULT_VENDOR_PREFIX,
    tiles_url: str | None = None,
    tiles_attribution: str | None = None,
    title: str | None = None,
) -> str:
    """Render the demand map as a whole HTML page (for an iframe's src or srcdoc).

    Practices are circles whose area grows with their new referrals a week; sites are
    boxes spelling the unit types they host. With `service`, only that service's demand
    counts and sites that cannot host its unit type are drawn faded and dashed.

    Args:
        instance: the sites, practices and demand to draw.
        service: a service id to show alone, or None for all services.
        vendor_url: a `(package, filename) -> url` callable or a URL prefix for Leaflet.
        tiles_url: an optional base-map tile URL template (e.g. an intranet tile server).
        tiles_attribution: the tile server's attribution.
        title: the page title; "Demand map: <service or all services>" by default.

    Returns:
        The page's HTML.

    Raises:
        ValueError: `service` is not a service of the instance.
    """
    chosen = None
    if service is not None:
        chosen = instance.service_by_id.get(service)
        if chosen is None:
            raise ValueError(f"unknown service {service!r}")
    service_name = (chosen.name or chosen.id) if chosen else None
    fmap = make_map(
        title=title or f"Demand map: {service_name or 'all services'}",
        vendor_url=vendor_url,
        tiles_url=tiles_url,
        tiles_attribution=tiles_attribution,
    )
    demand = demand_by_practice(instance, service)
    what = f" for {service_name}" if service_name else ""
    add_practices(
        fmap,
        instance,
        demand,
        fill=lambda practice: DEMAND_FILL,
        popup=lambda practice: practice_popup(practice, demand[practice.id], instance),
        tooltip=lambda practice, total: (
            f"{practice.name or practice.id}: {total:.1f} referrals a week{what}"
        ),
    )

    def cannot_host(site: Site) -> bool:
        return chosen is not None and chosen.unit_type not in site.unit_types

    note = f"cannot host {chosen.unit_type} units for {service_name}" if chosen else ""
    add_sites(
        fmap,
        instance.sites,
        popup=lambda site: site_popup(site, note=f"It {note}." if cannot_host(site) else ""),
        faded=cannot_host,
    )
    add_locality_labels(fmap, instance)
    fmap.add_child(Legend(demand_legend(instance, service_name, note)))
    fit_to(fmap, [(p.lat, p.lon) for p in (*instance.sites, *instance.practices)])
    return render_page(fmap)
