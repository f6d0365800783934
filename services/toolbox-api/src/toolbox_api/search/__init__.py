"""Search over initiatives and practices: full text in English and Russian, trigrams, facets."""
