"""Codes of RFC 6238 with one step of drift either side, each accepted once."""

from datetime import UTC, datetime, timedelta

import pyotp

from accounts import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = datetime(2026, 11, 24, 9, 0, 10, tzinfo=UTC)


def _code(seconds: int = 0) -> str:
    return pyotp.TOTP(SECRET).at(NOW + timedelta(seconds=seconds))


def test_the_code_an_authenticator_app_shows_now_is_accepted_for_now():
    """The app's code (pyotp's, the authenticator apps' defaults) matches the current step."""
    assert totp.matching_step(SECRET, _code(), NOW, None) == totp.time_step(NOW)


def test_the_rfc_6238_test_vector():
    """RFC 6238 appendix B, SHA-1, T = 59 s: 94287082, of which apps show the last six."""
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    moment = datetime.fromtimestamp(59, UTC)
    assert totp.matching_step(secret, "287082", moment, None) == 1  # step 59 // 30
    assert totp.matching_step(secret, "287083", moment, None) is None


def test_a_code_is_accepted_one_step_either_side_and_no_further():
    now_step = totp.time_step(NOW)
    for drift_s, step in [(-30, now_step - 1), (0, now_step), (30, now_step + 1)]:
        assert totp.matching_step(SECRET, _code(drift_s), NOW, None) == step
    for drift_s in (-60, 60):
        assert totp.matching_step(SECRET, _code(drift_s), NOW, None) is None


def test_a_code_of_a_step_used_already_is_refused_and_known_as_a_replay():
    step = totp.matching_step(SECRET, _code(), NOW, None)
    assert totp.matching_step(SECRET, _code(), NOW, last_step=step) is None
    assert totp.is_replay(SECRET, _code(), NOW, last_step=step)
    assert totp.matching_step(SECRET, _code(-30), NOW, last_step=step) is None  # older still
    assert totp.matching_step(SECRET, _code(30), NOW, last_step=step) == step + 1


def test_typed_spaces_are_ignored_and_anything_else_refused():
    code = _code()
    assert totp.matching_step(SECRET, f" {code[:3]} {code[3:]} ", NOW, None) is not None
    for typed in ("", "12345", "1234567", "abcdef", code[:5] + "x"):
        assert totp.matching_step(SECRET, typed, NOW, None) is None
    assert not totp.is_replay(SECRET, "000000", NOW, last_step=None)


def test_digits_of_other_scripts_are_a_wrong_code_not_an_error():
    """str.isdigit() takes them, and hmac.compare_digest raises on non-ASCII text."""
    for typed in ("１２３４５６", "١٢٣٤٥٦", "۱۲۳۴۵۶", "¹²³⁴⁵⁶", "𝟏𝟐𝟑𝟒𝟓𝟔", "12345٦"):
        assert totp.matching_step(SECRET, typed, NOW, None) is None
        assert not totp.is_replay(SECRET, typed, NOW, last_step=1)


def test_new_secrets_are_160_bit_base32_and_differ():
    first, second = totp.new_secret(), totp.new_secret()
    assert len(first) == 32 and first != second
    assert set(first) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_the_qr_code_holds_the_provisioning_address():
    uri = totp.provisioning_uri(SECRET, "ada")
    assert uri.startswith("otpauth://totp/") and f"secret={SECRET}" in uri and "ada" in uri
    image = totp.qr_image(SECRET, "ada")
    assert image.startswith("data:image/svg+xml") and "%3Csvg" in image and SECRET not in image


def test_the_secret_is_shown_in_groups_of_four():
    assert totp.grouped(SECRET) == "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"
