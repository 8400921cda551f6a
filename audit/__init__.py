"""The append-only audit trail of changes."""
