"""The JSON fields of each contract object: key order, how to read, how to write, defaults."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from .domain import (
    DEFAULT_SESSION_TIMES,
    DEMAND_KINDS,
    NEW,
    SESSIONS,
    UNIT_TYPES,
    WEEKDAYS,
    DateRange,
)
from .fields import REQUIRED, Fields, join, show

INSTANCE_FORMAT = "mobile-units-instance/1"
PLAN_FORMAT = "mobile-units-plan/1"
# The contract's cycles are 12-18 weeks; anything up to a year is read.
MAX_WEEKS = 52
AVAILABILITY_SLOTS = tuple(f"{day}-{session}" for day in WEEKDAYS for session in SESSIONS)

Reader = Callable[[Fields, Any, str], Any]


def _same(value: Any) -> Any:
    return value


def _is_none(value: Any) -> bool:
    return value is None


@dataclass(frozen=True)
class Spec:
    """One JSON key of an object, stored in the dataclass attribute of the same name."""

    key: str
    read: Reader
    write: Callable[[Any], Any] = _same
    default: Any = REQUIRED
    nullable: bool = False
    omit_if: Callable[[Any], bool] | None = None  # when true the key is not written


def ident(f: Fields, value: Any, path: str) -> str | None:
    return f.text(value, path)


def text(f: Fields, value: Any, path: str) -> str | None:
    return f.text(value, path, empty=True)


def at_least(minimum: int) -> Reader:
    return lambda f, value, path: f.integer(value, path, minimum=minimum)


def number_at_least(minimum: float) -> Reader:
    return lambda f, value, path: f.number(value, path, minimum=minimum)


def degrees(limit: float) -> Reader:
    return lambda f, value, path: f.number(value, path, minimum=-limit, maximum=limit)


def one_of(options: tuple[str, ...], what: str) -> Reader:
    return lambda f, value, path: f.choice(value, path, options=options, what=what)


def list_of(options: tuple[str, ...], what: str, *, calendar: bool = False) -> Reader:
    """A list of options; the horizon's calendar lists must be non-empty and not repeat."""
    return lambda f, value, path: f.many(
        value,
        path,
        each=f.choice,
        unique=calendar,
        non_empty=calendar,
        options=options,
        what=what,
    )


def strings(f: Fields, value: Any, path: str) -> tuple[str, ...] | None:
    return f.many(value, path, each=f.text)


def availability(f: Fields, value: Any, path: str) -> tuple[str, ...] | None:
    return f.many(
        value,
        path,
        each=f.choice,
        options=AVAILABILITY_SLOTS,
        what="weekday-session",
        hint="expected a weekday and session like 'Mon-AM'",
    )


def iso_date(f: Fields, value: Any, path: str) -> date | None:
    return f.iso_date(value, path)


def dates(f: Fields, value: Any, path: str) -> tuple[date, ...] | None:
    return f.many(value, path, each=f.iso_date)


def ranges(f: Fields, value: Any, path: str) -> tuple[DateRange, ...] | None:
    return f.date_ranges(value, path)


def session_times(f: Fields, value: Any, path: str) -> tuple[tuple[str, time, time], ...] | None:
    """Read `{"AM": ["09:00", "13:00"], ...}`; sessions not given keep their default times."""
    obj = f.obj(value, path)
    if obj is None:
        return None
    for key in obj:
        if key not in SESSIONS:
            f.add(join(path, key), f"unknown session {show(key)}")
    out = []
    for session, default_start, default_end in DEFAULT_SESSION_TIMES:
        if session not in obj:
            out.append((session, default_start, default_end))
            continue
        times = f.many(obj[session], join(path, session), each=f.clock)
        if times is None or len(times) != 2:
            if times is not None:
                f.add(join(path, session), "must be [start, end]")
            continue
        start, end = times
        if start is not None and end is not None and start >= end:
            f.add(join(path, session), f"start {start:%H:%M} is not before end {end:%H:%M}")
        out.append((session, start, end))
    return tuple(out)


def write_list(value: tuple[Any, ...]) -> list[Any]:
    return list(value)


def write_date(value: date) -> str:
    return value.isoformat()


def write_dates(value: tuple[date, ...]) -> list[str]:
    return [d.isoformat() for d in value]


def write_ranges(value: tuple[DateRange, ...]) -> list[dict[str, str]]:
    return [{"from": r.start.isoformat(), "to": r.end.isoformat()} for r in value]


def write_session_times(value: tuple[tuple[str, time, time], ...]) -> dict[str, list[str]]:
    return {session: [f"{start:%H:%M}", f"{end:%H:%M}"] for session, start, end in value}


def _optional(key: str, read: Reader, write: Callable[[Any], Any] = _same) -> Spec:
    """A field that may be absent and is then not written."""
    return Spec(key, read, write, default=None, nullable=True, omit_if=_is_none)


