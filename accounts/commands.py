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

DEMO_USERS = (
    ("ops", "ops"),
    ("booking", "booking"),
    ("admin", "admin"),
    ("commissioner", "commissioner"),
)


def register(app: Flask) -> None:
    """Add the account commands to the app's command line."""

    @app.cli.command("create-user")
    @click.option("--username", required=True)
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    def create_user_command(username: str, role: str, password_stdin: bool) -> None:
        """Create a staff account; the password comes from a prompt or standard input."""
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            create_user(username, password, role)
        except AccountError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Created {role} user '{username}'.")

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

        The admin has no second factor yet: it is asked to set one up when it first signs in.
        """
        if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
            click.echo("Accounts exist already; no demo accounts created.")
            return
        click.echo("Demo accounts (shown once; keep them somewhere safe):")
        for username, role in DEMO_USERS:
            password = generate_password()
            create_user(username, password, role)
            click.echo(f"  {role:12} username: {username:12} password: {password}")
        click.echo("The admin sets up two-step sign-in (an authenticator app) at first sign-in.")
