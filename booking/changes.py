"""How a booking change is told: to the audit trail (its values) and to a clerk (when, and
what became of an appointment they saw in an older state)."""

from datetime import UTC, datetime

from booking.clocks import CLINIC_ZONE, local_now
from booking.models import Booking


def said_when(moment: datetime | None) -> str:
    """Say when a row was changed, on the clinics' clock: "at 10:02" or "at 10:02 on 3 May"."""
    if moment is None:
        return "earlier"
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(CLINIC_ZONE)
    day = "" if local.date() == local_now().date() else f" on {local:%-d %B}"
    return f"at {local:%H:%M}{day}"


def snapshot(booking: Booking) -> dict:
    """The booking's values as the audit trail keeps them."""
    session = booking.session
    return {
        "referral_id": booking.referral_id,
        "session_id": booking.session_id,
        "slot_number": booking.slot_number,
        "date": session.date.isoformat() if session else None,
        "period": session.period if session else None,
        "service_id": session.service_id if session else None,
        "status": booking.status,
        "cancelled_by": booking.cancelled_by,
    }


def changed(booking: Booking) -> str:
    """What became of the appointment, for a clerk who decided on an older copy of it."""
    when = said_when(booking.updated_at)
    if booking.status == "cancelled":
        return f"was cancelled {when}"
    if booking.status == "booked":  # moved to a new plan's session, say
        return f"was changed {when}"
    return f"was marked {booking.status.replace('_', ' ')} {when}"
