"""Cities: create, edit and import from CSV (all rows or none)."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from showcase.events.models import City, CityKind
from showcase.extensions import db

GOOD_CSV = (
    "\ufeffname_en,name_th,province_en,province_th,country_code,kind,city_possible_member,website\r\n"
    "Phuket,ภูเก็ต,Phuket,ภูเก็ต,TH,thai_member,yes,https://www.phuketcity.go.th\r\n"
    "Khon Kaen,ขอนแก่น,Khon Kaen,ขอนแก่น,TH,thai_member,yes,\r\n"
    "Yokohama,โยโกฮามา,Kanagawa,,jp,international,no,https://www.city.yokohama.lg.jp\r\n"
)


def upload(client, event, content: str | bytes, filename="cities.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        f"/manage/{event}/cities/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def city_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(City))


def test_city_import_good_file_creates_cities(app, client, event, login):
    login("organiser")
    response = upload(client, event, GOOD_CSV)
    assert response.status_code == 303
    with app.app_context():
        phuket = db.session.scalar(select(City).where(City.name_en == "Phuket"))
        assert phuket.name_th == "ภูเก็ต"
        assert phuket.kind == CityKind.THAI_MEMBER and phuket.city_possible_member
        yokohama = db.session.scalar(select(City).where(City.name_en == "Yokohama"))
        assert yokohama.country_code == "JP" and not yokohama.city_possible_member
    assert city_count(app) == 3
    flashed = client.get(f"/manage/{event}/cities/").get_data(as_text=True)
    assert "Imported: 3 new cities, 0 updated." in flashed


def test_city_import_again_updates_instead_of_duplicating(app, client, event, login):
    login("organiser")
    upload(client, event, GOOD_CSV)
    changed = GOOD_CSV.replace("ภูเก็ต,Phuket", "นครภูเก็ต,Phuket")
    assert upload(client, event, changed).status_code == 303
    assert city_count(app) == 3
    with app.app_context():
        assert db.session.scalar(select(City.name_th).where(City.name_en == "Phuket")) == "นครภูเก็ต"


def test_city_import_bad_rows_are_reported_by_line_and_nothing_is_saved(app, client, event, login):
    login("organiser")
    bad = (
        "name_en,country_code,kind,city_possible_member\n"
        "Rayong,TH,thai_member,yes\n"  # line 2: good
        ",TH,thai_member,yes\n"  # line 3: no name
        "Lyon,XX,international,no\n"  # line 4: bad country
        "Osaka,JP,thai_member,no\n"  # line 5: Thai member abroad
        "Rayong,TH,thai_member,maybe\n"  # line 6: bad flag
        "Rayong,th,thai_member,yes\n"  # line 7: same as line 2
        "Nan,TH\n"  # line 8: too few values
    )
    response = upload(client, event, bad)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "The file was not imported: it has 6 problems." in body
    for line in (3, 4, 5, 6, 7, 8):
        assert f"Line {line}:" in body
    assert "Line 2:" not in body
    assert "the same city as on line 2" in body
    assert city_count(app) == 0


def test_city_import_wrong_columns(app, client, event, login):
    login("organiser")
    response = upload(client, event, "city,country\nPhuket,TH\n")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "missing columns: name_en, country_code, kind" in body
    assert "unknown columns: city, country" in body
    assert city_count(app) == 0


def test_city_import_not_utf8_and_empty_and_not_csv(app, client, event, login):
    login("organiser")
    latin = upload(
        client,
        event,
        "name_en,country_code,kind\nS\xe3o Paulo,BR,international\n".encode("latin-1"),
    )
    assert latin.status_code == 400
    assert "The file is not UTF-8 text." in latin.get_data(as_text=True)
    empty = upload(client, event, b"")
    assert empty.status_code == 400
    assert "The file is empty." in empty.get_data(as_text=True)
    wrong_type = upload(client, event, GOOD_CSV, filename="cities.exe")
    assert wrong_type.status_code == 400
    assert "The file must be a .csv file." in wrong_type.get_data(as_text=True)
    assert city_count(app) == 0


def test_city_import_errors_in_thai(client, event, login):
    login("organiser")
    client.set_cookie("showcase_lang", "th")
    response = upload(client, event, "name_en,country_code,kind\nLyon,XX,international\n")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "บรรทัดที่ 2" in body
    assert "ไม่ได้นำเข้าไฟล์" in body


def test_create_and_edit_city(app, client, event, login):
    login("organiser")
    response = client.post(
        f"/manage/{event}/cities/new",
        data={
            "name_en": "Phuket",
            "name_th": "ภูเก็ต",
            "country_code": "th",
            "kind": "thai_member",
            "city_possible_member": "y",
            "website": "",
        },
    )
    assert response.status_code == 303
    with app.app_context():
        city_id = db.session.scalar(select(City.id).where(City.name_en == "Phuket"))
    duplicate = client.post(
        f"/manage/{event}/cities/new",
        data={"name_en": "Phuket", "country_code": "TH", "kind": "thai_member"},
    )
    assert duplicate.status_code == 400
    assert "This city is already in the list." in duplicate.get_data(as_text=True)
    edit = client.post(
        f"/manage/{event}/cities/{city_id}",
        data={
            "name_en": "Phuket City",
            "name_th": "เทศบาลนครภูเก็ต",
            "country_code": "TH",
            "kind": "thai_member",
            "website": "ftp://nope",
        },
    )
    assert edit.status_code == 400
    assert "http:// or https://" in edit.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(City, city_id).name_en == "Phuket"  # nothing half-saved
    ok = client.post(
        f"/manage/{event}/cities/{city_id}",
        data={"name_en": "Phuket City", "country_code": "TH", "kind": "thai_member"},
    )
    assert ok.status_code == 303
    with app.app_context():
        assert db.session.get(City, city_id).name_en == "Phuket City"


def test_cities_csv_export_round_trips(app, client, event, login):
    login("organiser")
    upload(client, event, GOOD_CSV)
    exported = client.get(f"/manage/{event}/cities.csv")
    assert exported.status_code == 200
    assert exported.data.startswith("\ufeff".encode())
    with app.app_context():
        db.session.execute(db.delete(City))
        db.session.commit()
    assert upload(client, event, exported.data).status_code == 303
    assert city_count(app) == 3


def test_cities_list_search_and_filter(client, event, login):
    login("organiser")
    upload(client, event, GOOD_CSV)
    page = client.get(f"/manage/{event}/cities/", query_string={"q": "khon"}).get_data(as_text=True)
    assert "Khon Kaen" in page and "Yokohama" not in page
    page = client.get(f"/manage/{event}/cities/", query_string={"kind": "international"}).get_data(
        as_text=True
    )
    assert "Yokohama" in page and "Khon Kaen" not in page
