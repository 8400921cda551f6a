"""Schema migrations and the commands that apply them."""
