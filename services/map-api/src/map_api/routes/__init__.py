"""Migration routes, border crossing points and monthly route statistics (Frontex detections)."""
