"""A plan goes live: checked, its slots opened, the bookings of the plan it replaces carried
over; the publish button."""
