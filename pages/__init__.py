"""The public landing page, the staff home, health checks, assets and error pages."""
