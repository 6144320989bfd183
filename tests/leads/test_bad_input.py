"""Bad input to the lead pages on SQLite and on PostgreSQL (which refuses what SQLite accepts:
NUL bytes, integers past 2^31): a clear message in the person's language, nothing saved or
lost, never a 500."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from showcase.extensions import db
from showcase.leads.models import ExhibitorLead
from tests import factories
from tests.forms import RenderedForm
from tests.leads.helpers import exhibitor, payload, scan, visitor


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """PostgreSQL refuses what SQLite accepts: each case runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'showcase-test.db'}"
    return request.getfixturevalue("postgres_url")


BAD_SCANS = [
    ("R2147483648-ABCDEFGHJKLM", "This badge code is not valid", "รหัสบนบัตรนี้ไม่ถูกต้อง"),
    ("R99999999999-ABCDEFGHJKLM", "This badge code is not valid", "รหัสบนบัตรนี้ไม่ถูกต้อง"),
    ("x" * 500, "This badge code is not valid", "รหัสบนบัตรนี้ไม่ถูกต้อง"),
    ("", "Scan a badge or type its code.", "สแกนบัตรหรือพิมพ์รหัสบัตร"),
]


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize(("code", "english", "thai"), BAD_SCANS)
def test_a_bad_scan_is_refused_in_the_persons_language(ctx, client, lang, code, english, thai):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True)
    scan(client, booth.leads_url, payload(anna))
    form = RenderedForm.get(client, booth.leads_url, form="lead-scan-form", language=lang)
    form.fill("รหัสบัตร (สแกนหรือพิมพ์)" if lang == "th" else "Badge code (scanned or typed)", code)
    response = form.submit()
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert (thai if lang == "th" else english) in text
    db.session.rollback()
    assert [lead.registration_id for lead in db.session.scalars(select(ExhibitorLead))] == [anna.id]


@pytest.mark.parametrize(
    "values",
    [
        {"rating": "2147483648"},
        {"rating": "-1"},
        {"rating": "five"},
        {"note": "null\x00byte"},
        {"tags": "a\x00b"},
        {"note": "x" * 100_000},
    ],
)
def test_a_bad_note_rating_or_tag_leaves_the_lead_as_it_was(ctx, client, values):
    event = factories.event()
    booth = exhibitor(event)
    anna = visitor(event, "Anna Weber", "anna@example.de", share=True)
    scan(client, booth.leads_url, payload(anna))
    lead_id = db.session.scalar(select(ExhibitorLead.id))
    url = f"{booth.leads_url}{lead_id}"
    form = RenderedForm.get(client, url)
    form.fill("Note", "Kept").choose("Rating", "3 of 5 stars").fill("Tags", "energy")
    assert form.submit().status_code == 303
    sent = RenderedForm.get(client, url).payload()
    for name, value in values.items():
        sent[name] = value
    response = client.post(url, data=sent)
    assert 400 <= response.status_code < 500
    db.session.rollback()
    lead = db.session.get(ExhibitorLead, lead_id)
    assert (lead.note, lead.rating, lead.tags) == ("Kept", 3, "energy")
