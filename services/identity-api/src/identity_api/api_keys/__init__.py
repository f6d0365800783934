"""API keys of partner systems: issued by admins, shown once, checked by introspection."""
