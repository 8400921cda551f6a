"""The period a referral page analyses: chosen in the page's form, or the latest year held."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from referral_analysis import facts
from referral_analysis.facts import Period


@dataclass
class Choice:
    """The period asked for, as typed, what was wrong with it, and what the data hold."""

    typed: dict[str, str]
    held: tuple[date, date] | None  # the first and last day any referral was made
    period: Period | None = None  # None when nothing is held or the form is wrong
    errors: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. the period was cut to the data


def latest_year(held: tuple[date, date]) -> Period:
    """The year up to the last day held (or all of it, when less is held)."""
    first, last = held
    return Period(max(first, last - timedelta(days=364)), last)


def choose(args) -> Choice:
    """Read `from` and `to` (ISO dates, as date inputs send them) from the query string.

    Both empty: the latest year of referrals held. A period reaching past the referrals
    held is cut to them, and a note says so, so rates are never diluted by empty days.
    """
    typed = {name: (args.get(name) or "").strip() for name in ("from", "to")}
    choice = Choice(typed=typed, held=facts.data_range())
    days = {}
    for name, text in typed.items():
        if not text:
            continue
        try:
            days[name] = date.fromisoformat(text)
        except ValueError:
            label = "start" if name == "from" else "end"
            choice.errors[name] = f"Enter the {label} of the period as a date, like 2026-04-01"
    if "from" in days and "to" in days and days["from"] > days["to"]:
        choice.errors["to"] = "The end of the period must be on or after its start"
    if choice.errors or choice.held is None:
        return choice
    held_first, held_last = choice.held
    if not days:
        choice.period = latest_year(choice.held)
        return choice
    first = days.get("from", held_first)
    last = days.get("to", held_last)
    if last < held_first or first > held_last:
        choice.notes.append(
            f"No referrals are held for {Period(first, last)}: they run from "
            f"{held_first:%-d %B %Y} to {held_last:%-d %B %Y}."
        )
        return choice
    if first < held_first or last > held_last:
        first, last = max(first, held_first), min(last, held_last)
        choice.notes.append(
            f"Referrals are held from {held_first:%-d %B %Y} to {held_last:%-d %B %Y}, so "
            f"the period is cut to {Period(first, last)}."
        )
    choice.period = Period(first, last)
    return choice
