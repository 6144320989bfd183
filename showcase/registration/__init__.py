"""Delegate registration: categories, double opt-in, seats and the waiting list, self-service,
badges and the check-in desk."""
