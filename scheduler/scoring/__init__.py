"""The contract's scoring: the transportation flow and the KPIs of a plan."""
