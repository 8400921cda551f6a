"""Steps of a sign-in as a server takes them (each request in an app context of its own), for
the accounts' tests."""

from accounts.models import User
from extensions import db
from tests.conftest import PASSWORD

CODE_PAGE = "/account/sign-in-code"


def post_password(client, username: str = "olivia", path: str = "/login"):
    """Post the password in a fresh app context, as a server does for each request."""
    with client.application.app_context():
        return client.post(path, data={"username": username, "password": PASSWORD})


def post_code(app, client, code: str, path: str = CODE_PAGE):
    """Post a code in a fresh app context, as a server does for each request."""
    with app.app_context():
        return client.post(path, data={"code": code})


def reread(user_id: int) -> User:
    """Read the account afresh: the requests changed it in sessions of their own."""
    db.session.expire_all()
    return db.session.get(User, user_id)


def status_of(app, client, path: str = "/staff") -> int:
    with app.app_context():
        return client.get(path).status_code
