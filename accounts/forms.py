"""The sign-in form."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired("Enter your username"), Length(max=64)]
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])
