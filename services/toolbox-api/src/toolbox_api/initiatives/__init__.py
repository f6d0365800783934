"""Bilateral and multilateral initiatives of the region (the Migration Partnership Mappings)."""
