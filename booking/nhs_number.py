"""NHS numbers: ten digits whose last is a modulus 11 check digit."""

import re

# Weights of the first nine digits, from the NHS Data Dictionary's modulus 11 algorithm.
_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_SEPARATORS = re.compile(r"[\s-]")


class NhsNumberError(ValueError):
    """Text that is not a valid NHS number; the message says why, for the person typing it."""


def check_digit(first_nine: str) -> int | None:
    """Return the check digit for nine digits, or None when the number cannot be issued.

    The weighted sum's remainder modulo 11 is taken from 11; 11 becomes 0, and 10 means
    no NHS number starts with these nine digits.
    """
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def normalise_nhs_number(text: str) -> str:
    """Return the ten digits of a valid NHS number typed with or without spaces or dashes.

    Raises:
        NhsNumberError: not ten digits, ten identical digits, or a wrong check digit.
    """
    digits = _SEPARATORS.sub("", text or "")
    if not digits:
        raise NhsNumberError("Enter the NHS number.")
    if not digits.isascii() or not digits.isdigit() or len(digits) != 10:
        raise NhsNumberError("An NHS number has 10 digits, for example 943 476 5919.")
    if len(set(digits)) == 1:
        raise NhsNumberError("An NHS number cannot be ten identical digits.")
    expected = check_digit(digits[:9])
    if expected is None:
        raise NhsNumberError("This is not a valid NHS number: no number starts with these digits.")
    if int(digits[9]) != expected:
        raise NhsNumberError("This is not a valid NHS number: the check digit (the last) is wrong.")
    return digits


def format_nhs_number(digits: str) -> str:
    """Show ten digits in the usual 3-3-4 groups: 943 476 5919."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
