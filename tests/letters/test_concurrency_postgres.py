"""Organisers approving letters at the same moment: every letter gets its own number, in one
unbroken sequence, and two organisers deciding the same request at once issue it once (the other
is told it changed). Real PostgreSQL (row locks) and SQLite (the write lock), threads released
together by a barrier."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError
from showcase.extensions import db
from showcase.letters.models import LetterState, VisaLetter
from showcase.letters.services import issuing
from tests import factories
from tests.letters.helpers import ORGANISER, delegate, request_letter

REQUESTS = 8


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'showcase-test.db'}"
    return request.getfixturevalue("postgres_url")


def run_together(app, jobs) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes = [""] * len(jobs)

    def run(index, job):
        with app.app_context():
            try:
                barrier.wait()
                outcomes[index] = job()
            except DomainError as error:
                outcomes[index] = f"refused: {error.message}"
            except Exception as error:
                outcomes[index] = f"error: {error!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def issue_job(letter_id: int):
    def job():
        with unit_of_work(lock=True):
            return issuing.issue(letter_id, ORGANISER).number

    return job


def _requests(app, count: int) -> list[int]:
    with app.app_context():
        event = factories.event()
        ids = [
            request_letter(delegate(event, email=f"delegate{n}@race.example")).id
            for n in range(count)
        ]
        db.session.remove()
    return ids


def test_letters_approved_at_once_get_one_unbroken_sequence_of_numbers(app):
    ids = _requests(app, REQUESTS)

    outcomes = run_together(app, [issue_job(letter_id) for letter_id in ids])

    assert sorted(outcomes) == [f"WSCS2027-{n:04d}" for n in range(1, REQUESTS + 1)], outcomes
    with app.app_context():
        states = set(db.session.scalars(select(VisaLetter.state)))
        assert states == {LetterState.ISSUED}
        db.session.remove()


def test_one_request_decided_twice_at_once_is_issued_once(app):
    (letter_id,) = _requests(app, 1)

    outcomes = run_together(app, [issue_job(letter_id), issue_job(letter_id)])

    assert sorted(outcomes)[0] == "WSCS2027-0001", outcomes
    assert sorted(outcomes)[1].startswith("refused: This is “Issued”"), outcomes
    with app.app_context():
        letter = db.session.get(VisaLetter, letter_id)
        assert [entry.to_state for entry in letter.history] == ["requested", "issued"]
        db.session.remove()
