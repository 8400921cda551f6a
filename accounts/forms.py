"""The sign-in, change-password, new-account, authenticator-code and end-sessions forms."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from accounts.models import ROLE_NAMES, ROLES


class LoginForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired("Enter your username"), Length(max=64)]
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password")]
    )
    new_password = PasswordField("New password", validators=[DataRequired("Enter a new password")])
    confirm_password = PasswordField(
        "New password again",
        validators=[
            DataRequired("Enter the new password again"),
            EqualTo("new_password", "The two new passwords are not the same"),
        ],
    )


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
    # Checked by accounts.service.account_practice: needed for a practice account only.
    practice = StringField("Practice ODS code", validators=[Length(max=64)])


class CodeForm(FlaskForm):
    """A code from an authenticator app: at sign-in, to confirm enrolment, to turn it off."""

    code = StringField(
        "Code from your authenticator app",
        validators=[DataRequired("Enter the 6-digit code from your app"), Length(max=12)],
        # A text box with a number keypad: a code is not a number (it may start with 0).
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )


class EndSessionsForm(FlaskForm):
    """Which of one's other sessions to end (choices set per request), with the password."""

    which = RadioField("Sessions to end", validators=[DataRequired("Choose what to end")])
    password = PasswordField("Your password", validators=[DataRequired("Enter your password")])
