"""Search parameters: date ranges with FHIR's prefixes, tokens, references and paging, and the
searchset Bundle of what matched."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from booking.clocks import CLINIC_ZONE
from fhir_api.outcomes import refuse

MAX_RANGE_DAYS = 14  # the widest start range a search may ask for: two weeks of clinics
DEFAULT_COUNT, MAX_COUNT = 100, 500  # entries on one page of a searchset
_PREFIXED = re.compile(r"^(ge|gt|le|lt|eq)?(\d{4}-\d{2}-\d{2})(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$")
_ONE_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class Window:
    """The local clock times [start, end) that a date search covers."""

    start: datetime
    end: datetime

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def _moment(day: str, clock: str | None, name: str, text: str) -> tuple[datetime, bool]:
    """The local time a date or dateTime names, and whether it was a whole day."""
    try:
        if clock is None:
            return datetime.combine(date.fromisoformat(day), time()), True
        moment = datetime.fromisoformat(day + clock.replace("Z", "+00:00"))
    except ValueError:
        raise refuse(422, "value", f"{name}={text} is not a real date or time.", name) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(CLINIC_ZONE).replace(tzinfo=None)
    return moment, False


def date_window(values: list[str], name: str, max_days: int | None = MAX_RANGE_DAYS) -> Window:
    """The window of a date parameter given as a lower (ge/gt) and an upper (le/lt) bound, or
    one day or moment (eq or no prefix), at most `max_days` apart as written. With no
    `max_days`, either bound may be left out (the window is then open at that end).

    Raises:
        FhirError: 422 naming the parameter when a bound is missing, doubled, unreadable,
            reversed or too far from the other.
    """
    example = f"for example {name}=ge2027-01-04&{name}=le2027-01-18"
    if not values and max_days is not None:
        raise refuse(422, "required", f"Give a {name} range of at most two weeks, {example}.", name)
    lower, upper = [], []
    for text in values:
        found = _PREFIXED.match(text.strip())
        if not found:
            raise refuse(
                422, "value", f"{name}={text} is not a date with ge, gt, le or lt; {example}.", name
            )
        prefix, day, clock = found.group(1) or "eq", found.group(2), found.group(3)
        moment, whole_day = _moment(day, clock, name, text)
        step = timedelta(days=1) if whole_day else _ONE_MICROSECOND
        if prefix in ("ge", "eq"):
            lower.append((moment, moment))
        if prefix == "gt":
            lower.append((moment, moment + step))
        if prefix in ("le", "eq"):
            upper.append((moment, moment + step))
        if prefix == "lt":
            upper.append((moment, moment))
    if max_days is None:  # an open end stands for the earliest or the latest time
        lower = lower or [(datetime.min, datetime.min)]
        upper = upper or [(datetime.max, datetime.max)]
    if len(lower) != 1 or len(upper) != 1:
        missing = "lower (ge)" if not lower else "upper (le)" if not upper else None
        said = f"The {missing} bound of {name} is missing" if missing else f"Give {name} once"
        raise refuse(422, "required" if missing else "value", f"{said}; {example}.", name)
    (low, start), (high, end) = lower[0], upper[0]
    if high < low:
        raise refuse(422, "value", f"The {name} range ends before it begins.", name)
    if max_days is not None and high - low > timedelta(days=max_days):
        raise refuse(
            422,
            "too-costly",
            f"The {name} range may be at most {max_days} days from its first to its last "
            f"day; {example}.",
            name,
        )
    return Window(start, end)


def token_code(value: str, system: str) -> str:
    """The code of a token parameter, as `code` or `system|code` (another system matches
    nothing, so its code is returned empty)."""
    head, bar, code = value.partition("|")
    if not bar:
        return value
    return code if head in ("", system) else ""


def page(args) -> tuple[int, int]:
    """(_count, _offset) of a search, within bounds."""
    count = _whole(args.get("_count"), "_count", DEFAULT_COUNT)
    offset = _whole(args.get("_offset"), "_offset", 0)
    if not 1 <= count <= MAX_COUNT:
        raise refuse(422, "value", f"_count is between 1 and {MAX_COUNT}.", "_count")
    return count, offset


def _whole(text: str | None, name: str, default: int) -> int:
    if text is None or text == "":
        return default
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise refuse(422, "value", f"{name} is a whole number.", name)
    return int(text)


def bundle(
    entries: list[tuple[str, dict]],
    self_url: str,
    *,
    total: int | None = None,
    next_url: str | None = None,
) -> dict:
    """A searchset Bundle of (full URL, resource) pairs (FHIR JSON has no empty arrays, so
    a search that matched nothing has no `entry`)."""
    links = [{"relation": "self", "url": self_url}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    found = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(entries) if total is None else total,
        "link": links,
    }
    if entries:
        found["entry"] = [
            {"fullUrl": url, "resource": resource, "search": {"mode": "match"}}
            for url, resource in entries
        ]
    return found
