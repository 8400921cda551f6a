"""The security log: one JSON line per sign-in, failure, throttle, refusal, sign-out,
session end, account change and second-factor change, written to SECURITY_LOG_PATH.

Events go through the standard logger named "security", so an operator can add handlers
(syslog, say) in the usual way. Passwords are never passed in; unknown usernames are kept
only as a keyed hash (their pseudonym), since people sometimes type a password there.
"""

import hashlib
import hmac
import json
import logging
from pathlib import Path

from flask import current_app, has_app_context, has_request_context, request

from accounts import clock

logger = logging.getLogger("security")
logger.setLevel(logging.INFO)

EVENTS = (
    "sign_in",
    "sign_in_code_asked",  # the password was right; a TOTP code is due
    # reason: unknown_user, bad_password, disabled or throttled; at the code step (step:
    # code) bad_code, code_reused (a code used before: ASVS 2.8.5) or throttled; a signed-in
    # person's password typed again (step: password_again, purpose: change_password or
    # end_sessions) bad_password or throttled
    "sign_in_failed",
    "sign_in_throttled",  # a run of failures starts a wait
    "sign_out",
    "session_ended",  # reason: idle, absolute or revoked
    "sessions_ended",  # a user ended another of their sessions (ended: its id) or all others
    "access_denied",  # a 403
    "account_created",
    "account_disabled",
    "account_enabled",
    "password_reset",  # an admin issued a one-time password
    "password_changed",
    "two_factor_enabled",
    "two_factor_disabled",  # by the user, with a current code
    "two_factor_reset",  # by an admin, for a lost phone
    "two_factor_code_refused",  # purpose: enrol or turn_off; reason as for sign_in_failed
    # a FHIR API client's token request refused: reason unknown_client, bad_secret or
    # throttled (fhir_api.refusals)
    "api_token_refused",
)


class _AppFileHandler(logging.Handler):
    """Append each event to the current app's SECURITY_LOG_PATH.

    The file is opened for each line in append mode, so several server processes can share
    it and each test app writes to its own file.
    """

    def emit(self, record: logging.LogRecord) -> None:
        if not has_app_context():
            return
        try:
            path = Path(current_app.config["SECURITY_LOG_PATH"])
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as stream:
                stream.write(self.format(record) + "\n")
        except OSError:
            self.handleError(record)


if not any(isinstance(handler, _AppFileHandler) for handler in logger.handlers):
    logger.addHandler(_AppFileHandler())


def log_event(event: str, *, user=None, username: str | None = None, **details) -> None:
    """Write one security event.

    Args:
        event: one of EVENTS.
        user: the account concerned, when there is one.
        username: a name that was typed but matches no account; logged only as its
            pseudonym.
        **details: more fields (reason, wait_s, target ...); never a password.
    """
    if event not in EVENTS:
        raise ValueError(f"Unknown security event '{event}'")
    entry = {"time": clock.now().isoformat(timespec="seconds"), "event": event}
    if user is not None:
        entry |= {"username": user.username, "user_id": user.id}
    elif username is not None:
        entry |= {"username_hash": pseudonym(username), "user_id": None}
    if has_request_context():
        entry |= {"address": request.remote_addr, "path": request.path}
    entry |= details
    logger.info(json.dumps(entry, default=str))


def pseudonym(text: str) -> str:
    """Return a keyed hash of a username or address, stable for this app's secret key.

    The sign-in throttle keys its counters by the same pseudonym, so a log line can be
    matched to its counter without the table holding names.
    """
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, text.strip().lower().encode(), hashlib.sha256).hexdigest()
