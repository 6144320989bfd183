"""Registration questions: a bilingual form builder per event.

Organisers define questions (``models.Question``) shown to chosen categories and to delegation
members, with a purpose, a retention rule and a sensitivity; registrants answer them on the
registration form and on their manage page; organisers read the answers on a registration's
page, filter and export by them, and total the choice questions on the report page.

- ``models.py``: questions, answers (with the wording they were given under) and uploaded files;
- ``services/questions.py``: the organisers' rules for a question (Thai before it is visible);
- ``services/answers.py``: which questions apply, each kind's checks, saving, erasing, purging;
- ``services/reading.py``: who may read which answers, the export columns, filters and totals;
- ``fields.py``: the form fields of the questions (the builder) for the public pages;
- ``views.py`` (the registrant's answers page) and ``manage.py`` (organisers).
"""
