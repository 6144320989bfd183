"""One Thai word for the seven smart-city dimensions (the tracks): มิติ, in the catalogue and on
every page that names them."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from tests.test_i18n import read_catalogue

THAI_WORD = "มิติ"
# Words Thai pages used for the same thing before: "side/aspect", the loanword "track",
# "category".
OTHER_WORDS = ("ด้าน", "แทร็ก", "หมวด")
NAMES_THE_DIMENSIONS = re.compile(r"\b(dimensions?|tracks?)\b", re.IGNORECASE)
# A placeholder's name is not text anyone reads: "%(dimension)s" stands for a dimension's name.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_catalogue_entry_about_dimensions_or_tracks_says_miti():
    problems = []
    for message in read_catalogue():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if not message.id or not any(
            NAMES_THE_DIMENSIONS.search(PLACEHOLDER.sub("", text)) for text in ids
        ):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if THAI_WORD not in text or any(word in text for word in OTHER_WORDS):
                problems.append(f"{ids[0]!r} -> {text!r}")
    assert problems == []


def thai_page(client, path: str) -> BeautifulSoup:
    response = client.get(path, headers={"Accept-Language": "th"})
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_home_directory_application_and_call_for_sessions_agree_in_thai(client, app, event):
    from datetime import UTC, datetime, timedelta

    from showcase.booths.services.settings import update_settings
    from showcase.core.db import unit_of_work
    from showcase.events.services import get_event

    with app.app_context():
        now = datetime.now(UTC)
        with unit_of_work():
            update_settings(get_event(event), now - timedelta(days=1), now + timedelta(days=9), 1)
    home = thai_page(client, f"/{event}/")
    assert home.find("h2", id="dimensions").get_text(strip=True) == "เมืองอัจฉริยะเจ็ดมิติ"
    directory = thai_page(client, f"/{event}/exhibitors/")
    assert directory.find("label", attrs={"for": "filter-dimension"}).get_text() == THAI_WORD
    assert directory.find("option", attrs={"value": ""}).get_text() == "ทุกมิติ"
    apply = thai_page(client, f"/{event}/booths/apply")
    legends = [legend.get_text(" ", strip=True) for legend in apply.find_all("legend")]
    assert "มิติของเมืองอัจฉริยะที่จัดแสดง" in legends
    cfp = thai_page(client, f"/{event}/cfp/")
    assert cfp.find("label", attrs={"for": "track"}).get_text(strip=True) == THAI_WORD
    track_choices = cfp.find("select", id="track").find_all("option")
    assert track_choices[0].get_text() == "ไม่ระบุมิติ"
    for page in (home, directory, apply, cfp):
        text = page.get_text(" ")
        assert "แทร็ก" not in text
        assert "หมวด" not in text
