"""Building a plan: the manager's rotation, rotations, allocation, staffing."""
