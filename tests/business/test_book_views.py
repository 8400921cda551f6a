"""The price book page: the seeded figures with their sources, saving, refusing bad figures by
name with nothing written, a figure set back taking back its source, the reference figures
put back, a stale page refused, and who may use it."""

import re
from html import unescape

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.clocks import local_now
from business.book_edit import STALE
from business.book_sources import entered_by
from business.models import PriceBook, ServicePrice, UnitCost
from extensions import db
from tests.site_pages import controls_of

URL = "/ops/scenarios/hand/prices"
PUT_BACK = "/ops/scenarios/hand/prices/reference"
ASSUMPTION = '<strong class="nhsuk-tag nhsuk-tag--yellow">Assumption</strong>'
DERM_FIRST = "service:dermatology:first_price_gbp"
ENT_FIRST = "service:ent:first_price_gbp"


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def box(name: str, value: str) -> str:
    """A figure's text box holding `value`."""
    return f'name="{name}" type="text" inputmode="decimal" autocomplete="off" value="{value}"'


def form_of(client) -> dict[str, str]:
    """Every field of the page as it is drawn, as a browser would post it untouched."""
    controls = controls_of(client.get(URL).get_data(as_text=True)).controls
    return {c["name"]: c.get("value", "") for c in controls if c["_tag"] == "input"}


def book() -> PriceBook:
    db.session.expire_all()
    return db.session.get(PriceBook, "hand")


def price_of(service_id: str) -> ServicePrice:
    db.session.expire_all()
    return db.session.get(ServicePrice, ("hand", service_id))


def book_events() -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(
        AuditEvent.entity_type == "price_book", AuditEvent.action == "update"
    )
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_the_page_makes_the_book_and_shows_each_seeded_figure_with_its_source(
    client, login, hand_world
):
    login("ops")
    html = text_of(client.get(URL))
    assert book() is not None  # made on first use, and kept
    assert box(DERM_FIRST, "153.3") in html
    assert box("commissioner_share_pct", "15") in html
    assert "prices.csv op_first_330: Dermatology Service first attendance" in html
    assert "Source file: <code>business/reference/prices.csv</code>" in html
    assert "Source file: <code>business/reference/general.csv</code>" in html
    # The staff costs of skills the reference data does not name are assumptions, and say so.
    assert "assumption: a clinician with skill 'dermatology' is costed as a consultant" in html
    assert html.count(ASSUMPTION) >= 5
    assert 'for="service-1-first">Dermatology clinic: first attendance national price (£)' in html
    assert "1.25 follow-ups per first contact" in html  # 1.5 capped at 1.25
    assert 'href="/ops/scenarios/hand"' in html
    assert "No price" not in html and "leave out" not in html  # both services are priced


def test_saving_writes_every_change_and_audits_it_once(client, login, hand_world):
    login("ops")
    form = form_of(client)
    version = int(form["version"])
    form |= {"discount_pct": "12.5", DERM_FIRST: "140", "unit:op-1:move_gbp": " 2600 "}
    response = client.post(URL, data=form)
    assert response.status_code == 302 and response.location == URL
    assert "Price book saved: 3 figures changed." in text_of(client.get(URL))
    saved = book()
    assert saved.discount_pct == 12.5 and saved.version == version + 1
    you = entered_by("ops", local_now().date())
    assert saved.sources["discount_pct"] == you
    assert saved.sources["commissioner_share_pct"].startswith("general.csv: ")  # untouched
    derm = price_of("dermatology")
    assert derm.first_price_gbp == 140 and derm.follow_up_price_gbp == 84.66
    assert derm.source.startswith(f"{you}; follow-up: derived: £74 of 2022/23")
    move = db.session.get(UnitCost, ("hand", "op-1"))
    assert move.move_gbp == 2600 and move.source.endswith(f"; move: {you}")
    [event] = book_events()
    assert (event.action, event.entity_id, event.actor) == ("update", "hand", "ops")
    assert event.before == {"discount_pct": 10, DERM_FIRST: 153.3, "unit:op-1:move_gbp": 2500}
    assert event.after == {"discount_pct": 12.5, DERM_FIRST: 140, "unit:op-1:move_gbp": 2600}


