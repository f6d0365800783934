"""Editors' API: routes and crossing points as GeoJSON Features under the workflow."""
