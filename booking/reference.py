"""A referral's booking reference, for patients to quote when they ring or book later.

It is the referral's id, written for people: "DMC-001-234-5", the digits in threes with a
Luhn check digit at the end, so a digit misheard or mistyped on the phone is caught instead
of finding another patient's referral.
"""

import re

PREFIX = "DMC"  # Dacorum Mobile Clinics
MIN_DIGITS = 6  # ids are padded to this many digits, so references look alike
_REFERENCE = re.compile(rf"^\s*{PREFIX}[\s-]*([\d\s-]+?)\s*$", re.IGNORECASE)


def luhn_digit(digits: str) -> int:
    """The Luhn check digit of the digits: it catches any one digit wrong and most swaps of
    two neighbours."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def format_reference(referral_id: int) -> str:
    """Write the referral's id as its booking reference: 1234 -> "DMC-001-234-5"."""
    digits = f"{referral_id:0{MIN_DIGITS}d}"
    groups = [digits[max(0, end - 3) : end] for end in range(len(digits), 0, -3)][::-1]
    return f"{PREFIX}-{'-'.join(groups)}-{luhn_digit(digits)}"


def parse_reference(text: str) -> int | None:
    """The referral id a typed booking reference names, or None if it is not one (or its
    check digit is wrong). Spaces, dashes and case do not matter."""
    found = _REFERENCE.match(text or "")
    if not found:
        return None
    digits = re.sub(r"[\s-]", "", found.group(1))
    if len(digits) < 2 or not digits.isdigit():
        return None
    number, check = digits[:-1], int(digits[-1])
    if luhn_digit(number) != check or int(number) == 0:
        return None
    return int(number)
