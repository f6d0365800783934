"""Practices distilled from initiatives: what worked, where, under which conditions, and how
well it is evidenced."""
