"""Transfer recommendations: practices that worked elsewhere, ranked for a country."""
