"""Contact details for messages: UK mobiles in one form, landlines and typos refused."""

import pytest

from booking.contact import (
    ContactError,
    format_mobile,
    is_uk_mobile,
    normalise_email,
    normalise_mobile,
    parse_consent,
)


@pytest.mark.parametrize(
    "typed",
    ["07700 900123", "07700900123", "+44 7700 900123", "+44 (0)7700 900123", "0044-7700-900123"],
)
def test_a_mobile_typed_any_usual_way_is_kept_in_one_form(typed):
    assert normalise_mobile(typed) == "+447700900123"
    assert format_mobile("+447700900123") == "07700 900123"


def test_an_isle_of_man_mobile_is_a_mobile():
    assert normalise_mobile("07624 123456") == "+447624123456"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("01442 123456", "not a mobile number"),  # a Hemel Hempstead landline
        ("020 7946 0000", "not a mobile number"),
        ("07700 90012", "11 digits"),
        ("077009001234", "11 digits"),
        ("07000 123456", "not mobiles"),  # personal numbering
        ("07600 123456", "not mobiles"),  # pagers
        ("0770O 900123", "Enter a UK mobile number"),
        ("+1 202 555 0100", "Enter a UK mobile number"),
    ],
)
def test_landlines_and_malformed_numbers_are_refused_with_the_reason(typed, says):
    with pytest.raises(ContactError, match=says):
        normalise_mobile(typed)


def test_blank_is_no_number_and_only_the_kept_form_is_sendable():
    assert normalise_mobile("  ") is None
    assert is_uk_mobile("+447700900123")
    assert not is_uk_mobile("07700900123")  # stored numbers are always +44
    assert not is_uk_mobile("+441442123456")
    assert not is_uk_mobile(None)


def test_email_addresses():
    assert normalise_email(" Mary.Seacole@Example.NHS.UK ") == "Mary.Seacole@example.nhs.uk"
    assert normalise_email("") is None
    for bad in ("mary", "mary@", "mary@nhs", "ma ry@nhs.net", "a@b@nhs.net"):
        with pytest.raises(ContactError):
            normalise_email(bad)


def test_consent_is_yes_or_no_and_blank_is_no():
    assert parse_consent("Yes") is True and parse_consent("y") is True
    assert parse_consent("") is False and parse_consent("No") is False
    with pytest.raises(ContactError, match="yes or no"):
        parse_consent("perhaps")
