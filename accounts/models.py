"""Staff users with one role each, their signed-in sessions, and the counters that throttle
failed sign-ins."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.constraints import one_of
from extensions import db
from inputs.models import Practice

# A commissioner reads referral patterns and changes nothing; a practice account refers and
# books for the patients of its one GP practice, and sees no one else's.
ROLES = ("ops", "booking", "admin", "commissioner", "practice")
ROLE_NAMES = {
    "ops": "Operations manager",
    "booking": "Booking staff",
    "admin": "Administrator",
    "commissioner": "Commissioner",
    "practice": "GP practice",
}
# A practice account names its practice, and only a practice account names one.
PRACTICE_BOUND = "role <> 'practice' OR practice_id IS NOT NULL"
PRACTICE_ONLY = "role = 'practice' OR practice_id IS NULL"
# account: the typed username; address: the client's address; pair: the two together, so an
# address the account has signed in from keeps a count of its own (accounts.throttle).
THROTTLE_SCOPES = ("account", "address", "pair")


class User(UserMixin, db.Model):
    """A member of staff who signs in; patients never have accounts."""

    __tablename__ = "user_account"
    __table_args__ = (
        sa.CheckConstraint(one_of("role", ROLES), name="role"),
        sa.CheckConstraint(PRACTICE_BOUND, name="practice_bound"),
        sa.CheckConstraint(PRACTICE_ONLY, name="practice_only"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20))
    # The GP practice (ODS code) a practice account acts for; None for every other role.
    practice_id: Mapped[str | None] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    practice: Mapped[Practice | None] = relationship()
    active: Mapped[bool] = mapped_column(default=True)
    # Set for a one-time password issued by an admin; cleared when the user picks their own.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    password_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The TOTP second factor (accounts.totp): the shared secret in base32, set when
    # enrolment starts and switched on only once a code from it is confirmed. Stored as it
    # is: encrypting it at rest would need a key kept apart from the database.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(32))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The time step of the last code accepted; a code of this step or an earlier one is a
    # replay and is refused.
    totp_last_step: Mapped[int | None]
    # Raised each time every session of the account is ended at once (a new password,
    # disabling, a second factor set up or reset, signing out): a half signed-in session
    # keeps the number it started with and is refused once it has moved on.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def has_totp(self) -> bool:
        """Tell whether signing in takes a code from an authenticator app too."""
        return self.totp_enabled_at is not None

    @property
    def must_enrol_totp(self) -> bool:
        """Tell whether the account must set up a second factor before anything else:
        administrators must have one (ASVS 4.3.1)."""
        return self.role == "admin" and not self.has_totp

    def has_role(self, *roles: str) -> bool:
        """Tell whether the user may act in any of the roles; admin may act in all."""
        return self.role == "admin" or self.role in roles


class UserSession(db.Model):
    """One signed-in session of a user, so it can be listed and ended from anywhere.

    The session cookie holds a random 128-bit token; the row is keyed by its SHA-256, so
    reading the table gives no one a live session. A session lives while its row has no
    end time (and it is within the idle and absolute limits).
    """

    __tablename__ = "user_session"
    __table_args__ = (sa.Index("ix_user_session_user_live", "user_id", "ended_at"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # sha256 hex of the token
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    client_address: Mapped[str | None] = mapped_column(sa.String(45))  # IPv6 at most
    user_agent: Mapped[str] = mapped_column(sa.String(60))  # a summary: "Firefox on Windows"
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # sign_out, ended_by_user, idle, absolute, password_changed, password_reset, disabled ...
    end_reason: Mapped[str | None] = mapped_column(sa.String(20))
    # When a request first came with the session after it had ended: that refusal is logged,
    # and only that one, however often the old cookie comes back.
    refused_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class SignInThrottle(db.Model):
    """Failed sign-ins counted for one hashed username, one client address, or the two.

    Kept in the database so every server process sees the same counts.
    """

    __tablename__ = "sign_in_throttle"
    __table_args__ = (
        sa.CheckConstraint(one_of("scope", THROTTLE_SCOPES), name="scope_known"),
        sa.CheckConstraint("failures >= 0", name="failures_not_negative"),
        sa.UniqueConstraint("scope", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(sa.String(8))
    key: Mapped[str] = mapped_column(sa.String(64))  # sha256 hex, never the name or address
    failures: Mapped[int] = mapped_column(default=0)
    # Indexed so that counters whose failures are forgotten are found and purged cheaply.
    last_failure_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
