"""The planner: `solve`, its rounds and its large-neighbourhood search."""
