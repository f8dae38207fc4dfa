"""Lay out a localized leaflet: styles (data, in styles/*.yaml) and flowables."""
