"""`flask create-user`, `flask create-demo-users` and `flask reset-two-factor`."""

import sys

import click
import sqlalchemy as sa
from flask import Flask

from accounts.models import ROLES, User
from accounts.passwords import generate_password
from accounts.service import AccountError, create_user
from accounts.two_factor import reset
from extensions import db
from inputs.models import Practice
from plans.models import Scenario

DEMO_USERS = (
    ("ops", "ops"),
    ("booking", "booking"),
    ("admin", "admin"),
    ("commissioner", "commissioner"),
)
DEMO_PRACTICE_USER = "practice"  # for the sample's first practice, when one is loaded


def register(app: Flask) -> None:
    """Add the account commands to the app's command line."""

    @app.cli.command("create-user")
    @click.option("--username", required=True)
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--practice", default=None, help="The ODS code of a practice account's practice.")
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    def create_user_command(
        username: str, role: str, practice: str | None, password_stdin: bool
    ) -> None:
        """Create a staff account; the password comes from a prompt or standard input."""
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user = create_user(username, password, role, practice_id=practice)
        except AccountError as error:
            raise click.ClickException(str(error)) from error
        of = f" for practice {user.practice_id}" if user.practice_id else ""
        click.echo(f"Created {role} user '{username}'{of}.")

    @app.cli.command("reset-two-factor")
    @click.option("--username", required=True)
    def reset_two_factor_command(username: str) -> None:
        """Take an account's second factor away (a lost phone, with no other admin to do it)
        and end its sessions; it sets one up again at its next sign-in."""
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            raise click.ClickException(f"No account is named '{username}'.")
        reset(user.id)
        click.echo(f"Two-step sign-in of '{username}' was reset; it is set up again at sign-in.")

    @app.cli.command("create-demo-users")
    def create_demo_users() -> None:
        """Create one account per role if there are no accounts yet, printing the passwords.

        The practice account is for the sample's first practice (or, without the sample, the
        first practice there is); with no practice loaded there is none. The admin has no
        second factor yet: it is asked to set one up when it first signs in.
        """
        if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
            click.echo("Accounts exist already; no demo accounts created.")
            return
        click.echo("Demo accounts (shown once; keep them somewhere safe):")
        accounts = [(username, role, None) for username, role in DEMO_USERS]
        if (practice := _demo_practice()) is not None:
            accounts.append((DEMO_PRACTICE_USER, "practice", practice.id))
        for username, role, practice_id in accounts:
            password = generate_password()
            create_user(username, password, role, practice_id=practice_id)
            click.echo(f"  {role:12} username: {username:12} password: {password}")
            if practice_id:
                click.echo(f"  {'':12} for {practice.name} ({practice_id})")
        click.echo("The admin sets up two-step sign-in (an authenticator app) at first sign-in.")


def _demo_practice() -> Practice | None:
    """The sample scenario's first practice, else the first practice there is, else None."""
    sample = db.session.scalar(sa.select(Scenario).where(Scenario.is_sample).limit(1))
    if sample is not None and sample.practices:
        return sample.practices[0]
    return db.session.scalar(sa.select(Practice).order_by(Practice.id).limit(1))
