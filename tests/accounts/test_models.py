"""An account's roles and second factor: an admin may act in every role and must set up an
authenticator app; a disabled account is not active."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from accounts.models import User
from extensions import db


def test_an_admin_acts_in_every_role_and_others_in_their_own():
    assert User(role="admin").has_role("booking")
    assert User(role="ops").has_role("ops", "booking")
    assert not User(role="ops").has_role("booking")
    assert not User(role="commissioner").has_role("ops", "booking", "admin")


def test_an_admin_without_an_authenticator_must_set_one_up():
    admin = User(role="admin", active=True)
    assert admin.must_enrol_totp and not admin.has_totp
    admin.totp_enabled_at = datetime(2026, 1, 1, tzinfo=UTC)
    assert admin.has_totp and not admin.must_enrol_totp
    assert not User(role="ops").must_enrol_totp
    assert admin.is_active and not User(active=False).is_active


def test_a_practice_account_must_name_its_practice_and_only_it_may(app, example_small):
    def refused(**values) -> None:
        db.session.add(User(username="x", password_hash="x", **values))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()

    refused(role="practice")
    refused(role="ops", practice_id="E82102")
    refused(role="practice", practice_id="E99999")  # no such practice
    db.session.add(User(username="x", password_hash="x", role="practice", practice_id="E82102"))
    db.session.commit()
    assert not User(role="practice").has_role("booking", "ops")
