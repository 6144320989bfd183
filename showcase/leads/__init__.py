"""Exhibitor leads: booth staff scan a visitor's badge and keep what the visitor agreed to share."""
