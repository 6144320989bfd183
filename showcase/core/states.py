"""One state-machine kit for everything that has a state (a registration, a booth application, a
session, a delegation member, a meeting, a letter).

A feature declares its machine once::

    MACHINE = StateMachine(
        transitions={(S.SUBMITTED, S.ACCEPTED): ORGANISER, …},   # (from, to) → who may
        history=SessionHistory,          # a model with HistoryMixin and a foreign key to the owner
        owner="session",                 # the history model's relationship to the owner
        emails={S.ACCEPTED: "program/accepted", …},   # or a function (owner, step) → template
        send=emails.session_state_email, # queues the chosen template to the owner's people
        enter=stamp_decision,            # optional: timestamps that go with the new state
    )

and ``MACHINE.apply(owner, to, actor, by=…, note=…)`` is then the only way the owner's state
changes: it checks the table (``Conflict`` when the move does not exist, ``NotAllowed`` when it
belongs to someone else), sets the state, lets the feature set its timestamps, writes one history
row (from, to, actor, by, note, at) and queues the email of the state reached, all in the caller's
unit of work. ``MACHINE.record(owner, …)`` writes a history row for something that is not a move
(details changed, data erased; ``record_many`` for many owners at once), so no history row is
ever written by hand.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from showcase.core.db import UTCDateTime, utcnow
from showcase.core.errors import Conflict, NotAllowed
from showcase.core.labels import LabelledEnum

OwnerT = TypeVar("OwnerT")
StateT = TypeVar("StateT", bound=enum.Enum)
ActorT = TypeVar("ActorT", bound=enum.Enum)


class HistoryMixin:
    """The columns of every history table: one row per step in an owner's life."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_state: Mapped[str] = mapped_column(sa.String(24), default="")
    to_state: Mapped[str] = mapped_column(sa.String(24))
    # What kind of party made the step (registrant, speaker, applicant, organiser, system) …
    actor: Mapped[str] = mapped_column(sa.String(20))
    # … and who exactly (an organiser's email, a speaker's name), where known.
    by: Mapped[str] = mapped_column(sa.String(254), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # The owner's state enum: names the states written in ``from_state`` and ``to_state``.
    states: ClassVar[type[LabelledEnum]]

    @classmethod
    def state_label(cls, value: str) -> str:
        """The label of a state written in a row (a retired value reads as itself)."""
        return cls.states.label_of(value) or "—"

    @property
    def is_move(self) -> bool:
        return self.from_state != self.to_state


@dataclass(frozen=True)
class Step(Generic[StateT, ActorT]):
    """What ``apply`` hands to the feature's hooks: the move being made."""

    before: StateT
    after: StateT
    actor: ActorT
    by: str
    note: str
    at: datetime
    entry: Any = None


def _label(state: enum.Enum) -> str:
    return str(getattr(state, "label", state.value))


@dataclass
class StateMachine(Generic[OwnerT, StateT, ActorT]):
    transitions: Mapping[tuple[StateT, StateT], frozenset[ActorT]]
    history: type
    owner: str
    state_attribute: str = "state"
    emails: Mapping[StateT, str] | Callable[[OwnerT, Step], str | None] = field(
        default_factory=dict
    )
    send: Callable[[OwnerT, Step, str], None] | None = None
    enter: Callable[[OwnerT, Step], None] | None = None
    # The feature's own wording of a refusal: (owner, target, actor, allowed actors) → error.
    refusal: Callable[[OwnerT, StateT, ActorT, frozenset[ActorT]], Exception] | None = None

    # Reading the table ----------------------------------------------------------------------

    def state_of(self, owner: OwnerT) -> StateT:
        return getattr(owner, self.state_attribute)

    def allowed(self, current: StateT, target: StateT) -> frozenset[ActorT]:
        return self.transitions.get((current, target), frozenset())

    def may(self, owner: OwnerT, target: StateT, actor: ActorT) -> bool:
        return actor in self.allowed(self.state_of(owner), target)

    def moves(self, owner: OwnerT, actor: ActorT) -> list[StateT]:
        current = self.state_of(owner)
        return [
            to for (frm, to), who in self.transitions.items() if frm == current and actor in who
        ]

    def check(self, owner: OwnerT, target: StateT, actor: ActorT) -> None:
        """Refuse a move the table does not have (409) or that belongs to another party (403)."""
        current = self.state_of(owner)
        actors = self.allowed(current, target)
        if actor in actors:
            return
        if self.refusal is not None:
            raise self.refusal(owner, target, actor, actors)
        if not actors:
            raise Conflict(
                _l(
                    "This is “%(current)s” and cannot become “%(target)s” now.",
                    current=_label(current),
                    target=_label(target),
                ),
                field=self.state_attribute,
            )
        raise NotAllowed(
            _l(
                "Only %(who)s can make this “%(target)s”.",
                who=_parties(actors),
                target=_label(target),
            ),
            field=self.state_attribute,
        )

    # Changing --------------------------------------------------------------------------------

    def apply(
        self,
        owner: OwnerT,
        target: StateT,
        actor: ActorT,
        *,
        by: str = "",
        note: str = "",
        email: bool = True,
    ) -> Any:
        """Move ``owner`` to ``target``: check, set, stamp, write the history, queue the email."""
        from showcase.extensions import db

        self.check(owner, target, actor)
        before = self.state_of(owner)
        now = utcnow()
        step = Step(before, target, actor, (by or "")[:254], (note or "").strip(), now)
        setattr(owner, self.state_attribute, target)
        if self.enter is not None:
            self.enter(owner, step)
        entry = self._write(owner, step)
        db.session.flush()
        step = Step(before, target, actor, step.by, step.note, now, entry)
        if email and self.send is not None:
            template = (
                self.emails(owner, step) if callable(self.emails) else self.emails.get(target)
            )
            if template:
                self.send(owner, step, template)
        return entry

    def record(
        self, owner: OwnerT, actor: ActorT, *, by: str = "", note: str = "", new: bool = False
    ) -> Any:
        """A history row for a step that is not a move (the state stays as it is); with
        ``new``, the first row of a new owner (from nothing to the state it starts in)."""
        from showcase.extensions import db

        state = self.state_of(owner)
        before = None if new else state
        step = Step(before, state, actor, (by or "")[:254], (note or "").strip(), utcnow())
        entry = self._write(owner, step)
        db.session.flush()
        return entry

    def record_many(
        self, owners: Iterable[OwnerT], actor: ActorT, *, by: str = "", note: str = ""
    ) -> int:
        """``record`` for many owners at once (one flush): the same step for each of them, such
        as an announcement they were sent."""
        from showcase.extensions import db

        count = 0
        at = utcnow()
        for owner in owners:
            state = self.state_of(owner)
            self._write(owner, Step(state, state, actor, (by or "")[:254], note.strip(), at))
            count += 1
        db.session.flush()
        return count

    def start(self, owner: OwnerT, actor: ActorT, *, by: str = "", note: str = "") -> Any:
        """The first history row of a new owner: from nothing to the state it was created in."""
        from showcase.extensions import db

        step = Step(
            "", self.state_of(owner), actor, (by or "")[:254], (note or "").strip(), utcnow()
        )
        entry = self._write(owner, step)
        db.session.flush()
        return entry

    def _write(self, owner: OwnerT, step: Step) -> Any:
        from showcase.extensions import db

        entry = self.history(
            at=step.at,
            from_state=_value(step.before),
            to_state=_value(step.after),
            actor=_value(step.actor),
            by=step.by,
            note=step.note,
        )
        setattr(entry, self.owner, owner)
        db.session.add(entry)
        return entry


def _value(item: Any) -> str:
    return item.value if isinstance(item, enum.Enum) else str(item or "")


def _parties(actors: Iterable[enum.Enum]) -> str:
    return " / ".join(sorted(str(getattr(actor, "label", actor.value)) for actor in actors))
