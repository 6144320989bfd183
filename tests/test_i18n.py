"""Both languages: the catalogue is complete, the switch works, dates use the reader's era."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "showcase" / "translations" / "th" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "_nl": (1, 2),
    "lazy_ngettext": (1, 2),
}


def read_catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def source_messages() -> set[str]:
    method_map = [
        ("showcase/**.py", "python"),
        ("config.py", "python"),
        ("showcase/templates/**.html", "jinja2"),
        ("showcase/templates/**.txt", "jinja2"),
    ]
    options = {
        "showcase/templates/**.html": {"extensions": "jinja2.ext.do"},
        "showcase/templates/**.txt": {"extensions": "jinja2.ext.do"},
    }
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        options,
        keywords=KEYWORDS,
        directory_filter=lambda path: (
            not Path(path).name.startswith((".", "__pycache__"))
            and ".venv" not in Path(path).parts
            and "tests" not in Path(path).parts
        ),
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_thai_catalogue_has_no_untranslated_or_fuzzy_message():
    catalogue = read_catalogue()
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


def test_every_message_in_the_code_is_in_the_thai_catalogue():
    catalogue = read_catalogue()
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue if m.id}
    missing = sorted(source_messages() - known)
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing[:10])


def test_thai_translations_keep_their_placeholders():
    catalogue = read_catalogue()
    errors = [(message.id, [str(e) for e in errs]) for message, errs in catalogue.check()]
    assert errors == []


def test_language_switch_sets_cookie_and_html_lang(client, event):
    english = client.get(f"/{event}/")
    assert '<html lang="en">' in english.get_data(as_text=True)
    switched = client.get("/lang/th", query_string={"next": f"/{event}/"})
    assert switched.status_code == 302
    assert switched.headers["Location"] == f"/{event}/"
    assert "showcase_lang=th" in switched.headers["Set-Cookie"]
    thai = client.get(f"/{event}/").get_data(as_text=True)
    assert '<html lang="th">' in thai
    assert "เมืองอัจฉริยะเจ็ดมิติ" in thai
    back = client.get("/lang/en", query_string={"next": f"/{event}/"})
    assert back.status_code == 302
    assert '<html lang="en">' in client.get(f"/{event}/").get_data(as_text=True)


def test_accept_language_chooses_thai_without_a_cookie(client, event):
    page = client.get(f"/{event}/", headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
    assert '<html lang="th">' in page.get_data(as_text=True)
    page = client.get(f"/{event}/", headers={"Accept-Language": "fr-FR,en;q=0.5"})
    assert '<html lang="en">' in page.get_data(as_text=True)


def test_cookie_choice_wins_over_accept_language(client, event):
    client.set_cookie("showcase_lang", "en")
    page = client.get(f"/{event}/", headers={"Accept-Language": "th"})
    assert '<html lang="en">' in page.get_data(as_text=True)


def test_unknown_language_is_ignored_and_next_cannot_leave_the_site(client):
    response = client.get("/lang/xx", query_string={"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Set-Cookie" not in response.headers


def test_thai_page_shows_buddhist_era_year(client, event):
    client.set_cookie("showcase_lang", "th")
    page = client.get(f"/{event}/").get_data(as_text=True)
    assert "26–28 มกราคม 2570" in page
    assert "มกราคม 2027" not in page
    # The registration window (opened yesterday in the fixture) is in the Buddhist era too.
    from datetime import UTC, datetime, timedelta

    opened = datetime.now(UTC) - timedelta(days=1)
    window = page.split("การลงทะเบียน:")[1].split("</li>")[0]
    assert f"{opened.year + 543}, " in window
    assert f"{opened.year}, " not in window


def test_english_page_shows_common_era_year_and_zone(client, event):
    page = client.get(f"/{event}/").get_data(as_text=True)
    assert "26–28 January 2027" in page
    assert "ICT (UTC+7)" in page


def test_wtforms_own_messages_appear_in_thai(client, make_user):
    client.set_cookie("showcase_lang", "th")
    response = client.post("/manage/login", data={"email": "", "password": ""})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "กรุณากรอกช่องนี้" in body
    assert "This field is required." not in body