def _nullable(key: str, read: Reader) -> Spec:
    """A field whose null (or absence) means 'no limit'; always written."""
    return Spec(key, read, default=None, nullable=True)


def _unless(key: str, read: Reader, default: Any) -> Spec:
    """An optional field of an extension: absent means `default`, which is not written, so
    an instance that does not use the extension reads and writes as before."""
    return Spec(key, read, default=default, omit_if=lambda value: value == default)


HORIZON = (
    Spec("start", iso_date, write_date),
    Spec("weeks", lambda f, v, p: f.integer(v, p, minimum=1, maximum=MAX_WEEKS)),
    Spec("weekdays", list_of(WEEKDAYS, "weekday", calendar=True), write_list),
    Spec("sessions", list_of(SESSIONS, "session", calendar=True), write_list, default=SESSIONS),
    Spec("closed_dates", dates, write_dates, default=()),
    Spec(
        "session_times",
        session_times,
        write_session_times,
        default=DEFAULT_SESSION_TIMES,
        omit_if=lambda value: value == DEFAULT_SESSION_TIMES,
    ),
)
# What sites and practices both say of where they are.
PLACE = (
    _optional("name", text),
    Spec("locality", text),
    _optional("postcode", text),
    Spec("lat", degrees(90)),
    Spec("lon", degrees(180)),
)
SITE = (
    Spec("id", ident),
    *PLACE,
    Spec("pads", at_least(1)),
    Spec("unit_types", list_of(UNIT_TYPES, "unit type"), write_list),
    Spec("unavailable", ranges, write_ranges, default=()),
    Spec("min_weeks", at_least(0), default=0),
)
UNIT = (
    Spec("id", ident),
    _optional("name", text),
    Spec("type", one_of(UNIT_TYPES, "unit type")),
    Spec("rooms", at_least(1)),
    Spec("capabilities", strings, write_list, default=()),
    Spec("setup_days", at_least(0), default=0),
    Spec("unavailable", ranges, write_ranges, default=()),
)
SERVICE = (
    Spec("id", ident),
    _optional("name", text),
    Spec("unit_type", one_of(UNIT_TYPES, "unit type")),
    _nullable("capability", ident),
    Spec("slots_per_session", at_least(1)),
    Spec("staff", strings, write_list),
    _nullable("max_wait_weeks", at_least(0)),
    _nullable("max_travel_km", number_at_least(0)),
    # Clinic templates and follow-ups (docs/contract-extensions.md).
    _unless("follow_up_slots", at_least(0), 0),
    _unless("follow_up_ratio", number_at_least(0), 0),
    _optional("follow_up_cap", number_at_least(0)),
    _optional("follow_up_weeks", at_least(1)),
)
PRACTICE = (
    Spec("id", ident),
    *PLACE,
    _optional("list_size", at_least(0)),
)
DEMAND = (
    Spec("practice", ident),
    Spec("service", ident),
    Spec("per_week", number_at_least(0)),
    _unless("kind", one_of(DEMAND_KINDS, "demand kind"), NEW),
)
CLINICIAN = (
    Spec("id", ident),
    _optional("name", text),
    Spec("skills", strings, write_list),
    _nullable("base_lat", degrees(90)),
    _nullable("base_lon", degrees(180)),
    _nullable("max_travel_km", number_at_least(0)),
    Spec("availability", availability, write_list),
    _nullable("max_sessions_per_week", at_least(0)),
    Spec("leave", ranges, write_ranges, default=()),
)
PLACEMENT = (
    Spec("unit", ident),
    Spec("site", ident),
    Spec("week", lambda f, v, p: f.integer(v, p)),
)
SESSION = (
    Spec("unit", ident),
    Spec("date", iso_date, write_date),
    Spec("session", one_of(SESSIONS, "session")),
    Spec("room", lambda f, v, p: f.integer(v, p)),
    Spec("service", ident),
    Spec("clinicians", strings, write_list),
)
# A fixed session gives any subset of a session's fields.
FIXED_SESSION = tuple(_optional(s.key, s.read, s.write) for s in SESSION)


def read_object(
    f: Fields, obj: Mapping[str, Any], path: str, specs: tuple[Spec, ...]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read the fields `specs` of `obj`; return (values by attribute, unknown keys)."""
    values = {
        s.key: f.get(
            obj,
            s.key,
            path,
            lambda v, p, s=s: s.read(f, v, p),
            default=s.default,
            nullable=s.nullable,
        )
        for s in specs
    }
    known = {s.key for s in specs}
    return values, {k: v for k, v in obj.items() if k not in known}


def write_object(entity: Any, specs: tuple[Spec, ...]) -> dict[str, Any]:
    """Write the fields `specs` of `entity` in order, then its extras."""
    out: dict[str, Any] = {}
    for s in specs:
        value = getattr(entity, s.key)
        if s.omit_if is not None and s.omit_if(value):
            continue
        out[s.key] = None if value is None else s.write(value)
    out.update(getattr(entity, "extras", {}))
    return out
