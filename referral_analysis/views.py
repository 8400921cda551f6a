"""Referral intelligence pages under /ops/referrals, for the ops and commissioner roles."""

from flask import Blueprint

import referral_analysis.models  # noqa: F401  (the tables, for the app's metadata)

bp = Blueprint("referrals", __name__, url_prefix="/ops/referrals")
