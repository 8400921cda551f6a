"""Every form of the app, as a browser receives it: each control has a label and the type
that brings up the right keyboard and hides what must be hidden."""

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    FileField,
    IntegerField,
    MultipleFileField,
    PasswordField,
    SearchField,
)

from tests.site_pages import NONE_ATTRIBUTE, controls_of

# The input type each kind of field must render with.
EXPECTED_TYPES = {
    PasswordField: "password",
    DateField: "date",
    IntegerField: "number",
    DecimalField: "number",
    SearchField: "search",
    FileField: "file",
    MultipleFileField: "file",
}
# Inputs written by hand in templates (not WTForms fields), by name, and the type they need.
# The data pages' number cells stay text boxes with a numeric keypad (inputmode), as the NHS.UK
# design system advises: a browser empties a number box holding "lots", so the typed text and
# its error could not be shown back.
HAND_WRITTEN = {
    "password": "password",
    "current_password": "password",
    "new_password": "password",
    "confirm_password": "password",
    "date_of_birth": "date",
    "referral_date": "date",
    "from": "date",
    "to": "date",
    "q": "search",
    "files": "file",
    "worklist": "file",
}
UNLABELLED_TYPES = {"hidden", "submit", "button"}


def _form_classes() -> list[type[FlaskForm]]:
    """Every FlaskForm subclass the app defines (the modules are imported to find them)."""
    import app as application

    root = application.__file__.rsplit("/", 1)[0]
    for info in pkgutil.walk_packages([root]):
        if info.name.split(".")[0] in {"tests", "migrations", "bench", "node_modules"}:
            continue
        if info.name.endswith(("forms", "views")):
            importlib.import_module(info.name)
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return [cls for cls in found if not cls.__module__.startswith(("flask_wtf", "tests"))]


def _expected_by_name() -> dict[str, str]:
    expected = dict(HAND_WRITTEN)
    for cls in _form_classes():
        for name in dir(cls):
            unbound = getattr(cls, name, None)
            field_class = getattr(unbound, "field_class", None)
            for kind, input_type in EXPECTED_TYPES.items():
                if field_class is not None and issubclass(field_class, kind):
                    expected[name] = input_type
    return expected


@pytest.fixture
def pages(site_pages):
    world, visited, _ = site_pages
    return [
        (url, response.get_data(as_text=True))
        for _, url, response in visited
        if response.mimetype == "text/html"
    ]


def test_no_attribute_anywhere_is_the_text_none(pages):
    for url, html in pages:
        assert not NONE_ATTRIBUTE.search(html), f"{url}: {NONE_ATTRIBUTE.search(html).group()}"


def test_every_input_has_the_type_its_field_needs(pages):
    expected = _expected_by_name()
    checked = set()
    for url, html in pages:
        for control in controls_of(html).controls:
            if control["_tag"] != "input" or control.get("name") not in expected:
                continue
            name = control["name"]
            assert control.get("type") == expected[name], f"{url}: input {name!r}"
            checked.add(expected[name])
    # The pages visited hold at least one input of each kind the app uses.
    assert {"password", "date", "number", "search", "file"} <= checked


def test_every_visible_control_has_a_label(pages):
    for url, html in pages:
        parsed = controls_of(html)
        for control in parsed.controls:
            if control.get("type") in UNLABELLED_TYPES:
                continue
            labelled = (
                control.get("id") in parsed.label_for
                or control["_in_label"] != "0"
                or control.get("aria-label")
                or control.get("aria-labelledby")
            )
            assert labelled, f"{url}: {control['_tag']} {control.get('name')!r} has no label"


def test_every_form_of_the_app_is_on_a_visited_page(pages):
    """The checks above see every form: each form's fields appear on some page."""
    names = {c.get("name") for _, html in pages for c in controls_of(html).controls}
    for cls in _form_classes():
        fields = {n for n in dir(cls) if hasattr(getattr(cls, n, None), "field_class")}
        fields.discard("csrf_token")
        if fields:
            assert fields & names, f"{cls.__module__}.{cls.__name__} is on no page visited"


def test_the_sign_in_page_hides_the_password(client):
    html = client.get("/login").get_data(as_text=True)
    password = next(c for c in controls_of(html).controls if c.get("name") == "password")
    assert password["type"] == "password"
    assert password["autocomplete"] == "current-password"