@pytest.mark.parametrize(
    ("field", "typed", "sentence"),
    [
        (
            DERM_FIRST,
            "-5",
            "Dermatology clinic: first attendance national price (£) must not be negative, not -5",
        ),
        (
            "commissioner_share_pct",
            "101",
            "Share of each referral's price returned to the commissioner (%) must be between 0 "
            "and 100%, not 101%",
        ),
        ("letter_gbp", "lots", "Price of a letter (£): 'lots' is not a number"),
        ("site_visit_gbp", "", "Fee for each site visit (£) must not be empty"),
        (
            "unit:op-1:hire_per_week_gbp",
            "",
            "Outpatient unit 1: hire per week (£) must not be empty",
        ),
    ],
)
def test_a_bad_figure_is_named_and_nothing_is_written(
    client, login, hand_world, field, typed, sentence
):
    login("ops")
    form = form_of(client)
    before = {name: getattr(book(), name) for name in ("discount_pct", "version")}
    form |= {field: typed, "discount_pct": "11"}  # a good change beside the bad one
    response = client.post(URL, data=form)
    assert response.status_code == 200
    html = text_of(response)
    assert "There is a problem" in html and "Nothing was saved" in html
    assert sentence in html  # named in the summary, by its row and field
    assert f'value="{typed}"' in html and 'value="11"' in html  # shown back as typed
    assert {name: getattr(book(), name) for name in before} == before
    assert price_of("dermatology").first_price_gbp == 153.3
    assert book_events() == []


def test_every_bad_figure_is_named_at_once(client, login, hand_world):
    login("ops")
    form = form_of(client) | {DERM_FIRST: "-5", "commissioner_share_pct": "101", "text_gbp": "2p"}
    html = text_of(client.post(URL, data=form))
    assert html.count('<span class="nhsuk-error-message"') == 3
    assert html.index('href="#commissioner_share_pct"') < html.index('href="#text_gbp"')
    assert html.index('href="#text_gbp"') < html.index('href="#service-1-first"')


def test_an_empty_price_is_saved_as_missing_and_named_on_the_page(client, login, hand_world):
    login("ops")
    response = client.post(URL, data=form_of(client) | {ENT_FIRST: ""})
    assert response.status_code == 302
    assert price_of("ent").first_price_gbp is None  # missing, not nought
    html = text_of(client.get(URL))
    assert "The figures leave out income from ENT clinic: it has no first-attendance price." in html
    assert '<strong class="nhsuk-tag nhsuk-tag--red">No price</strong>' in html
    assert box(ENT_FIRST, "") in html


def test_a_page_drawn_before_someone_else_saved_is_refused(client, login, hand_world):
    login("ops")
    old = form_of(client)
    client.post(URL, data=old | {"discount_pct": "20"})  # someone else saves first
    response = client.post(URL, data=old | {"discount_pct": "30", DERM_FIRST: "1"})
    assert response.status_code == 302
    assert STALE in text_of(client.get(URL))
    assert book().discount_pct == 20 and price_of("dermatology").first_price_gbp == 153.3
    assert len(book_events()) == 1


def test_a_post_without_the_version_is_a_bad_request(client, login, hand_world):
    login("ops")
    form = form_of(client)
    del form["version"]
    assert client.post(URL, data=form).status_code == 400


@pytest.mark.parametrize("role", ["booking", "commissioner"])
def test_other_roles_are_refused(client, login, hand_world, role):
    login(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data={"version": "1", "discount_pct": "0"}).status_code == 403
    assert book() is None


def test_an_administrator_may_edit(client, login, hand_world):
    login("admin")
    assert client.get(URL).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(client, hand_world):
    response = client.get(URL)
    assert response.status_code == 302 and response.location.startswith("/login")


def test_an_unknown_scenario_is_not_found(client, login, hand_world):
    login("ops")
    assert client.get("/ops/scenarios/nowhere/prices").status_code == 404


def test_every_table_has_three_columns_at_most_and_each_scroller_is_a_named_stop(
    client, login, hand_world
):
    login("ops")
    html = text_of(client.get(URL))
    heads = re.findall(r"<thead.*?</thead>", html, flags=re.S)
    assert len(heads) == 6
    assert [head.count('scope="col"') for head in heads] == [3] * 6
    scrollers = re.findall(r'<div class="app-table-scroll"[^>]*>', html)
    assert len(scrollers) == 6
    assert all('role="region"' in s and 'tabindex="0"' in s for s in scrollers)
    assert 'aria-label="National prices by service"' in html


