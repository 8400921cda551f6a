"""Folium maps of the tour, the demand and patients' search results, on local assets only."""
