"""The practice's referral form: the desk's, less the practice, which is the account's own."""

from booking.forms import ReferralForm


class PracticeReferralForm(ReferralForm):
    """A referral from the signed-in practice; booking.referrals checks every field."""

    practice = None  # the practice refers its own patients: not a field to choose

    def raw_for(self, practice_id: str) -> dict[str, str]:
        """The typed fields, with the practice the referral comes from."""
        return self.raw() | {"practice": practice_id}
