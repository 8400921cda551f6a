"""The operations manager's data pages: list, create, edit and delete the planning inputs,
the demand grid, and spreadsheet upload, all under /ops/data/."""
