"""What the fleet can offer in a week against the referrals it must see."""
