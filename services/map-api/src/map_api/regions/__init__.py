"""Region groupings of states (Prague Process groups, EU27, Schengen)."""
