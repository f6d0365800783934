"""Source datasets: the publishers' datasets and vintages values come from, and their priority."""
