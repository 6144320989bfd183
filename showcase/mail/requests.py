"""Emails asked for on public pages and worked out later by the outbox worker.

A lost-link form must answer a known address and an unknown one alike, in what it says and in
how long it takes. So the page only writes a ``MailRequest`` (kind, address, event) and answers;
the outbox worker resolves it: the feature that owns the kind looks the address up and queues
the email(s), or nothing. Both paths of the page do the same database work::

    # in the feature (import time):
    @requests.resolver("registration-link", resend=True)
    def _resolve_link_request(request: MailRequest) -> None:
        ...  # find the registration of request.address, queue its link

    # in the service the view calls:
    requests.request_email("registration-link", address, event=event)

``resend=True`` kinds are lost links: one asked for again within ``MAIL_RESEND_MINUTES`` of the
last message to the address is dropped (mail/limits.py). A request is resolved once: its emails
are queued and the request deleted in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import InterfaceError, OperationalError

from showcase.core.db import lock_rows, require_unit_of_work, unit_of_work
from showcase.extensions import db
from showcase.mail import limits
from showcase.mail.models import MailRequest

log = logging.getLogger("showcase.outbox")

BATCH_SIZE = 50


@dataclass(frozen=True)
class _Resolver:
    resolve: Callable[[MailRequest], None]
    resend: bool


_RESOLVERS: dict[str, _Resolver] = {}


def resolver(kind: str, *, resend: bool = False):
    """Register the function that turns a request of ``kind`` into queued email."""

    def register(function: Callable[[MailRequest], None]) -> Callable[[MailRequest], None]:
        _RESOLVERS[kind] = _Resolver(function, resend)
        return function

    return register


def request_email(kind: str, address: str, *, event: Any = None, language: str = "") -> None:
    """Ask for an email of ``kind`` to ``address`` (already checked to be an address) in the
    current transaction; the outbox worker works out what to send."""
    if kind not in _RESOLVERS:
        raise ValueError(f"no resolver for mail requests of kind {kind!r}")
    db.session.add(
        MailRequest(
            kind=kind, address=address, event_id=getattr(event, "id", None), language=language
        )
    )


def pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MailRequest)) or 0


def resolve_requests(limit: int = BATCH_SIZE) -> int:
    """Resolve the oldest requests, ``limit`` at a time, until none is left; returns how many.

    Several workers may do this at once: each takes rows the others have not locked.
    """
    resolved = 0
    while True:
        query = select(MailRequest).order_by(MailRequest.id).limit(limit)
        with unit_of_work(lock=True):
            batch = lock_rows(query, skip_locked=True)
            for request in batch:
                _resolve(request)
                db.session.delete(request)
        resolved += len(batch)
        if len(batch) < limit:
            return resolved


def _resolve(request: MailRequest) -> None:
    entry = _RESOLVERS.get(request.kind)
    if entry is None:
        log.error("mail request %s of unknown kind %r dropped", request.id, request.kind)
        return
    if entry.resend and not limits.may_send_link_again(request.address):
        log.info("mail request %s (%s) dropped: asked again too soon", request.id, request.kind)
        return
    try:
        with require_unit_of_work().savepoint():
            entry.resolve(request)
    except (OperationalError, InterfaceError):
        raise  # the database is away: the whole batch stays for the next round
    except Exception:
        # One broken request must not hold up the others; it is logged and dropped.
        log.exception("mail request %s (%s) could not be resolved", request.id, request.kind)
