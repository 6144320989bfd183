"""vCard 3.0 of an exhibitor's leads, written by hand.

Text values are escaped as RFC 6350 §3.4 says (backslash, comma, semicolon, newline), lines end
with CRLF and are folded at 75 octets without splitting a UTF-8 character (§3.2). A lead whose
visitor does not share their details is a card with the badge code as its name and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable

from showcase.leads.services import LeadCard


def escape(value: str) -> str:
    text = "".join(ch for ch in str(value) if ch in "\n" or ch.isprintable())
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """The content line folded at 75 octets: each continuation starts with one space."""
    parts: list[str] = []
    current = b""
    limit = 75
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # the leading space of a continuation line counts
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def card_lines(card: LeadCard) -> list[str]:
    lead = card.lead
    name = card.full_name if card.shared else card.badge_code
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{escape(name)}"]
    if card.shared:
        given, _, family = card.full_name.rpartition(" ")
        lines.append(f"N:{escape(family)};{escape(given)};;;")
        if card.organisation:
            lines.append(f"ORG:{escape(card.organisation)}")
        if card.job_title:
            lines.append(f"TITLE:{escape(card.job_title)}")
        if card.email:
            lines.append(f"EMAIL;TYPE=INTERNET:{escape(card.email)}")
    else:
        lines.append(f"N:{escape(card.badge_code)};;;;")
    if lead.tag_list:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in lead.tag_list))
    note = lead.note
    if lead.rating:
        note = f"{'★' * lead.rating}\n{note}".strip()
    if note:
        lines.append(f"NOTE:{escape(note)}")
    lines.append(f"REV:{lead.scanned_at.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append(f"UID:urn:showcase:lead:{lead.id}")
    lines.append("END:VCARD")
    return lines


def vcards(cards: Iterable[LeadCard]) -> str:
    return "".join(fold(line) + "\r\n" for card in cards for line in card_lines(card))
