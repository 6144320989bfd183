"""The audit log's organiser pages: the entries of an event, filtered, and their CSV export
(the log itself is kept by core/audit.py)."""
