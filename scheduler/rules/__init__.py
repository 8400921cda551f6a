"""The nine hard rules: each clause once, the validator, the pre-checks, the facts."""
