"""The price book's fields: read by their columns' rules, and what a missing price leaves out."""

import pytest

from business.book import GENERAL_FIELDS
from business.book_form import (
    SECTIONS,
    TOO_LARGE,
    Figure,
    ServiceLine,
    Sheet,
    StaffLine,
    read,
    staff_name,
)


def figure(key: str, value: float | None = 1.0) -> Figure:
    return Figure(key, key, f"The {key}", None, value, "")


def sheet(*, services=(), staff=(), general=("discount_pct", "site_visit_gbp")) -> Sheet:
    return Sheet(
        "s", "S", 1, (("General figures", tuple(figure(g) for g in general)),), services, (), staff
    )


def service(name, first_contact, per_first=0.0, first=1.0, follow_up=1.0) -> ServiceLine:
    return ServiceLine(
        name,
        first_contact,
        per_first,
        figure(f"service:{name}:first_price_gbp", first),
        figure(f"service:{name}:follow_up_price_gbp", follow_up),
    )


def test_every_general_figure_has_one_section():
    assert sorted(name for _, names in SECTIONS for name in names) == sorted(GENERAL_FIELDS)


@pytest.mark.parametrize(
    ("key", "typed", "reason"),
    [
        ("discount_pct", "100.5", "must be between 0 and 100%, not 100.5%"),
        ("discount_pct", "-1", "must not be negative, not -1"),
        ("site_visit_gbp", "", "must not be empty"),
        ("site_visit_gbp", "ten", "'ten' is not a number"),
        ("site_visit_gbp", f"{TOO_LARGE}", f"must be less than 100,000,000, not {TOO_LARGE}"),
        ("service:x:first_price_gbp", "-0.01", "must not be negative, not -0.01"),
        ("service:x:first_price_gbp", "-£5", "must not be negative, not -5"),
        ("discount_pct", "150%", "must be between 0 and 100%, not 150%"),
        ("site_visit_gbp", "£100,000,000", "must be less than 100,000,000, not £100,000,000"),
    ],
)
def test_a_field_is_refused_by_its_columns_rule(key, typed, reason):
    page = sheet(services=(service("x", "first attendance"),))
    assert key not in read(page, {key: f" {typed} "})
    assert page.errors == {key: reason} and page.text[key] == typed


def test_an_empty_price_is_missing_and_an_unposted_one_left_out():
    page = sheet(services=(service("x", "first attendance"),))
    values = read(page, {"service:x:first_price_gbp": " ", "discount_pct": "100"})
    assert values == {"service:x:first_price_gbp": None, "discount_pct": 100.0}
    assert page.errors == {}


def test_the_sentence_names_the_field():
    page = sheet()
    read(page, {"discount_pct": "101", "site_visit_gbp": "lots"})
    assert [sentence for _, sentence in page.problems()] == [
        "The discount_pct must be between 0 and 100%, not 101%",
        "The site_visit_gbp: 'lots' is not a number",
    ]


def test_what_missing_prices_and_costs_leave_out_by_name():
    page = sheet(
        services=(
            service("MRI scan", "diagnostic test", first=None),
            service("Hand surgery", "day-case procedure", first=None),
            service("Dermatology", "first attendance", per_first=1.5, follow_up=None),
            service("Vasectomy", "day-case procedure", per_first=0, follow_up=None),  # unused
        ),
        staff=(StaffLine("ent", "Consultant", ("ENT",), figure("staff:ent:session_gbp", None)),),
    )
    assert page.missing() == [
        "The figures leave out income from MRI scan: it has no diagnostic-test price.",
        "The figures leave out income from Hand surgery: it has no day-case procedure price.",
        "The figures leave out income from Dermatology's follow-ups: it has no follow-up price.",
        "The figures leave out the cost of the clinicians for ENT (skill: ent): they have no "
        "cost per session.",
    ]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("£400", 400.0), ("5,995", 5995.0), ("12.5%", 12.5)],
)
def test_a_figure_may_be_typed_with_its_pound_sign_commas_or_percent_sign(typed, value):
    key = "discount_pct" if typed.endswith("%") else "site_visit_gbp"
    page = sheet()
    assert read(page, {key: typed}) == {key: value} and page.errors == {}


@pytest.mark.parametrize(
    ("services", "name"),
    [
        (("ENT clinic",), "ENT clinic (skill: ent)"),
        (("CT scan", "X-ray"), "CT scan and X-ray (skill: ent)"),
        (("A", "B", "C"), "A, B and C (skill: ent)"),
        ((), "Skill: ent"),
    ],
)
def test_clinicians_are_named_by_the_services_that_need_their_skill(services, name):
    assert staff_name("ent", services) == name
