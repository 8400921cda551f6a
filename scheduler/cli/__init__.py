"""The command line, `python -m scheduler`."""
