"""Helpers for browser tests: accessibility checks with axe-core and layout checks."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()


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
