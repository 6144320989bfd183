from __future__ import annotations

import pytest

from showcase.core.tokens import (
    hash_secret,
    looks_like_secret,
    new_secret,
    random_code,
    sign_code,
    verify_code,
)
from showcase.core.urls import safe_next


def test_new_secret_is_long_random_and_stored_as_hash():
    secret, digest = new_secret()
    assert len(secret) >= 43
    assert looks_like_secret(secret)
    assert digest == hash_secret(secret) and digest != secret and len(digest) == 64
    assert new_secret()[0] != secret


def test_random_code_alphabet():
    code = random_code(6)
    assert len(code) == 6 and code.isalnum() and code.upper() == code


def test_signed_code_refuses_forgery(app):
    with app.app_context():
        signature = sign_code("R12345", "badge")
        assert verify_code("R12345", signature, "badge")
        assert verify_code("R12345", signature.lower(), "badge")
        assert not verify_code("R12346", signature, "badge")
        assert not verify_code("R12345", signature, "other-purpose")
        assert not verify_code("R12345", "A" * len(signature), "badge")


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/manage/", "/manage/"),
        ("/wscs2027/register?x=1", "/wscs2027/register?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x", "/"),
        ("", "/"),
        (None, "/"),
        ("relative/path", "/"),
    ],
)
def test_safe_next(target, expected):
    assert safe_next(target, "/") == expected
