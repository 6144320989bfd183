"""Passport data is encrypted at rest: the raw columns hold Fernet tokens, never the passport
number; rotating the key (``flask showcase rotate-key``) keeps every letter readable once the
old key is gone; production refuses to start without a proper key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from config import ConfigError, ProductionConfig
from showcase.core import crypto
from showcase.extensions import db
from showcase.letters.models import VisaLetter
from tests import factories
from tests.helpers import make_app
from tests.letters.helpers import PASSPORT_NUMBER, delegate, issued_letter

RAW = text(
    "SELECT passport_name, passport_number, birth_date, check_code FROM visa_letter WHERE id = :id"
)


def test_raw_columns_hold_no_passport_data(ctx):
    event = factories.event()
    letter = issued_letter(delegate(event))

    raw = db.session.execute(RAW, {"id": letter.id}).one()

    joined = " ".join(raw)
    for secret in (PASSPORT_NUMBER, "LINDQVIST", "1981-03-14", letter.check_code):
        assert secret not in joined
    assert all(value.startswith("gAAAAA") for value in raw)  # Fernet tokens
    assert letter.passport_number == PASSPORT_NUMBER  # and the model reads them back


def test_rotating_the_key_keeps_letters_readable_without_the_old_key(tmp_path, empty_schema):
    import shutil

    path = tmp_path / "rotation.db"
    shutil.copyfile(empty_schema, path)
    url = f"sqlite:///{path}"
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()

    before = make_app(url, DATA_ENCRYPTION_KEY=old_key)
    with before.app_context():
        letter_id = issued_letter(delegate(factories.event())).id
        old_tokens = db.session.execute(RAW, {"id": letter_id}).one()
        db.session.remove()

    both = make_app(url, DATA_ENCRYPTION_KEY=f"{new_key},{old_key}")
    with both.app_context():
        from showcase.core.db import unit_of_work

        with unit_of_work(lock=True):
            rewritten = crypto.rotate_all()
        assert rewritten["visa_letter"] == 1
        new_tokens = db.session.execute(RAW, {"id": letter_id}).one()
        db.session.remove()
    assert set(old_tokens).isdisjoint(new_tokens)

    after = make_app(url, DATA_ENCRYPTION_KEY=new_key)
    with after.app_context():
        letter = db.session.get(VisaLetter, letter_id)
        assert letter.passport_number == PASSPORT_NUMBER
        assert letter.passport_name == "LINDQVIST ERIK JOHAN"
        db.session.remove()

    stale = make_app(url, DATA_ENCRYPTION_KEY=old_key)
    with stale.app_context(), pytest.raises(crypto.EncryptionKeyError):
        db.session.get(VisaLetter, letter_id).passport_number  # noqa: B018
    with stale.app_context():
        db.session.remove()


def test_rotate_key_command_reports_the_rows_it_rewrote(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'migrated.db'}")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        issued_letter(delegate(factories.event()))
        db.session.remove()

    result = runner.invoke(args=["showcase", "rotate-key"])

    assert result.exit_code == 0, result.output
    assert "visa_letter: 1 rows encrypted under the newest key" in result.output
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_development_key_is_derived_from_the_secret_key(app):
    assert crypto.configured_keys({"SECRET_KEY": "abc"}) == [crypto.derived_key("abc")]
    assert crypto.configured_keys({"DATA_ENCRYPTION_KEY": " k1 , k2 "}) == ["k1", "k2"]
    assert crypto.derived_key("abc") != crypto.derived_key("abd")
    Fernet(crypto.derived_key("abc"))  # a well-formed key


# A fixed key, so that every test worker collects the same test names.
GOOD_KEY = "70nKImTetzDHjmEHVtuMdSbJk2fnuIZUST72VXqSYX0="


@pytest.mark.parametrize(
    "key", ["", "not-a-key", GOOD_KEY + ",short"], ids=["empty", "not-a-key", "one-short"]
)
def test_production_refuses_to_start_without_a_proper_key(key):
    settings = {"SECRET_KEY": "x" * 40, "DATA_ENCRYPTION_KEY": key}
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEY"):
        ProductionConfig.check(settings)


def test_production_accepts_a_list_of_fernet_keys():
    keys = ",".join(Fernet.generate_key().decode() for _ in range(2))
    ProductionConfig.check({"SECRET_KEY": "x" * 40, "DATA_ENCRYPTION_KEY": keys})
