"""Rate limits live in Redis, so every app server counts against one limit.

``RATE_LIMITED_FORMS`` lists the limited public POSTs (the sign-in has its own test in
tests/accounts/test_login.py); a new one (registration, proposal, …) adds one entry with its
limit. Each entry is sent ``limit`` times alternating between two gunicorn processes that share
Redis, and the next one must be refused with 429, on whichever server it lands.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.hardening.world import World, build_world
from tests.helpers import make_app


@dataclass
class RateLimited:
    name: str
    path: Callable[[World], str]
    limit: int
    data: Callable[[World], dict]


RATE_LIMITED_FORMS = [
    RateLimited(
        "booth application",
        lambda w: f"/{w.event}/booths/apply",
        20,  # per hour
        lambda w: {"city": str(w.ids["city_id"]), "contact_name": "Limit"},
    ),
    RateLimited(
        "booth link resend",
        lambda w: f"/{w.event}/booths/resend",
        5,  # per 15 minutes
        lambda w: {"email": "someone@city.example"},
    ),
    RateLimited(
        "registration (accepted ones, per email address)",
        lambda w: f"/{w.event}/register",
        5,  # per hour (REGISTRATION_LIMIT_PER_EMAIL); refused forms do not count
        lambda w: {
            "full_name": "Limit",
            "email": "limit@city.example",
            "city": str(w.ids["city_id"]),
            "category": str(w.ids["category_id"]),
            "language": "en",
            "consent": "y",
        },
    ),
    RateLimited(
        "registration link resend",
        lambda w: f"/{w.event}/register/resend",
        5,  # per 15 minutes
        lambda w: {"email": "someone@city.example"},
    ),
    RateLimited(
        "session proposal",
        lambda w: f"/{w.event}/cfp/",
        10,  # per hour
        lambda w: {"name": "Limit", "title_en": "Limit"},
    ),
    RateLimited(
        "speaker link resend",
        lambda w: f"/{w.event}/cfp/link",
        5,  # per 15 minutes
        lambda w: {"email": "someone@city.example"},
    ),
]


def post_until_refused(servers: list[str], path: str, data: dict, attempts: int) -> list[int]:
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    with opener.open(servers[0] + path, timeout=10) as response:
        page = response.read().decode()
    # Attribute order differs between form macros: find the token's input, then its value.
    token = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
    statuses = []
    for attempt in range(attempts):
        try:
            with opener.open(servers[attempt % 2] + path, data=body, timeout=10) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    return statuses


@pytest.mark.redis
@pytest.mark.slow
def test_limited_forms_share_one_limit_over_two_app_processes(tmp_path, redis_url, app_process):
    database_url = f"sqlite:///{tmp_path / 'shared.db'}"
    setup = make_app(database_url)
    from showcase.extensions import db

    with setup.app_context():
        db.create_all()
    world = build_world(setup)
    with setup.app_context():
        db.engine.dispose()
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "RATELIMIT_KEY_PREFIX": f"showcase-test-{uuid.uuid4().hex[:8]}",
    }
    servers = [app_process(env), app_process(env)]
    for form in RATE_LIMITED_FORMS:
        statuses = post_until_refused(servers, form.path(world), form.data(world), form.limit + 2)
        assert 429 not in statuses[: form.limit], (form.name, statuses)
        assert all(status < 500 for status in statuses), (form.name, statuses)
        assert statuses[form.limit :] == [429, 429], (form.name, statuses)


def test_without_redis_each_process_counts_alone(tmp_path, app_process):
    """The control: without Redis the same requests all pass (two separate counters)."""
    database_url = f"sqlite:///{tmp_path / 'alone.db'}"
    setup = make_app(database_url)
    from showcase.extensions import db

    with setup.app_context():
        db.create_all()
    world = build_world(setup)
    with setup.app_context():
        db.engine.dispose()
    servers = [
        app_process({"DATABASE_URL": database_url}),
        app_process({"DATABASE_URL": database_url}),
    ]
    form = RATE_LIMITED_FORMS[1]
    statuses = post_until_refused(servers, form.path(world), form.data(world), form.limit + 2)
    assert 429 not in statuses, statuses
