"""Place postcodes and Dacorum place names on the map.

Pure and offline: the reference tables are in ``sites/reference/`` (see its README). Distances
between places are the planner's `scheduler.geodesic_km`, so that the booking desk and the
planner agree on who is within a service's travel limit.
"""

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"

# Royal Mail rules: Q, V and X never lead; I, J and Z never come second; the inward code's
# letters are never C, I, K, M, O or V. Checking them catches typos such as "HP23 5OD".
_OUTWARD = r"[A-PR-UWYZ](?:[0-9][0-9A-Z]?|[A-HK-Y][0-9][0-9A-Z]?)"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL_RE = re.compile(f"({_OUTWARD})({_INWARD})")
_SECTOR_RE = re.compile(f"({_OUTWARD})([0-9])")
_DISTRICT_RE = re.compile(_OUTWARD)
# NHS pseudo-postcodes ZZ99 3VZ, ZZ99 3WZ, ... record no fixed abode or an unknown address.
_PSEUDO_OUTWARD = "ZZ99"
_EXAMPLE = "HP23 5JD"


class GeoError(ValueError):
    """Base class for input that cannot be placed on the map."""


class PostcodeError(GeoError):
    """A postcode that is malformed or cannot stand for a place."""


class OutsideAreaError(GeoError):
    """A well-formed postcode in a district that the reference tables do not cover."""


