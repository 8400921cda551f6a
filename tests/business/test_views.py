"""The business page of a plan, on the hand-worked example."""

import re

from extensions import db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_page_shows_the_hand_worked_figures_to_the_penny(client, login, hand_book, hand_world):
    login("ops")
    response = client.get(f"/ops/plans/{hand_world.id}/business")
    assert response.status_code == 200
    text = _text(response)
    assert "Business case: Three weeks at Tring" in text
    for figure in ("£6,750.00", "£1,012.50", "£5,737.50", "£24,000.00", "£29,965.22"):
        assert figure in text, figure
    assert "−£24,227.72" in text  # the cycle's net contribution
    assert "Not within 5 years" in text  # it loses money every week
    assert 'data-chart="business-cash"' in response.get_data(as_text=True)


def test_with_contingencies_the_page_says_so_and_scales_the_figures(
    client, login, hand_book, hand_world
):
    login("ops")
    text = _text(client.get(f"/ops/plans/{hand_world.id}/business?contingencies=1"))
    assert "50% of the planned activity happens and 20% of income is held back" in text
    assert "£675.00" in text  # held back
    assert "−£27,613.86" in text


def test_a_missing_price_is_named_at_the_top(client, login, hand_book, hand_world):
    hand_book.services[1].first_price_gbp = None  # ENT
    db.session.commit()
    login("ops")
    text = _text(client.get(f"/ops/plans/{hand_world.id}/business"))
    assert "Some prices or costs are missing" in text
    assert "ENT clinic: no first attendance price" in text


def test_the_page_makes_the_scenarios_price_book_on_first_use(client, login, hand_world):
    from business.models import PriceBook

    login("ops")
    assert client.get(f"/ops/plans/{hand_world.id}/business").status_code == 200
    db.session.remove()
    book = db.session.get(PriceBook, "hand")
    assert book.commissioner_share_pct == 15
    assert {row.service_id for row in book.services} == {"dermatology", "ent"}


def test_only_the_operations_manager_sees_it(client, login, hand_world):
    url = f"/ops/plans/{hand_world.id}/business"
    assert client.get(url).status_code == 302  # to sign in
    login("booking")
    assert client.get(url).status_code == 403
    assert client.get("/ops/plans/999/business").status_code in (403, 404)


def test_the_workbook_downloads_with_the_pages_choice_of_contingencies(
    client, login, hand_book, hand_world
):
    from io import BytesIO

    from openpyxl import load_workbook

    login("ops")
    response = client.get(f"/ops/plans/{hand_world.id}/business.xlsx?contingencies=1")
    assert response.status_code == 200
    assert "business-case-plan-" in response.headers["Content-Disposition"]
    book = load_workbook(BytesIO(response.data))
    assert book.defined_names["VolumeFactor"].value
    sheet, cell = next(book.defined_names["VolumeFactor"].destinations)
    assert book[sheet][cell.replace("$", "")].value == 0.5


def test_the_breakdowns_show_a_week_the_cycle_or_a_year(client, login, hand_book, hand_world):
    login("ops")
    url = f"/ops/plans/{hand_world.id}/business"
    # ENT's net income: £3,488.40 - £523.26 = £2,965.14 over the 4-week cycle
    assert "£2,965" in _text(client.get(url))
    year = _text(client.get(f"{url}?per=year"))
    assert "£38,547" in year  # × 13 cycles a year
    assert "Money by service, for a year" in year
    assert "£741" in _text(client.get(f"{url}?per=week"))  # ÷ 4 weeks
    assert "Money by service, for the cycle" in _text(client.get(f"{url}?per=decade"))
