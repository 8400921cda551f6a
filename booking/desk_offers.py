"""The booking desk's offers recorded with the patient's choice (choice.record, channel
"desk"): the free slots its referral page listed and the one booked, written in the
booking's own transaction, so that both are kept or neither.

The page's form carries what it listed as hidden `shown` fields: session ids in order,
nothing about the patient. A post without them (a page drawn before they were added, or the
list of patients to rebook) records nothing: knowing only the slot booked, a record would
say the patient was offered one site on one date and lower the very shares the choice
report is for.
"""

from collections.abc import Callable, Iterable

from booking.models import Booking, Referral
from booking.shown import shown_sessions
from choice.record import record_booked

# Enough for a page of every free slot of a long plan; a bound on what a forged form costs.
DESK_SHOWN_MOST = 200


def desk_offer(
    referral: Referral,
    shown_ids: Iterable[int],
    session_id: int,
    *,
    holding: int | None = None,
) -> Callable[[Booking], None] | None:
    """Read what the desk's page showed; return what records it as the booking is made.

    Args:
        referral: the referral being booked.
        shown_ids: the session ids the page listed, as posted; any that is not a session of
            the referral's service is dropped.
        session_id: the session being booked, added to those shown if it is missing.
        holding: the session of the appointment being moved, if any: the patient holds it,
            so it was not offered.

    Returns:
        A function for `booking.service.book(..., also=)` (or `rebook`), or None when the
        post said nothing of what was shown.
    """
    shown = shown_sessions(referral, (i for i in shown_ids if i != holding), most=DESK_SHOWN_MOST)
    if not shown:
        return None
    if session_id not in [option.session_id for option in shown]:
        shown += shown_sessions(referral, [session_id], most=1)

    def record(booking: Booking) -> None:
        record_booked(referral, shown, booking, "desk")

    return record
