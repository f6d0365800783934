"""OGC API - Tiles: Mapbox vector tiles built in PostGIS, per collection and for the web map."""
