"""The body of an announcement: plain text with a small, safe markup and placeholders.

What an organiser may write:

- paragraphs, separated by a blank line (a single line break stays a line break);
- lists: lines that start with ``- ``;
- links: a bare ``https://…`` address, or ``[text](https://…)``; only ``http``, ``https`` and
  ``mailto`` links exist, anything else is refused when the text is saved;
- placeholders: ``{name}``, ``{manage_link}`` … (``PLACEHOLDERS``) and ``{answer.<code>}`` for
  the answer to a registration question; an unknown one is refused, naming it.

HTML is not part of the markup: a tag such as ``<b>`` or ``<script>`` is refused with a message,
and whatever reaches the HTML part is escaped anyway. A body is parsed once (``parse``) and then
rendered for each person to text and HTML with their values, so a value (a name, an answer) is
never read as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from showcase.core.errors import DomainError

PLACEHOLDERS = {
    "name": _l("the person's name, as their emails greet them"),
    "manage_link": _l("the link to their own page (registration, proposal, application)"),
    "badge_link": _l("the link to their badge (registrants)"),
    "booth": _l("their booth and hall (exhibitors)"),
    "sessions": _l("their sessions with day, time and room (speakers; registrants: starred)"),
    "event": _l("the event's name"),
}
ANSWER_PREFIX = "answer."

INLINE = re.compile(
    r"\[(?P<text>[^\]\n]{1,300})\]\((?P<url>[^)\s]{1,2000})\)"
    r"|(?P<bare>(?:https?://|mailto:)[^\s<>\[\]()]+)"
    r"|\{(?P<name>[^{}\s]{1,60})\}"
)
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")
SCHEMES = ("http://", "https://", "mailto:")
TRAILING = ".,;:!?'\""


@dataclass(frozen=True)
class Value:
    """What a placeholder stands for in one person's message: text, a link, or lines (a list)."""

    text: str = ""
    url: bool = False
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    kind: str  # "text", "link", "url", "placeholder"
    text: str = ""
    target: str = ""


@dataclass
class Block:
    is_list: bool
    lines: list[list[Segment]] = field(default_factory=list)


# Checking ------------------------------------------------------------------------------------


def placeholder_names(text: str) -> list[str]:
    return [match.group("name") for match in INLINE.finditer(text or "") if match.group("name")]


def unknown_placeholders(text: str, answer_codes: Iterable[str] = ()) -> list[str]:
    codes = set(answer_codes)
    unknown = []
    for name in placeholder_names(text):
        known = name in PLACEHOLDERS or (
            name.startswith(ANSWER_PREFIX) and name[len(ANSWER_PREFIX) :] in codes
        )
        if not known and name not in unknown:
            unknown.append(name)
    return unknown


def _allowed_target(target: str) -> bool:
    if re.fullmatch(r"\{[^{}\s]+\}", target):
        return True  # a placeholder that gives a link ({manage_link})
    return target.lower().startswith(SCHEMES) and len(target) > len("mailto:")


def check_text(text: str, field: str, answer_codes: Iterable[str] = ()) -> list[DomainError]:
    """Every problem of a subject or body, each against ``field``."""
    problems = []
    unknown = unknown_placeholders(text, answer_codes)
    if unknown:
        problems.append(
            DomainError(
                _l(
                    "Unknown placeholder: %(names)s. Use: %(known)s.",
                    names=", ".join("{" + name + "}" for name in unknown),
                    known=known_list(),
                ),
                field=field,
            )
        )
    if TAG.search(text or ""):
        problems.append(
            DomainError(
                _l(
                    "Write plain text: HTML tags such as <b> or <script> are not allowed. "
                    "Paragraphs, lists starting with “- ” and links are written as text."
                ),
                field=field,
            )
        )
    refused = [
        match.group("url")
        for match in INLINE.finditer(text or "")
        if match.group("url") and not _allowed_target(match.group("url"))
    ]
    if refused:
        problems.append(
            DomainError(
                _l(
                    "Links may only lead to http, https or mailto addresses; not allowed: "
                    "%(links)s.",
                    links=", ".join(target[:60] for target in refused),
                ),
                field=field,
            )
        )
    return problems


def known_list() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS) + ", {answer.<code>}"