def test_each_price_and_cost_has_its_source_beneath_it(client, login, hand_world):
    login("ops")
    html = text_of(client.get(URL))
    cell = re.search(r'<td[^>]*>((?:(?!</td>).)*id="service-2-follow-up".*?)</td>', html, re.S)
    assert "0.5 follow-ups per first contact" in cell[1]
    assert "prices.csv op_fu_120: Ear Nose and Throat Service follow-up" in cell[1]
    cell = re.search(r'<td[^>]*>((?:(?!</td>).)*id="unit-1-move".*?)</td>', html, re.S)
    assert "costs.csv: Relocation of outpatient/theatre unit" in cell[1]


def test_clinicians_are_named_by_the_services_that_need_them(client, login, hand_world):
    login("ops")
    html = text_of(client.get(URL))
    assert ">ENT clinic (skill: ent)<span " in html and "Staff group: Consultant" in html
    assert 'for="staff-2-session">Clinicians for ENT clinic (skill: ent): cost per session' in html
    assert "skilled in" not in html


def test_figures_typed_as_people_write_them_are_saved(client, login, hand_world):
    login("ops")
    form = form_of(client) | {DERM_FIRST: "£1,140", "discount_pct": "12.5%"}
    assert client.post(URL, data=form).status_code == 302
    assert price_of("dermatology").first_price_gbp == 1140 and book().discount_pct == 12.5


def test_a_share_over_100_percent_is_named_by_its_range(client, login, hand_world):
    login("ops")
    html = text_of(client.post(URL, data=form_of(client) | {"discount_pct": "150%"}))
    assert "Discount below the national price (%) must be between 0 and 100%, not 150%" in html
    assert "not a number" not in html


def test_a_price_set_back_to_the_reference_shows_the_references_source(client, login, hand_world):
    login("ops")
    client.post(URL, data=form_of(client) | {ENT_FIRST: "170"})
    you = entered_by("ops", local_now().date())
    assert price_of("ent").source.startswith(f"{you}; ")
    client.post(URL, data=form_of(client) | {ENT_FIRST: "152.15"})
    assert "prices.csv op_first_120: " in price_of("ent").source
    assert you not in text_of(client.get(URL))


def test_the_page_says_what_putting_back_the_reference_does(client, login, hand_world):
    login("ops")
    html = text_of(client.get(URL))
    assert "Put back the reference figures" in html
    assert "Figures you or anyone else entered are replaced" in html
    form = re.search(r'<form method="post" action="([^"]+)" novalidate>(.*?)</form>', html, re.S)
    assert form[1] == PUT_BACK and 'name="version" value="1"' in form[2]


def test_putting_back_the_reference_figures(client, login, hand_world):
    login("ops")
    client.post(URL, data=form_of(client) | {DERM_FIRST: "140", "discount_pct": "5"})
    response = client.post(PUT_BACK, data={"version": form_of(client)["version"]})
    assert response.status_code == 302 and response.location == URL
    html = text_of(client.get(URL))
    assert "Price book put back to the reference figures and sources: 2 figures changed." in html
    assert book().discount_pct == 10 and book().sources["discount_pct"].startswith("general.csv")
    derm = price_of("dermatology")
    assert derm.first_price_gbp == 153.3 and "prices.csv op_first_330" in derm.source
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "put_back_reference")
    )
    assert event.actor == "ops" and event.before == {DERM_FIRST: 140, "discount_pct": 5}


def test_putting_back_from_a_stale_page_is_refused(client, login, hand_world):
    login("ops")
    old = form_of(client)
    client.post(URL, data=old | {"discount_pct": "20"})
    assert client.post(PUT_BACK, data={"version": old["version"]}).status_code == 302
    assert STALE in text_of(client.get(URL))
    assert book().discount_pct == 20


def test_putting_back_needs_the_version_and_the_ops_role(client, login, hand_world):
    login("ops")
    form_of(client)
    assert client.post(PUT_BACK, data={}).status_code == 400
    login("booking")
    assert client.post(PUT_BACK, data={"version": "1"}).status_code == 403
    assert book().version == 1
