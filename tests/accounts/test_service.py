"""Account changes: the rules they keep and the audit trail they leave."""

import pytest

from accounts.models import User
from accounts.passwords import check_password
from accounts.service import AccountError, create_user, issue_account
from audit.models import AuditEvent
from extensions import db
from tests.conftest import PASSWORD


def _audit(action: str) -> list[AuditEvent]:
    query = db.select(AuditEvent).filter_by(entity_type="user", action=action)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


@pytest.mark.parametrize(
    ("username", "password", "role", "field"),
    [
        ("", PASSWORD, "ops", "username"),
        ("olivia", PASSWORD, "chief", "role"),
        ("olivia", "short", "ops", "password"),
        ("olivia", "qwerty123456", "ops", "password"),
        ("olivia", "OLIVIA", "ops", "password"),
    ],
)
def test_create_user_refuses_and_names_the_field(app, username, password, role, field):
    with pytest.raises(AccountError) as refused:
        create_user(username, password, role)
    assert refused.value.field == field
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_a_taken_username_is_refused(app, make_user):
    make_user("olivia")
    with pytest.raises(AccountError, match="already taken"):
        create_user("olivia", PASSWORD, "ops")


def test_accounts_made_on_the_command_line_need_no_password_change(app):
    user = create_user("olivia", PASSWORD, "ops")
    assert not user.must_change_password and user.password_changed_at


def test_issued_accounts_get_a_one_time_password(app):
    user, password = issue_account("bella", "booking")
    assert user.must_change_password
    assert check_password(user.password_hash, password)


def test_account_changes_leave_an_audit_trail_without_secrets(client, login, make_user):
    admin = login("admin")
    bella = make_user("bella", "booking")
    client.post(f"/admin/users/{bella.id}/disable")
    client.post(f"/admin/users/{bella.id}/enable")
    client.post(f"/admin/users/{bella.id}/reset-password")
    new = "a-brand-new-passphrase"
    client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    (created,) = [event for event in _audit("create") if event.entity_id == str(bella.id)]
    assert created.after == {
        "username": "bella",
        "role": "booking",
        "practice_id": None,
        "active": True,
        "must_change_password": False,
        "two_factor": False,
    }
    (disabled,) = _audit("disable")
    assert disabled.before["active"] and not disabled.after["active"]
    assert disabled.actor == "admin" and disabled.user_id == admin.id
    (enabled,) = _audit("enable")
    assert enabled.after["active"]
    (reset,) = _audit("reset_password")
    assert reset.after["must_change_password"] and reset.entity_id == str(bella.id)
    (changed,) = _audit("change_password")
    assert changed.entity_id == str(admin.id) and changed.actor == "admin"
    for event in db.session.scalars(db.select(AuditEvent)):
        assert "password_hash" not in str(event.before) + str(event.after)


def test_disabled_accounts_stay_with_their_history(client, login, make_user):
    login("admin")
    bella = make_user("bella", "booking")
    client.post(f"/admin/users/{bella.id}/disable")
    assert db.session.get(User, bella.id) is not None
    assert len([e for e in _audit("create") if e.entity_id == str(bella.id)]) == 1
