"""Partnership strategies per partner country: priorities, objectives, recommendations over time."""
