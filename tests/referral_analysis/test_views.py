"""The referral pages: what each role may see, the words for empty data, and the downloads."""

import csv
import io
from datetime import date

import pytest

from extensions import db
from inputs.models import Practice
from tests.referral_analysis.conftest import add_weekly

PAGES = (
    "/ops/referrals/",
    "/ops/referrals/trends",
    "/ops/referrals/practices/",
    "/ops/referrals/practices/E82100",
)


@pytest.fixture
def year_of_referrals(copies):
    """Weekly referrals over 2026 for two practices, one referring far more MRI."""
    add_weekly("E82100", "mri", date(2026, 1, 5), [4] * 52)
    add_weekly("E82104", "mri", date(2026, 1, 5), [12] * 52)
    add_weekly("E82101", "orthopaedics", date(2026, 1, 5), [2] * 52)


@pytest.mark.parametrize("page", PAGES)
def test_booking_staff_are_refused_and_strangers_sent_to_sign_in(client, login, desk, page):
    assert client.get(page).status_code == 302
    login("booking")
    assert client.get(page).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_with_nothing_held_each_page_says_so(client, login, desk, page):
    login("ops")
    response = client.get(page)
    assert response.status_code == 200
    assert "No referrals are held yet" in response.data.decode()


def test_the_rates_page_shows_the_funnel_and_its_table(client, login, year_of_referrals):
    login("ops")
    page = client.get("/ops/referrals/?service=mri").data.decode()
    assert 'data-chart="funnel-chart"' in page
    assert "Above the 99.8% limit" in page  # E82104's words in the table
    assert "crude" in page
    summary = client.get("/ops/referrals/").data.decode()
    assert "By service" in summary and "every service together" in summary


def test_the_rates_table_sorts_and_downloads(client, login, year_of_referrals):
    login("ops")
    page = client.get("/ops/referrals/?service=mri&sort=list&dir=asc").data.decode()
    assert 'aria-sort="ascending"' in page
    rows = list(
        csv.DictReader(io.StringIO(client.get("/ops/referrals/rates.csv?service=mri").text))
    )
    e82104 = next(row for row in rows if row["practice"] == "E82104")
    assert e82104["referrals"] == "624" and e82104["against_peers"].startswith("Above the 99.8%")


def test_a_service_with_no_referrals_is_answered_in_words(client, login, year_of_referrals):
    login("ops")
    page = client.get("/ops/referrals/?service=cataract").data.decode()
    assert "so there is no rate to compare" in page
    assert 'data-chart="funnel-chart"' not in page


def test_a_practice_with_no_list_is_answered_in_words(client, login, year_of_referrals):
    db.session.get(Practice, "E82104").list_size = 0
    db.session.commit()
    login("ops")
    page = client.get("/ops/referrals/?service=mri").data.decode()
    assert "has no registered list size" in page
    report = client.get("/ops/referrals/practices/E82104").data.decode()
    assert "so no rate can be worked out" in report


def test_bad_dates_are_named_and_kept(client, login, year_of_referrals):
    login("ops")
    page = client.get("/ops/referrals/trends?from=2026-13-01&to=").data.decode()
    assert "Enter the start of the period as a date" in page
    assert 'value="2026-13-01"' in page
    page = client.get("/ops/referrals/?from=2020-01-01&to=2020-12-31").data.decode()
    assert "No referrals are held for 1 January 2020 to 31 December 2020" in page


def test_trends_show_the_xmr_chart(client, login, year_of_referrals):
    login("ops")
    page = client.get("/ops/referrals/trends?service=mri&practice=E82104").data.decode()
    assert 'data-chart="xmr-chart"' in page
    assert "No week shows special-cause variation" in page  # a flat 12 a week
    assert "The seasons show once two years" in page


def test_the_practice_report_and_its_download(client, login, year_of_referrals):
    login("ops")
    page = client.get("/ops/referrals/practices/E82104").data.decode()
    assert "Referral feedback report" in page and "Top services" in page
    assert 'class="app-report"' in page and "data-print" in page
    assert client.get("/ops/referrals/practices/NOPE").status_code == 404
    response = client.get("/ops/referrals/practices/E82104.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    mri = next(row for row in rows if row and row[0] == "MRI list")
    assert mri[1] == "624"


def test_low_counts_and_empty_seasons_are_said_in_words(client, login, copies):
    add_weekly("E82100", "mri", date(2024, 11, 4), [2] * 110)
    login("ops")
    page = client.get("/ops/referrals/trends?service=mri").data.decode()
    assert "Few referrals a week" in page and 'data-chart="season-chart"' in page
    page = client.get("/ops/referrals/trends?service=cataract").data.decode()
    assert "so there are no seasons to show" in page
    assert 'data-chart="season-chart"' not in page


def test_the_period_used_is_in_the_form(client, login, year_of_referrals):
    login("ops")
    page = client.get("/ops/referrals/").data.decode()
    assert 'value="2026-01-05"' in page and 'value="2026-12-28"' in page


def test_unknown_choices_and_empty_downloads_are_answered_in_words(
    client, login, year_of_referrals
):
    login("ops")
    page = client.get("/ops/referrals/trends?service=nope&practice=E82100").data.decode()
    assert "There is no service &#39;nope&#39;, so every service is shown." in page
    empty = "from=2020-01-01&to=2020-12-31"
    response = client.get(f"/ops/referrals/rates.csv?{empty}", follow_redirects=True)
    assert "No referrals are held for 1 January 2020" in response.data.decode()
    response = client.get(f"/ops/referrals/practices/E82100.csv?{empty}", follow_redirects=True)
    assert "No referrals are held for 1 January 2020" in response.data.decode()
