"""map-api: the geographic service (schema `geo`)."""

__version__ = "0.1.0"
