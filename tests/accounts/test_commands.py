"""The account commands."""

import pytest

from accounts.models import User
from accounts.passwords import check_password
from extensions import db
from tests.conftest import enrol_totp


def test_create_user_reads_password_from_stdin(runner):
    result = runner.invoke(
        args=["create-user", "--role", "ops", "--username", "olivia", "--password-stdin"],
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(username="olivia"))
    assert user.role == "ops"
    assert user.password_hash.startswith("$argon2id$")
    assert check_password(user.password_hash, "a-long-enough-password")


def test_create_user_makes_a_commissioner(runner):
    result = runner.invoke(
        args=["create-user", "--role", "commissioner", "--username", "cara", "--password-stdin"],
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created commissioner user 'cara'." in result.output
    assert db.session.scalar(db.select(User).filter_by(username="cara")).role == "commissioner"


def test_create_user_refuses_short_password(runner):
    result = runner.invoke(
        args=["create-user", "--role", "ops", "--username", "olivia", "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert db.session.scalar(db.select(User).filter_by(username="olivia")) is None


def test_create_user_refuses_unknown_role(runner):
    result = runner.invoke(args=["create-user", "--role", "chief", "--username", "x"])
    assert result.exit_code == 2
    assert "chief" in result.output


def test_demo_users_are_created_once_with_printed_passwords(runner):
    first = runner.invoke(args=["create-demo-users"])
    assert first.exit_code == 0
    for role in ("ops", "booking", "admin", "commissioner"):
        line = next(line for line in first.output.splitlines() if f"username: {role} " in line)
        password = line.split("password: ")[1].strip()
        user = db.session.scalar(db.select(User).filter_by(username=role))
        assert user.role == role
        assert check_password(user.password_hash, password)
    second = runner.invoke(args=["create-demo-users"])
    assert "no demo accounts created" in second.output
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 4


def test_demo_users_can_be_used_at_once(runner):
    runner.invoke(args=["create-demo-users"])
    users = db.session.scalars(db.select(User)).all()
    assert users and not any(user.must_change_password for user in users)


def test_reset_two_factor_on_the_command_line_for_a_lost_phone(runner, make_user):
    """The way back in when the only administrator has lost their phone."""
    enrol_totp(make_user("ada", "admin"))
    result = runner.invoke(args=["reset-two-factor", "--username", "ada"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert not db.session.scalar(db.select(User).filter_by(username="ada")).has_totp
    unknown = runner.invoke(args=["reset-two-factor", "--username", "nobody"])
    assert unknown.exit_code != 0 and "No account is named 'nobody'" in unknown.output


def test_the_demo_admin_is_asked_to_set_up_two_factor(runner):
    output = runner.invoke(args=["create-demo-users"]).output
    assert "two-step sign-in" in output
    admin = db.session.scalar(db.select(User).filter_by(username="admin"))
    assert admin.must_enrol_totp and admin.totp_secret is None


def _create(runner, *options: str):
    return runner.invoke(
        args=["create-user", "--username", "surgery", *options, "--password-stdin"],
        input="a-long-enough-password\n",
    )


def test_create_user_makes_a_practice_account_bound_to_its_practice(runner, example_small):
    result = _create(runner, "--role", "practice", "--practice", "e82102")
    assert result.exit_code == 0, result.output
    assert "Created practice user 'surgery' for practice E82102." in result.output
    user = db.session.scalar(db.select(User).filter_by(username="surgery"))
    assert (user.role, user.practice_id, user.practice.name) == (
        "practice",
        "E82102",
        "Victoria Street Surgery",
    )


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--role", "practice", "--practice", "E99999"), "No practice has the ODS code 'E99999'"),
        (("--role", "practice"), "needs its practice's ODS code"),
        (("--role", "ops", "--practice", "E82102"), "Only a GP practice account belongs"),
    ],
)
def test_create_user_refuses_a_practice_that_does_not_fit(runner, example_small, options, said):
    result = _create(runner, *options)
    assert result.exit_code != 0
    assert said in result.output
    assert db.session.scalar(db.select(User).filter_by(username="surgery")) is None


def test_demo_users_include_a_practice_account_for_the_first_practice(runner, example_small):
    output = runner.invoke(args=["create-demo-users"]).output
    line = next(line for line in output.splitlines() if "username: practice " in line)
    password = line.split("password: ")[1].strip()
    user = db.session.scalar(db.select(User).filter_by(username="practice"))
    assert (user.role, user.practice_id) == ("practice", "E82100")
    assert check_password(user.password_hash, password)
    assert "for High Street Surgery (E82100)" in output
