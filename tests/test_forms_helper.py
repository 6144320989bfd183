"""The rendered-form helper itself: it posts what a browser would and refuses what none could."""

from __future__ import annotations

import pytest
from flask import Flask, request

from tests.forms import RenderedForm, Upload, page_errors

PAGE = """<!doctype html><html><body>
<form id="other" action="/elsewhere" method="post"><button>Other</button></form>
<form method="post" action="/echo" enctype="multipart/form-data">
  <input type="hidden" name="csrf_token" value="tok-123">
  <label for="name">Full name</label> <span aria-hidden="true">*</span>
  <input id="name" name="name" value="Preset" required>
  <label for="city">City</label>
  <select id="city" name="city">
    <option value="">Choose your city</option>
    <optgroup label="Thai member cities"><option value="7">Khon Kaen</option></optgroup>
    <option value="other">Other city</option>
    <option value="9" disabled>Closed city</option>
  </select>
  <label for="country">Country</label><select id="country" name="country"></select>
  <label for="bio">Biography</label>
  <textarea id="bio" name="bio">
Line one</textarea>
  <fieldset><legend>Dimensions <span>*</span></legend>
    <input type="checkbox" id="d1" name="dims" value="energy"><label for="d1">Energy</label>
    <input type="checkbox" id="d2" name="dims" value="mobility" checked>
    <label for="d2">Mobility</label>
  </fieldset>
  <fieldset><legend>Language</legend>
    <input type="radio" id="l1" name="lang" value="en" checked><label for="l1">English</label>
    <input type="radio" id="l2" name="lang" value="th"><label for="l2">ไทย</label>
  </fieldset>
  <label><input type="checkbox" name="consent" value="y"> I agree to the privacy notice</label>
  <input type="text" name="locked" value="x" disabled>
  <label for="photo">Photo</label><input type="file" id="photo" name="photo">
  <button type="submit" name="action" value="save">Save</button>
  <button type="submit" name="action" value="draft">Keep as draft</button>
</form></body></html>"""


@pytest.fixture
def echo_client():
    app = Flask(__name__)

    @app.get("/form")
    def form():
        return PAGE

    @app.post("/echo")
    def echo():
        files = {key: (f.filename, len(f.read())) for key, f in request.files.items()}
        return {"form": request.form.to_dict(flat=False), "files": files}

    return app.test_client()


def test_rendered_form_posts_hidden_fields_defaults_and_chosen_values(echo_client):
    form = RenderedForm.get(echo_client, "/form")
    form.fill("Full name", "Somchai Jaidee").choose("City", "Khon Kaen")
    form.choose("Dimensions", "Energy").choose("Language", "ไทย").check("I agree")
    form.fill("Photo", Upload("me.png", b"\x89PNG....", "image/png"))
    sent = form.submit().get_json()
    assert sent["form"] == {
        "csrf_token": ["tok-123"],
        "name": ["Somchai Jaidee"],
        "city": ["7"],
        "bio": ["Line one"],
        "dims": ["energy", "mobility"],
        "lang": ["th"],
        "consent": ["y"],
        "action": ["save"],
    }  # the empty select, the disabled field and the other button send nothing
    assert sent["files"] == {"photo": ["me.png", 8]}


def test_rendered_form_sends_the_button_pressed(echo_client):
    sent = RenderedForm.get(echo_client, "/form").submit("Keep as draft").get_json()
    assert sent["form"]["action"] == ["draft"]


def test_rendered_form_refuses_what_the_page_does_not_offer(echo_client):
    form = RenderedForm.get(echo_client, "/form")
    with pytest.raises(AssertionError, match=r"no option of 'City'.*'Bangkok'"):
        form.choose("City", "Bangkok")
    with pytest.raises(AssertionError, match="no option of 'Country'"):
        form.choose("Country", "Thailand")
    with pytest.raises(AssertionError, match="no option of 'City'"):
        form.choose("City", "Closed city")
    with pytest.raises(AssertionError, match="no field labelled 'Email'"):
        form.fill("Email", "a@example.org")
    assert form.options("City") == ["Choose your city", "Khon Kaen", "Other city"]
    assert form.options("Country") == []
    assert form.is_required("Full name")
    assert not form.is_required("Biography")


def test_page_errors_reads_the_summary_by_label():
    class Response:
        def get_data(self, as_text=True):
            return (
                '<div class="alert alert-danger" id="form-problems"><ul>'
                '<li><a href="#email">Email</a>: This field is required.</li>'
                '<li><a href="#category">Registration category</a>: Choose a category</li>'
                '</ul></div><div class="alert alert-danger">Try again later.</div>'
            )

    assert page_errors(Response()) == {
        "Email": ["This field is required."],
        "Registration category": ["Choose a category"],
        "*": ["Try again later."],
    }
