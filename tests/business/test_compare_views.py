"""The compare page: two plans' money side by side, for ops."""

import re

import sqlalchemy as sa

from business.compare import SERVED
from business.models import PriceBook
from extensions import db
from inputs.models import Unit
from plans.editing import copy_plan

URL = "/ops/business/compare"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.data.decode())


def row_of(html: str, label: str) -> list[str]:
    """The cells of the table row headed `label`."""
    row = re.search(rf">{re.escape(label)}</th>(.*?)</tr>", html).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_the_page_shows_each_figure_of_a_and_b_and_the_signed_difference(
    client, login, hand_world, what_if
):
    login("ops")
    html = text_of(client.get(f"{URL}?a={hand_world.id}&b={what_if.id}"))
    assert row_of(html, "Net contribution over the cycle") == [
        "−£24,227.72",
        "−£19,915.60",
        "+£4,312.12",
    ]
    assert row_of(html, "Unit hire") == ["£24,000.00", "£20,000.00", "−£4,000.00"]
    assert row_of(html, "Moves (haulage and set-up)")[2] == "£0.00"
    assert row_of(html, "Payback") == ["not within 5 years", "not within 5 years", "—"]
    assert row_of(html, "ENT clinic")[2].startswith("+£")  # by service
    assert "Hand-worked example (copy 1)" in html  # B's scenario
    assert f'href="/ops/plans/{what_if.id}"' in html


def test_the_switch_shows_the_figures_with_contingencies(client, login, hand_world, what_if):
    login("ops")
    html = text_of(client.get(f"{URL}?a={hand_world.id}&b={what_if.id}&contingencies=1"))
    assert row_of(html, "Net income") == ["£2,193.75", "£2,313.09", "+£119.34"]
    assert "Figures with contingencies" in html
    assert f'href="{URL}?a={hand_world.id}&amp;b={what_if.id}"' in html  # back to as planned


def test_the_chooser_lists_every_plan_of_every_scenario(client, login, hand_world, what_if):
    login("ops")
    hand_world.status = "published"
    db.session.commit()
    html = text_of(client.get(URL))
    assert "Choose plan A and plan B" in html
    assert "Hand-worked example — Three weeks at Tring (published)" in html
    assert "Hand-worked example (copy 1) — Tring at new prices (draft)" in html
    assert "<table" not in html


def test_a_missing_or_bad_plan_shows_the_chooser_saying_why(client, login, hand_world):
    login("ops")
    html = text_of(client.get(f"{URL}?a={hand_world.id}"))
    assert "Choose plan B as well" in html and "There is a problem" in html
    html = text_of(client.get(f"{URL}?a={hand_world.id}&b=last"))
    assert "Plan B “last” is not a plan number" in html
    assert f'<option value="{hand_world.id}" selected>' in html  # A stays chosen


def test_an_unknown_plan_is_not_found(client, login, hand_world):
    login("ops")
    assert client.get(f"{URL}?a={hand_world.id}&b=999").status_code == 404


def test_missing_prices_are_named_above_the_table(client, login, hand_world, what_if):
    book = db.session.get(PriceBook, what_if.scenario_id)
    next(r for r in book.services if r.service_id == "ent").first_price_gbp = None
    db.session.commit()
    login("ops")
    html = text_of(client.get(f"{URL}?a={hand_world.id}&b={what_if.id}"))
    assert "Plan B lacks prices or costs" in html
    assert "ENT clinic: no first attendance price" in html
    assert "Plan A lacks" not in html
    assert html.index("ENT clinic: no first attendance price") < html.index('id="figures"')


def test_the_price_book_made_on_the_way_is_kept(client, login, hand_world):
    copy = copy_plan(hand_world, "A copy")
    db.session.commit()
    login("ops")
    assert client.get(f"{URL}?a={hand_world.id}&b={copy.id}").status_code == 200
    db.session.rollback()
    assert db.session.scalar(sa.select(PriceBook.scenario_id)) == "hand"


def test_only_ops_may_compare(client, login, hand_world):
    login("booking")
    assert client.get(f"{URL}?a={hand_world.id}&b={hand_world.id}").status_code == 403


def test_one_plan_against_itself_is_refused_without_a_table(client, login, hand_world):
    login("ops")
    html = text_of(client.get(f"{URL}?a={hand_world.id}&b={hand_world.id}"))
    assert "There is a problem" in html
    assert "Plan A and plan B are the same plan: choose two different plans." in html
    assert "<table" not in html
    assert html.count(f'<option value="{hand_world.id}" selected>') == 2


def test_counts_are_whole_and_appointments_served_is_named_so(client, login, hand_world, what_if):
    book = db.session.get(PriceBook, what_if.scenario_id)
    book.volume_factor_pct = 53  # 40 first contacts planned: 20 at 50%, 21.2 at 53%
    db.session.commit()
    login("ops")
    html = text_of(client.get(f"{URL}?a={hand_world.id}&b={what_if.id}&contingencies=1"))
    assert row_of(html, "First contacts") == ["20", "21", "+1"]
    assert row_of(html, "Follow-ups") == ["16", "17", "+1"]  # 32 at 50% and 53%: 16.96
    assert row_of(html, SERVED) == ["72", "72", "0"]  # the plan's own, both kinds
    assert "Referrals served" not in html
    assert row_of(html, "Sessions") == ["6", "6", "0"]


def test_the_money_by_unit_and_by_site_with_a_unit_only_b_has(client, login, hand_world, what_if):
    what_if.scenario.units.append(
        Unit(id="op-2", name="Outpatient unit 2", type="outpatient", rooms=1)
    )
    db.session.commit()
    login("ops")
    html = text_of(client.get(f"{URL}?a={hand_world.id}&b={what_if.id}"))
    by_unit = html[html.index('id="by-unit"') : html.index('id="by-site"')]
    assert row_of(by_unit, "Outpatient unit 1")[2] == "+£4,312.12"
    extra = row_of(by_unit, "Outpatient unit 2")
    assert (extra[0], extra[2]) == ("—", "—") and extra[1].startswith("−£")
    by_site = html[html.index('id="by-site"') :]
    assert row_of(by_site, "Tring Sportspace")[2].startswith("+£")
    # week 3 of unit 1 is off the road in both; in B, the idle unit 2 all four weeks too
    book = db.session.get(PriceBook, what_if.scenario_id)
    hire = next(r for r in book.units if r.unit_id == "op-2").hire_per_week_gbp
    assert row_of(by_site, "Off the road") == [
        "−£6,000.00",
        f"−£{5000 + 4 * hire:,.2f}",
        f"−£{4 * hire - 1000:,.2f}",
    ]
