"""Bulk import of initiatives from CSV or XLSX: all or nothing, errors by row and column."""
