"""NHS numbers: the modulus 11 check digit."""

import pytest

from booking.nhs_number import (
    NhsNumberError,
    check_digit,
    format_nhs_number,
    normalise_nhs_number,
)


@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", "943-476-5919", " 4010232137 "])
def test_valid_numbers_are_accepted_and_normalised(text):
    assert normalise_nhs_number(text) == text.strip().replace(" ", "").replace("-", "")


def test_check_digit_of_a_known_number():
    assert check_digit("943476591") == 9


def test_a_wrong_check_digit_is_refused():
    with pytest.raises(NhsNumberError, match="check digit"):
        normalise_nhs_number("9434765918")


def test_a_check_digit_of_ten_means_no_such_number():
    assert check_digit("100000001") is None  # 11 - (10x1 + 2x1) % 11 = 10
    for last in "0123456789":
        with pytest.raises(NhsNumberError):
            normalise_nhs_number(f"100000001{last}")


def test_a_remainder_of_zero_gives_check_digit_zero():
    assert check_digit("943476587") == 0
    assert normalise_nhs_number("9434765870") == "9434765870"


@pytest.mark.parametrize("digit", "0123456789")
def test_ten_identical_digits_are_refused(digit):
    with pytest.raises(NhsNumberError, match="identical"):
        normalise_nhs_number(digit * 10)


@pytest.mark.parametrize(
    "text", ["", "943476591", "94347659190", "94347659l9", "９４３４７６５９１９"]
)
def test_anything_but_ten_digits_is_refused(text):
    with pytest.raises(NhsNumberError):
        normalise_nhs_number(text)


def test_numbers_show_in_groups_of_three_three_four():
    assert format_nhs_number("9434765919") == "943 476 5919"
