"""Read JSON values at named paths, collecting every problem instead of stopping at the first."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, time
from typing import Any

from .domain import DateRange

# Marks a field without a default: its absence is a problem.
REQUIRED: Any = object()
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CLOCK_TIME = re.compile(r"\d{2}:\d{2}")
SHOWN_CHARS = 40  # values quoted in messages are cut to this length


class ContractError(ValueError):
    """Input that does not follow the contract; `problems` lists each one with its field path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def show(value: Any) -> str:
    """Describe a JSON value briefly for a message."""
    if isinstance(value, str):
        text = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "..."
        return repr(text)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return str(value)


class Fields:
    """A reader of JSON fields that records problems as 'path: what is wrong'."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContractError(self.problems)

    def get(
        self,
        obj: Mapping[str, Any],
        key: str,
        path: str,
        check: Callable[..., Any],
        *,
        default: Any = REQUIRED,
        nullable: bool = False,
        **options: Any,
    ) -> Any:
        """Check `obj[key]` with `check(value, path, **options)`; None when it is bad."""
        where = join(path, key)
        if key not in obj:
            if default is REQUIRED:
                self.add(where, "missing")
            return None if default is REQUIRED else default
        value = obj[key]
        if value is None and nullable:
            return None
        return check(value, where, **options)

    def obj(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(path, f"must be an object, not {show(value)}")
        return None

    def items(self, value: Any, path: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The objects of a JSON list, each with its path; bad entries are reported."""
        if not isinstance(value, list):
            self.add(path, f"must be a list, not {show(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            item_path = f"{path}[{i}]"
            if self.obj(item, item_path) is not None:
                out.append((item_path, item))
        return out

    def text(self, value: Any, path: str, *, empty: bool = False) -> str | None:
        if not isinstance(value, str):
            self.add(path, f"must be a string, not {show(value)}")
            return None
        if not empty and not value.strip():
            self.add(path, "must not be empty")
            return None
        return value

    def integer(
        self, value: Any, path: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"must be an integer, not {show(value)}")
            return None
        return self._in_range(value, path, minimum, maximum)

    def number(
        self,
        value: Any,
        path: str,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.add(path, f"must be a number, not {show(value)}")
            return None
        return self._in_range(value, path, minimum, maximum)

    def _in_range(self, value: Any, path: str, minimum: Any, maximum: Any) -> Any:
        if minimum is not None and value < minimum:
            self.add(path, f"must be at least {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.add(path, f"must be at most {maximum}")
            return None
        return value

    def iso_date(self, value: Any, path: str) -> date | None:
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(path, f"not an ISO date {show(value)}")
        return None

    def clock(self, value: Any, path: str) -> time | None:
        if isinstance(value, str) and CLOCK_TIME.fullmatch(value):
            try:
                return time.fromisoformat(value)
            except ValueError:
                pass
        self.add(path, f"not a time HH:MM {show(value)}")
        return None

    def choice(
        self, value: Any, path: str, *, options: tuple[str, ...], what: str, hint: str = ""
    ) -> str | None:
        if isinstance(value, str) and value in options:
            return value
        self.add(
            path,
            f"unknown {what} {show(value)} ({hint or 'expected one of ' + ', '.join(options)})",
        )
        return None

    def many(
        self,
        value: Any,
        path: str,
        *,
        each: Callable[..., Any],
        unique: bool = False,
        non_empty: bool = False,
        **options: Any,
    ) -> tuple[Any, ...] | None:
        """Check a JSON list item by item with `each(item, path, **options)`."""
        if not isinstance(value, list):
            self.add(path, f"must be a list, not {show(value)}")
            return None
        if non_empty and not value:
            self.add(path, "must not be empty")
        out = []
        for i, item in enumerate(value):
            checked = each(item, f"{path}[{i}]", **options)
            if unique and checked is not None and checked in out:
                self.add(f"{path}[{i}]", f"repeats {show(item)}")
            out.append(checked)
        return tuple(out)

    def date_range(self, value: Any, path: str) -> DateRange | None:
        obj = self.obj(value, path)
        if obj is None:
            return None
        start = self.get(obj, "from", path, self.iso_date)
        end = self.get(obj, "to", path, self.iso_date)
        if start is None or end is None:
            return None
        if start > end:
            self.add(path, f"from {start} is after to {end}")
            return None
        return DateRange(start, end)

    def date_ranges(self, value: Any, path: str) -> tuple[DateRange, ...] | None:
        return self.many(value, path, each=self.date_range)

    def unique_ids(self, ids: list[tuple[str, str | None]]) -> None:
        """Report repeated ids among (path, id) pairs of one entity kind."""
        seen: set[str] = set()
        for path, ident in ids:
            if ident is None:
                continue
            if ident in seen:
                self.add(join(path, "id"), f"duplicate id {show(ident)}")
            seen.add(ident)

    def reference(self, value: str | None, path: str, known: Mapping[str, Any], what: str) -> None:
        if value is not None and value not in known:
            self.add(path, f"unknown {what} {show(value)}")
