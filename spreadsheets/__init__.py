"""Import and export of the data people keep in spreadsheets (CSV or XLSX)."""
