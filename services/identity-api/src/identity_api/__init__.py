"""identity-api: principals (users, API keys) and the platform's tokens (schema `identity`)."""

__version__ = "0.1.0"
