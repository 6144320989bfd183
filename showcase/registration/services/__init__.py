"""The rules of registration, split by meaning.

- ``states``: the transition table and ``change_state``, the one function that moves a
  registration (it logs the step and queues the email of the new state).
- ``seats``: taking a seat under a lock, and promoting from the waiting list.
- ``registrations``: what registrants do (register, confirm, edit, cancel, erase, lost link).
- ``organiser``: categories, settings, the list, decisions and the CSV export.
- ``badges``: the signed badge payload and the check-in desk.

Services flush but never commit, except those that own a transaction to take locks
(``write_transaction``); views commit.
"""
