"""Bulk imports of publishers' statistics files: all-or-nothing, idempotent, recorded as batches."""
