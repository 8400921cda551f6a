"""The business case of a plan: income at NHS prices, costs, contingencies and payback."""
