"""The money of a plan: activity, income at NHS prices, the commissioner's share, costs, net.

Every pound is an entry in a ledger, tagged with the week, unit, site and service it belongs
to, so that the totals by service, unit, site and week are sums of the same entries and add
up to one another:
- a session's patients bring its income, the commissioner's share of it, any contingency
  held back, and their appointments' booking, letters and text messages; its clinicians'
  sessions cost by skill;
- each unit of the fleet is hired every week of the cycle; each arrival at a site costs a
  move and a site visit fee. These go to the unit and week, to the site it stands at (none
  when off the road) and to the services of its sessions that week, in proportion to how
  many each ran (none when it ran none).
A missing price or session cost is never counted as nought: the figures it would enter are
left out and named in `missing`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date

from business.terms import FIRST_CONTACT, NONE, WEEKS_PER_YEAR, Contingency, Terms

ACTIVITY = ("first_contacts", "follow_ups")
INCOME = ("income_national", "income", "commissioner_share", "held_back")
COSTS = ("staff", "unit_hire", "moves", "site_visits", "admin", "letters", "texts")
# Costs that follow the number of patients; the others follow the plan's sessions and tour.
VARIABLE_COSTS = ("admin", "letters", "texts")
COST_LABELS = {
    "staff": "Clinicians' sessions",
    "unit_hire": "Unit hire",
    "moves": "Moves (haulage and set-up)",
    "site_visits": "Site visit fees",
    "admin": "Booking administration",
    "letters": "Letters",
    "texts": "Text messages",
}


@dataclass(frozen=True)
class SessionFact:
    """A session of the plan and the referrals it served (`scheduler.scoring.attribution`)."""

    unit: str
    site: str
    week: int
    service: str
    served: float
    skills: tuple[str, ...]  # one clinician per entry
    slots: int = 0  # appointments the session offers


@dataclass(frozen=True)
class PlanFacts:
    """What a plan does, as the money needs it."""

    weeks: int
    week_starts: tuple[date, ...]
    units: tuple[str, ...]  # the scenario's fleet, hired every week
    stays: Mapping[tuple[str, int], str]  # (unit, week) -> site
    arrivals: tuple[tuple[str, int], ...]  # (unit, week) of each arrival at a site
    sessions: tuple[SessionFact, ...]


@dataclass(frozen=True)
class Entry:
    week: int
    unit: str
    site: str | None  # None: the unit is off the road
    service: str | None  # None: not attributable to a service
    field: str
    amount: float


@dataclass(frozen=True)
class Lines:
    """One row of figures: activity, income and costs over some part of the plan."""

    first_contacts: float = 0.0
    follow_ups: float = 0.0
    income_national: float = 0.0  # at the national price
    income: float = 0.0  # at our price: the national price, times the MFF, less the discount
    commissioner_share: float = 0.0
    held_back: float = 0.0  # the contingency's income haircut
    staff: float = 0.0
    unit_hire: float = 0.0
    moves: float = 0.0
    site_visits: float = 0.0
    admin: float = 0.0
    letters: float = 0.0
    texts: float = 0.0
    missing: frozenset[str] = frozenset()  # prices or costs these figures lack

    @property
    def appointments(self) -> float:
        return self.first_contacts + self.follow_ups

    @property
    def net_income(self) -> float:
        return self.income - self.commissioner_share - self.held_back

    @property
    def total_costs(self) -> float:
        return sum(getattr(self, name) for name in COSTS)

    @property
    def variable_costs(self) -> float:
        return sum(getattr(self, name) for name in VARIABLE_COSTS)

    @property
    def fixed_costs(self) -> float:
        return self.total_costs - self.variable_costs

    @property
    def net_contribution(self) -> float:
        return self.net_income - self.total_costs

    def scaled(self, factor: float) -> "Lines":
        """These figures times `factor` (a cycle's as a year's, say)."""
        values = {
            f.name: getattr(self, f.name) * factor for f in fields(self) if f.name != "missing"
        }
        return Lines(**values, missing=self.missing)


def total(entries: Iterable[Entry], missing: Iterable[str] = ()) -> Lines:
    sums: dict[str, float] = defaultdict(float)
    for entry in entries:
        sums[entry.field] += entry.amount
    return Lines(**sums, missing=frozenset(missing))


@dataclass(frozen=True)
class BreakEven:
    """The share of the planned activity at which a service's income covers its costs."""

    volume_factor: float | None  # None: never (or not known, when a price is missing)
    appointments: float | None  # the appointments at that volume, over the cycle
    slots: int  # the appointments its sessions offer over the cycle
    priced: bool = True  # False: a price or cost is missing, so it cannot be worked out

    @property
    def beyond_slots(self) -> bool:
        """Whether breaking even would take more appointments than its sessions offer."""
        return self.appointments is not None and self.appointments > self.slots


