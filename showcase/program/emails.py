"""The emails of the programme, queued in the caller's unit of work (see mail/services.py) and
filed under the speaker they go to (``owner``).

Every message goes to one speaker in their own language and carries a freshly minted secret link
to their speaker page (only its hash is stored, so a link is never sent twice).
"""

from __future__ import annotations

import uuid

from showcase.core.links import LinkPurpose, mint_link
from showcase.core.states import Step
from showcase.mail.services import external_url, queue_email
from showcase.program.models import ProgramSession, Speaker, SpeakerLink


def _manage_url(speaker: Speaker, secret: str | None = None) -> tuple[str, str]:
    if secret is None:
        secret = mint_link(SpeakerLink(speaker=speaker), LinkPurpose.MANAGE)
    url = external_url("program.speaker_home", event=speaker.event.acronym, secret=secret)
    return secret, url


def _send(
    template: str,
    speaker: Speaker,
    session: ProgramSession | None,
    secret: str,
    dedup_key=None,
    asked: bool = False,
    **context,
):
    queue_email(
        template,
        speaker.email,
        language=speaker.language,
        name=speaker.name,
        event=speaker.event,
        dedup_key=dedup_key,
        secrets=[secret],
        asked=asked,
        owner=speaker,
        context={"speaker": speaker, "session": session, **context},
    )


def confirm_proposal(session: ProgramSession, speaker: Speaker, secret: str) -> None:
    url = external_url("program.confirm_proposal", event=speaker.event.acronym, secret=secret)
    _send("program/confirm", speaker, session, secret, asked=True, confirm_url=url)


def proposal_received(session: ProgramSession, speaker: Speaker, manage_secret: str) -> None:
    secret, url = _manage_url(speaker, manage_secret)
    _send("program/received", speaker, session, secret, manage_url=url)


def co_speaker_invitation(
    session: ProgramSession, speaker: Speaker, proposer: Speaker, again: bool = False
) -> None:
    """The invitation of a co-speaker: once when the proposal is confirmed (a second click on
    the confirmation link sends nothing), and each time the proposer adds them later (``again``;
    the database refuses the same person twice on a session). It goes to an address the proposer
    typed in, so it counts against that address's budget (mail/limits.py)."""
    secret, url = _manage_url(speaker)
    key = f"program:invite:{session.id}:{speaker.id}"
    _send(
        "program/invited",
        speaker,
        session,
        secret,
        dedup_key=f"{key}:{uuid.uuid4().hex}" if again else key,
        asked=True,
        manage_url=url,
        proposer=proposer,
    )


def co_speaker_removed(session: ProgramSession, speaker: Speaker, proposer: Speaker) -> None:
    _send("program/co_speaker_removed", speaker, session, "", asked=True, proposer=proposer)


def manage_link(speaker: Speaker, asked: bool = False) -> None:
    """The speaker page's link; ``asked`` when the lost-link form asked for it."""
    secret, url = _manage_url(speaker)
    _send("program/manage_link", speaker, None, secret, asked=asked, manage_url=url)


def session_state_email(session: ProgramSession, step: Step, template: str) -> None:
    """The email of the state a session reached, to each of its speakers (the state machine of
    ``services/transitions.py`` chooses the template after it has locked the session)."""
    for speaker in session.speakers:
        secret, url = _manage_url(speaker)
        _send(
            template,
            speaker,
            session,
            secret,
            dedup_key=f"program:session:{session.id}:step:{step.entry.id}:speaker:{speaker.id}",
            manage_url=url,
            note=step.note,
            by_speaker=step.actor == "speaker",
        )
