"""The rules of registration, split by meaning.

- ``states``: the transition table and its ``MACHINE`` (``core.states``), the one way a
  registration moves (it writes the history and queues the email of the new state).
- ``seats``: taking a seat under a lock, and promoting from the waiting list.
- ``registrations``: what registrants do (register, confirm, edit, cancel, erase, lost link).
- ``organiser``: categories, settings, the list, decisions and the CSV export.
- ``badges``: the signed badge payload and the check-in desk.

Services flush and raise domain errors but never commit: they run in the caller's unit of work
(``core.db.unit_of_work``; with ``lock=True`` wherever seats are counted).
"""
