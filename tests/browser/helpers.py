"""Helpers for browser tests: accessibility checks with axe-core and layout checks."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()

# How long a browser test waits for a page, a click's navigation or an element: generous, since
# CI runs two workers on two CPUs beside PostgreSQL and the servers the tests start.
TIMEOUT_MS = 30_000


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, as readable lines."""
    results = _AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}")
    return found


def has_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


def sign_in(page, base: str, email: str, password: str = "correct-horse-1") -> None:
    """Sign in through the organiser login page and wait until the browser has left it.

    Going on before the sign-in's redirect has landed would race the next navigation
    against the login POST, and the next page would then ask for a sign-in again.
    """
    page.goto(f"{base}/manage/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/manage/login" not in url)
