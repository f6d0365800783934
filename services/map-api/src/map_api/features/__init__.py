"""OGC API - Features (Part 1 Core, Part 3 Filtering) over the collections of map-api."""
