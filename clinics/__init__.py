"""Patients' pages: the next clinics near a postcode or town, sites, services, calendars."""