class UnknownPlaceError(GeoError):
    """A place name that is not in the reference table."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


@dataclass(frozen=True)
class PostcodeQuery:
    """A normalised full postcode ("HP23 5JD"), sector ("HP23 5") or district ("HP23")."""

    kind: str  # "postcode", "sector" or "district"
    district: str
    sector: str | None
    postcode: str | None

    @property
    def label(self) -> str:
        """Return the normalised text of the query."""
        return self.postcode or self.sector or self.district


@dataclass(frozen=True)
class Location:
    """A query placed on the map, with how precisely the point stands for it."""

    label: str
    lat: float
    lon: float
    kind: str  # what the query was: "postcode", "sector", "district" or "place"
    in_area: bool
    precision: str  # what the point is: "exact", "sector", "district" or "place"


@dataclass(frozen=True)
class _Point:
    lat: float
    lon: float
    status: str  # in_dacorum: "yes", "partial" or "no"


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def _districts() -> dict[str, _Point]:
    """Return district and sector centroids keyed by "HP23" or "AL3 8"."""
    rows = [*_read("postcode_districts.csv"), *_read("sectors.csv")]
    return {
        row.get("district") or row["sector"]: _Point(
            float(row["lat"]), float(row["lon"]), row["in_dacorum"]
        )
        for row in rows
    }


@cache
def _postcodes() -> dict[str, tuple[float, float]]:
    """Return exact postcode points keyed by normalised postcode."""
    return {
        row["postcode"]: (float(row["lat"]), float(row["lon"])) for row in _read("postcodes.csv")
    }


@cache
def _places() -> dict[str, Location]:
    """Return places keyed by the normalised form of their name and of each alias."""
    places: dict[str, Location] = {}
    for row in _read("places.csv"):
        lat, lon, in_area = float(row["lat"]), float(row["lon"]), row["in_dacorum"] == "yes"
        place = Location(row["name"], lat, lon, "place", in_area, "place")
        aliases = [alias for alias in row["aliases"].split(";") if alias.strip()]
        for text in [row["name"], *aliases]:
            places[_name_key(text)] = place
    return places


def _name_key(text: str) -> str:
    """Fold case, apostrophes and punctuation so "King's Langley" matches "kings langley"."""
    folded = re.sub(r"['’`.]", "", text.casefold().replace("&", " and "))
    folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
    return folded.removeprefix("the ")


def _malformed(text: str, compact: str) -> PostcodeError:
    """Build the plain-English error for text that is no postcode, sector or district."""
    if not compact:
        return PostcodeError(f"Enter a postcode, for example {_EXAMPLE}.")
    mistyped_zero = len(compact) >= 5 and compact[-3] == "O"
    hint = " The digit after the space is often mistyped as the letter O." if mistyped_zero else ""
    return PostcodeError(
        f"'{text.strip()}' is not a valid UK postcode. A postcode looks like {_EXAMPLE}: "
        f"an area and district such as HP23, a space, then a digit and two letters.{hint}"
    )


def parse_postcode_or_partial(text: str) -> PostcodeQuery:
    """Parse a full postcode, a sector or a district in any case or spacing.

    Without a space "HP25" could be district HP25 or sector HP2 5; a district in the
    reference table wins, then a sector of one, then the plain reading as a district.

    Raises:
        PostcodeError: the text is none of the three, or is a ZZ99 pseudo-postcode.
    """
    words = text.upper().split()
    compact = "".join(words)
    if compact.startswith(_PSEUDO_OUTWARD):
        raise PostcodeError(
            f"'{text.strip()}' is a ZZ99 pseudo-postcode, which the NHS records for people of "
            "no fixed abode or with an unknown address; it has no location. Use the postcode "
            "of the place the patient will travel from, such as a hostel or their practice."
        )
    if match := _FULL_RE.fullmatch(compact):
        district, inward = match.groups()
        return PostcodeQuery(
            "postcode", district, f"{district} {inward[0]}", f"{district} {inward}"
        )
    spaced = _SECTOR_RE.fullmatch(compact) if len(words) == 2 and len(words[1]) == 1 else None
    if spaced and spaced.group(1) == words[0]:
        return PostcodeQuery("sector", words[0], f"{words[0]} {words[1]}", None)
    known, sector = _districts(), _SECTOR_RE.fullmatch(compact)
    if _DISTRICT_RE.fullmatch(compact) and (
        compact in known or not sector or sector.group(1) not in known
    ):
        return PostcodeQuery("district", compact, None, None)
    if sector:
        return PostcodeQuery("sector", sector.group(1), " ".join(sector.groups()), None)
    raise _malformed(text, compact)


def normalise_postcode(text: str) -> str:
    """Return a full postcode in standard form ("hp235jd" -> "HP23 5JD").

    Raises:
        PostcodeError: the text is malformed, only a sector or district, or ZZ99.
    """
    query = parse_postcode_or_partial(text)
    if query.postcode is None:
        raise PostcodeError(
            f"'{text.strip()}' is only a postcode {query.kind} ({query.label}); "
            f"enter the full postcode, for example {_EXAMPLE}."
        )
    return query.postcode


def _in_area(query: PostcodeQuery) -> bool:
    """Say whether a query lies in Dacorum; a listed sector (AL3 8) overrides its district."""
    table = _districts()
    if query.sector in table:
        return table[query.sector].status != "no"
    status = table[query.district].status if query.district in table else "no"
    if status == "partial" and query.sector is not None:
        return not any(key.startswith(f"{query.district} ") for key in table)
    return status != "no"


def _sector_point(sector: str) -> tuple[float, float] | None:
    """Place a sector by its table row, else by the mean of the known postcodes in it."""
    if (point := _districts().get(sector)) is not None:
        return point.lat, point.lon
    inside = [latlon for code, latlon in _postcodes().items() if code[:-2] == sector]
    if not inside:
        return None
    lats, lons = zip(*inside, strict=True)
    return round(sum(lats) / len(inside), 6), round(sum(lons) / len(inside), 6)


def _locate_postcode(query: PostcodeQuery) -> Location:
    """Place a parsed postcode at the most precise point the tables hold."""
    if query.postcode is not None and query.postcode in _postcodes():
        lat, lon = _postcodes()[query.postcode]
        return Location(query.label, lat, lon, query.kind, _in_area(query), "exact")
    if query.sector is not None and (point := _sector_point(query.sector)) is not None:
        return Location(query.label, *point, query.kind, _in_area(query), "sector")
    district = _districts().get(query.district)
    if district is None:
        raise OutsideAreaError(
            f"{query.label} is outside the area this service covers: no location is known "
            f"for postcode district {query.district}."
        )
    return Location(
        query.label, district.lat, district.lon, query.kind, _in_area(query), "district"
    )


def _suggest(key: str) -> tuple[str, ...]:
    """Return up to three place names close to a normalised query."""
    places = _places()
    close = difflib.get_close_matches(key, list(places), n=6, cutoff=0.6)
    partial = [name for name in places if key and key in name.split(" ")]
    names = dict.fromkeys(places[name].label for name in [*close, *sorted(partial)])
    return tuple(names)[:3]


def locate(query: str) -> Location:
    """Place a postcode, sector, district or place name (case and punctuation ignored).

    Raises:
        PostcodeError: the query has digits but is not a postcode, sector or district.
        OutsideAreaError: a valid postcode in a district the tables do not hold.
        UnknownPlaceError: an unknown place name; ``suggestions`` lists near matches.
    """
    if any(char.isdigit() for char in query):
        return _locate_postcode(parse_postcode_or_partial(query))
    key = _name_key(query)
    if not key:
        raise UnknownPlaceError("Enter a postcode or the name of a town, village or area.")
    if (place := _places().get(key)) is not None:
        return place
    suggestions = _suggest(key)
    hint = f" Did you mean {' or '.join(suggestions)}?" if suggestions else ""
    raise UnknownPlaceError(
        f"'{query.strip()}' is not a known place in or near Dacorum; try a postcode instead.{hint}",
        suggestions,
    )
