"""Building blocks of the planning models: placements, capacity, referrals, the LP."""
