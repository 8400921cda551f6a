"""The time that sessions and sign-in throttling go by, in one place so tests can move it."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

STAFF_ZONE = ZoneInfo("Europe/London")  # the clinics' region: times are shown on its clocks


def now() -> datetime:
    """Return the current time in UTC (tests replace this function to move time on)."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """Return the moment with its UTC zone: SQLite hands back naive datetimes stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local(moment: datetime) -> datetime:
    """Return a stored moment on the staff's wall clock, for showing."""
    return aware(moment).astimezone(STAFF_ZONE)
