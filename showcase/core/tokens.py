"""Secrets in links and signed short codes.

A secret link (manage a registration, confirm an email) carries a long random value; the database
keeps only its SHA-256, so a leaked database does not open anybody's registration. Looking a
secret up by its hash is the comparison, so there is no timing difference to measure.

Short codes that must not be forged (the badge QR payload) are signed with an HMAC keyed from the
application's ``SECRET_KEY``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string

from flask import current_app

# 32 random bytes: 43 URL-safe characters.
SECRET_BYTES = 32
CODE_ALPHABET = string.digits + string.ascii_uppercase


def new_secret() -> tuple[str, str]:
    """A fresh secret for a link, and the hash to store."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return secret, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_secret(value: str) -> bool:
    """Cheap shape check before a database lookup: URL-safe base64 of the expected length."""
    allowed = set(string.ascii_letters + string.digits + "-_")
    return 40 <= len(value) <= 64 and set(value) <= allowed


def random_code(length: int = 6, alphabet: str = CODE_ALPHABET) -> str:
    """A public code such as a session's 'A3F9KQ': random, upper-case letters and digits."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _key(purpose: str) -> bytes:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"showcase:{purpose}".encode(), hashlib.sha256).digest()


def sign_code(code: str, purpose: str, length: int = 10) -> str:
    """A short signature of ``code`` for one purpose, in upper-case base32 (scanner friendly)."""
    digest = hmac.new(_key(purpose), code.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=")[:length]


def verify_code(code: str, signature: str, purpose: str, length: int = 10) -> bool:
    expected = sign_code(code, purpose, length)
    return hmac.compare_digest(expected, signature.upper())
