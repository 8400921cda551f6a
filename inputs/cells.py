"""Parse and format single spreadsheet cells; a bad cell raises CellError with the reason."""

import re
from datetime import date

from sites.geo import PostcodeError, parse_postcode_or_partial

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
RANGE_SEPARATOR = ".."
LIST_SEPARATOR = ";"


class CellError(ValueError):
    """A cell's value cannot be used; the message says why in plain words."""


def text(value: str) -> str:
    value = value.strip()
    if not value:
        raise CellError("must not be empty")
    return value


def identifier(value: str) -> str:
    value = text(value)
    if not ID_PATTERN.match(value):
        raise CellError(
            f"'{value}' is not a valid id (letters, digits, '-', '_' or '.', at most 64)"
        )
    return value


def integer(value: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = text(value)
    try:
        number = float(value)
    except ValueError:
        raise CellError(f"'{value}' is not a whole number") from None
    if not number.is_integer():
        raise CellError(f"'{value}' is not a whole number")
    result = int(number)
    if minimum is not None and result < minimum:
        raise CellError(f"must be at least {minimum}, not {result}")
    if maximum is not None and result > maximum:
        raise CellError(f"must be at most {maximum}, not {result}")
    return result


def number(value: str, *, minimum: float | None = None, positive: bool = False) -> float:
    value = text(value)
    try:
        result = float(value)
    except ValueError:
        raise CellError(f"'{value}' is not a number") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise CellError(f"'{value}' is not a number")
    if positive and result <= 0:
        raise CellError(f"must be more than 0, not {value}")
    if minimum is not None and result < minimum:
        raise CellError(f"must not be negative, not {value}" if minimum == 0 else "too small")
    return result


def latitude(value: str) -> float:
    result = number(value)
    if not -90 <= result <= 90:
        raise CellError(f"latitude must lie between -90 and 90, not {value.strip()}")
    return result


def longitude(value: str) -> float:
    result = number(value)
    if not -180 <= result <= 180:
        raise CellError(f"longitude must lie between -180 and 180, not {value.strip()}")
    return result


def choice(value: str, allowed: tuple[str, ...]) -> str:
    value = text(value)
    if value not in allowed:
        raise CellError(f"'{value}' is not one of {', '.join(allowed)}")
    return value


def items(value: str, *, allowed: tuple[str, ...] | None = None, required=False) -> list[str]:
    """Parse a ';'-separated list, keeping order and repeats."""
    result = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    if required and not result:
        raise CellError("must list at least one item")
    if allowed is not None:
        unknown = [item for item in result if item not in allowed]
        if unknown:
            raise CellError(f"'{unknown[0]}' is not one of {', '.join(allowed)}")
    return result


def iso_date(value: str) -> date:
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CellError(f"'{value}' is not a date written YYYY-MM-DD") from None


def date_ranges(value: str) -> list[tuple[date, date]]:
    """Parse '2027-02-15..2027-02-19;2027-04-02' into inclusive (start, finish) pairs."""
    ranges = []
    for part in items(value):
        start_text, _, finish_text = part.partition(RANGE_SEPARATOR)
        start = iso_date(start_text)
        finish = iso_date(finish_text) if finish_text else start
        if finish < start:
            raise CellError(f"dates out of order in '{part}': {finish} is before {start}")
        ranges.append((start, finish))
    return ranges


def postcode(value: str) -> str:
    try:
        return parse_postcode_or_partial(text(value)).label
    except PostcodeError as error:
        raise CellError(str(error)) from None


def optional(parse, value: str, **options):
    """Parse a cell that may be empty, meaning 'none' or 'no limit'."""
    return None if not value.strip() else parse(value, **options)


def format_value(value) -> str:
    """Write a value the way the parsers above read it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], tuple):
            return LIST_SEPARATOR.join(
                f"{a.isoformat()}" if a == b else f"{a.isoformat()}{RANGE_SEPARATOR}{b.isoformat()}"
                for a, b in value
            )
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)
