"""Large request bodies from a stranger, timed against gunicorn (issue 11, finding 4).

Starts gunicorn (the shipped gunicorn.conf.py, one worker, rate limits off) on a temporary
SQLite database and posts, ``--rounds`` times each, one request at a time: 800,000 fields
(about 7.9 MB) to ``/manage/logout``, as many fields as a form may have plus one, a large
multipart body, and a small sign-in form for comparison. Prints the status and the median and
p90 time of each; every large body should answer 413 in about the time of the small form.

    .venv/bin/python bench/large_bodies.py --rounds 10
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config import Config  # noqa: E402
from scripts.stack import Stack  # noqa: E402


def post(url: str, body: bytes, content_type: str) -> tuple[int, float]:
    headers = {"Content-Type": content_type}
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - loopback
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0  # the server closed the connection before reading it all
    return status, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    directory = tempfile.mkdtemp(prefix="showcase-bench-")
    stack = Stack(
        f"sqlite:///{directory}/bench.db",
        extra_env={"SHOWCASE_CONFIG": "development", "RATELIMIT_ENABLED": "false"},
    )
    form = "application/x-www-form-urlencoded"
    boundary = "benchboundary"
    multipart = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\n1\r\n'
            for i in range(Config.MAX_FORM_PARTS + 1)
        )
        + f"--{boundary}--\r\n"
    ).encode()
    cases = {
        "800,000 fields to /manage/logout": (
            "/manage/logout",
            b"&".join([b"f=1"] * 800_000),
            form,
        ),
        f"{Config.MAX_FORM_PARTS + 1} fields to /manage/login": (
            "/manage/login",
            b"&".join([b"f=1"] * (Config.MAX_FORM_PARTS + 1)),
            form,
        ),
        f"{Config.MAX_FORM_PARTS + 1} multipart parts to /manage/login": (
            "/manage/login",
            multipart,
            f"multipart/form-data; boundary={boundary}",
        ),
        "a small sign-in form": ("/manage/login", b"email=a%40b.example&password=x", form),
    }
    try:
        stack.migrate()
        stack.start_servers(1, gunicorn_workers=1)
        base = stack.servers[0]
        for name, (path, body, content_type) in cases.items():
            results = [post(base + path, body, content_type) for _ in range(rounds)]
            times = sorted(seconds * 1000 for _, seconds in results)
            statuses = sorted({status for status, _ in results})
            p90 = times[int(len(times) * 0.9) - 1] if len(times) > 1 else times[0]
            print(
                f"{name:45} {len(body) / 1e6:6.2f} MB  status {statuses}  "
                f"median {statistics.median(times):7.1f} ms  p90 {p90:7.1f} ms"
            )
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
