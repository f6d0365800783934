"""Links for the map: the initiatives and practices touching a country or a route."""
