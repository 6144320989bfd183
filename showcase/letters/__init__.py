"""Visa invitation letters: a delegate (or their delegation's coordinator) requests one, the
organisers approve it, and Showcase issues a numbered PDF on the event's letterhead with a QR code
to a public verification page. Passport data is encrypted at rest (core/crypto.py) and purged
when the organisers' retention after the event ends."""
