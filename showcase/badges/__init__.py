"""Badges printed in bulk and reprinted at the desk.

- ``models.py``: the print log (every badge printed: when, in which layout, by whom, for what
  reason, and a fingerprint of what it showed) and the badge codes a reprint retired;
- ``sheets.py``: the PDF of a list of badges in one of the layouts (A6, four A6 on an A4 sheet
  with crop marks, CR80 card), one HTML document rendered once by core/pdf.py;
- ``services/``: which badges to print (filters, "not printed yet", "changed since printed"),
  the print run, and reprints (a lost badge gets a new code, a typo keeps it);
- ``manage.py``: the organisers' print page and the desk's reprint page.

The refusal of a retired code lives in ``registration.services.badges.registration_from_payload``
so that every gate that identifies a badge refuses it the same way.
"""
