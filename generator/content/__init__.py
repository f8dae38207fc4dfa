"""Load and validate leaflet content: YAML in, a checked `Leaflet` model out."""
