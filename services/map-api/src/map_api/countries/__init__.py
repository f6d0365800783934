"""Country boundaries and capitals (Natural Earth 1:50m)."""
