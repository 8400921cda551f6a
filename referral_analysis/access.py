"""Who may use referral analysis: operations managers and commissioners read every page;
only operations managers change anything (findings, the demand)."""

READERS = ("ops", "commissioner")
CHANGERS = ("ops",)
