"""A patient's contact details for messages: a UK mobile number, an email address, consent.

Mobile numbers are kept in one form, +447 and nine digits (E.164), whatever way they were
typed; they are shown as 07xxx xxxxxx. Text messages go to UK mobiles only: Ofcom's 07 range
less 070 (personal numbers) and 076 (pagers), save 07624 (Isle of Man mobiles).
"""

import re
from collections.abc import Mapping

MAX_EMAIL = 320  # RFC 5321: 64 for the local part, @, 255 for the domain
_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"^7\d{9}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
YES = ("yes", "y", "true", "1", "on")
NO = ("no", "n", "false", "0", "off", "")
MOBILE_EXAMPLE = "07700 900123 or +44 7700 900123"


class ContactError(ValueError):
    """Contact details that cannot be used; the message says why, for the person typing."""


def normalise_mobile(text: str) -> str | None:
    """Return a UK mobile number as +447 and nine digits, or None when the text is blank.

    Raises:
        ContactError: the text is not a UK mobile number (a landline, say, or a typo).
    """
    digits = _SEPARATORS.sub("", (text or "").strip())
    if not digits:
        return None
    for prefix in ("+44", "0044", "44", "0"):
        if digits.startswith(prefix):
            national = digits[len(prefix) :]
            if prefix != "0":  # +44 (0)7700 900123: the trunk 0 written after the country code
                national = national.removeprefix("0")
            break
    else:
        national = digits
    if not national.isdigit() or not digits.lstrip("+").isdigit():
        raise ContactError(f"Enter a UK mobile number, like {MOBILE_EXAMPLE}.")
    if not national.startswith("7"):
        raise ContactError(
            "That is not a mobile number (UK mobiles start 07): text messages need a mobile. "
            "Leave it blank if the patient has none."
        )
    if not _MOBILE.match(national):
        raise ContactError(f"A UK mobile number has 11 digits, like {MOBILE_EXAMPLE}.")
    if national.startswith("70") or (national.startswith("76") and not national.startswith("7624")):
        raise ContactError("Numbers starting 070 or 076 are not mobiles: enter a mobile number.")
    return f"+44{national}"


def is_uk_mobile(number: str | None) -> bool:
    """Whether a stored number is a UK mobile that a text message may be sent to."""
    try:
        return number is not None and normalise_mobile(number) == number
    except ContactError:
        return False


def format_mobile(number: str | None) -> str:
    """Show a stored mobile number as people write it: 07700 900123."""
    if not number:
        return ""
    national = "0" + number.removeprefix("+44")
    return f"{national[:5]} {national[5:]}"


def normalise_email(text: str) -> str | None:
    """Return an email address with its domain in lower case, or None when blank.

    Raises:
        ContactError: the text is not an email address.
    """
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_EMAIL or not _EMAIL.match(text):
        raise ContactError("Enter an email address like name@example.com, or leave it blank.")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def parse_consent(text: str) -> bool:
    """Read whether the patient agreed to messages: yes or no (blank is no).

    Raises:
        ContactError: neither yes nor no.
    """
    text = (text or "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ContactError("Say yes or no: has the patient agreed to text messages and emails?")


def parse_contact(raw: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    """Check the contact fields; return the values for a Referral and any errors by field."""
    values, errors = {}, {}
    for field, parse in (
        ("mobile", normalise_mobile),
        ("email", normalise_email),
        ("message_consent", parse_consent),
    ):
        try:
            values[field] = parse(raw.get(field) or "")
        except ContactError as error:
            errors[field] = str(error)
    return values, errors
