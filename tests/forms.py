"""Forms as a person meets them: fetch the page, read its form with a real HTML parser, fill it by
the labels people read, choose only what the page offers, and post what a browser would post.

    form = RenderedForm.get(client, "/wscs2027/register", language="th")
    form.fill("อีเมล", "somchai@example.org")
    form.choose("เมือง", "ขอนแก่น")          # by the option's visible text (or its value)
    form.check("ฉันยินยอม…")                  # a checkbox by its label (a prefix is enough if unique)
    response = form.submit()                 # the form's method, action and encoding

A label is matched exactly after folding whitespace; failing that, a unique prefix or a unique
substring. ``choose`` refuses an option the rendered ``<select>`` (or radio group) does not offer,
and ``fill`` refuses a label the page does not show, so a test cannot post what no browser could.
Hidden fields (the CSRF token among them) are kept as rendered; unchecked boxes are left out; the
submit button pressed is sent with its name and value, as browsers do.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from werkzeug.datastructures import MultiDict


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@dataclass
class Upload:
    """A file chosen for an ``<input type=file>``."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class _Control:
    tag: Tag
    name: str
    kind: str  # text, textarea, select, select-multiple, checkbox, radio, file, hidden, submit…
    labels: list[str] = field(default_factory=list)

    @property
    def disabled(self) -> bool:
        if self.tag.has_attr("disabled"):
            return True
        # A control inside a disabled fieldset is disabled too (except inside its first legend).
        return any(
            parent.name == "fieldset" and parent.has_attr("disabled") for parent in self.tag.parents
        )


class FormNotFound(AssertionError):
    pass


