"""The demand map sizes practices by demand, for all services or one, and marks sites."""

import pytest

from maps.demand import demand_map
from tests.maps.page_text import outside_urls, readable


def _radius(page: str, practice_name: str) -> float:
    """The radius of the circle whose tooltip names the practice."""
    before = page[: page.index(f'bindTooltip("{practice_name}:')]
    return float(before[before.rindex('"radius": ') + 10 :].split(",")[0])


def test_all_services_size_practices_by_total_demand(tiny):
    page = readable(demand_map(tiny))
    assert "<title>Demand map: all services</title>" in page
    assert "Rothschild House: 5.0 referrals a week" in page
    assert _radius(page, "Parkwood Surgery") > _radius(page, "Rothschild House")
    assert _radius(page, "Rothschild House") > _radius(page, "Manor Street Surgery")
    assert page.count('"className": "site-marker"') == 3
    assert "site-box--faded" not in page.split("</head>")[1]


def test_one_service_counts_its_demand_and_fades_sites_that_cannot_host_it(tiny):
    page = readable(demand_map(tiny, service="xray"))
    assert "<title>Demand map: X-ray</title>" in page
    assert "Manor Street Surgery: 0.0 referrals a week for X-ray" in page
    assert "Parkwood Surgery: 9.0 referrals a week for X-ray" in page
    assert '<span class="site-box" data-site="berko">OR</span>' in page
    assert '<span class="site-box site-box--faded" data-site="tring">O</span>' in page
    assert "It cannot host radiology units for X-ray." in page
    assert "demand for X-ray" in page


def test_practice_popups_list_demand_by_service(tiny):
    page = readable(demand_map(tiny))
    assert "<li>Dermatology clinic: 4.0</li><li>X-ray: 1.0</li>" in page
    assert "List size 8,000" in page


def test_unknown_service_is_refused(tiny):
    with pytest.raises(ValueError, match="unknown service 'mri'"):
        demand_map(tiny, service="mri")


def test_demand_map_uses_only_local_assets(small):
    page = demand_map(small, service="mri", vendor_url="/assets")
    assert outside_urls(page) == []
    assert '<script src="/assets/leaflet/leaflet.js"></script>' in page
    assert readable(page).count('"className": "practice-marker"') == 15
