"""Calendar entries parse back with icalendar, in Dacorum's clock time, one per clinic."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar

from clinics.calendar import NOT_AN_APPOINTMENT, clinic_uid, clinics_calendar, site_address
from clinics.timetable import Clinic, PublicService, PublicSite
from tests.clinics.conftest import TRING

SITE = PublicSite("tring", "Tring Sportspace", "Tring", "HP23 5", "Mortimer Hill", 51.79, -0.64, ())
SERVICE = PublicService("derm", "Dermatology clinic", "outpatient")


def _clinic(day: date) -> Clinic:
    return Clinic(
        "tring",
        "derm",
        day,
        "AM",
        datetime.combine(day, time(9)),
        datetime.combine(day, time(13)),
        (1, 2),
    )


def test_each_clinic_is_one_event_in_london_time():
    summer, winter = _clinic(date(2027, 7, 5)), _clinic(date(2027, 1, 4))
    body = clinics_calendar(
        [winter, summer],
        {"tring": SITE},
        {"derm": SERVICE},
        name="Mobile clinics at Tring",
        stamp=datetime(2027, 1, 1, tzinfo=UTC),
        site_url={"tring": "http://127.0.0.1/sites/tring"},
    )
    calendar = Calendar.from_ical(body)
    assert calendar["x-wr-calname"] == "Mobile clinics at Tring"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [clinic_uid(winter), clinic_uid(summer)]
    start = events[1].decoded("dtstart")
    assert start == datetime(2027, 7, 5, 9, tzinfo=ZoneInfo("Europe/London"))
    assert start.utcoffset().total_seconds() == 3600  # British Summer Time
    assert events[0].decoded("dtend").hour == 13
    assert str(events[0]["summary"]) == "Dermatology clinic (mobile clinic) at Tring Sportspace"
    assert str(events[0]["location"]) == "Tring Sportspace, Mortimer Hill, Tring, HP23 5"
    assert str(events[0]["description"]) == NOT_AN_APPOINTMENT
    assert str(events[0]["url"]) == "http://127.0.0.1/sites/tring"


def test_an_address_does_not_repeat_itself():
    site = PublicSite("x", "Tring", "Tring", "", "", 0, 0, ())
    assert site_address(site) == "Tring"


def test_a_site_s_calendar_holds_its_upcoming_clinics(client, tour):
    response = client.get(f"/sites/{TRING}/clinics.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert 'filename="clinics-S17.ics"' in response.headers["Content-Disposition"]
    events = Calendar.from_ical(response.data).walk("VEVENT")
    starts = [e.decoded("dtstart").date() for e in events]
    assert starts == [
        tour.day(2, 1),
        tour.day(2, 1),
        tour.day(2, 2),
        tour.day(3, 0),
        tour.day(14, 2),
    ]


def test_one_clinic_date_has_its_own_calendar_entry(client, tour):
    day = tour.day(2, 1).isoformat()
    response = client.get(f"/sites/{TRING}/clinics/{day}/AM/ent.ics")
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event["summary"]).startswith("ENT clinic (mobile clinic) at Tring Sportspace")
    assert event.decoded("dtstart").date().isoformat() == day


def test_unknown_clinics_and_sites_have_no_calendar(client, tour):
    day = tour.day(2, 1).isoformat()
    assert client.get(f"/sites/{TRING}/clinics/{day}/PM/ent.ics").status_code == 404
    assert client.get(f"/sites/{TRING}/clinics/not-a-date/AM/ent.ics").status_code == 404
    assert client.get("/sites/nowhere/clinics.ics").status_code == 404
