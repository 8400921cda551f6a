"""Sites where units stand, GP practices, and the geography that joins them."""
