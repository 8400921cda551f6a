"""The search form: a postcode or place, and optionally a service, read from the query string.

It is a GET form (a shareable address that works without JavaScript), so it carries no CSRF
token: it changes nothing.
"""

from collections.abc import Iterable

from wtforms import Form, SelectField, StringField
from wtforms.validators import InputRequired, Length, StopValidation

from clinics.timetable import PublicService

QUERY_MAX_CHARS = 60  # longer than any place name or postcode; keeps junk out of the logs


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class SearchForm(Form):
    """Where to search from, and which service (optional)."""

    postcode = StringField(
        "Enter a postcode, or a town or village",
        filters=[_strip],
        validators=[
            InputRequired("Enter a postcode, or the name of a town or village"),
            Length(
                max=QUERY_MAX_CHARS,
                message=f"Enter no more than {QUERY_MAX_CHARS} characters",
            ),
        ],
    )
    service = SelectField(
        "Show clinics for",
        choices=[],
        validate_choice=True,
        default="",
    )

    def __init__(self, formdata, services: Iterable[PublicService]) -> None:
        super().__init__(formdata)
        self.service.choices = [("", "All services")] + [(s.id, s.name) for s in services]
        self.service.pre_validate = self._check_service

    def _check_service(self, form) -> None:
        if self.service.data not in {value for value, _ in self.service.choices}:
            raise StopValidation("Select a service from the list, or all services")

    @property
    def asked(self) -> bool:
        """Whether a search was asked for (the question has been answered, well or not)."""
        return bool(self.postcode.raw_data)
