"""The country register: Prague Process states with codes, names and groups."""
