"""The body's small markup: paragraphs, lists and links rendered to text and HTML, values that
are never read as markup, and what is refused (unknown placeholders, tags, other links)."""

from __future__ import annotations

from showcase.announcements.services.markup import (
    Value,
    check_text,
    parse,
    render_html,
    render_subject,
    render_text,
    unknown_placeholders,
)

BODY = (
    "Dear {name},\n\n"
    "Please bring:\n"
    "- your badge\n"
    "- a card\n\n"
    "Programme: https://depa.example/programme. Your page: [open it]({manage_link})\n"
    "Write to [us](mailto:team@depa.example)"
)


def values(**extra):
    return {
        "name": Value("<b>Somchai</b> & co"),
        "manage_link": Value("https://showcase.example/m/abc?x=1&y=2", url=True),
        **extra,
    }


def test_the_body_renders_to_text_with_its_values():
    text = render_text(parse(BODY), values())
    assert text == (
        "Dear <b>Somchai</b> & co,\n\n"
        "Please bring:\n\n"
        "- your badge\n- a card\n\n"
        "Programme: https://depa.example/programme. "
        "Your page: open it (https://showcase.example/m/abc?x=1&y=2)\n"
        "Write to us (mailto:team@depa.example)"
    )


def test_the_body_renders_to_html_with_everything_escaped():
    html = str(render_html(parse(BODY), values()))
    assert "<p>Dear &lt;b&gt;Somchai&lt;/b&gt; &amp; co,</p>" in html
    assert "<li>your badge</li><li>a card</li>" in html
    assert '<a href="https://depa.example/programme">https://depa.example/programme</a>.' in html
    assert '<a href="https://showcase.example/m/abc?x=1&amp;y=2">open it</a>' in html
    assert '<a href="mailto:team@depa.example">us</a>' in html
    assert "<b>" not in html


def test_a_value_is_never_read_as_markup():
    sneaky = values(name=Value("[x](javascript:alert(1)) https://evil.example"))
    html = str(render_html(parse("Hello {name}"), sneaky))
    assert "<a" not in html and "javascript:alert(1)" in html


def test_sessions_are_lines():
    lines = Value(lines=("Opening — อังคาร 26 ม.ค. 2570, 09:00 ICT", "Panel — 14:00"))
    assert render_text(parse("Yours:\n\n{sessions}"), {"sessions": lines}).endswith(
        "Opening — อังคาร 26 ม.ค. 2570, 09:00 ICT\nPanel — 14:00"
    )
    assert "<br>" in str(render_html(parse("{sessions}"), {"sessions": lines}))


def test_a_subject_is_one_line_with_its_values():
    assert render_subject("News  for {name}", {"name": Value("Somchai\nJaidee")}) == (
        "News for Somchai Jaidee"
    )


def test_unknown_placeholders_are_named_and_answers_are_known_by_their_code():
    text = "Hi {name}, {nmae}, {answer.dietary}, {answer.nothing}, {name}"
    assert unknown_placeholders(text, ["dietary"]) == ["nmae", "answer.nothing"]


def test_tags_and_other_links_are_refused_with_a_message():
    problems = check_text("<script>alert(1)</script> [x](javascript:alert(1))", "body_en")
    messages = [str(problem.message) for problem in problems]
    assert any("HTML tags" in message for message in messages)
    assert any("not allowed: javascript:alert(1" in message for message in messages)
    assert all(problem.field == "body_en" for problem in problems)
    assert check_text("a < b and [ok](https://depa.example)", "body_en") == []
