"""Downloads of a country's profile: PDF (English, Russian) and XLSX, rendered on request."""
