"""The shipped gunicorn configuration (gunicorn.conf.py): responses say ``Server: Showcase``, and
two servers on one host each get a control socket of their own (finding 11 of issue 11)."""

from __future__ import annotations

import os
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def test_servers_name_the_site_and_keep_their_own_control_socket(app_process, tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir()
    database = f"sqlite:///{tmp_path / 'showcase.db'}"
    env = {"DATABASE_URL": database, "XDG_RUNTIME_DIR": str(runtime)}
    servers = [app_process(env), app_process(env)]
    for url in servers:
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            assert response.headers.get_all("Server") == ["Showcase"]
    deadline = time.monotonic() + 10
    sockets: list[str] = []
    while time.monotonic() < deadline and len(sockets) < 2:
        sockets = sorted(name for name in os.listdir(runtime) if name.endswith(".ctl"))
        time.sleep(0.1)
    ports = [url.rsplit(":", 1)[1] for url in servers]
    assert len(sockets) == 2, sockets
    assert "gunicorn.ctl" not in sockets
    for port in ports:
        assert any(name.endswith(f"-{port}.ctl") for name in sockets), (port, sockets)
