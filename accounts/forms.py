"""The sign-in form."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from accounts.models import ROLE_NAMES, ROLES


class LoginForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired("Enter your username"), Length(max=64)]
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])


class NewUserForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired("Enter a username"), Length(max=64, message="Use at most 64")],
    )
    role = SelectField(
        "Role",
        choices=[SelectChoice(role, ROLE_NAMES[role]) for role in ROLES],
        validators=[DataRequired("Choose a role")],
    )
