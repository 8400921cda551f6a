"""A practice that a GP practice account acts for is kept: accounts are never deleted."""

from accounts.reliance import account_uses
from extensions import db
from inputs.entities import KINDS
from inputs.models import Practice, Site
from inputs.reliance import usage


def test_a_practice_with_an_account_cannot_be_deleted(example_small, make_user):
    practices = KINDS["practices"]
    ours, other = db.session.get(Practice, "E82102"), db.session.get(Practice, "E82101")
    assert account_uses(practices, ours).refusals == []
    make_user("surgery", "practice", practice="E82102")
    [refusal] = account_uses(practices, ours).refusals
    assert "Practice E82102 has 1 GP practice account" in refusal
    assert refusal in usage(practices, ours).refusals  # the data pages ask it before deleting
    assert account_uses(practices, other).refusals == []
    assert account_uses(KINDS["sites"], db.session.scalars(db.select(Site)).first()).refusals == []
