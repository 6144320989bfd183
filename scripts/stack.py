"""The production stack in processes of its own, for checks that run against it as a client does:
gunicorn servers (production settings, the shipped gunicorn.conf.py), ``flask outbox work``
workers and a real SMTP server (aiosmtpd, in this process) on one PostgreSQL database.

Used by ``scripts/two_servers_check.py`` and ``tests/hardening/test_production_stack.py``::

    stack = Stack(database_url, redis_url=..., extra_env={...})
    try:
        stack.start(servers=2, workers=2)
        ... stack.servers[0] ..., stack.mailbox.wait_for(3)
    finally:
        stack.stop()
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


class StackFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    messages: list = field(default_factory=list)
    envelopes: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def wait_for(self, count: int, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.count() < count:
            time.sleep(0.1)
        return self.count()


def start_smtp(mailbox: Mailbox, port: int, before_answer=None):
    """aiosmtpd on ``port``; ``before_answer(number)`` (a coroutine) runs before the server
    answers the ``number``-th message, e.g. to stop the database at that moment."""
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with mailbox.lock:
                mailbox.envelopes.append(envelope)
                mailbox.messages.append(
                    message_from_bytes(envelope.original_content, policy=policy.default)
                )
                number = len(mailbox.messages)
            if before_answer is not None:
                await before_answer(number)
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackFailed(f"the server for {url} stopped with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise StackFailed(f"{url} did not become healthy")


@dataclass
class Stack:
    database_url: str
    redis_url: str | None = None
    public_url: str = "http://showcase.example"
    extra_env: dict = field(default_factory=dict)
    smtp_before_answer: object = None
    mailbox: Mailbox = field(default_factory=Mailbox)
    servers: list[str] = field(default_factory=list)
    processes: list[subprocess.Popen] = field(default_factory=list)
    workers: list[subprocess.Popen] = field(default_factory=list)
    smtp: object = None
    smtp_port: int = 0

    @property
    def env(self) -> dict:
        if not hasattr(self, "_env"):
            self.smtp_port = self.smtp_port or free_port()
            self._env = {
                **os.environ,
                "SHOWCASE_CONFIG": "production",
                "SECRET_KEY": secrets.token_urlsafe(48),  # the same key on every server
                "DATA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
                "SESSION_COOKIE_SECURE": "false",  # plain http on loopback
                "PREFERRED_URL_SCHEME": "http",
                "DATABASE_URL": self.database_url,
                "RATELIMIT_KEY_PREFIX": f"stack-{uuid.uuid4().hex[:8]}",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": str(self.smtp_port),
                "MAIL_DELIVERY": "true",
                "OUTBOX_POLL_SECONDS": "1",
                "PUBLIC_URL": self.public_url,
                "LOG_LEVEL": "WARNING",
                # The organisers of these worlds sign in with a password alone; the second
                # step has its own journeys (tests/accounts).
                "REQUIRE_SECOND_FACTOR": "false",
                **({"REDIS_URL": self.redis_url} if self.redis_url else {}),
                **self.extra_env,
            }
        return self._env

    def migrate(self) -> None:
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def start_smtp(self) -> None:
        port = int(self.env["MAIL_PORT"])
        self.smtp = start_smtp(self.mailbox, port, self.smtp_before_answer)

    def start_servers(self, count: int, gunicorn_workers: int = 2) -> None:
        started = []
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(gunicorn_workers),
                    "--log-level",
                    "warning",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=self.env,
            )
            self.processes.append(process)
            started.append((f"http://127.0.0.1:{port}", process))
        for url, process in started:
            wait_healthy(url, process)
            self.servers.append(url)

    def start_workers(self, count: int, stderr=subprocess.DEVNULL) -> list[subprocess.Popen]:
        started = []
        for _ in range(count):
            process = subprocess.Popen(
                [str(BIN / "flask"), "--app", "wsgi", "outbox", "work"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                text=True,
            )
            self.processes.append(process)
            self.workers.append(process)
            started.append(process)
        return started

    def start(self, servers: int = 1, workers: int = 1, gunicorn_workers: int = 2) -> None:
        self.migrate()
        self.start_smtp()
        self.start_servers(servers, gunicorn_workers)
        self.start_workers(workers)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.smtp is not None:
            self.smtp.stop()
            self.smtp = None
