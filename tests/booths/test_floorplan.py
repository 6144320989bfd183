"""The floor plan SVG: well-formed XML, one shape per booth, escaped text, no inline styles."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from showcase.booths.services import decisions as decisions_rules
from showcase.booths.services import layout as layout_rules
from showcase.events.services import get_event
from showcase.extensions import db
from tests.booths.helpers import InUnitsOfWork, add_city, submit

decisions = InUnitsOfWork(decisions_rules)
layout = InUnitsOfWork(layout_rules)

SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output, under test


def booth_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-code"): g for g in root.iter(f"{SVG}g") if g.get("class") == "booth"}


def approve(app, event, city_name: str, booth_code: str, **values):
    with app.app_context():
        current = get_event(event)
        city = add_city(city_name, values.pop("name_th", ""))
        db.session.commit()
        application = submit(current, city, contact_email="c@city.example", **values)
        booth = layout.booth_by_code(current, booth_code)
        decisions.approve_application(current, application.id, booth.id, "organiser@x.example")
        return application.id


def test_svg_parses_has_one_shape_per_booth_and_escapes_what_cities_typed(client, app, booth_event):
    hostile = 'Evil <script>alert("x")</script> & "Co" \x07'
    application_id = approve(
        app, booth_event, hostile, "A-01", title_en="<b>bold</b> & </title><svg onload=x>"
    )
    response = client.get(f"/{booth_event}/floorplan.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    text = response.get_data(as_text=True)
    root = parse(text)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 32 28.3"
    shapes = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "booth-shape"]
    assert len(shapes) == 4
    assert sorted(booth_groups(root)) == ["A-01", "A-02", "A-03", "A-04"]
    # Nothing typed by a city becomes markup: no script element, the text is intact as text.
    assert not list(root.iter(f"{SVG}script"))
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    group = booth_groups(root)["A-01"]
    link = group.find(f"{SVG}a")
    assert (
        link.get("href")
        == f"/{booth_event}/exhibitors/{application_id}-evil-script-alert-x-script-co/"
    )
    title = link.find(f"{SVG}title").text
    assert 'Evil <script>alert("x")</script> & "Co" ' in title
    assert "<b>bold</b> & </title><svg onload=x>" in title
    assert "\x07" not in text
    # Strict CSP: presentation attributes only.
    assert "style" not in text


def test_svg_titles_zones_legend_and_free_booths(client, booth_event):
    root = parse(client.get(f"/{booth_event}/floorplan.svg").get_data(as_text=True))
    groups = booth_groups(root)
    assert groups["A-02"].get("data-status") == "free"
    assert groups["A-04"].get("data-status") == "blocked"
    assert groups["A-02"].find(f"{SVG}title").text == (
        "Booth A-02 · Smart Mobility zone · Hall A · 3 × 3 m · Free"
    )
    assert groups["A-04"].find(f"{SVG}title").text.endswith("· Not available")
    assert groups["A-02"].find(f"{SVG}a") is None  # free booths link nowhere
    mobility = groups["A-01"].find(f"{SVG}rect")
    assert mobility.get("stroke") == "#1f5fa8"  # the track colour of the zone
    legend = [
        t.text
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "legend"
        for t in g.iter(f"{SVG}text")
    ]
    assert legend == [
        "Smart Mobility",
        "Smart Energy",
        "General",
        "Free booth (outline in zone colour)",
        "Not available",
    ]


def test_highlight_outlines_one_booth_and_ignores_unknown_codes(client, booth_event):
    root = parse(client.get(f"/{booth_event}/floorplan.svg?highlight=a-02").get_data(as_text=True))
    rings = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "highlight-ring"]
    assert len(rings) == 1
    assert booth_groups(root)["A-02"].find(f"{SVG}rect[@class='highlight-ring']") is not None
    assert "Booth A-02 is highlighted." in root.find(f"{SVG}desc").text
    root = parse(client.get(f"/{booth_event}/floorplan.svg?highlight=Z-99").get_data(as_text=True))
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("class") == "highlight-ring"]


def test_thai_reader_gets_thai_names(client, app, booth_event):
    approve(app, booth_event, "Udon Thani", "A-01", name_th="อุดรธานี")
    client.set_cookie("showcase_lang", "th")
    text = client.get(f"/{booth_event}/floorplan.svg").get_data(as_text=True)
    root = parse(text)
    cities = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "booth-city"]
    assert cities == ["อุดรธานี"]
    assert "บูธ A-02" in text


def test_floorplan_page_has_the_plan_and_the_same_as_a_list(client, app, booth_event):
    approve(app, booth_event, "Udon Thani", "A-02", title_en="Smart health at home")
    response = client.get(f"/{booth_event}/floorplan/?highlight=A-02")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('class="booth-shape"') == 4
    assert "Booth A-02 is outlined in pink." in page
    assert '<tr class="table-warning" aria-current="true">' in page
    assert ">Udon Thani</a>: Smart health at home" in page
    assert "style=" not in page and "<style" not in page


def test_organiser_plan_colours_by_status(client, app, booth_event, login):
    approve(app, booth_event, "Udon Thani", "A-01")
    with app.app_context():
        current = get_event(booth_event)
        booth = layout.booth_by_code(current, "A-03")
        layout.update_booth(
            booth,
            code="A-03",
            hall=booth.hall,
            x=8,
            y=2,
            width=3,
            depth=3,
            zone="general",
            availability="held",
        )
        db.session.commit()
    login("organiser")
    root = parse(client.get(f"/manage/{booth_event}/booths/floorplan.svg").get_data(as_text=True))
    fills = {
        code: group.find(f"{SVG}a/{SVG}rect[@class='booth-shape']").get("fill")
        for code, group in booth_groups(root).items()
    }
    assert fills == {"A-01": "#0b3d66", "A-02": "#d1e7dd", "A-03": "#fff3cd", "A-04": "#6c757d"}
    statuses = {code: group.get("data-status") for code, group in booth_groups(root).items()}
    assert statuses == {"A-01": "assigned", "A-02": "free", "A-03": "held", "A-04": "blocked"}
    assert client.get(f"/manage/{booth_event}/booths/").status_code == 200
