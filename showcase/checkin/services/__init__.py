"""The rules of the door: gates (``gates.py``), scans (``scans.py``), the offline roster
(``roster.py``) and the arrivals report (``arrivals.py``)."""
