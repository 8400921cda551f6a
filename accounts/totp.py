"""Time-based one-time passwords (RFC 6238): secrets, codes, and the enrolment QR code.

Codes are the authenticator apps' default: six digits from HMAC-SHA1 over 30-second time
steps. A code is accepted for its own step and one step either side, for clock drift, and
only for a step later than the last one used, so no code works twice.
"""

import hmac
import re
from datetime import datetime

import pyotp
import segno

ISSUER = "Dacorum Mobile Clinics"  # the name authenticator apps show beside the code
DIGITS = 6
STEP_S = 30
DRIFT_STEPS = 1  # ASVS 2.8.1: a code lives its own 30 s step and one step either side
SECRET_BYTES = 20  # 160 bits, the HMAC-SHA1 key length RFC 4226 recommends
# ASCII digits only: str.isdigit() also takes "１２３４５６" or "١٢٣٤٥٦", which
# hmac.compare_digest refuses to compare (a TypeError, not a wrong code).
CODE_FORM = re.compile(rf"[0-9]{{{DIGITS}}}")


def new_secret() -> str:
    """Return a fresh random secret in base32 (32 characters), as authenticator apps take it."""
    return pyotp.random_base32(length=SECRET_BYTES * 8 // 5)


def time_step(moment: datetime) -> int:
    """Return the number of the 30-second step the moment falls in."""
    return int(moment.timestamp()) // STEP_S


def matching_step(secret: str, code: str, moment: datetime, last_step: int | None) -> int | None:
    """Return the time step a typed code belongs to, or None if it matches no step allowed.

    Args:
        secret: the account's base32 secret.
        code: what the person typed; spaces are ignored, and anything but six ASCII digits
            matches nothing.
        moment: now.
        last_step: the step of the last code accepted for the account; it and every
            earlier step are refused (ASVS 2.8.4).
    """
    code = "".join(code.split())
    if not CODE_FORM.fullmatch(code):
        return None
    totp, now_step = _totp(secret), time_step(moment)
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step if last_step is None or step > last_step else None
    return None


def is_replay(secret: str, code: str, moment: datetime, last_step: int | None) -> bool:
    """Tell whether a refused code is one already used (right, but for a step used up)."""
    if last_step is None:
        return False
    return matching_step(secret, code, moment, None) is not None


def provisioning_uri(secret: str, username: str) -> str:
    """Return the otpauth:// address an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_image(secret: str, username: str) -> str:
    """Return the QR code of the provisioning address as an SVG image in a data: address,
    for an <img> (the pages' policy allows data: images; nothing is marked safe HTML)."""
    qr = segno.make(provisioning_uri(secret, username), error="m")
    return qr.svg_data_uri(scale=5, dark="#000", light="#fff")


def grouped(secret: str) -> str:
    """Return the secret in groups of four characters, for typing into an app by hand."""
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S)
