"""The appointments a patient was shown, as the record of an offer keeps them
(choice.record.Shown), read afresh from the sessions.

Only session ids travel in a form: the site, date, time and distance recorded come from the
database, so a forged post cannot change them. The GP practices' choices (practice/) and the
booking desk's referral page both use this; it lives beside the openings it reads, since
choice/ must not depend on booking/ (which reports and records through choice/).
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from booking.finder import patient_point, postcode_placed, travel_km
from booking.models import Referral
from booking.openings import Opening, load_openings, session_opening
from booking.slots import free_slot_numbers
from choice.record import Shown
from extensions import db
from inputs.models import Practice
from plans.models import ClinicSession


def first_free_start(opening: Opening, step_kind: str) -> datetime:
    """When the session's first slot free for this kind of step starts (the session's start
    if none is free any more): the time a patient would be booked for."""
    numbers = free_slot_numbers(opening.session_id, step_kind)
    return opening.slot_time(numbers[0]) if numbers else opening.start


def shown_sessions(referral: Referral, session_ids: Iterable[int], *, most: int) -> list[Shown]:
    """The sessions among `session_ids` that run the referral's service, as shown to its
    patient, in the order given.

    Args:
        referral: the referral the appointments were offered for.
        session_ids: as posted; repeats count once.
        most: ids beyond the first `most` are not read (a bound on a forged form's cost).

    Returns:
        One Shown per id that is a session of the referral's service; other ids are dropped.
    """
    ids = list(dict.fromkeys(session_ids))[:most]
    if not ids:
        return []
    query = sa.select(ClinicSession).where(ClinicSession.id.in_(ids))
    openings = {o.session_id: o for o in load_openings(query, include_full=True)}
    point = patient_point(referral.postcode, db.session.get(Practice, referral.practice_id))
    from_practice = point is not None and not postcode_placed(referral.postcode)
    return [
        Shown(
            session_id=opening.session_id,
            site_id=opening.site_id,
            date=opening.date,
            starts_at=first_free_start(opening, referral.kind),
            distance_km=travel_km(point, opening),
            from_practice=from_practice,
        )
        for session_id in ids
        if (opening := openings.get(session_id)) is not None
        and opening.service_id == referral.service_id
    ]


def shown_slot(referral: Referral, session_id: int, slot_number: int) -> list[Shown]:
    """The one slot a practice's system chose and booked (the FHIR API's Slot), as the
    record of the offer keeps it: at that slot's own time, not the session's first free
    slot (which, once it is booked, is another)."""
    opening = session_opening(session_id)
    return [
        replace(option, starts_at=opening.slot_time(slot_number))
        for option in shown_sessions(referral, [session_id], most=1)
    ]
