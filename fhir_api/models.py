"""API clients: NHS systems acting for one GP practice, with a scope of read or book."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from database.constraints import one_of
from extensions import db

# read: the directory and free slots, and the practice's own patients' appointments;
# book: that, and booking and cancelling them. A book-scoped client may ask for a read token.
SCOPES = ("read", "book")


def _now() -> datetime:
    return datetime.now(UTC)


class ApiClient(db.Model):
    """A system that exchanges its id and secret for short-lived bearer tokens.

    Only an argon2 hash of the secret is kept: it is shown once, when the client is made.
    A revoked client gets no token, and the tokens it holds stop working at once.
    """

    __tablename__ = "api_client"
    __table_args__ = (sa.CheckConstraint(one_of("scope", SCOPES), name="scope_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(200))
    name: Mapped[str] = mapped_column(sa.String(60), unique=True)
    practice_id: Mapped[str] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    scope: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
