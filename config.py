"""Configuration read from the environment: the only module that looks at os.environ."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE_DIR = ROOT / "instance"


class Config:
    """Settings for a running app; each can be overridden by an environment variable."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'mobile-units.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # see engine_options()
    WTF_CSRF_ENABLED = True
    # Sign-in throttling: failures in a row that are free per account (per client address,
    # higher, as an office shares one), the first wait, doubling after each further
    # failure, and the longest wait in minutes; no lock is permanent.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "15"))
    LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("LOGIN_ADDRESS_MAX_FAILURES", "20"))
    LOGIN_BACKOFF_SECONDS = int(os.environ.get("LOGIN_BACKOFF_SECONDS", "30"))
    # Served over HTTPS: the session cookie is then Secure and named __Host-session. On
    # unless HTTPS=0, which `make run` sets for its plain http://127.0.0.1:5000.
    HTTPS = os.environ.get("HTTPS", "1") == "1"
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    SECURITY_LOG_PATH = os.environ.get("SECURITY_LOG_PATH", str(INSTANCE_DIR / "security.log"))
    # Rate-limit counts: in Redis when REDIS_URL is set, so every server process shares them.
    RATELIMIT_STORAGE_URI = os.environ.get(
        "RATELIMIT_STORAGE_URI", os.environ.get("REDIS_URL") or "memory://"
    )
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed (0: none).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") == "1"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # The task queue: Huey on a SQLite file by default, on Redis when REDIS_URL is set.
    HUEY_SQLITE_PATH = os.environ.get("HUEY_SQLITE_PATH", str(INSTANCE_DIR / "huey.sqlite3"))
    REDIS_URL = os.environ.get("REDIS_URL", "")
    SOLVER_WORKERS = int(os.environ.get("SOLVER_WORKERS", "2"))
    # Base map tiles are optional (an intranet tile server, say); without them maps still
    # show every marker, so nothing is fetched from another host by default.
    MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "")
    MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "")
    SAMPLE_DATA_DIR = ROOT / "sample" / "dacorum"
    SERVER_HOST = os.environ.get("HOST", "127.0.0.1")
    SERVER_PORT = int(os.environ.get("PORT", "5000"))
    # One web worker process per core (gunicorn's WEB_CONCURRENCY overrides), threads in each.
    SERVER_WORKERS = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
    SERVER_THREADS = int(os.environ.get("SERVER_THREADS", "4"))
    # Largest request body accepted (413 before it is read): a region's planning workbook or a
    # year's worklist is well under 10 MB, so a bigger body is a mistake or an attack.
    MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "10"))
    MAX_CONTENT_LENGTH = MAX_UPLOAD_MB * 1024 * 1024
    # Messages to patients through GOV.UK Notify (see messages/settings.py): none without an
    # API key. NOTIFY_STAND_IN=1 (`make run`) sends them to the local stand-in for Notify.
    NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
    NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "")
    NOTIFY_STAND_IN = os.environ.get("NOTIFY_STAND_IN", "0") == "1"
    NOTIFY_REMINDER_DAYS = int(os.environ.get("NOTIFY_REMINDER_DAYS", "2"))
    # The local DNA policy (booking/pathways.py): after an attendance, this many missed
    # appointments are rebooked; the next one discharges the patient to the GP.
    DNA_REBOOKINGS = int(os.environ.get("DNA_REBOOKINGS", "1"))
    # The booking team's telephone number, printed on a practice's shortlist and confirmation
    # pages. Unset, those pages tell the patient how else to book; never a made-up number.
    BOOKING_TEAM_PHONE = os.environ.get("BOOKING_TEAM_PHONE", "").strip()
    # Template ids by channel and kind: NOTIFY_TEMPLATE_SMS_REMINDER sets "sms_reminder".
    NOTIFY_TEMPLATE_IDS = {
        name.removeprefix("NOTIFY_TEMPLATE_").lower(): value
        for name, value in os.environ.items()
        if name.startswith("NOTIFY_TEMPLATE_")
    }


def secret_key(configured: str) -> str:
    """Return the configured secret key, or one generated once and kept under instance/."""
    if configured:
        return configured
    import secrets

    INSTANCE_DIR.mkdir(exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def engine_options(uri: str, configured: dict) -> dict:
    """Return the engine options: SQLite lets one writer in at a time, so others wait up to
    30 s for the lock (clerks booking at once) instead of failing after the default 5 s."""
    if configured or not uri.startswith("sqlite"):
        return configured
    return {"connect_args": {"timeout": 30}}
