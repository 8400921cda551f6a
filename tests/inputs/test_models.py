"""The planning inputs' models: what a row holds when a cell was left empty."""

from extensions import db
from inputs.models import Practice


def test_a_practice_stored_without_the_date_of_its_list_has_none(app):
    db.session.add(Practice(id="E82022", name="Fernville", locality="Hemel", lat=51.75, lon=-0.47))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Practice, "E82022").list_size_date is None
