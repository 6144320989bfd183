"""The rules of delegations: requests and invitations (``delegations.py``), members, seats and
substitutions (``members.py``), the event's settings (``settings.py``), the delegation's state
machine (``states.py``) and the lists coordinators and organisers download (``lists.py``)."""
