"""Scenarios, the plans made for them, and the bridge to the planner."""
