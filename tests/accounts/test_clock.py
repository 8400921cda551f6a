"""The accounts' clock: UTC inside, the staff's wall clock when shown."""

from datetime import UTC, datetime

from accounts import clock


def test_now_is_in_utc():
    assert clock.now().tzinfo is UTC


def test_a_naive_stored_moment_is_read_as_utc_and_an_aware_one_kept():
    stored = datetime(2027, 1, 4, 9, 30)  # as SQLite hands it back
    assert clock.aware(stored) == datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
    moment = datetime(2027, 1, 4, 9, 30, tzinfo=clock.STAFF_ZONE)
    assert clock.aware(moment) is moment


def test_a_moment_is_shown_on_londons_clock_in_winter_and_in_summer():
    assert clock.local(datetime(2027, 1, 4, 9, 30)).hour == 9  # GMT
    summer = clock.local(datetime(2027, 7, 5, 9, 30, tzinfo=UTC))
    assert (summer.hour, summer.tzname()) == (10, "BST")
