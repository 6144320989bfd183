"""Turning an outbox row into the message handed to SMTP.

Headers are built with the standard library's modern email API, with two things it does not do
by itself:

- Names and subjects are text. The header parser decodes anything that looks like an RFC 2047
  encoded word (``=?utf-8?q?…?=``), so a name typed as one could become a line break and a forged
  header, or an address the library refuses. Such values are encoded here, whole, so that the
  reader's mail program shows exactly the characters that were typed.
- ``Content-Language`` and the other message-wide headers are set after the body: setting the
  content clears every ``Content-*`` header, and turning the message into a multipart moves them
  into its first part.

The Message-ID's domain is the site's own, taken from ``PUBLIC_URL``.
"""

from __future__ import annotations

from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import Policy
from email.utils import formatdate
from urllib.parse import urlsplit

import flask_mail
from flask import current_app

from showcase.mail.models import OutboxMessage

# What the header parser would take for the start of an encoded word.
ENCODED_WORD_START = "=?"


class LiteralHeader:
    """A header whose text is RFC 2047-encoded as a whole, so that nothing in it is parsed.

    ``EmailMessage`` stores an object with a ``name`` and a ``fold`` method as it is and asks it
    to fold itself when the message is written.
    """

    def __init__(self, name: str, text: str, addr_spec: str | None = None) -> None:
        self.name = name
        self.text = text
        self.addr_spec = addr_spec

    def fold(self, *, policy: Policy) -> str:
        linesep = policy.linesep
        encoded = Header(self.text, "utf-8", header_name=self.name).encode(linesep=linesep)
        if self.addr_spec is not None:
            encoded = f"{encoded} <{self.addr_spec}>"
        return f"{self.name}: {encoded}{linesep}"

    def __str__(self) -> str:
        if self.addr_spec is None:
            return self.text
        return str(Address(display_name=self.text, addr_spec=self.addr_spec))


def text_header(name: str, text: str) -> str | LiteralHeader:
    """A header value that reaches the reader as exactly ``text``."""
    return LiteralHeader(name, text) if ENCODED_WORD_START in text else text


def address_header(name: str, display_name: str, addr_spec: str) -> Address | LiteralHeader:
    """An address header for one person; the display name is taken as text, never parsed."""
    if ENCODED_WORD_START in display_name:
        return LiteralHeader(name, display_name, addr_spec)
    return Address(display_name=display_name, addr_spec=addr_spec)


def message_id_domain() -> str:
    """The site's own host name, so that Message-IDs say where the message came from."""
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or ""
    return host.encode("idna").decode("ascii") if host else "showcase.invalid"


def message_id_header(message: OutboxMessage) -> str:
    return f"<{message.uuid}@{message_id_domain()}>"


class OutboxMail(flask_mail.Message):
    """A Flask-Mail message built with the standard library's modern email API.

    Flask-Mail assembles headers with the legacy API and re-folds them for SMTP, which breaks
    long encoded Thai display names; ``EmailMessage`` with the SMTP policy encodes them right.
    """

    to_header: Address | LiteralHeader | None = None
    language: str = ""

    def _message(self) -> EmailMessage:
        message = EmailMessage(policy=policy.SMTP)
        message["Subject"] = text_header("Subject", self.subject or "")
        message["From"] = self.sender
        message["To"] = self.to_header or ", ".join(self.recipients)
        message["Date"] = formatdate(self.date, localtime=False)
        message["Message-ID"] = self.msgId
        if self.reply_to:
            message["Reply-To"] = self.reply_to
        for name, value in (self.extra_headers or {}).items():
            message[name] = value
        message.set_content(self.body or "", charset="utf-8")
        if self.html:
            message.add_alternative(self.html, subtype="html", charset="utf-8")
        for attachment in self.attachments:
            maintype, _, subtype = attachment.content_type.partition("/")
            message.add_attachment(
                attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        # After the body, which would clear it (see the module's docstring).
        if self.language:
            message["Content-Language"] = self.language
        return message


def build_mail(message: OutboxMessage) -> OutboxMail:
    mail_message = OutboxMail(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        reply_to=message.reply_to or None,
        charset="utf-8",
        extra_headers={"Auto-Submitted": "auto-generated", **(message.headers or {})},
    )
    mail_message.language = message.language
    mail_message.to_header = address_header("To", message.recipient_name, message.recipient)
    mail_message.msgId = message_id_header(message)
    for attachment in message.attachments:
        mail_message.attach(attachment.filename, attachment.content_type, attachment.data)
    return mail_message
