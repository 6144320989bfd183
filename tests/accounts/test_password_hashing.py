"""Passwords are hashed with werkzeug's scrypt unless the configuration names another method;
stored hashes name their method, so a password set under one method verifies under another."""

from __future__ import annotations

from config import Config, TestingConfig
from showcase.accounts.models import User
from showcase.accounts.services import authenticate, create_user
from showcase.core.db import unit_of_work


def test_passwords_are_hashed_with_scrypt_unless_a_cheaper_method_is_configured(app):
    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    assert TestingConfig.PASSWORD_HASH_METHOD.startswith("pbkdf2:")
    with app.app_context():
        app.config["PASSWORD_HASH_METHOD"] = "scrypt"
        with unit_of_work():
            create_user("strong@showcase.example", "organiser", "correct-horse-1")
        app.config["PASSWORD_HASH_METHOD"] = TestingConfig.PASSWORD_HASH_METHOD
        with unit_of_work():
            create_user("cheap@showcase.example", "organiser", "correct-horse-1")
        strong = authenticate("strong@showcase.example", "correct-horse-1")
        cheap = authenticate("cheap@showcase.example", "correct-horse-1")
        assert isinstance(strong, User) and strong.password_hash.startswith("scrypt:")
        assert isinstance(cheap, User) and cheap.password_hash.startswith("pbkdf2:sha256:1000$")
        assert authenticate("strong@showcase.example", "wrong-horse-1") is None
        assert authenticate("nobody@showcase.example", "correct-horse-1") is None
