"""Announcements: organisers write to an audience of their participants (the bulk email composer).

- ``models.py``: an announcement (audience, subject and body in English and Thai, when it goes,
  who wrote and who approved it), its history, the people it went to (one row per address), the
  unsubscribed addresses of an event and the event's settings (approval threshold, rate);
- ``services/audience.py``: the conditions an audience is built from (registrations, speakers,
  booth applicants, delegation coordinators, who starred a session), combined with "all" or
  "any", de-duplicated by address;
- ``services/markup.py``: the small, safe markup of a body (paragraphs, ``- `` lists, links)
  and its placeholders, rendered to text and HTML;
- ``services/sending.py``: the state machine (draft → scheduled or awaiting approval → sending →
  sent), the snapshot of the recipients and the queueing through the outbox in chunks, at the
  event's rate per minute;
- ``services/unsubscribe.py``: the signed one-click unsubscribe link (RFC 8058);
- ``manage.py``: the composer under ``/manage/<event>/emails/``; ``views.py``: the public
  unsubscribe page.
"""
