"""The price book's parse rules: figures typed as people write them ("£5,995", "12.5%") are
read, negatives and shares over 100% refused in the same words, and the database's checks
left as the migration made them."""

from pathlib import Path

import pytest

from business.columns import (
    BOOK_COLUMNS,
    COUNT,
    MONEY,
    PERCENT,
    SERVICE_PRICE_COLUMNS,
    STAFF_COST_COLUMNS,
    UNIT_COST_COLUMNS,
)
from inputs.cells import CellError
from inputs.columns import checks

MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "0017_price_books.py"


@pytest.mark.parametrize(
    ("typed", "pounds"),
    [
        ("400", 400),
        ("£400", 400),
        (" £ 400 ", 400),
        ("5,995", 5995),
        ("£5,995.50", 5995.5),
        ("1,250,000", 1_250_000),
        ("0.024", 0.024),
        ("+3", 3),
    ],
)
def test_money_is_read_with_a_pound_sign_and_thousands_commas(typed, pounds):
    assert MONEY.parse(typed) == pounds


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-5", "must not be negative, not -5"),
        ("-£5", "must not be negative, not -5"),
        ("£-5", "must not be negative, not -5"),
        ("-5,995", "must not be negative, not -5995"),
        ("ten", "'ten' is not a number"),
        ("£ten", "'£ten' is not a number"),
        ("£", "'£' is not a number"),
        ("1,5", "'1,5' is not a number"),  # a decimal comma, or a slip: not guessed at
        ("5,9950", "'5,9950' is not a number"),
        ("400£", "'400£' is not a number"),
        ("5%", "'5%' is not a number"),
        ("$5", "'$5' is not a number"),
        ("nan", "'nan' is not a number"),
        ("inf", "'inf' is not a number"),
        ("  ", "must not be empty"),
    ],
)
def test_money_refuses_negatives_and_what_is_no_number(typed, reason):
    with pytest.raises(CellError) as refused:
        MONEY.parse(typed)
    assert str(refused.value) == reason


@pytest.mark.parametrize(("typed", "share"), [("15", 15), ("12.5%", 12.5), ("100 %", 100)])
def test_a_share_is_read_with_or_without_a_percent_sign(typed, share):
    assert PERCENT.parse(typed) == share


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("150%", "must be between 0 and 100%, not 150%"),
        ("100.5", "must be between 0 and 100%, not 100.5%"),
        ("1,000", "must be between 0 and 100%, not 1000%"),
        ("-5%", "must not be negative, not -5"),
        ("£5", "'£5' is not a number"),
        ("%", "'%' is not a number"),
        ("5%%", "'5%%' is not a number"),
    ],
)
def test_a_share_over_100_or_below_nought_is_refused_in_the_same_words(typed, reason):
    with pytest.raises(CellError) as refused:
        PERCENT.parse(typed)
    assert str(refused.value) == reason


def test_a_count_takes_commas_but_no_pound_sign():
    assert COUNT.parse("1,000") == 1000
    with pytest.raises(CellError, match="is not a number"):
        COUNT.parse("£2")


def test_every_check_is_the_migrations_own():
    migration = MIGRATION.read_text(encoding="utf-8")
    columns = (BOOK_COLUMNS, SERVICE_PRICE_COLUMNS, UNIT_COST_COLUMNS, STAFF_COST_COLUMNS)
    conditions = [str(c.sqltext) for table in columns for c in checks(table)]
    assert len(conditions) == 18
    assert [c for c in conditions if f'"{c}"' not in migration] == []
