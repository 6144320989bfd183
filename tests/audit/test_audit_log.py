"""The audit log: what an organiser's change records (old and new values, who, from where),
what it keeps out (masked values), that nothing changes it (the ORM, and PostgreSQL's trigger),
retention, and the administrators' page with its filters and CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from showcase.core.audit import (
    MASKED,
    AuditAction,
    AuditEntry,
    AuditLogIsAppendOnly,
    audited,
    purge_audit_entries,
    record,
)
from showcase.core.db import unit_of_work
from showcase.extensions import db
from tests import factories
from tests.forms import RenderedForm


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'showcase-test.db'}"
    return request.getfixturevalue("postgres_url")


def entries(**where) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEntry, name) == value)
    return list(db.session.scalars(query))


def test_an_organisers_edit_records_who_from_where_and_the_old_and_new_values(
    ctx, client, event, login
):
    city = factories.city("Khon Kaen", "ขอนแก่น")
    admin = login("admin")
    form = RenderedForm.get(client, f"/manage/{event}/cities/{city.id}")
    form.fill("Name (English)", "Khon Kaen City")
    assert form.submit(headers={"X-Request-ID": "req-audit-0001"}).status_code == 303

    (entry,) = entries(object_kind="city", object_id=str(city.id))
    assert entry.action is AuditAction.UPDATE
    assert entry.changes == {"name_en": ["Khon Kaen", "Khon Kaen City"]}
    assert (entry.user_email, entry.user_role) == (admin, "admin")
    assert entry.request_id == "req-audit-0001"
    assert entry.remote_addr == "127.0.0.1"
    assert entry.object_label == "Khon Kaen City"


class Refused(Exception):
    pass


def test_a_rolled_back_change_leaves_no_entry(ctx):
    from showcase.events.models import City, CityKind
    from showcase.events.services import create_city

    with pytest.raises(Refused), audited("test"), unit_of_work():
        create_city(name_en="Phuket", name_th="ภูเก็ต", country_code="TH", kind=CityKind.THAI_MEMBER)
        db.session.flush()
        assert len(entries(object_kind="city")) == 1  # written, in the same transaction
        raise Refused
    assert entries() == []
    assert db.session.scalars(select(City).where(City.name_en == "Phuket")).all() == []


def test_secrets_passport_data_and_answers_are_masked(ctx, world):
    from showcase.accounts.services import create_user
    from showcase.letters.models import VisaLetter
    from showcase.questions.models import Answer

    with audited("test"), unit_of_work():
        user = create_user("masked@showcase.example", "checkin", "correct-horse-1")
        letter = db.session.get(VisaLetter, world.ids["letter_id"])
        letter.passport_number = "AB1234567"
        letter.embassy = "Royal Thai Embassy, Tokyo"
        answer = db.session.get(Answer, world.ids["answer_id"])
        answer.value = "another card"

    (created,) = entries(object_kind="user_account", object_id=str(user.id))
    assert created.changes["password_hash"] == [None, MASKED]
    assert created.changes["email"] == [None, "masked@showcase.example"]
    (changed,) = entries(object_kind="visa_letter", object_id=str(world.ids["letter_id"]))
    assert changed.changes["passport_number"] == [MASKED, MASKED]
    assert changed.changes["embassy"][1] == "Royal Thai Embassy, Tokyo"
    (answered,) = entries(object_kind="registration_answer")
    assert answered.changes == {"value": [MASKED, MASKED]}
    everything = " ".join(str(e.changes) for e in entries())
    assert "AB1234567" not in everything and "another card" not in everything


def test_codes_that_name_things_are_kept_and_codes_that_admit_someone_are_masked(ctx):
    from showcase.booths.models import Booth
    from showcase.core.audit import is_masked
    from showcase.events.models import City
    from showcase.registration.models import Registration, RegistrationCategory

    assert not is_masked(Booth, "code", None)
    assert not is_masked(City, "country_code", None)
    assert not is_masked(RegistrationCategory, "code", None)
    assert is_masked(Registration, "badge_code", None)
    assert is_masked(RegistrationCategory, "invitation_code", None)
    from showcase.events.models import CityKind
    from showcase.events.services import create_city

    with audited("test"), unit_of_work():
        city = create_city(
            name_en="Vientiane",
            name_th="เวียงจันทน์",
            country_code="LA",
            kind=CityKind.INTERNATIONAL,
        )
    (created,) = entries(object_kind="city", object_id=str(city.id))
    assert created.changes["country_code"] == [None, "LA"]


def test_signing_in_failing_out_and_a_role_change_are_recorded(ctx, client, login):
    someone = factories.user("reviewer", "reviewer@showcase.example")
    client.post("/manage/login", data={"email": someone.email, "password": "wrong-horse-99"})
    (failed,) = entries(action=AuditAction.SIGN_IN_FAILED)
    assert (failed.user_email, failed.object_id) == ("reviewer@showcase.example", str(someone.id))

    admin = login("admin")
    (signed_in,) = entries(action=AuditAction.SIGN_IN)
    assert signed_in.user_email == admin
    form = RenderedForm.get(client, f"/manage/users/{someone.id}")
    form.choose("Role", "Organiser")
    assert form.submit().status_code == 303
    (role,) = entries(action=AuditAction.ROLE_CHANGE)
    assert role.changes == {"role": ["reviewer", "organiser"]}
    assert role.user_email == admin

    client.post("/manage/logout")
    (signed_out,) = entries(action=AuditAction.SIGN_OUT)
    assert signed_out.user_email == admin


def test_an_export_is_recorded_with_its_file_and_rows(ctx, client, event, login):
    login("admin")
    assert client.get(f"/manage/{event}/registrations.csv").status_code == 200
    (export,) = entries(action=AuditAction.EXPORT)
    assert export.object_label == f"{event}-registrations.csv"
    assert export.changes == {"rows": [None, 0]}


def test_opening_a_visa_letter_pdf_is_recorded_as_an_export(ctx, client, login, world):
    from showcase.letters.models import VisaLetter

    login("admin")
    letter_id = world.ids["letter_id"]
    response = client.get(f"/manage/{world.event}/letters/{letter_id}/letter.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    (export,) = entries(action=AuditAction.EXPORT)
    number = db.session.get(VisaLetter, letter_id).number
    assert (export.object_label, export.changes, export.user_role) == (f"{number}.pdf", {}, "admin")


def test_the_application_cannot_change_or_delete_an_entry(ctx):
    with unit_of_work():
        entry = record(AuditAction.BULK_EMAIL, "announcement", 7, "Welcome", actor="test")
    with pytest.raises(AuditLogIsAppendOnly), unit_of_work():
        db.session.get(AuditEntry, entry.id).object_label = "Changed"
    with pytest.raises(AuditLogIsAppendOnly), unit_of_work():
        db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly), unit_of_work():
        db.session.execute(sa.update(AuditEntry).values(object_label="x"))
    with pytest.raises(AuditLogIsAppendOnly), unit_of_work():
        db.session.execute(sa.delete(AuditEntry))
    assert db.session.get(AuditEntry, entry.id).object_label == "Welcome"


def _old_entry(days: int) -> None:
    db.session.execute(
        sa.insert(AuditEntry.__table__).values(
            at=datetime.now(UTC) - timedelta(days=days),
            action=AuditAction.SIGN_IN,
            user_email="old@showcase.example",
            user_role="admin",
            remote_addr="",
            request_id="",
            object_kind="user_account",
            object_id="1",
            object_label="old",
            changes={},
        )
    )


def test_retention_purges_entries_older_than_the_setting_only(ctx):
    from showcase.core.retention import retention_rules

    with unit_of_work():
        _old_entry(800)
        _old_entry(10)
    (rule,) = [rule for rule in retention_rules() if rule.name == "Audit log"]
    with unit_of_work():
        assert rule.purge(datetime.now(UTC)) == 1
    with unit_of_work():
        assert rule.purge(datetime.now(UTC)) == 0
    assert [entry.object_label for entry in entries()] == ["old"]
    assert entries()[0].at > datetime.now(UTC) - timedelta(days=11)


@pytest.mark.postgres
def test_postgres_refuses_raw_update_delete_and_truncate_but_lets_the_purge_through(pg_app):
    with pg_app.app_context():
        with unit_of_work():
            _old_entry(800)
            _old_entry(1)
        for statement in (
            "UPDATE audit_entry SET object_label = 'forged'",
            "DELETE FROM audit_entry",
            "TRUNCATE audit_entry",
        ):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as raw:
                raw.execute(sa.text(statement))
        assert len(entries()) == 2
        with unit_of_work():
            assert purge_audit_entries(datetime.now(UTC)) == 1
        # The purge's permission ended with its statement: a delete after it is refused again.
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as raw:
            raw.execute(sa.text("DELETE FROM audit_entry"))
        assert len(entries()) == 1


# The page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["organiser", "reviewer", "checkin"])
def test_the_audit_page_is_for_administrators_only(client, event, login, role):
    login(role)
    assert client.get(f"/manage/{event}/audit/").status_code == 403
    assert client.get(f"/manage/{event}/audit/audit.csv").status_code == 403


def test_the_page_filters_by_person_action_object_and_time_and_exports_csv(
    ctx, client, event, login
):
    with audited("ploy@depa.example"):
        city = factories.city("Rayong", "ระยอง")
    with unit_of_work():
        record(AuditAction.BULK_EMAIL, "announcement", 3, "Welcome", actor="nok@depa.example")
    login("admin")

    def shown(**query) -> str:
        response = client.get(f"/manage/{event}/audit/", query_string=query)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert "Rayong" in shown() and "Welcome" in shown()
    assert "Rayong" not in shown(person="nok@") and "Welcome" in shown(person="NOK@")
    assert "Welcome" not in shown(action="create") and "Rayong" in shown(action="create")
    only_city = shown(kind="city", object_id=str(city.id))
    assert "Rayong" in only_city and "Welcome" not in only_city
    today = datetime.now(UTC).date()
    assert "Rayong" not in shown(until=(today - timedelta(days=2)).isoformat())
    assert "Rayong" in shown(since=(today - timedelta(days=1)).isoformat())

    response = client.get(f"/manage/{event}/audit/audit.csv", query_string={"person": "nok"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(row["user_email"], row["action"], row["object_label"]) for row in rows] == [
        ("nok@depa.example", "bulk-email", "Welcome")
    ]
    assert entries(action=AuditAction.EXPORT)[-1].object_label == f"{event}-audit.csv"


def test_a_registrations_page_links_to_its_history_for_administrators(ctx, client, event, login):
    from showcase.events.services import get_event

    registration = factories.registration(get_event(event), factories.city())
    url = f"/manage/{event}/registrations/{registration.id}/"
    login("organiser")
    assert "History of changes" not in client.get(url).get_data(as_text=True)
    admin = client.application.test_client()
    login("admin", target=admin)
    page = admin.get(url).get_data(as_text=True)
    assert "History of changes" in page
    assert f"kind=registrations&amp;object_id={registration.id}" in page


HOSTILE_FILTERS = [
    {"since": "2027-13-45"},
    {"until": "yesterday"},
    {"since": "2027-01-28", "until": "2027-01-26"},
    {"object_id": "9" * 100},
    {"object_id": "99999999999999999999999"},
    {"kind": "x" * 1000},
    {"person": "a\x00b"},
    {"action": "drop-table"},
    {"page": "99999999999999999999"},
    {"page": "-5"},
]


@pytest.mark.parametrize("query", HOSTILE_FILTERS, ids=lambda q: ",".join(q))
def test_hostile_filters_get_a_clear_answer_never_a_500(client, event, login, query):
    login("admin")
    for path in ("/manage/%s/audit/", "/manage/%s/audit/audit.csv"):
        response = client.get(path % event, query_string=query)
        assert response.status_code in (200, 400), (query, response.status_code)


@pytest.mark.postgres
def test_a_migrated_postgres_database_has_the_append_only_trigger(postgres_url):
    from tests.helpers import make_app

    app = make_app(postgres_url)
    upgraded = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    with app.app_context():
        with unit_of_work():
            _old_entry(800)
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as raw:
            raw.execute(sa.text("UPDATE audit_entry SET user_email = 'forged@evil.example'"))
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as raw:
            raw.execute(sa.text("TRUNCATE audit_entry"))
        with unit_of_work():
            assert purge_audit_entries(datetime.now(UTC)) == 1
        db.session.remove()
        db.engine.dispose()
