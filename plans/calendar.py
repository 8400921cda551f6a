"""Horizon dates: Mondays and England's bank holidays."""

from datetime import date, timedelta

import holidays


def next_monday(today: date) -> date:
    """Return today if it is a Monday, else the coming Monday."""
    return today + timedelta(days=(7 - today.weekday()) % 7)


def bank_holidays(start: date, weeks: int) -> list[date]:
    """Return England's bank holidays that fall within the horizon."""
    end = start + timedelta(days=7 * weeks - 1)
    england = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, end.year + 1))
    return sorted(day for day in england if start <= day <= end)
