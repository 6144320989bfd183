"""Organiser accounts: sign-in, roles and user administration."""