# Parsing -------------------------------------------------------------------------------------


def _segments(line: str) -> list[Segment]:
    segments: list[Segment] = []
    position = 0
    for match in INLINE.finditer(line):
        if match.start() > position:
            segments.append(Segment("text", line[position : match.start()]))
        if match.group("url") is not None:
            segments.append(Segment("link", match.group("text"), match.group("url")))
            position = match.end()
        elif match.group("bare") is not None:
            url = match.group("bare").rstrip(TRAILING)
            segments.append(Segment("url", url, url))
            position = match.start() + len(url)
        else:
            segments.append(Segment("placeholder", match.group("name")))
            position = match.end()
    if position < len(line):
        segments.append(Segment("text", line[position:]))
    return segments


def parse(text: str) -> list[Block]:
    blocks = []
    normalised = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    for chunk in re.split(r"\n[ \t]*\n", normalised):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        # Runs of "- " lines are lists, the other runs paragraphs (a list may follow a line
        # such as "Please bring:" without a blank line between).
        for is_list, run in groupby(lines, key=lambda line: line.lstrip().startswith("- ")):
            items = [line.lstrip()[2:] if is_list else line for line in run]
            blocks.append(Block(is_list, [_segments(item) for item in items]))
    return blocks


# Rendering -----------------------------------------------------------------------------------


def _target(segment: Segment, values: Mapping[str, Value]) -> str:
    match = re.fullmatch(r"\{([^{}\s]+)\}", segment.target)
    if match is None:
        return segment.target
    value = values.get(match.group(1))
    return value.text if value is not None and value.url else ""


def _fill(text: str, values: Mapping[str, Value]) -> str:
    """Placeholders inside a link's text, as plain text."""

    def one(match: re.Match) -> str:
        value = values.get(match.group(1))
        if value is None:
            return ""
        return "; ".join(value.lines) if value.lines else value.text

    return re.sub(r"\{([^{}\s]{1,60})\}", one, text)


def _line_text(segments: list[Segment], values: Mapping[str, Value]) -> str:
    parts = []
    for segment in segments:
        if segment.kind == "text":
            parts.append(segment.text)
        elif segment.kind == "url":
            parts.append(segment.target)
        elif segment.kind == "link":
            target = _target(segment, values)
            label = _fill(segment.text, values)
            parts.append(f"{label} ({target})" if target else label)
        else:
            value = values.get(segment.text, Value())
            parts.append("\n".join(value.lines) if value.lines else value.text)
    return "".join(parts)


def _line_html(segments: list[Segment], values: Mapping[str, Value]) -> Markup:
    parts: list[Markup] = []
    for segment in segments:
        if segment.kind == "text":
            parts.append(escape(segment.text))
        elif segment.kind == "url":
            parts.append(Markup('<a href="{0}">{0}</a>').format(segment.target))
        elif segment.kind == "link":
            target = _target(segment, values)
            label = _fill(segment.text, values)
            parts.append(
                Markup('<a href="{}">{}</a>').format(target, label) if target else escape(label)
            )
        else:
            value = values.get(segment.text, Value())
            if value.url and value.text:
                parts.append(Markup('<a href="{0}">{0}</a>').format(value.text))
            elif value.lines:
                parts.append(Markup("<br>").join(escape(line) for line in value.lines))
            else:
                parts.append(escape(value.text))
    return Markup("").join(parts)


def render_text(blocks: list[Block], values: Mapping[str, Value]) -> str:
    out = []
    for block in blocks:
        lines = [_line_text(line, values) for line in block.lines]
        if block.is_list:
            lines = ["- " + line.replace("\n", "\n  ") for line in lines]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def render_html(blocks: list[Block], values: Mapping[str, Value]) -> Markup:
    out = []
    for block in blocks:
        lines = [_line_html(line, values) for line in block.lines]
        if block.is_list:
            items = Markup("").join(Markup("<li>{}</li>").format(line) for line in lines)
            out.append(Markup('<ul style="padding-left:20px;">{}</ul>').format(items))
        else:
            out.append(Markup("<p>{}</p>").format(Markup("<br>").join(lines)))
    return Markup("\n").join(out)


def render_subject(text: str, values: Mapping[str, Value]) -> str:
    return " ".join(_fill(text, values).split())
