"""Two gunicorn servers and two outbox workers on one PostgreSQL and one Redis: runs
``scripts/two_servers_check.py`` (see there for the scenarios) and shows its figures."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT_DIR, TEST_DATABASE_URL, postgres_or_skip

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]


def test_two_servers_share_one_database_one_redis_and_send_each_email_once(redis_url):
    postgres_or_skip()
    result = subprocess.run(
        [
            sys.executable,
            "scripts/two_servers_check.py",
            "--database-url",
            TEST_DATABASE_URL,
            "--redis-url",
            redis_url,
        ],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        timeout=240,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("  booth_applications: ok") for line in lines)
    assert any(line.startswith("  booth_confirmations: ok") for line in lines)
    assert any(line.startswith("  booth_approvals: ok") for line in lines)
    assert any(line.startswith("  registrations: ok") for line in lines)
    assert any(line.startswith("  login_limit: ok") for line in lines)
    assert lines[-1].startswith("ALL CHECKS PASSED")
