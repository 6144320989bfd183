"""The rules of the booths feature, split by meaning.

- ``settings``: the booth settings of an event (application window, booths per city).
- ``layout``: halls and booths, their geometry checks and the CSV import of a layout.
- ``applications``: what applicants do (apply, confirm, edit, withdraw) and the state machine.
- ``decisions``: what organisers do with applications (approve with a booth, waitlist, reject,
  cancel), with the locks that keep the database guarantees.
- ``limits``: how many booths each city holds against the limit of the settings.
- ``directory``: the exhibitors, occupancy and exports.

Services flush and raise domain errors; they never commit. They run inside the caller's
``unit_of_work`` (core/db.py); those that take row locks need ``unit_of_work(lock=True)``.
"""
