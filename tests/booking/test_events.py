"""Appointment changes announced after the commit: each listener told the change and the
bookings, nothing said about no bookings, and a failing listener logged, never raised."""

import logging

import pytest

from booking.events import announce, appointments_changed


def test_a_listener_hears_the_change_and_the_bookings(heard):
    ids = [3, 4]
    announce("moved", ids)
    assert heard == [("moved", [3, 4])]
    assert heard[0][1] is not ids  # a copy: a listener cannot change the caller's list


def test_no_bookings_no_announcement_and_an_unknown_change_is_refused(heard):
    announce("booked", [])
    assert heard == []
    with pytest.raises(ValueError, match="unknown change 'lost'"):
        announce("lost", [1])


def test_a_failing_listener_is_logged_by_name_and_ids_only(app, caplog):
    def broken(change, booking_ids):
        raise RuntimeError("Ada Lovelace, 943 476 5919")

    appointments_changed.connect(broken)
    try:
        with caplog.at_level(logging.ERROR, logger="booking.events"):
            announce("cancelled", [7])
    finally:
        appointments_changed.disconnect(broken)
    assert caplog.messages == ["A listener failed after cancelled [7]: RuntimeError"]
