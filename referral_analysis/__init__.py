"""Referral intelligence: what practices refer, against their peers and over time; feedback
to each practice; patients' unmet needs and doctors' educational needs (PUNs and DENs); and
planning demand forecast from the referrals themselves."""
