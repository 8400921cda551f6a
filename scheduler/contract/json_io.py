"""Strict readers and writers of instance and plan JSON (PLANNING-PROBLEM.md)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import schema
from .domain import (
    Clinician,
    DemandRow,
    FixedItems,
    FixedSession,
    Horizon,
    Instance,
    Placement,
    Plan,
    Practice,
    Service,
    Session,
    Site,
    Unit,
)
from .fields import ContractError, Fields, show

Source = Mapping[str, Any] | str | os.PathLike[str]

# (JSON key, dataclass, fields) of each entity list of an instance, in contract order.
ENTITY_LISTS = (
    ("sites", Site, schema.SITE),
    ("units", Unit, schema.UNIT),
    ("services", Service, schema.SERVICE),
    ("practices", Practice, schema.PRACTICE),
    ("demand", DemandRow, schema.DEMAND),
    ("clinicians", Clinician, schema.CLINICIAN),
)
INSTANCE_KEYS = ("format", "name", "horizon", *(key for key, _, _ in ENTITY_LISTS), "fixed")
PLAN_KEYS = ("format", "instance", "placements", "sessions", "kpis", "bound")


def load_json(source: Source) -> Any:
    """Return the JSON of the file `source` names, or `source` itself when already parsed."""
    if not isinstance(source, str | os.PathLike):
        return source
    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise ContractError([f"{source}: cannot read ({reason})"]) from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ContractError([f"{source}: not valid JSON ({err})"]) from err


def _root(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ContractError([f"{what}: must be an object, not {show(data)}"])
    return data


def _check_format(f: Fields, root: Mapping[str, Any], expected: str) -> None:
    if "format" not in root:
        f.add("format", f"missing (expected {expected!r})")
    elif root["format"] != expected:
        f.add("format", f"expected {expected!r}, not {show(root['format'])}")


def _build(f: Fields, cls: type, obj: Mapping[str, Any], path: str, specs: tuple) -> Any:
    values, unknown = schema.read_object(f, obj, path, specs)
    if "extras" in cls.__dataclass_fields__:
        return cls(**values, extras=unknown)
    return cls(**values)


def _entities(f: Fields, root: Mapping[str, Any], key: str, cls: type, specs: tuple) -> tuple:
    if key not in root:
        f.add(key, "missing")
        return ()
    return tuple(_build(f, cls, obj, path, specs) for path, obj in f.items(root[key], key))


def read_instance(source: Source) -> Instance:
    """Read an instance from parsed JSON or a file path.

    Raises:
        ContractError: listing every problem found, each with its field path.
    """
    root = _root(load_json(source), "instance")
    f = Fields()
    _check_format(f, root, schema.INSTANCE_FORMAT)
    name = f.get(root, "name", "", f.text)
    horizon_obj = f.get(root, "horizon", "", f.obj)
    horizon = None
    if horizon_obj is not None:
        horizon = _build(f, Horizon, horizon_obj, "horizon", schema.HORIZON)
    lists = {key: _entities(f, root, key, cls, specs) for key, cls, specs in ENTITY_LISTS}
    fixed = _read_fixed(f, root.get("fixed"))
    instance = Instance(
        name=name,
        horizon=horizon,
        **lists,
        fixed=fixed,
        extras={k: v for k, v in root.items() if k not in INSTANCE_KEYS},
    )
    _check_instance(f, instance)
    f.raise_if_any()
    return instance


def _read_fixed(f: Fields, value: Any) -> FixedItems:
    if value is None:
        return FixedItems()
    obj = f.obj(value, "fixed")
    if obj is None:
        return FixedItems()
    placements = tuple(
        _build(f, Placement, item, path, schema.PLACEMENT)
        for path, item in f.items(obj.get("placements", []), "fixed.placements")
    )
    sessions = tuple(
        _build(f, FixedSession, item, path, schema.FIXED_SESSION)
        for path, item in f.items(obj.get("sessions", []), "fixed.sessions")
    )
    for key in obj.keys() - {"placements", "sessions"}:
        f.add(f"fixed.{key}", "unknown field (expected placements and sessions)")
    return FixedItems(placements, sessions)


def _check_instance(f: Fields, instance: Instance) -> None:
    """Cross-field checks: unique ids, references, fixed items inside the cycle."""
    for key, _, _ in ENTITY_LISTS:
        if key != "demand":
            entities = getattr(instance, key)
            f.unique_ids([(f"{key}[{i}]", e.id) for i, e in enumerate(entities)])
    for i, s in enumerate(instance.services):
        slots, kept = s.slots_per_session, s.follow_up_slots  # None when badly given
        if slots is not None and kept is not None and kept > slots:
            f.add(f"services[{i}].follow_up_slots", f"must be at most slots_per_session {slots}")
    for i, c in enumerate(instance.clinicians):
        if (c.base_lat is None) != (c.base_lon is None):
            f.add(f"clinicians[{i}]", "base_lat and base_lon must be given together")
    for i, row in enumerate(instance.demand):
        f.reference(row.practice, f"demand[{i}].practice", instance.practice_by_id, "practice")
        f.reference(row.service, f"demand[{i}].service", instance.service_by_id, "service")
    h = instance.horizon
    weeks_known = h is not None and h.weeks is not None
    for i, p in enumerate(instance.fixed.placements):
        path = f"fixed.placements[{i}]"
        f.reference(p.unit, f"{path}.unit", instance.unit_by_id, "unit")
        f.reference(p.site, f"{path}.site", instance.site_by_id, "site")
        if weeks_known and p.week is not None and not 0 <= p.week < h.weeks:
            f.add(f"{path}.week", f"week {p.week} is outside the cycle [0, {h.weeks})")
    for i, s in enumerate(instance.fixed.sessions):
        path = f"fixed.sessions[{i}]"
        f.reference(s.unit, f"{path}.unit", instance.unit_by_id, "unit")
        f.reference(s.service, f"{path}.service", instance.service_by_id, "service")
        for j, c in enumerate(s.clinicians or ()):
            f.reference(c, f"{path}.clinicians[{j}]", instance.clinician_by_id, "clinician")
        cycle_known = weeks_known and h.start is not None
        if cycle_known and s.date is not None and not h.in_cycle(s.date):
            f.add(f"{path}.date", f"{s.date} is outside the cycle {h.start}..{h.end}")


def instance_to_json(instance: Instance) -> dict[str, Any]:
    """Write an instance as contract JSON, keys in contract order, extras kept."""
    out: dict[str, Any] = {
        "format": schema.INSTANCE_FORMAT,
        "name": instance.name,
        "horizon": schema.write_object(instance.horizon, schema.HORIZON),
    }
    for key, _, specs in ENTITY_LISTS:
        out[key] = [schema.write_object(e, specs) for e in getattr(instance, key)]
    out["fixed"] = {
        "placements": [schema.write_object(p, schema.PLACEMENT) for p in instance.fixed.placements],
        "sessions": [schema.write_object(s, schema.FIXED_SESSION) for s in instance.fixed.sessions],
    }
    out.update(instance.extras)
    return out


def read_plan(source: Source) -> Plan:
    """Read a plan from parsed JSON or a file path.

    Only its form is checked here; whether its ids, weeks and dates fit an instance is
    rule 1 of `rules.validate`.

    Raises:
        ContractError: listing every problem found, each with its field path.
    """
    root = _root(load_json(source), "plan")
    f = Fields()
    _check_format(f, root, schema.PLAN_FORMAT)
    plan = Plan(
        instance=f.get(root, "instance", "", f.text),
        placements=_entities(f, root, "placements", Placement, schema.PLACEMENT),
        sessions=_entities(f, root, "sessions", Session, schema.SESSION),
        kpis=f.get(root, "kpis", "", f.obj, default=None, nullable=True),
        bound=f.get(root, "bound", "", f.number, default=None, nullable=True),
        extras={k: v for k, v in root.items() if k not in PLAN_KEYS},
    )
    f.raise_if_any()
    return plan


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """Write a plan as contract JSON; `kpis` and `bound` only when set."""
    out: dict[str, Any] = {
        "format": schema.PLAN_FORMAT,
        "instance": plan.instance,
        "placements": [schema.write_object(p, schema.PLACEMENT) for p in plan.placements],
        "sessions": [schema.write_object(s, schema.SESSION) for s in plan.sessions],
    }
    if plan.kpis is not None:
        out["kpis"] = dict(plan.kpis)
    if plan.bound is not None:
        out["bound"] = plan.bound
    out.update(plan.extras)
    return out
