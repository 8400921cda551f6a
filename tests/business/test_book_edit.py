"""Saving a price book: whole or not at all, each typed-over figure's source saying who entered
it while its neighbour keeps its own, a figure typed back to the reference taking back its
source, the whole book put back, and a save decided on an older version refused."""

from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from business.book_edit import BookInvalid, BookRefused, open_book, put_back_reference, save_book
from business.book_reference import reference
from business.models import PriceBook, ServicePrice, StaffCost, UnitCost
from extensions import db

TODAY = date(2027, 1, 5)
YOU = "entered by kim on 5 January 2027"


def typed_of(sheet) -> dict[str, str]:
    """The page's fields as drawn (what a browser posts when nothing is typed over)."""
    return {
        figure.key: "" if figure.value is None else f"{figure.value:g}"
        for figure in sheet.figures()
    }


def save(scenario, typed, version=1):
    return save_book(scenario, typed, expected_version=version, editor="kim", today=TODAY)


def updates() -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == "update")
    return list(db.session.scalars(query.where(AuditEvent.entity_type == "price_book")))


def row(model, key):
    db.session.expire_all()
    return db.session.get(model, ("hand", key))


@pytest.fixture
def scenario(hand_world):
    return hand_world.scenario


@pytest.fixture
def sheet(scenario):
    return open_book(scenario)


def test_opening_makes_the_book_once_and_commits_it(scenario, sheet):
    db.session.rollback()
    assert db.session.get(PriceBook, "hand") is not None
    assert open_book(scenario).version == sheet.version == 1
    creates = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "create"))
    assert [e.entity_type for e in creates if e.entity_type == "price_book"] == ["price_book"]


def test_saving_the_page_untouched_changes_nothing(scenario, sheet):
    assert save(scenario, typed_of(sheet)) == 0
    assert updates() == [] and db.session.get(PriceBook, "hand").version == 1


def test_a_follow_up_price_typed_over_keeps_the_first_prices_source(scenario, sheet):
    typed = typed_of(sheet) | {"service:dermatology:follow_up_price_gbp": "80"}
    assert save(scenario, typed) == 1
    derm = row(ServicePrice, "dermatology")
    assert derm.follow_up_price_gbp == 80
    assert "prices.csv op_first_330: " in derm.source
    assert derm.source.endswith(f"; follow-up: {YOU}")
    assert "op_fu_330" not in derm.source  # the seeded source it replaced is gone
    assert db.session.get(PriceBook, "hand").version == 2  # a row's change raises the book's


def test_a_hire_and_a_session_cost_typed_over_name_who_entered_them(scenario, sheet):
    typed = typed_of(sheet) | {"unit:op-1:hire_per_week_gbp": "5000", "staff:ent:session_gbp": ""}
    assert save(scenario, typed) == 2
    unit = row(UnitCost, "op-1")
    assert unit.hire_per_week_gbp == 5000
    assert unit.source.startswith(f"hire: {YOU}; move: costs.csv: Relocation")
    ent = row(StaffCost, "ent")
    assert ent.session_gbp is None and ent.source == YOU  # a session cost may be missing


def test_a_field_not_posted_is_left_as_it_is(scenario, sheet):
    typed = typed_of(sheet) | {"discount_pct": "5"}
    del typed["service:ent:first_price_gbp"]
    assert save(scenario, typed) == 1
    assert row(ServicePrice, "ent").first_price_gbp == 152.15


def test_refused_figures_write_nothing_and_keep_what_was_typed(scenario, sheet):
    typed = typed_of(sheet) | {"discount_pct": "5", "income_haircut_pct": "-1"}
    with pytest.raises(BookInvalid) as refused:
        save(scenario, typed | {"unit:op-1:move_gbp": "£2,50"})
    got = refused.value.sheet
    assert got.errors == {
        "income_haircut_pct": "must not be negative, not -1",
        "unit:op-1:move_gbp": "'£2,50' is not a number",
    }
    assert got.text["discount_pct"] == "5" and got.version == 1
    db.session.expire_all()
    assert db.session.get(PriceBook, "hand").discount_pct == 10 and updates() == []


