"""Localize: catalogs, placeholders and locale-aware numbers, dates and names."""
