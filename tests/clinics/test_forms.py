"""The search form reads the query string: a postcode or place, and a known service or none."""

from werkzeug.datastructures import MultiDict

from clinics.forms import QUERY_MAX_CHARS, SearchForm
from clinics.timetable import PublicService

SERVICES = [PublicService("derm", "Dermatology clinic", "outpatient")]


def _form(**args) -> SearchForm:
    return SearchForm(MultiDict(args), SERVICES)


def test_no_postcode_means_the_question_was_not_asked_yet(app):
    assert not _form().asked and not _form(service="derm").asked
    assert _form(postcode="").asked


def test_the_postcode_is_stripped_and_required(app):
    form = _form(postcode="  HP23 5JD ")
    assert form.validate() and form.postcode.data == "HP23 5JD"
    form = _form(postcode="")
    assert not form.validate()
    assert form.postcode.errors == ["Enter a postcode, or the name of a town or village"]


def test_an_overlong_query_is_refused(app):
    form = _form(postcode="x" * (QUERY_MAX_CHARS + 1))
    assert not form.validate() and "no more than" in form.postcode.errors[0]


def test_the_service_must_be_one_listed_or_none(app):
    assert _form(postcode="Tring", service="derm").validate()
    assert _form(postcode="Tring", service="").validate()
    form = _form(postcode="Tring", service="astrology")
    assert not form.validate()
    assert form.service.errors == ["Select a service from the list, or all services"]
    assert form.service.choices[0] == ("", "All services")
