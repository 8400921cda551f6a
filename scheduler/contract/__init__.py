"""The contract: domain objects, calendar, distances, instance and plan JSON."""
