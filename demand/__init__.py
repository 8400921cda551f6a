"""Referral demand: new referrals per week from each practice for each service."""
