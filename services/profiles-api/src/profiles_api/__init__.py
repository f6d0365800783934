"""profiles-api: the Extended Migration Profiles service (schema `profiles`)."""

__version__ = "0.1.0"
