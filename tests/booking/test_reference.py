"""Booking references: a referral's id written for people, with a check digit that catches a
digit misheard on the phone."""

import pytest

from booking.reference import format_reference, luhn_digit, parse_reference


def test_a_reference_is_the_id_in_threes_with_a_check_digit():
    assert format_reference(1234) == "DMC-001-234-4"
    assert format_reference(1) == "DMC-000-001-8"
    assert format_reference(1234567) == "DMC-1-234-567-4"
    assert luhn_digit("7992739871") == 3  # the Luhn algorithm's own worked example


@pytest.mark.parametrize("referral_id", [1, 42, 1234, 999_999, 1_234_567])
def test_a_reference_reads_back_however_it_is_typed(referral_id):
    reference = format_reference(referral_id)
    for typed in (reference, reference.lower(), reference.replace("-", " "), f"  {reference} "):
        assert parse_reference(typed) == referral_id


@pytest.mark.parametrize(
    "typed",
    [
        "DMC-001-234-5",  # the check digit is wrong
        "DMC-001-243-4",  # two digits swapped
        "DMC-001-284-4",  # one digit misheard
        "DMC-000-000-0",  # no referral is 0
        "001-234-4",  # not a reference (an NHS number, say)
        "DMC",
        "Mary Seacole",
        "",
    ],
)
def test_anything_else_is_not_a_reference(typed):
    assert parse_reference(typed) is None