class RenderedForm:
    """One ``<form>`` of a rendered page, with the values a person has put into it so far."""

    def __init__(
        self,
        client,
        html: str,
        url: str,
        *,
        form: int | str | None = None,
        language: str | None = None,
        headers: dict | None = None,
    ):
        self.client = client
        self.url = url
        self.headers = dict(headers or {})
        if language:
            self.headers.setdefault("Accept-Language", language)
        self.soup = BeautifulSoup(html, "html.parser")
        self.form = self._find_form(form)
        self.controls = self._read_controls()
        # name -> list of values for text-like controls; checked state kept on the tags
        self.values: dict[int, list[str] | Upload | None] = {}
        self._initial_values()

    # Construction ---------------------------------------------------------------------------

    @classmethod
    def get(
        cls,
        client,
        url: str,
        *,
        form: int | str | None = None,
        language: str | None = None,
        headers: dict | None = None,
        expect: int = 200,
    ) -> RenderedForm:
        """GET ``url`` and read its form (the first one with a field a person fills in, or the
        one chosen by index, by id, or by a substring of its action)."""
        request_headers = dict(headers or {})
        if language:
            request_headers.setdefault("Accept-Language", language)
        response = client.get(url, headers=request_headers)
        assert response.status_code == expect, (
            f"GET {url} answered {response.status_code}, not {expect}:\n"
            + response.get_data(as_text=True)[:2000]
        )
        return cls(
            client,
            response.get_data(as_text=True),
            url,
            form=form,
            language=language,
            headers=headers,
        )

    @classmethod
    def from_response(cls, client, response, url: str, **kwargs) -> RenderedForm:
        """The form of a page a POST answered with (e.g. the form again with its errors)."""
        return cls(client, response.get_data(as_text=True), url, **kwargs)

    def _find_form(self, chosen: int | str | None) -> Tag:
        forms = self.soup.find_all("form")
        if not forms:
            raise FormNotFound(f"{self.url} has no <form>")
        if isinstance(chosen, int):
            return forms[chosen]
        if isinstance(chosen, str):
            for candidate in forms:
                if candidate.get("id") == chosen or chosen in (candidate.get("action") or ""):
                    return candidate
            raise FormNotFound(f"{self.url} has no form with id or action {chosen!r}")
        for candidate in forms:
            visible = candidate.find_all(["textarea", "select"]) + [
                tag
                for tag in candidate.find_all("input")
                if (tag.get("type") or "text").lower() not in ("hidden", "submit", "button")
            ]
            if visible:
                return candidate
        return forms[0]

    def _label_texts(self, tag: Tag) -> list[str]:
        texts = []
        control_id = tag.get("id")
        if control_id:
            for label in self.soup.find_all("label", attrs={"for": control_id}):
                texts.append(_fold(label.get_text(" ")))
        wrapping = tag.find_parent("label")
        if wrapping is not None:
            texts.append(_fold(wrapping.get_text(" ")))
        if tag.get("aria-label"):
            texts.append(_fold(tag["aria-label"]))
        return [text for text in texts if text]

    def _read_controls(self) -> list[_Control]:
        controls = []
        form_id = self.form.get("id")
        tags = list(self.form.find_all(["input", "select", "textarea", "button"]))
        if form_id:  # controls outside the form that name it with form="…"
            tags += [t for t in self.soup.find_all(attrs={"form": form_id}) if t not in tags]
        for tag in tags:
            if tag.name == "select":
                kind = "select-multiple" if tag.has_attr("multiple") else "select"
            elif tag.name == "textarea":
                kind = "textarea"
            elif tag.name == "button":
                kind = (tag.get("type") or "submit").lower()
            else:
                kind = (tag.get("type") or "text").lower()
            controls.append(
                _Control(
                    tag=tag, name=tag.get("name") or "", kind=kind, labels=self._label_texts(tag)
                )
            )
        return controls

    def _initial_values(self) -> None:
        for index, control in enumerate(self.controls):
            tag = control.tag
            if control.kind == "textarea":
                text = tag.string or tag.get_text() or ""
                # HTML drops one newline right after <textarea>.
                self.values[index] = [text[1:] if text.startswith("\n") else text]
            elif control.kind == "select":
                options = self._options_of(control)
                selected = [o for o in options if o[2]]
                value = selected[-1][0] if selected else (options[0][0] if options else None)
                self.values[index] = [value] if value is not None else []
            elif control.kind == "select-multiple":
                self.values[index] = [o[0] for o in self._options_of(control) if o[2]]
            elif control.kind in ("checkbox", "radio"):
                self.values[index] = ["on"] if tag.has_attr("checked") else []
            elif control.kind == "file":
                self.values[index] = None
            elif control.kind in ("submit", "button", "reset", "image"):
                continue
            else:
                self.values[index] = [tag.get("value", "")]

    # Reading --------------------------------------------------------------------------------

    def _options_of(self, control: _Control) -> list[tuple[str, str, bool, bool]]:
        """(value, visible text, selected, disabled) of each option of a select."""
        options = []
        for option in control.tag.find_all("option"):
            text = _fold(option.get_text(" "))
            value = option["value"] if option.has_attr("value") else text
            disabled = option.has_attr("disabled") or (
                option.parent is not None
                and option.parent.name == "optgroup"
                and option.parent.has_attr("disabled")
            )
            options.append((value, text, option.has_attr("selected"), disabled))
        return options

    @property
    def labels(self) -> list[str]:
        """Every label the form shows, in page order (group legends included)."""
        seen = []
        for control in self.controls:
            for text in control.labels + self._group_labels(control):
                if text not in seen:
                    seen.append(text)
        return seen

    def _group_labels(self, control: _Control) -> list[str]:
        fieldset = control.tag.find_parent("fieldset")
        if fieldset is not None:
            legend = fieldset.find("legend")
            if legend is not None:
                return [_fold(legend.get_text(" ")).rstrip("*").strip()]
        return []

    def _match(self, candidates: list[tuple[str, object]], wanted: str, what: str):
        wanted_folded = _fold(wanted)
        for matcher in (
            lambda text: text == wanted_folded,
            lambda text: text.startswith(wanted_folded),
            lambda text: wanted_folded in text,
        ):
            found = []
            for text, item in candidates:
                if matcher(text) and item not in found:
                    found.append(item)
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise AssertionError(f"{what} {wanted!r} is ambiguous on {self.url}")
        shown = sorted({text for text, _ in candidates})
        raise AssertionError(f"no {what} {wanted!r} on {self.url}; the form shows: {shown}")

    def control(self, label: str) -> _Control:
        """The control a label names (a text box, a select, a single checkbox)."""
        candidates = [
            (text, control)
            for control in self.controls
            if control.kind not in ("hidden", "submit", "button", "reset")
            for text in control.labels
        ]
        return self._match(candidates, label, "field labelled")

    def _group(self, label: str) -> list[_Control]:
        """The radios or checkboxes of a fieldset whose legend is ``label``."""
        candidates = []
        for control in self.controls:
            if control.kind in ("radio", "checkbox"):
                for text in self._group_labels(control):
                    candidates.append((text, text))
        legend = self._match(candidates, label, "group")
        return [
            c
            for c in self.controls
            if c.kind in ("radio", "checkbox") and legend in self._group_labels(c)
        ]

    def options(self, label: str) -> list[str]:
        """The visible texts of the choices a select (or radio/checkbox group) offers."""
        try:
            control = self.control(label)
        except AssertionError:
            return [c.labels[0] if c.labels else c.tag.get("value", "") for c in self._group(label)]
        return [text for value, text, _, disabled in self._options_of(control) if not disabled]

    def value(self, label: str) -> str | list[str] | None:
        control = self.control(label)
        current = self.values.get(self.controls.index(control))
        if control.kind == "select-multiple" or isinstance(current, Upload):
            return current
        return current[0] if current else None

    def is_required(self, label: str) -> bool:
        tag = self.control(label).tag
        return tag.has_attr("required") or tag.get("aria-required") == "true"

    # Filling --------------------------------------------------------------------------------

    def fill(self, label: str, value: str | Upload) -> RenderedForm:
        """Type into the field labelled ``label`` (or choose a file for a file input)."""
        control = self.control(label)
        index = self.controls.index(control)
        if control.disabled or control.tag.has_attr("readonly"):
            raise AssertionError(f"field {label!r} cannot be changed on {self.url}")
        if control.kind in ("select", "select-multiple"):
            return self.choose(label, value)
        if control.kind in ("checkbox", "radio"):
            raise AssertionError(f"{label!r} is a {control.kind}: use check() or choose()")
        if control.kind == "file":
            if not isinstance(value, Upload):
                raise AssertionError(f"{label!r} takes a file: give an Upload")
            self.values[index] = value
            return self
        self.values[index] = [str(value)]
        return self

    def choose(self, label: str, *option: str) -> RenderedForm:
        """Pick an offered option (by its visible text, else by its value) of a select or of a
        radio group; several for a multiple select or a checkbox group."""
        try:
            control = self.control(label)
        except AssertionError:
            control = None
        if control is not None and control.kind in ("select", "select-multiple"):
            offered = [
                (text, value)
                for value, text, _, disabled in self._options_of(control)
                if not disabled
            ]
            chosen = []
            for wanted in option:
                by_value = [value for text, value in offered if value == wanted]
                chosen.append(
                    by_value[0]
                    if by_value and not any(t == wanted for t, _ in offered)
                    else self._match(offered, wanted, f"option of {label!r}:")
                )
            if control.kind == "select" and len(chosen) != 1:
                raise AssertionError(f"{label!r} takes one option")
            self.values[self.controls.index(control)] = chosen
            return self
        if control is not None and control.kind in ("radio", "checkbox"):
            # A radio or checkbox named by its own label: choose = check it.
            return self.check(label)
        group = self._group(label)
        offered = [(text, member) for member in group for text in member.labels]
        offered += [(member.tag.get("value", ""), member) for member in group]
        picked = [self._match(offered, wanted, f"option of {label!r}:") for wanted in option]
        if group and group[0].kind == "radio":
            if len(picked) != 1:
                raise AssertionError(f"{label!r} is a radio group: choose one")
            for member in group:
                self.values[self.controls.index(member)] = []
        for member in picked:
            if member.disabled:
                raise AssertionError(f"option {option!r} of {label!r} is disabled")
            self.values[self.controls.index(member)] = ["on"]
        return self

    def check(self, label: str, on: bool = True) -> RenderedForm:
        """Tick (or untick) the checkbox labelled ``label``."""
        control = self.control(label)
        if control.kind not in ("checkbox", "radio"):
            raise AssertionError(f"{label!r} is not a checkbox")
        if control.disabled:
            raise AssertionError(f"checkbox {label!r} is disabled")
        self.values[self.controls.index(control)] = ["on"] if on else []
        return self

    def uncheck(self, label: str) -> RenderedForm:
        return self.check(label, on=False)

    # Sending --------------------------------------------------------------------------------

    def payload(self, button: str | None = None) -> MultiDict:
        """What a browser sends: enabled, named, successful controls in document order."""
        data: MultiDict = MultiDict()
        pressed = self._button(button)
        for index, control in enumerate(self.controls):
            if not control.name or control.disabled:
                continue
            kind = control.kind
            if kind in ("submit", "image", "button", "reset"):
                if control is pressed and kind in ("submit", "image"):
                    data.add(control.name, control.tag.get("value", ""))
                continue
            current = self.values.get(index)
            if kind in ("checkbox", "radio"):
                if current:
                    data.add(control.name, control.tag.get("value", "on"))
            elif kind == "file":
                if isinstance(current, Upload):
                    data.add(
                        control.name,
                        (io.BytesIO(current.content), current.filename, current.content_type),
                    )
                else:
                    data.add(control.name, (io.BytesIO(b""), "", "application/octet-stream"))
            else:
                for value in current or []:
                    data.add(control.name, value)
        return data

    def _button(self, label: str | None) -> _Control | None:
        buttons = [c for c in self.controls if c.kind in ("submit", "image")]
        if label is None:
            return buttons[0] if buttons else None
        candidates = [(_fold(c.tag.get_text(" ") or c.tag.get("value", "")), c) for c in buttons]
        return self._match(candidates, label, "button")

    @property
    def action(self) -> str:
        action = self.form.get("action") or ""
        return urljoin(self.url, action) if action else self.url

    @property
    def method(self) -> str:
        return (self.form.get("method") or "get").lower()

    def submit(self, button: str | None = None, **kwargs):
        """Send the form as the browser would; returns the test client's response."""
        data = self.payload(button)
        path = self.action
        parts = urlsplit(path)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if self.method == "get":
            return self.client.get(parts.path, query_string=data, headers=headers, **kwargs)
        enctype = (self.form.get("enctype") or "application/x-www-form-urlencoded").lower()
        if enctype == "multipart/form-data":
            return self.client.post(
                target, data=data, content_type="multipart/form-data", headers=headers, **kwargs
            )
        files = [key for key, value in data.items(multi=True) if isinstance(value, tuple)]
        if files:  # a browser sends only the filename of a file input in a urlencoded form
            for key in files:
                values = [v[1] if isinstance(v, tuple) else v for v in data.getlist(key)]
                data.setlist(key, values)
        return self.client.post(target, data=data, headers=headers, **kwargs)


def page_errors(response) -> dict[str, list[str]]:
    """The errors a page shows: the summary's items by field label, and ``"*"`` for alerts."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    found: dict[str, list[str]] = {}
    summary = soup.find(id="form-problems")
    if summary is not None:
        for item in summary.find_all("li"):
            link = item.find("a")
            label = _fold(link.get_text(" ")) if link else ""
            message = _fold(item.get_text(" "))
            if label and message.startswith(label):
                message = message[len(label) :].lstrip(": ").strip()
            found.setdefault(label, []).append(message)
    for alert in soup.select(".alert-danger"):
        if alert is summary:
            continue
        found.setdefault("*", []).append(_fold(alert.get_text(" ")))
    return found


def field_errors(response) -> dict[str, str]:
    """Each field's own error text, by the field's id."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return {
        tag["id"].removesuffix("-error"): _fold(tag.get_text(" "))
        for tag in soup.select("[id$='-error']")
    }
