"""Reference classifications: ISCO-08 occupation groups and NACE Rev. 2 economic activities."""
