"""Staff users with one role each."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from extensions import db

ROLES = ("ops", "booking", "admin")
ROLE_NAMES = {"ops": "Operations manager", "booking": "Booking staff", "admin": "Administrator"}


class User(UserMixin, db.Model):
    """A member of staff who signs in; patients never have accounts."""

    __tablename__ = "user_account"
    __table_args__ = (sa.CheckConstraint("role IN ('ops', 'booking', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(10))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    @property
    def is_active(self) -> bool:
        return self.active

    def has_role(self, *roles: str) -> bool:
        """Tell whether the user may act in any of the roles; admin may act in all."""
        return self.role == "admin" or self.role in roles
