"""Our WGS84 geodesic agrees with geopy's (used here only, never in scheduler/)."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler import geodesic_km
from scheduler.contract import geo

TRING = (51.7936, -0.6516)
HEMEL = (51.7526, -0.4692)


def test_a_known_distance_within_dacorum():
    assert geodesic_km(*TRING, *HEMEL) == pytest.approx(geodesic(TRING, HEMEL).km, abs=1e-3)
    assert geodesic_km(*TRING, *HEMEL) == pytest.approx(13.37, abs=0.05)


def test_zero_symmetric_and_along_the_equator():
    assert geodesic_km(*TRING, *TRING) == 0.0
    assert geodesic_km(*TRING, *HEMEL) == geodesic_km(*HEMEL, *TRING)
    assert geodesic_km(0, 0, 0, 1) == pytest.approx(geodesic((0, 0), (0, 1)).km, abs=1e-3)
    assert geodesic_km(-90, 0, 90, 0) == pytest.approx(geodesic((-90, 0), (90, 0)).km, abs=1e-3)


latitude = st.floats(min_value=-89.9, max_value=89.9)
longitude = st.floats(min_value=-180, max_value=180)


@settings(max_examples=300, deadline=None)
@given(latitude, longitude, latitude, longitude)
def test_agrees_with_geopy_to_a_metre(lat1, lon1, lat2, lon2):
    # Vincenty may not converge for nearly antipodal points, which never meet in practice
    if abs(lat1 + lat2) < 1 and abs(abs(lon1 - lon2) - 180) < 1:
        return
    assert geodesic_km(lat1, lon1, lat2, lon2) == pytest.approx(
        geodesic((lat1, lon1), (lat2, lon2)).km, abs=1e-3
    )


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=51.5, max_value=52.0),
    st.floats(min_value=-0.9, max_value=-0.2),
    st.floats(min_value=51.5, max_value=52.0),
    st.floats(min_value=-0.9, max_value=-0.2),
)
def test_agrees_with_geopy_to_a_millimetre_around_dacorum(lat1, lon1, lat2, lon2):
    assert geodesic_km(lat1, lon1, lat2, lon2) == pytest.approx(
        geodesic((lat1, lon1), (lat2, lon2)).km, abs=1e-6
    )


def test_known_distances_the_booking_desk_and_clinic_search_measure():
    """Moved from tests/sites/test_geo.py when the app's own geodesic was removed."""
    assert geodesic_km(0, 0, 0, 1) == pytest.approx(111.3195, abs=1e-3)  # WGS84 a * pi / 180
    assert geodesic_km(0, 0, 1, 0) == pytest.approx(110.574, abs=1e-3)
    assert geodesic_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.9, abs=0.5)
    assert geodesic_km(51.75, -0.47, 51.79, -0.67) == geodesic_km(51.79, -0.67, 51.75, -0.47)
    assert geodesic_km(51.75, -0.47, 51.75, -0.47) == 0
    # A Tring practice to Hemel Hempstead hospital.
    assert geodesic_km(51.7908, -0.6689, 51.7509, -0.4686) == pytest.approx(14.52, abs=0.01)


def test_forgetting_distances_empties_the_cache_and_changes_no_distance():
    km = geodesic_km(51.75, -0.47, 51.70, -0.40)
    assert geo._vincenty_km.cache_info().currsize > 0
    geo.forget_distances()
    assert geo._vincenty_km.cache_info().currsize == 0
    assert geodesic_km(51.75, -0.47, 51.70, -0.40) == km
