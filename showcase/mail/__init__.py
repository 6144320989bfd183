"""The email outbox: queueing, the worker and the organiser outbox page."""
