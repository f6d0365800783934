"""The six thematic areas of the Prague Process Action Plan."""
