"""What came of a held meeting, as each side records it: a follow-up planned, a pilot
discussed, a memorandum of understanding intended, or nothing further, and the dimension it
concerns. A meeting that did not take place has no outcome."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from showcase.cooperation.models import (
    CooperationProfile,
    Meeting,
    MeetingOutcome,
    MeetingState,
    OutcomeResult,
)
from showcase.core.db import event_row, require_unit_of_work
from showcase.core.errors import Conflict, DomainError
from showcase.events.models import Track
from showcase.extensions import db


def record_outcome(meeting: Meeting, profile: CooperationProfile, values: dict) -> MeetingOutcome:
    require_unit_of_work()
    if profile.id not in (meeting.requester_id, meeting.host_id):
        raise DomainError(_l("This meeting is not yours."))
    if meeting.state != MeetingState.HELD:
        raise Conflict(
            _l("An outcome can only be recorded for a meeting that took place."), field="result"
        )
    try:
        result = OutcomeResult(values.get("result") or "")
    except ValueError:
        raise DomainError(_l("Choose what came of the meeting."), field="result") from None
    track = None
    if values.get("track_id"):
        track = event_row(Track, meeting.event, int(values["track_id"]))
        if track is None:
            raise DomainError(_l("Choose a dimension from the list."), field="track_id")
    note = (values.get("note") or "").strip()
    if len(note) > 1000:
        raise DomainError(_l("Keep the note under 1,000 characters."), field="note")
    outcome = meeting.outcome_of(profile)
    if outcome is None:
        outcome = MeetingOutcome(meeting=meeting, profile_id=profile.id)
        db.session.add(outcome)
    outcome.result = result
    outcome.track_id = track.id if track else None
    outcome.note = note
    db.session.flush()
    return outcome
