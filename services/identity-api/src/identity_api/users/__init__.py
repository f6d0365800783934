"""People who sign in: admins, editors and contributors (and partners' human staff)."""
