"""Exported text cannot start a formula, and the importer undoes exactly what was added."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spreadsheets.safe_cells import FORMULA_STARTS, neutralise, restore, safe_row


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_starting_like_a_formula_gets_a_quote(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


def test_the_owasp_examples_are_neutralised():
    assert neutralise('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert neutralise("@SUM(1+1)*cmd|' /C calc'!A0") == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert neutralise("+1") == "'+1"


def test_other_text_and_every_number_are_left_alone():
    assert neutralise("Tring Sportspace") == "Tring Sportspace"
    assert neutralise("'quoted already") == "'quoted already"
    assert neutralise("") == ""
    assert safe_row([-0.648, -3, 2.5, None, "ok"]) == [-0.648, -3, 2.5, None, "ok"]


def test_text_with_quotes_before_a_formula_gets_one_more():
    assert neutralise("'=x") == "''=x"
    assert restore("''=x") == "'=x"


def test_restore_leaves_text_that_was_not_neutralised():
    assert restore("'quoted") == "'quoted"
    assert restore("+1") == "+1"
    assert restore("'") == "'"


@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", "1", " "])))
def test_restore_undoes_neutralise_exactly(text):
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert restore(safe) == text
