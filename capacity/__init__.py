"""The fleet, the services it runs, and the clinicians who staff them."""
