"""A practice's pages: its referrals, referring a patient, and choosing with the patient:
booking one, the race for a slot, a printed shortlist, or none wanted; each offer recorded."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking import service
from booking.models import Booking, Referral
from booking.reference import format_reference
from booking.service import book
from choice.models import ChoiceOffer
from extensions import db
from practice import views
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW, accesses
from tests.practice.conftest import (
    MIDDLE_SITE,
    MON,
    OTHER,
    OWN,
    nearest_later_plan,
    three_sites_plan,
)

GOOD = {
    "nhs_number": "943 476 5919",
    "name": "Mary Seacole",
    "date_of_birth": "1955-11-23",
    "postcode": "WD4 3AA",
    "service": "orthopaedics",
    "priority": "routine",
    "referral_date": "2026-11-30",
    "notes": "Knee pain on stairs",
}


def _choices_url(referral) -> str:
    return f"/practice/{OWN}/referrals/{referral.id}/choices"


def _shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-testid="choice" data-session="(\d+)"', html)]


def _offers() -> list[ChoiceOffer]:
    return list(db.session.scalars(sa.select(ChoiceOffer).order_by(ChoiceOffer.id)))


def test_the_home_page_lists_the_practices_own_referrals_newest_first(client, desk, practice_login):
    near_am, *_ = three_sites_plan(desk)
    older = desk.referral(name="Older Patient", referral_date=MON.replace(year=2026, month=9))
    newer = desk.referral(name="Newer Patient", referral_date=MON.replace(year=2026, month=11))
    desk.referral(name="Someone Elsewhere", practice_id=OTHER)
    book(older.id, near_am.id, now=NOW)
    practice_login()
    html = client.get(f"/practice/{OWN}/").data.decode()
    assert html.index("Newer Patient") < html.index("Older Patient")
    assert "Someone Elsewhere" not in html
    assert "2 referrals" in html
    row = html[html.index(f'data-referral="{older.id}"') :]
    assert "Booked" in row[:800] and "Mon 11 Jan 2027, 09:00" in row[:800]
    assert f"/practice/{OWN}/referrals/{newer.id}/choices" in html


def test_a_practice_account_is_sent_to_its_own_practice(client, desk, practice_login):
    practice_login()
    response = client.get("/practice/")
    assert response.status_code == 302 and response.headers["Location"] == f"/practice/{OWN}/"


def test_refer_with_bad_input_is_shown_again_with_each_problem_named(client, desk, practice_login):
    practice_login()
    bad = GOOD | {"nhs_number": "943 476 5918", "date_of_birth": "31/02/1955", "service": ""}
    response = client.post(f"/practice/{OWN}/referrals/new", data=bad)
    assert response.status_code == 400
    html = response.data.decode()
    assert "There is a problem" in html and "<title>Error: Refer a patient" in html
    assert "the check digit (the last) is wrong" in html
    assert "Enter the date of birth as a real date" in html
    assert "Choose the service." in html
    assert 'value="Mary Seacole"' in html and "Knee pain on stairs" in html  # kept as typed
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0


def test_refer_adds_the_referral_for_the_practice_and_goes_to_the_choices(
    client, desk, practice_login
):
    practice_login()
    page = client.get(f"/practice/{OWN}/referrals/new").data.decode()
    assert 'name="practice"' not in page  # the practice is the account's own
    assert 'value="2026-12-01"' in page  # referred today unless said otherwise
    response = client.post(f"/practice/{OWN}/referrals/new", data=GOOD | {"practice": OTHER})
    referral = db.session.scalar(sa.select(Referral))
    assert response.status_code == 302
    assert response.headers["Location"] == _choices_url(referral)
    assert (referral.practice_id, referral.nhs_number) == (OWN, "9434765919")
    about = (AuditEvent.action == "create", AuditEvent.entity_type == "referral")
    created = db.session.scalar(sa.select(AuditEvent).where(*about))
    assert (created.entity_id, created.actor) == (str(referral.id), "surgery")


def test_an_nhs_number_on_record_with_another_birth_date_is_refused_on_that_field(
    client, desk, practice_login
):
    desk.referral(nhs_number="9434765919", name="Mary Seacole", practice_id=OWN)
    practice_login()
    response = client.post(f"/practice/{OWN}/referrals/new", data=GOOD)
    assert response.status_code == 400
    html = response.data.decode()
    assert (
        "This NHS number is already recorded with a different date of birth; "
        "check the number and the patient&#39;s details." in html
    )
    assert 'href="#date_of_birth"' in html and 'value="1955-11-23"' in html
    assert "17 May 1960" not in html and "1960-05-17" not in html  # the other record's
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 1


@pytest.mark.parametrize(
    "born", [date(1955, 11, 23), date(1960, 5, 17)]
)  # typed as recorded, and not
def test_another_practices_patient_is_refused_alike_whatever_is_typed(
    client, desk, practice_login, born
):
    desk.referral(
        nhs_number="9434765919", name="Mary Seacole", date_of_birth=born, practice_id=OTHER
    )
    practice_login()
    response = client.post(f"/practice/{OWN}/referrals/new", data=GOOD)
    assert response.status_code == 400
    html = response.data.decode()
    assert "This NHS number is registered with another practice in this service." in html
    assert "recorded with a different" not in html and "already waiting" not in html
    assert "orthopaedics (referred" not in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 1


def test_a_patient_already_waiting_for_the_service_is_refused(client, desk, practice_login):
    desk.referral(nhs_number="9434765919", name="Mary Seacole", date_of_birth=date(1955, 11, 23))
    practice_login()
    response = client.post(f"/practice/{OWN}/referrals/new", data=GOOD)
    assert response.status_code == 400
    assert "already waiting for orthopaedics" in response.data.decode()


def test_the_choices_page_offers_three_spread_with_distances_nearest_and_soonest_first(
    client, desk, practice_login
):
    near_am, near_pm, middle, far = three_sites_plan(desk)
    referral = desk.referral()
    practice_login()
    html = client.get(_choices_url(referral)).data.decode()
    assert _shown(html) == [near_am.id, middle.id, far.id]
    assert "Monday 11 January 2027" in html and "Tuesday 19 January 2027" in html
    assert re.search(r"2\.0 km", html) and re.search(r"5\.\d km", html)
    assert re.search(r"12\.\d km", html)
    assert format_reference(referral.id) in html
    assert "Show more choices" in html
    more = client.get(_choices_url(referral) + "?more=1").data.decode()
    assert sorted(_shown(more)) == sorted([near_am.id, near_pm.id, middle.id, far.id])
    assert ("surgery", "view", "referral", str(referral.id), {"what": "choices"}) in accesses()


def test_the_choices_page_says_its_order_and_sorts_by_soonest_on_request(
    client, desk, practice_login
):
    far, middle, near_tue, near_thu = nearest_later_plan(desk)
    referral = desk.referral()
    practice_login()
    html = client.get(_choices_url(referral)).data.decode()
    assert _shown(html) == [near_tue.id, middle.id, far.id]
    assert "<strong>Nearest first</strong>: the nearest site first" in html
    soonest_url = _choices_url(referral) + "?order=soonest"
    assert f'href="{soonest_url}">Show the soonest first</a>' in html
    assert f'href="{_choices_url(referral)}?more=1&amp;order=nearest">Show more' in html
    html = client.get(soonest_url).data.decode()
    assert _shown(html) == [far.id, middle.id, near_tue.id]
    assert "<strong>Soonest first</strong>" in html and "Show the nearest first" in html
    assert 'name="order" value="soonest"' in html  # kept when the page is shown again
    more = client.get(_choices_url(referral) + "?more=1").data.decode()
    assert _shown(more) == [near_tue.id, near_thu.id, middle.id, far.id]
    assert "?order=soonest&amp;more=1" in more or "?more=1&amp;order=soonest" in more


def test_booking_a_choice_books_it_and_records_the_offer(client, desk, practice_login):
    near_am, _, middle, far = three_sites_plan(desk)
    referral = desk.referral()
    user = practice_login()
    offered = [near_am.id, middle.id, far.id]
    response = client.post(
        _choices_url(referral), data={"offered": offered, "book": middle.id}, follow_redirects=True
    )
    html = response.data.decode()
    assert "Booked for Tuesday 12 January 2027 at 09:00" in html
    assert 'data-testid="appointment"' in html
    booking = db.session.scalar(sa.select(Booking))
    assert (booking.referral_id, booking.session_id) == (referral.id, middle.id)
    [offer] = _offers()
    assert (offer.outcome, offer.booking_id, offer.channel) == ("booked", booking.id, "practice")
    assert (offer.practice_id, offer.user_id, offer.actor) == (OWN, user.id, "surgery")
    assert [(o.session_id, o.site_id, o.taken) for o in offer.options] == [
        (near_am.id, NEAR_SITE, False),
        (middle.id, MIDDLE_SITE, True),
        (far.id, FAR_SITE, False),
    ]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "offer"))
    assert {key: value for key, value in event.after.items() if key != "changed"} == {
        "referral_id": referral.id,
        "status": "booked",
        "rows": 3,
        "booking_id": booking.id,
        "session_id": middle.id,
    }


def test_a_slot_taken_meanwhile_is_refused_with_fresh_choices(
    client, desk, practice_login, monkeypatch
):
    near_am, _, middle, far = three_sites_plan(desk)
    referral = desk.referral()
    practice_login()
    offered = [near_am.id, middle.id, far.id]
    book(desk.referral().id, near_am.id, now=NOW)  # another clerk takes slot 0 first...
    # ...after this request read slot 0 as free: every attempt loses the race.
    monkeypatch.setattr(service, "free_slot_numbers", lambda session_id, kind: [0])
    response = client.post(_choices_url(referral), data={"offered": offered, "book": near_am.id})
    assert response.status_code == 409
    html = response.data.decode()
    assert "That appointment has just been taken by someone else; nothing was booked." in html
    assert "<title>Error: Choose an appointment" in html
    assert len(_shown(html)) == 3  # fresh choices to offer instead
    assert _offers() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 1


def test_a_session_filled_meanwhile_is_refused_and_no_longer_offered(client, desk, practice_login):
    near_am, near_pm, middle, far = three_sites_plan(desk)
    referral = desk.referral()
    practice_login()
    for _ in range(12):
        book(desk.referral().id, middle.id, now=NOW)
    response = client.post(
        _choices_url(referral), data={"offered": [near_am.id, middle.id, far.id], "book": middle.id}
    )
    assert response.status_code == 409
    assert middle.id not in _shown(response.data.decode())


def test_a_session_not_among_those_shown_is_refused(client, desk, practice_login):
    near_am, near_pm, middle, far = three_sites_plan(desk)
    referral = desk.referral()
    practice_login()
    response = client.post(
        _choices_url(referral), data={"offered": [near_am.id, middle.id], "book": far.id}
    )
    assert response.status_code == 400
    assert "Choose one of the appointments shown." in response.data.decode()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_choices_that_were_never_shown_are_refused_and_nothing_recorded(
    client, desk, practice_login
):
    three_sites_plan(desk)
    referral = desk.referral()
    practice_login()
    response = client.post(_choices_url(referral), data={"offered": [999], "action": "shortlist"})
    assert response.status_code == 400
    assert "not a session of this service" in response.data.decode()
    assert _offers() == []


def test_a_shortlist_is_recorded_and_printed_with_the_booking_reference(
    client, desk, practice_login
):
    near_am, _, middle, far = three_sites_plan(desk)
    referral = desk.referral(name="Mary Seacole")
    practice_login()
    offered = [near_am.id, middle.id, far.id]
    response = client.post(_choices_url(referral), data={"offered": offered, "action": "shortlist"})
    [offer] = _offers()
    assert offer.outcome == "shortlist" and offer.booking_id is None
    assert not any(option.taken for option in offer.options)
    url = f"/practice/{OWN}/referrals/{referral.id}/shortlists/{offer.id}"
    assert response.headers["Location"] == url
    html = client.get(url).data.decode()
    assert 'class="app-report app-shortlist"' in html and "data-print" in html
    assert f'data-testid="reference">{format_reference(referral.id)}<' in html
    assert html.count('data-testid="shortlisted"') == 3
    assert "Victoria Street Surgery" in html and "Mary Seacole" in html
    assert "not held for you" in html
    assert ("surgery", "view", "referral", str(referral.id), {"what": "shortlist"}) in accesses()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0
    page = client.get(f"/practice/{OWN}/referrals/{referral.id}").data.decode()
    assert "Shortlist printed" in page and "Print it again" in page


def test_the_shortlist_and_appointment_give_the_booking_teams_number_when_set(
    app, client, desk, practice_login
):
    near_am, _, middle, far = three_sites_plan(desk)
    referral = desk.referral()
    practice_login()
    offered = {"offered": [near_am.id, middle.id, far.id]}
    client.post(_choices_url(referral), data=offered | {"action": "shortlist"})
    [offer] = _offers()
    url = f"/practice/{OWN}/referrals/{referral.id}/shortlists/{offer.id}"
    unset = client.get(url).data.decode()
    assert "booking-phone" not in unset and "referral letter" not in unset
    assert "Ask Victoria Street Surgery to pass your booking reference" in unset
    assert "http://localhost/services/directory" in unset
    app.config["BOOKING_TEAM_PHONE"] = "01632 960123"
    html = client.get(url).data.decode()
    assert 'data-testid="booking-phone">01632 960123<' in html
    assert "/services/directory" not in html
    client.post(_choices_url(referral), data=offered | {"book": middle.id})
    page = client.get(f"/practice/{OWN}/referrals/{referral.id}").data.decode()
    assert 'data-testid="booking-phone">01632 960123<' in page
    app.config["BOOKING_TEAM_PHONE"] = ""
    page = client.get(f"/practice/{OWN}/referrals/{referral.id}").data.decode()
    assert "contact the booking team through the practice" in page


def test_a_postcode_not_in_the_area_is_said_plainly_and_recorded(client, desk, practice_login):
    near_am, _, middle, far = three_sites_plan(desk)
    referral = desk.referral(postcode="TR1 1AA")
    practice_login()
    html = client.get(_choices_url(referral)).data.decode()
    assert 'data-testid="postcode-not-found"' in html
    assert "TR1 1AA is not in this area's list of postcodes" in html
    assert "Free appointments from TR1 1AA" not in html
    assert "Free appointments from the patient&#39;s GP practice" in html
    offered = {"offered": [near_am.id, middle.id, far.id], "action": "shortlist"}
    client.post(_choices_url(referral), data=offered)
    [offer] = _offers()
    assert all(option.from_practice for option in offer.options)
    url = f"/practice/{OWN}/referrals/{referral.id}/shortlists/{offer.id}"
    assert 'data-testid="from-practice"' in client.get(url).data.decode()
    home = desk.referral(service_id="ophthalmology")
    assert "postcode-not-found" not in client.get(_choices_url(home)).data.decode()


def test_nearest_first_says_when_a_sooner_date_is_further_away(
    client, desk, practice_login, monkeypatch
):
    nearest_later_plan(desk)
    referral = desk.referral()
    practice_login()
    assert "sooner-elsewhere" not in client.get(_choices_url(referral)).data.decode()
    monkeypatch.setattr(views, "CHOICES", 2)  # the far site, soonest, is not among two
    html = client.get(_choices_url(referral)).data.decode()
    assert "An appointment is free sooner, on 11 January 2027, at a site further away." in html


def test_the_desks_offer_shows_on_the_practices_page_without_the_clerks_name(
    client, desk, practice_login, login
):
    near_am, _, middle, _ = three_sites_plan(desk)
    referral = desk.referral()
    login("booking", "clerk")
    data = {"session_id": middle.id, "shown": [near_am.id, middle.id]}
    client.post(f"/booking/referrals/{referral.id}/book", data=data)
    [offer] = _offers()
    assert (offer.channel, offer.actor) == ("desk", "clerk")
    client.post("/logout")
    practice_login()
    page = client.get(f"/practice/{OWN}/referrals/{referral.id}").data.decode()
    assert "by the booking desk" in page and "clerk" not in page
    assert "Booked one" in page and page.count("<li>") >= 2


def test_none_wanted_is_recorded_and_the_patient_stays_on_the_list(client, desk, practice_login):
    near_am, _, middle, far = three_sites_plan(desk)
    referral = desk.referral()
    practice_login()
    response = client.post(
        _choices_url(referral),
        data={"offered": [near_am.id, middle.id, far.id], "action": "declined"},
        follow_redirects=True,
    )
    assert "wanted none of these" in response.data.decode()
    [offer] = _offers()
    assert (offer.outcome, len(offer.options)) == ("declined", 3)


def test_a_patient_with_an_appointment_is_not_offered_more(client, desk, practice_login):
    near_am, *_ = three_sites_plan(desk)
    referral = desk.referral()
    book(referral.id, near_am.id, now=NOW)
    practice_login()
    response = client.get(_choices_url(referral), follow_redirects=True)
    assert "The patient has an appointment already" in response.data.decode()
    posted = client.post(_choices_url(referral), data={"offered": [near_am.id], "book": near_am.id})
    assert posted.status_code == 302 and _offers() == []


def test_without_free_slots_the_page_says_the_patient_stays_on_the_list(
    client, desk, practice_login
):
    referral = desk.referral()
    practice_login()
    html = client.get(_choices_url(referral)).data.decode()
    assert 'data-testid="no-choices"' in html and "Print a shortlist" not in html


@pytest.mark.parametrize("role", ["booking", "ops", "commissioner"])
def test_other_roles_cannot_use_the_practice_pages(client, desk, login, role):
    referral = desk.referral()
    login(role)
    for url in (f"/practice/{OWN}/", _choices_url(referral), "/practice/"):
        assert client.get(url).status_code == 403, (role, url)


def test_an_administrator_may_act_for_any_practice(client, desk, login):
    three_sites_plan(desk)
    referral = desk.referral()
    login("admin")
    page = client.get("/practice/").data.decode()
    assert f'href="/practice/{OWN}/"' in page and f'href="/practice/{OTHER}/"' in page
    assert len(_shown(client.get(_choices_url(referral)).data.decode())) == 3
