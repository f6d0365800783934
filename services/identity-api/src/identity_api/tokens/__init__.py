"""Signing in (OAuth2 password grant), failed-sign-in limits, and the keys that verify tokens."""
