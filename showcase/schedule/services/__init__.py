"""The schedule's rules: placing sessions in the draft (``placement``), publishing releases
(``publishing``) and reading published releases (``releases``).

Services flush and raise domain errors; the caller's unit of work commits. Placing and
publishing need ``unit_of_work(lock=True)``: the room (or, on SQLite, the database) is locked
from the first read.
"""
