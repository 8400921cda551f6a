"""What a practice account may see: its own practice's patients, and nothing else.

Every other practice, referral, booking or shortlist answers 404, as if it did not exist,
so a practice cannot even learn that another practice's patient is waiting. Administrators
may act for any practice (security.access: admin acts in every role).
"""

from flask import abort
from flask_login import current_user

from booking.models import Referral
from choice.models import ChoiceOffer
from extensions import db
from inputs.models import Practice


def may_act_for(user, practice_id: str) -> bool:
    """Tell whether the user may act for the practice: its own accounts, and admins."""
    if user.role == "admin":
        return True
    return user.role == "practice" and user.practice_id == practice_id


def practice_or_404(practice_id: str) -> Practice:
    """The practice the signed-in user acts for, or 404 for any other."""
    practice = db.session.get(Practice, practice_id)
    if practice is None or not may_act_for(current_user, practice.id):
        abort(404)
    return practice


def referral_or_404(practice: Practice, referral_id: int) -> Referral:
    """One of the practice's referrals, or 404 for any other."""
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.practice_id != practice.id:
        abort(404)
    return referral


def offer_or_404(referral: Referral, offer_id: int) -> ChoiceOffer:
    """An offer made for the referral, or 404 for any other."""
    offer = db.session.get(ChoiceOffer, offer_id)
    if offer is None or offer.referral_id != referral.id:
        abort(404)
    return offer
