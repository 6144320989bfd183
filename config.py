"""Settings for Showcase.

This is the only module that reads ``os.environ``. ``create_app`` picks one of the classes below by
the ``SHOWCASE_CONFIG`` variable (``development``, ``testing`` or ``production``; development by
default) and every value can be overridden by the environment variable of the same name.
"""

from __future__ import annotations

import base64
import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# Values that are obviously not secret and must never protect a production site.
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - development only; production refuses it
INSECURE_SECRET_KEYS = frozenset(
    {"", "dev", "development", "change-me", "secret", "test", DEV_SECRET_KEY}
)


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from exc


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def is_fernet_key(value: str) -> bool:
    """Whether ``value`` is a Fernet key: 32 bytes in url-safe base64."""
    try:
        return len(base64.urlsafe_b64decode(value.encode("ascii"))) == 32 and len(value) == 44
    except (ValueError, UnicodeEncodeError):
        return False


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message is one line that says which and why."""


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the URL comes in."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'showcase.db'}"


class Config:
    ENV_NAME = "base"
    DEBUG = False
    TESTING = False

    SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
    # How organiser passwords are hashed (werkzeug's method names).
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - the name of a hash method
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        env_str("DATABASE_URL", default_database_url())
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # Seconds PostgreSQL may take to accept a connection before a page answers 503.
    DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)

    MAIL_SERVER = env_str("MAIL_SERVER", "localhost")
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = env_str("MAIL_USERNAME")
    MAIL_PASSWORD = env_str("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = env_str(
        "MAIL_DEFAULT_SENDER", "World Smart City Showcase <showcase@localhost>"
    )
    MAIL_TIMEOUT = env_int("MAIL_TIMEOUT", 20)
    MAIL_SUPPRESS_SEND = False
    # When false the outbox keeps messages queued and nothing is handed to SMTP; development uses
    # this so that the demo runs without a mail server and messages stay readable in the outbox.
    MAIL_DELIVERY = env_bool("MAIL_DELIVERY", True)
    OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
    OUTBOX_POLL_SECONDS = env_int("OUTBOX_POLL_SECONDS", 5)
    # Mail that anybody can make the site send to an address by typing it into a public page
    # (registration, applications, proposals, lost links): at most this many per address and
    # hour, and a lost link asked for again within the minutes below is not sent again.
    MAIL_RECIPIENT_HOURLY_LIMIT = env_int("MAIL_RECIPIENT_HOURLY_LIMIT", 10)
    MAIL_RESEND_MINUTES = env_int("MAIL_RESEND_MINUTES", 5)

    REDIS_URL = env_str("REDIS_URL")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = env_str("RATELIMIT_KEY_PREFIX", "showcase")
    RATELIMIT_SWALLOW_ERRORS = False
    # The registration form: registrations accepted per connection (a city office or an on-site
    # kiosk registers whole groups from one address) and per email address, and attempts of any
    # kind per connection (a script sending rubbish). Failed attempts never count against the
    # first two, so correcting a mistake costs nothing.
    REGISTRATION_LIMIT_PER_ADDRESS = env_str("REGISTRATION_LIMIT_PER_ADDRESS", "120 per hour")
    REGISTRATION_LIMIT_PER_EMAIL = env_str("REGISTRATION_LIMIT_PER_EMAIL", "5 per hour")
    REGISTRATION_ATTEMPTS_PER_ADDRESS = env_str("REGISTRATION_ATTEMPTS_PER_ADDRESS", "600 per hour")
    # Password guesses per account, from any address: this many failures a day are free; after
    # them each attempt waits, LOGIN_DELAY_SECONDS doubling with every failure up to the maximum.
    LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 5)
    LOGIN_DELAY_SECONDS = env_int("LOGIN_DELAY_SECONDS", 30)
    LOGIN_MAX_DELAY_SECONDS = env_int("LOGIN_MAX_DELAY_SECONDS", 900)
    # Whether every organiser account must sign in with a second factor (an authenticator app's
    # code) while administrators have not chosen otherwise on the accounts page.
    REQUIRE_SECOND_FACTOR = env_bool("REQUIRE_SECOND_FACTOR", False)
    # Days the audit log keeps an entry; `flask showcase purge` deletes older ones.
    AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
    # A forgotten password's reset link works this many minutes, once.
    PASSWORD_RESET_MINUTES = env_int("PASSWORD_RESET_MINUTES", 30)

    # Public address of the site: links in emails are built from it, never from a request's Host.
    PUBLIC_URL = env_str("PUBLIC_URL", "http://127.0.0.1:5000")
    PREFERRED_URL_SCHEME = env_str("PREFERRED_URL_SCHEME", "http")
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_COUNT = env_int("PROXY_COUNT", 0)

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # Times outside any event's pages (organiser accounts, the outbox) are shown in this zone.
    DEFAULT_TIMEZONE = env_str("DEFAULT_TIMEZONE", "Asia/Bangkok")
    LANGUAGES = ("en", "th")

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    # An organiser's sign-in lasts this long; after it the next page asks again.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=env_int("SESSION_HOURS", 12))
    # Request bodies (core/bodies.py): routes that take an upload accept MAX_CONTENT_LENGTH bytes,
    # every other route MAX_BODY_LENGTH; a form has at most MAX_FORM_PARTS fields and
    # MAX_FORM_MEMORY_SIZE bytes of text (a URL-encoded body, or one multipart text field).
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 8 * 1024 * 1024)
    MAX_BODY_LENGTH = env_int("MAX_BODY_LENGTH", 1024 * 1024)
    MAX_FORM_PARTS = env_int("MAX_FORM_PARTS", 300)
    MAX_FORM_MEMORY_SIZE = env_int("MAX_FORM_MEMORY_SIZE", 256 * 1024)
    UPLOAD_ENDPOINTS = frozenset(
        {
            "booths.apply",  # the city's logo
            "booths.edit_application",
            "booths_manage.booth_import",  # the booth layout CSV
            "events_manage.city_import",
            "letters_manage.settings",  # the letterhead's logo
            "program.edit_profile",  # the speaker's photo
            "program_manage.speaker",
            "registration.register",  # a registration question's file (an image or a PDF)
            "questions.answers",
        }
    )
    # The POSTs of someone not signed in, per address and route, on every route without a rate
    # limit of its own (those keep theirs).
    UNAUTHENTICATED_POSTS_PER_ADDRESS = env_str(
        "UNAUTHENTICATED_POSTS_PER_ADDRESS", "60 per minute"
    )

    # Keys that encrypt personal data at rest (passport numbers of visa letters, core/crypto.py):
    # comma-separated Fernet keys, the first encrypts and every one decrypts. Unset outside
    # production: a key derived from SECRET_KEY. Production refuses to start without it.
    DATA_ENCRYPTION_KEY = env_str("DATA_ENCRYPTION_KEY", "")

    BOOTSTRAP_SERVE_LOCAL = True
    HSTS = False
    LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
    # "json": one JSON object per line (for log collectors); "text": for people at a terminal.
    LOG_FORMAT = env_str("LOG_FORMAT", "text")


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True
    MAIL_DELIVERY = env_bool("MAIL_DELIVERY", False)


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    # Like the rate limits, the per-address mail limits stay out of tests not about them.
    MAIL_RECIPIENT_HOURLY_LIMIT = 1000
    MAIL_RESEND_MINUTES = 0
    REDIS_URL = None
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 2525
    MAIL_DELIVERY = True
    MAIL_DEFAULT_SENDER = "World Smart City Showcase <showcase@showcase.test>"
    PUBLIC_URL = "http://showcase.test"
    OUTBOX_POLL_SECONDS = 1
    # Test accounts need no protection against offline guessing: a cheap hash saves a quarter of
    # a second of CPU on every test user and sign-in (production keeps werkzeug's scrypt).
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - the name of a hash method


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    LOG_FORMAT = env_str("LOG_FORMAT", "json")
    REQUIRE_SECOND_FACTOR = env_bool("REQUIRE_SECOND_FACTOR", True)
    PREFERRED_URL_SCHEME = env_str("PREFERRED_URL_SCHEME", "https")
    HSTS = True

    @classmethod
    def check(cls, settings: dict) -> None:
        key = settings.get("SECRET_KEY") or ""
        if key in INSECURE_SECRET_KEYS or len(key) < 32:
            raise ConfigError(
                "SECRET_KEY is missing or weak: set it to a random value of at least 32 characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        keys = [part.strip() for part in (settings.get("DATA_ENCRYPTION_KEY") or "").split(",")]
        if not any(keys) or not all(is_fernet_key(key) for key in keys):
            raise ConfigError(
                "DATA_ENCRYPTION_KEY is missing or malformed: set it to one or more Fernet keys, "
                "comma-separated, newest first (python -c 'from cryptography.fernet import "
                "Fernet; print(Fernet.generate_key().decode())')."
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> type[Config]:
    name = env_str("SHOWCASE_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError as exc:
        choices = ", ".join(CONFIGS)
        raise ConfigError(f"SHOWCASE_CONFIG must be one of {choices}, not {name!r}") from exc
