"""Slowing down password guessing per account, wherever the guesses come from.

The sign-in form's limits per address stop one client; a patient attacker spreads guesses over
many addresses. So failures are counted per account too: by the email typed, known or not, so
that the answer tells nobody which accounts exist. After ``LOGIN_FREE_FAILURES`` failures within
a day, every further attempt must wait, ``LOGIN_DELAY_SECONDS`` doubling with each failure up to
``LOGIN_MAX_DELAY_SECONDS``. While the account waits no password is checked, the right one
neither, and a refused attempt does not make the wait longer. The owner is emailed when the
waiting starts (``accounts/services.py``).

A stranger cannot use this to lock an organiser out: the wait is bounded, and a browser that has
signed in to the account before carries a signed "known browser" cookie and does not wait (its
own failures are counted, and ``LOGIN_FREE_FAILURES`` of them withdraw that trust).

The counters live where the rate limits live: in Redis when ``REDIS_URL`` is set, so every app
server counts the same failures, else in the process's memory.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from dataclasses import dataclass

from flask import Flask, current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits.storage import Storage, storage_from_string

DAY = 24 * 3600
KNOWN_BROWSER_COOKIE = "showcase_known_browser"
KNOWN_BROWSER_DAYS = 180
# Accounts one browser remembers (a shared desk computer signs in several organisers).
KNOWN_BROWSER_ACCOUNTS = 8


def init_app(app: Flask) -> None:
    app.extensions["showcase_login_throttle"] = storage_from_string(
        app.config.get("REDIS_URL") or "memory://"
    )


def _storage() -> Storage:
    return current_app.extensions["showcase_login_throttle"]


def account_key(email: str) -> str:
    """A stable name for the account typed in, that reveals neither the address nor a hash
    anyone could compute without the secret key."""
    secret = current_app.config["SECRET_KEY"].encode()
    typed = (email or "").strip().lower().encode("utf-8", "surrogatepass")
    return hmac.new(secret, b"showcase:login:" + typed, hashlib.sha256).hexdigest()[:32]


def _key(*parts: str) -> str:
    return "/".join((current_app.config["RATELIMIT_KEY_PREFIX"], "login", *parts))


def delay_after(failures: int) -> int:
    """Seconds the account waits after its ``failures``-th failure of the day (0: none)."""
    config = current_app.config
    free = config["LOGIN_FREE_FAILURES"]
    if failures < free:
        return 0
    growth = min(failures - free, 30)
    return min(config["LOGIN_DELAY_SECONDS"] * 2**growth, config["LOGIN_MAX_DELAY_SECONDS"])


@dataclass(frozen=True)
class Browser:
    """A browser's "known browser" cookie: its own id and the accounts it signed in to."""

    id: str
    accounts: tuple[str, ...]

    def knows(self, account: str) -> bool:
        return account in self.accounts


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="showcase-known-browser")


def read_browser(cookie: str | None) -> Browser | None:
    if not cookie:
        return None
    try:
        data = _serializer().loads(cookie, max_age=KNOWN_BROWSER_DAYS * DAY)
        return Browser(str(data["id"]), tuple(str(a) for a in data["accounts"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def remember_account(browser: Browser | None, account: str) -> str:
    """The cookie value that adds ``account`` to this browser's known accounts."""
    known = [a for a in (browser.accounts if browser else ()) if a != account]
    known = [account, *known][:KNOWN_BROWSER_ACCOUNTS]
    browser_id = browser.id if browser else secrets.token_urlsafe(16)
    return _serializer().dumps({"id": browser_id, "accounts": known})


def _trusted(account: str, browser: Browser | None) -> bool:
    if browser is None or not browser.knows(account):
        return False
    failures = _storage().get(_key("browser", browser.id, account))
    return failures < current_app.config["LOGIN_FREE_FAILURES"]


def seconds_to_wait(email: str, browser: Browser | None) -> int:
    """How long this attempt must wait before a password is checked (0: check it now)."""
    account = account_key(email)
    if _trusted(account, browser):
        return 0
    storage = _storage()
    wait_key = _key("wait", account)
    if storage.get(wait_key) <= 0:
        return 0
    return max(1, math.ceil(storage.get_expiry(wait_key) - time.time()))


def record_failure(email: str, browser: Browser | None) -> int:
    """Count a wrong password; returns the account's failures today (0 from a known browser,
    whose failures are its own)."""
    account = account_key(email)
    storage = _storage()
    if browser is not None and browser.knows(account):
        storage.incr(_key("browser", browser.id, account), DAY)
        if _trusted(account, browser):
            return 0
    failures = storage.incr(_key("failures", account), DAY)
    delay = delay_after(failures)
    if delay:
        wait_key = _key("wait", account)
        storage.clear(wait_key)
        storage.incr(wait_key, delay)
    return failures


def record_success(email: str, browser: Browser | None) -> None:
    """The right password: a browser that waited its turn and knew it is the owner's."""
    account = account_key(email)
    storage = _storage()
    if browser is not None:
        storage.clear(_key("browser", browser.id, account))
    if not _trusted(account, browser):
        storage.clear(_key("failures", account))
        storage.clear(_key("wait", account))
