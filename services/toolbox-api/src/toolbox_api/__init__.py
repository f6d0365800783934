"""toolbox-api: the partnership toolbox service (schema `toolbox`)."""

__version__ = "0.1.0"
