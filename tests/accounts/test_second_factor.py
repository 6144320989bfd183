"""Two-factor sign-in: an authenticator app's code (valid now, not once expired, never twice),
recovery codes that work once, and the administrators' rule that every account has one, which
holds on every ``/manage/`` route."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import text
from werkzeug.routing import Rule

from showcase.accounts import second_factor
from showcase.accounts.models import RecoveryCode, User
from showcase.core.crypto import decrypt
from showcase.core.db import unit_of_work
from showcase.core.errors import DomainError
from showcase.extensions import db
from showcase.mail.models import OutboxMessage
from tests import factories
from tests.forms import RenderedForm, page_errors

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOON = datetime(2027, 1, 26, 5, 0, tzinfo=UTC)


def code_at(moment: datetime, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).at(moment)


def with_second_factor(user: User, now: datetime = NOON) -> list[str]:
    with unit_of_work():
        return second_factor.enable(user, SECRET, code_at(now), now=now)


def test_a_code_is_valid_now_not_once_expired_and_never_twice(ctx):
    chief = factories.user("admin")
    with_second_factor(chief, NOON)
    later = NOON + timedelta(minutes=3)

    # The code of three minutes ago has expired.
    with pytest.raises(DomainError, match="not correct, or it has expired"), unit_of_work():
        second_factor.verify(chief, code_at(NOON), now=later)
    # The current one works once, also from a phone whose clock is 30 seconds behind.
    with unit_of_work():
        assert second_factor.verify(chief, code_at(later - timedelta(seconds=30)), later) == "app"
    with pytest.raises(DomainError, match="used already"), unit_of_work():
        second_factor.verify(chief, code_at(later - timedelta(seconds=30)), now=later)
    # An older code that is still in the window is refused too: steps only move forward.
    with pytest.raises(DomainError, match="used already"), unit_of_work():
        second_factor.verify(chief, code_at(later - timedelta(seconds=30)), later)
    with unit_of_work():
        assert second_factor.verify(chief, code_at(later + timedelta(seconds=30)), later) == "app"
    assert db.session.get(User, chief.id).totp_last_step == int(later.timestamp()) // 30 + 1


def test_enrolment_needs_a_code_from_the_app_before_the_secret_counts(ctx):
    chief = factories.user("admin")
    refused = pytest.raises(DomainError, match="not the one your authenticator app shows")
    with refused, unit_of_work():
        second_factor.enable(chief, SECRET, "000000", now=NOON)
    assert not second_factor.has_second_factor(db.session.get(User, chief.id))
    codes = with_second_factor(chief)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code) for code in codes)
    stored = db.session.scalars(db.select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(stored) & {c.replace("-", "") for c in codes}
    # The secret is encrypted at rest: the raw column holds a Fernet token, never the secret.
    raw = db.session.execute(text("SELECT totp_secret FROM user_account")).scalar_one()
    assert SECRET not in raw and raw.startswith("gAAAAA") and decrypt(raw) == SECRET


def sign_in_with_password(client, user: User):
    form = RenderedForm.get(client, "/manage/login")
    form.fill("Email", user.email).fill("Password", factories.PASSWORD)
    return form.submit()


def test_signing_in_asks_for_the_code_after_the_password(ctx, client):
    chief = factories.user("admin")
    now = datetime.now(UTC)
    with_second_factor(chief, now - timedelta(minutes=5))

    first = sign_in_with_password(client, chief)
    assert first.status_code == 303 and first.headers["Location"] == "/manage/login/code"
    # The password alone opens nothing.
    assert client.get("/manage/").status_code == 302

    wrong = RenderedForm.get(client, "/manage/login/code").fill(
        "Code from your authenticator app", "123456"
    )
    refused = wrong.submit()
    assert refused.status_code == 401
    assert page_errors(refused)["Code from your authenticator app"] == [
        "That code is not correct, or it has expired. Enter the code your app shows now."
    ]
    current = pyotp.TOTP(SECRET).now()
    right = RenderedForm.get(client, "/manage/login/code").fill(
        "Code from your authenticator app", current
    )
    signed_in = right.submit()
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    # Replaying the same code on another browser is refused (the same code: a new 30-second
    # step may have begun meanwhile, and its code would rightly be accepted).
    other = ctx.test_client()
    assert sign_in_with_password(other, chief).status_code == 303
    replay = RenderedForm.get(other, "/manage/login/code").fill(
        "Code from your authenticator app", current
    )
    assert replay.submit().status_code == 401


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client, ctx):
    response = client.get("/manage/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/manage/login"
    assert client.post("/manage/login/code", data={"code": "123456"}).status_code == 303


def test_a_recovery_code_signs_in_once_and_the_owner_is_told(ctx, client):
    chief = factories.user("admin")
    codes = with_second_factor(chief, datetime.now(UTC) - timedelta(minutes=5))

    def sign_in_with_code(browser, code):
        assert sign_in_with_password(browser, chief).status_code == 303
        form = RenderedForm.get(browser, "/manage/login/code")
        return form.fill("Code from your authenticator app", code).submit()

    assert sign_in_with_code(client, codes[3].lower()).status_code == 303
    assert client.get("/manage/").status_code == 200
    again = sign_in_with_code(ctx.test_client(), codes[3])
    assert again.status_code == 401
    notices = db.session.scalars(
        db.select(OutboxMessage.body_text).where(
            OutboxMessage.recipient == chief.email,
            OutboxMessage.subject == "Security notice for your Showcase account",
        )
    ).all()
    assert any("A recovery code was used to sign in" in body for body in notices)
    assert second_factor.unused_recovery_codes(db.session.get(User, chief.id)) == 9


def test_turning_it_on_through_the_page_shows_the_recovery_codes_once(ctx, client):
    chief = factories.user("admin")
    factories.sign_in(client, chief)
    page = client.get("/manage/account/two-factor").get_data(as_text=True)
    assert "<svg" in page
    key = re.search(r'<code class="fs-5" id="totp-key">([A-Z2-7 ]+)</code>', page).group(1)
    form = RenderedForm.get(client, "/manage/account/two-factor")
    answer = form.fill("Code the app shows now", pyotp.TOTP(key.replace(" ", "")).now()).submit()
    assert answer.status_code == 200
    shown = re.findall(r"<li>([A-Z2-9]{5}-[A-Z2-9]{5})</li>", answer.get_data(as_text=True))
    assert len(shown) == 10
    assert second_factor.has_second_factor(db.session.get(User, chief.id))
    status = client.get("/manage/account/two-factor").get_data(as_text=True)
    assert "You have 10 unused recovery codes." in status and shown[0] not in status


def test_turning_it_off_needs_the_password_and_is_refused_while_required(ctx, client):
    chief = factories.user("admin")
    with_second_factor(chief, datetime.now(UTC) - timedelta(minutes=5))
    with unit_of_work():
        second_factor.set_required(True, chief)
    client.post("/manage/login", data={"email": chief.email, "password": factories.PASSWORD})
    client.post("/manage/login/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert client.get("/manage/").status_code == 200

    refused = client.post("/manage/account/two-factor/off", data={"off-password": "x"})
    assert refused.status_code == 303
    assert second_factor.has_second_factor(db.session.get(User, chief.id))
    with unit_of_work():
        second_factor.set_required(False, chief)
    wrong = client.post("/manage/account/two-factor/off", data={"off-password": "wrong-one"})
    assert wrong.status_code == 400
    assert page_errors(wrong)["Your password"] == ["The password is not correct."]
    assert second_factor.has_second_factor(db.session.get(User, chief.id))
    off = client.post("/manage/account/two-factor/off", data={"off-password": factories.PASSWORD})
    assert off.status_code == 303
    assert not second_factor.has_second_factor(db.session.get(User, chief.id))


def manage_routes(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/manage/")]


def url_of(rule: Rule, acronym: str) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name].__class__.__name__
        values[name] = acronym if name == "event" else 1 if "Integer" in converter else "x"
    return rule.build(values, append_unknown=False)[1]


def test_while_required_an_account_without_a_second_factor_opens_only_its_set_up(app, ctx):
    event = factories.event()
    chief = factories.user("admin")
    client = app.test_client()
    factories.sign_in(client, chief)
    assert client.get("/manage/").status_code == 200
    with unit_of_work():
        second_factor.set_required(True, chief)

    allowed = {"accounts.two_factor", "accounts.logout", "accounts.login", "accounts.login_code"}
    checked = 0
    for rule in manage_routes(app):
        if rule.endpoint in allowed or rule.endpoint == "static":
            continue
        url = url_of(rule, event.acronym)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            response = client.open(url, method=method)
            assert response.status_code in (302, 303), (rule.endpoint, method)
            assert response.headers["Location"] == "/manage/account/two-factor", rule.endpoint
            checked += 1
    assert checked > 100
    page = client.get("/manage/account/two-factor")
    assert page.status_code == 200
    assert "Your administrators require a second factor" in page.get_data(as_text=True)


def test_an_administrator_requires_it_for_everyone_on_the_accounts_page(ctx, client):
    chief = factories.user("admin")
    factories.sign_in(client, chief)
    assert second_factor.second_factor_required() is False  # the testing default
    form = RenderedForm.get(client, "/manage/users/", form="/manage/users/policy")
    answer = form.check(
        "Every organiser account signs in with a second factor (an authenticator app)"
    ).submit()
    assert answer.status_code == 303
    db.session.expire_all()
    assert second_factor.second_factor_required() is True
    assert client.get("/manage/users/").headers["Location"] == "/manage/account/two-factor"


def test_production_requires_it_unless_administrators_say_otherwise(ctx):
    from config import ProductionConfig

    assert ProductionConfig.REQUIRE_SECOND_FACTOR is True
    ctx.config["REQUIRE_SECOND_FACTOR"] = True
    assert second_factor.second_factor_required() is True
    chief = factories.user("admin")
    with unit_of_work():
        second_factor.set_required(False, chief)
    assert second_factor.second_factor_required() is False
