"""i-Map kit: generic building blocks shared by the i-Map services (no domain code)."""
