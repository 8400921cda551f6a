"""The appointment letter's content, its map, and the calendar event."""

from datetime import UTC, date, datetime

from icalendar import Calendar

from booking.letters import appointment_ics, letter_for, location_map
from booking.service import book
from tests.booking.conftest import NEAR_SITE, NOW


def test_the_letter_gives_the_slot_time_the_site_and_what_to_bring(desk):
    plan = desk.plan([(NEAR_SITE, date(2027, 1, 11), "PM", 0, "orthopaedics")])
    for _ in range(3):
        book(desk.referral().id, plan.sessions[0].id, now=NOW)
    booking = book(desk.referral(name="Rosalind Franklin").id, plan.sessions[0].id, now=NOW)
    letter, svg = letter_for(booking)
    assert letter.start == datetime(2027, 1, 11, 14, 30)  # slot 4 of 12 in 13:30-17:30
    assert letter.end == datetime(2027, 1, 11, 14, 50)
    assert letter.arrive_by == datetime(2027, 1, 11, 14, 20)
    assert letter.address.startswith("Chipperfield Sports Club")
    assert "A list of the medicines you take." in letter.bring
    assert "Your postcode" in svg and "Chipperfield Sports Club" in svg


def test_the_calendar_event_is_in_london_time():
    from booking.letters import Letter

    letter = Letter(
        7, "A", "943 476 5919", "HP1 1AA", "MRI scan",
        datetime(2027, 6, 1, 9, 0), datetime(2027, 6, 1, 9, 25), "Site", "Site, Town",
        51.7, -0.5, ("This letter.",), datetime(2027, 6, 1, 8, 50),
    )  # fmt: skip
    calendar = Calendar.from_ical(appointment_ics(letter, datetime(2026, 12, 1, tzinfo=UTC)))
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart").utcoffset().total_seconds() == 3600  # British Summer Time
    assert "arrive by 08:50" in str(event["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_the_map_marks_the_site_and_names_of_places_around_it():
    svg = location_map(("Tring <Sports>", 51.7936, -0.6516), None)
    assert svg.startswith("<svg") and "Tring &lt;Sports&gt;" in svg and "Your postcode" not in svg
    assert ">Wigginton</text>" in svg  # a village 3 km away
    assert ">Tring</text>" not in svg  # under the site's own marker