def test_a_save_decided_on_an_older_version_is_refused(scenario, sheet):
    save(scenario, typed_of(sheet) | {"discount_pct": "5"})
    with pytest.raises(BookRefused, match="Someone else saved this price book"):
        save(scenario, typed_of(sheet) | {"startup_gbp": "1"}, version=sheet.version)
    book = db.session.get(PriceBook, "hand")
    assert (book.discount_pct, book.startup_gbp, book.version) == (5, 0, 2)
    assert len(updates()) == 1


def test_figures_are_read_as_people_write_them(scenario, sheet):
    typed = typed_of(sheet) | {"unit:op-1:hire_per_week_gbp": "£6,250", "discount_pct": "12.5%"}
    assert save(scenario, typed) == 2
    assert row(UnitCost, "op-1").hire_per_week_gbp == 6250
    assert db.session.get(PriceBook, "hand").discount_pct == 12.5


def test_a_figure_typed_back_to_the_reference_takes_back_its_source(scenario, sheet):
    seeded = reference(scenario).figures
    first, follow_up = "service:ent:first_price_gbp", "service:ent:follow_up_price_gbp"
    session = "staff:ent:session_gbp"
    save(scenario, typed_of(sheet) | {first: "170", session: "400", "discount_pct": "12"})
    assert row(ServicePrice, "ent").source.startswith(f"{YOU}; follow-up: derived: £57 of 2022/23")
    later = open_book(scenario)
    typed = typed_of(later) | {first: "£152.15", session: "398.79", "discount_pct": "10%"}
    assert save(scenario, typed, version=later.version) == 3
    ent = row(ServicePrice, "ent")
    assert ent.first_price_gbp == 152.15
    assert ent.source == f"{seeded[first].source}; follow-up: {seeded[follow_up].source}"
    assert row(StaffCost, "ent").source == seeded[session].source
    assert db.session.get(PriceBook, "hand").sources["discount_pct"] == (
        seeded["discount_pct"].source
    )


def test_putting_back_the_reference_restores_every_figure_and_source_in_one_event(scenario, sheet):
    typed = typed_of(sheet) | {
        "service:dermatology:first_price_gbp": "",
        "unit:op-1:hire_per_week_gbp": "5000",
        "staff:ent:session_gbp": "400",
        "startup_gbp": "7000",
    }
    save(scenario, typed)
    row(StaffCost, "ent").staff_group = "ENT surgeon"
    db.session.commit()
    assert put_back_reference(scenario, expected_version=2) == 4
    put_back = open_book(scenario)
    assert [(f.key, f.value, f.source) for f in put_back.figures()] == [
        (f.key, f.value, f.source) for f in sheet.figures()
    ]
    assert row(StaffCost, "ent").staff_group == "Consultant"
    assert put_back.version == 3
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "put_back_reference")
    )
    assert (event.entity_type, event.entity_id) == ("price_book", "hand")
    assert event.before == {
        "service:dermatology:first_price_gbp": None,
        "unit:op-1:hire_per_week_gbp": 5000,
        "staff:ent:session_gbp": 400,
        "startup_gbp": 7000,
    }
    assert event.after == {
        "service:dermatology:first_price_gbp": 153.3,
        "unit:op-1:hire_per_week_gbp": sheet_value(sheet, "unit:op-1:hire_per_week_gbp"),
        "staff:ent:session_gbp": 398.79,
        "startup_gbp": 0,
        "seeded": "business/reference",
    }


def sheet_value(sheet, key: str) -> float | None:
    return next(f.value for f in sheet.figures() if f.key == key)


def test_putting_back_a_book_changed_meanwhile_is_refused(scenario, sheet):
    save(scenario, typed_of(sheet) | {"startup_gbp": "7000"})
    with pytest.raises(BookRefused, match="Someone else saved this price book"):
        put_back_reference(scenario, expected_version=sheet.version)
    assert db.session.get(PriceBook, "hand").startup_gbp == 7000
    assert (
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "put_back_reference")
        ).all()
        == []
    )
