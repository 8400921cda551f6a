"""Geodesic distance on the WGS84 ellipsoid (Vincenty's inverse formula)."""

from __future__ import annotations

import math
from functools import lru_cache

# WGS84 semi-major axis (metres) and flattening, as geopy.distance.geodesic uses them.
WGS84_A_M = 6378137.0
WGS84_F = 1 / 298.257223563
WGS84_B_M = WGS84_A_M * (1 - WGS84_F)
# Vincenty converges to well under a millimetre in a handful of iterations except for
# nearly antipodal points, where it may not converge at all; we then keep the last iterate.
CONVERGENCE_RAD = 1e-12
MAX_ITERATIONS = 200
METRES_PER_KM = 1000.0


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the geodesic distance in km between two WGS84 points given in degrees.

    Agrees with `geopy.distance.geodesic` (Karney) to well under a metre, except for
    nearly antipodal points, which never occur between a practice and a site. Exactly
    symmetric: the points are put in one order before computing.
    """
    if (lat1, lon1) > (lat2, lon2):
        lat1, lon1, lat2, lon2 = lat2, lon2, lat1, lon1
    return _vincenty_km(lat1, lon1, lat2, lon2)


def forget_distances() -> None:
    """Empty the cache of distances computed so far (a benchmark timing a cold start)."""
    _vincenty_km.cache_clear()


@lru_cache(maxsize=1 << 16)
def _vincenty_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    if lat1 == lat2 and lon1 == lon2:
        return 0.0
    a, b, f = WGS84_A_M, WGS84_B_M, WGS84_F
    big_l = math.radians(lon2 - lon1)
    u1 = math.atan((1 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - f) * math.tan(math.radians(lat2)))
    sin_u1, cos_u1 = math.sin(u1), math.cos(u1)
    sin_u2, cos_u2 = math.sin(u2), math.cos(u2)

    lam = big_l
    sin_sigma = cos_sigma = sigma = cos_sq_alpha = cos_2sm = 0.0
    for _ in range(MAX_ITERATIONS):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        if sin_sigma == 0.0:
            return 0.0  # coincident points
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
        cos_sq_alpha = 1 - sin_alpha * sin_alpha
        # On the equator cos_sq_alpha is 0 and the term vanishes.
        cos_2sm = cos_sigma - 2 * sin_u1 * sin_u2 / cos_sq_alpha if cos_sq_alpha else 0.0
        c = f / 16 * cos_sq_alpha * (4 + f * (4 - 3 * cos_sq_alpha))
        previous = lam
        lam = big_l + (1 - c) * f * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm * cos_2sm))
        )
        if abs(lam - previous) < CONVERGENCE_RAD:
            break

    u_sq = cos_sq_alpha * (a * a - b * b) / (b * b)
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta_sigma = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm * cos_2sm)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma * sin_sigma) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return b * big_a * (sigma - delta_sigma) / METRES_PER_KM