@dataclass(frozen=True)
class Money:
    weeks: int
    week_starts: tuple[date, ...]
    contingency: Contingency
    entries: tuple[Entry, ...]
    missing: Mapping[str, tuple[str, ...]]  # service id -> the prices and costs it lacks
    served_by_service: Mapping[str, float]  # planned, before the volume factor
    slots_by_service: Mapping[str, int]  # offered by its sessions over the cycle

    @property
    def year_factor(self) -> float:
        return WEEKS_PER_YEAR / self.weeks

    def total(self) -> Lines:
        return total(self.entries, (m for names in self.missing.values() for m in names))

    def by(self, key: Callable[[Entry], object]) -> dict[object, Lines]:
        groups: dict[object, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            groups[key(entry)].append(entry)
        return {name: total(group, self._missing_in(group)) for name, group in groups.items()}

    def by_service(self) -> dict[str | None, Lines]:
        return self.by(lambda e: e.service)

    def by_unit(self) -> dict[str, Lines]:
        return self.by(lambda e: e.unit)

    def by_site(self) -> dict[str | None, Lines]:
        return self.by(lambda e: e.site)

    def by_week(self) -> dict[int, Lines]:
        weekly = self.by(lambda e: e.week)
        return {week: weekly.get(week, Lines()) for week in range(self.weeks)}

    def _missing_in(self, entries: list[Entry]) -> list[str]:
        services = {e.service for e in entries}
        return [m for s in services if s for m in self.missing.get(s, ())]

    def break_even(self) -> dict[str, BreakEven]:
        """Per service: the volume factor at which its net contribution is nought.

        Income, the share, any haircut and the appointments' costs follow the volume; the
        clinicians' sessions, the units and the moves do not (they are paid as planned).
        """
        out = {}
        for service, lines in self.by_service().items():
            if service is None:
                continue
            slots = self.slots_by_service.get(service, 0)
            if lines.missing:
                out[service] = BreakEven(None, None, slots, priced=False)
                continue
            volume = self.contingency.volume_factor
            margin = (lines.net_income - lines.variable_costs) / volume if volume else 0.0
            if margin <= 0:
                out[service] = BreakEven(None, None, slots)
                continue
            factor = lines.fixed_costs / margin
            served = self.served_by_service.get(service, 0.0)
            out[service] = BreakEven(factor, factor * served, slots)
        return out


def price_plan(facts: PlanFacts, terms: Terms, contingency: Contingency = NONE) -> Money:
    """The ledger of `facts` under `terms`, with `contingency` applied."""
    entries: list[Entry] = []
    missing: dict[str, set[str]] = defaultdict(set)
    served_by_service: dict[str, float] = defaultdict(float)
    slots_by_service: dict[str, int] = defaultdict(int)
    sessions_in: dict[tuple[str, int], list[str]] = defaultdict(list)
    for session in facts.sessions:
        sessions_in[session.unit, session.week].append(session.service)
        served_by_service[session.service] += session.served
        slots_by_service[session.service] += session.slots
        entries += _session_entries(session, terms, contingency, missing)
    for unit in facts.units:
        for week in range(facts.weeks):
            site = facts.stays.get((unit, week))
            hire = terms.units[unit].hire_per_week_gbp
            entries += _shared(unit, week, site, sessions_in[unit, week], "unit_hire", hire)
    for unit, week in facts.arrivals:
        site = facts.stays[unit, week]
        services = sessions_in[unit, week]
        entries += _shared(unit, week, site, services, "moves", terms.units[unit].move_gbp)
        entries += _shared(unit, week, site, services, "site_visits", terms.site_visit_gbp)
    return Money(
        facts.weeks,
        facts.week_starts,
        contingency,
        tuple(e for e in entries if e.amount),
        {service: tuple(sorted(names)) for service, names in missing.items()},
        dict(served_by_service),
        dict(slots_by_service),
    )


def _session_entries(
    session: SessionFact, terms: Terms, contingency: Contingency, missing: dict[str, set[str]]
) -> list[Entry]:
    service = terms.services[session.service]

    def entry(field: str, amount: float) -> Entry:
        return Entry(session.week, session.unit, session.site, session.service, field, amount)

    patients = session.served * contingency.volume_factor
    firsts = patients / (1 + service.follow_ups_per_first)
    follow_ups = patients - firsts
    national = 0.0
    for count, price, what in (
        (firsts, service.first_price_gbp, FIRST_CONTACT[service.activity]),
        (follow_ups, service.follow_up_price_gbp, "follow-up attendance"),
    ):
        if count <= 0:
            continue
        if price is None:
            missing[session.service].add(f"{service.name}: no {what} price")
        else:
            national += count * price
    income = national * terms.market_forces_factor * (1 - terms.discount)
    out = [
        entry("first_contacts", firsts),
        entry("follow_ups", follow_ups),
        entry("income_national", national),
        entry("income", income),
        entry("commissioner_share", income * terms.commissioner_share),
        entry("held_back", income * contingency.income_haircut),
        entry("admin", patients * terms.admin_per_appointment_gbp),
        entry("letters", patients * terms.letters_per_appointment * terms.letter_gbp),
        entry("texts", patients * terms.texts_per_appointment * terms.text_gbp),
    ]
    for skill in session.skills:
        cost = terms.session_gbp_by_skill.get(skill)
        if cost is None:
            missing[session.service].add(f"{skill}: no session cost")
        else:
            out.append(entry("staff", cost))
    return out


def _shared(
    unit: str, week: int, site: str | None, services: list[str], field: str, amount: float
) -> list[Entry]:
    """A unit-week's cost, shared among the services of its sessions by how many each ran."""
    if not services:
        return [Entry(week, unit, site, None, field, amount)]
    counts: dict[str, int] = defaultdict(int)
    for service in services:
        counts[service] += 1
    return [
        Entry(week, unit, site, service, field, amount * n / len(services))
        for service, n in sorted(counts.items())
    ]
