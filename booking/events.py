"""Appointment changes announced to other features once committed (messages to patients, say).

Booking knows nothing of who listens: a listener connects to `appointments_changed` and is
called after the commit with the change ("booked", "moved" or "cancelled") and the ids of the
bookings it made or ended. A listener's failure is logged and never undoes, or hides from the
clerk, a change that is already committed.
"""

import logging

from blinker import Namespace

CHANGES = ("booked", "moved", "cancelled")
_signals = Namespace()
appointments_changed = _signals.signal("appointments-changed")
logger = logging.getLogger(__name__)


def announce(change: str, booking_ids: list[int]) -> None:
    """Tell the listeners about committed bookings: booked, moved (the new booking) or
    cancelled."""
    if change not in CHANGES:
        raise ValueError(f"unknown change {change!r}")
    if not booking_ids:
        return
    try:
        appointments_changed.send(change, booking_ids=list(booking_ids))
    except Exception as error:  # the change is committed: a listener's trouble stays its own
        # The error's name and the ids only: its text may hold a patient's details.
        logger.error("A listener failed after %s %s: %s", change, booking_ids, type(error).__name__)
