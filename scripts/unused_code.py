"""The unused-code check of `make lint`: vulture over showcase/, with the names the templates use.

Vulture reads Python only, so a method or property that only a Jinja template calls would look
unused; every identifier in ``showcase/templates`` counts as used, and so does what the tests,
scripts and benchmarks use (only code under ``showcase/`` is reported). Framework hooks (view
functions, CLI commands, signal handlers, SQLAlchemy and Flask-Login protocol methods) are
recognised by their decorators or listed in ``scripts/unused_code_whitelist.py``, with why.

    .venv/bin/python scripts/unused_code.py      # prints each finding, exits 1 if there is one
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import vulture

ROOT = Path(__file__).resolve().parents[1]
PATHS = [ROOT / "showcase", ROOT / "wsgi.py", ROOT / "scripts" / "unused_code_whitelist.py"]
# Read for their uses only (a model property the tests check is not dead); never reported.
USERS = [ROOT / "tests", ROOT / "scripts", ROOT / "bench"]
# Decorators that register a function with a framework, which then calls it.
HOOKS = [
    "@bp.*",
    "@*.route",
    "@*.get",
    "@*.post",
    "@*.command",
    "@*.group",
    "@*.listens_for",
    "@*.errorhandler",
    "@*.app_errorhandler",
    "@*.user_loader",
    "@*.before_request",
    "@*.before_app_request",
    "@*.after_request",
    "@*.context_processor",
    "@*.app_context_processor",
    "@*.template_filter",
    "@*.app_template_filter",
    "@*.app_template_global",
    "@*.url_value_preprocessor",
    "@*.validates",
    "@*.resolver",
    "@dashboard_panel",
]
MIN_CONFIDENCE = 60
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def template_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "showcase" / "templates").rglob("*"):
        if path.suffix in {".html", ".txt", ".xml", ".ics", ".svg", ".j2"}:
            names.update(IDENTIFIER.findall(path.read_text(encoding="utf-8")))
    return names


def findings() -> list[str]:
    checker = vulture.Vulture(ignore_decorators=HOOKS)
    checker.scavenge([str(path) for path in PATHS + USERS])
    used = template_names()
    found = []
    for item in checker.get_unused_code(min_confidence=MIN_CONFIDENCE):
        if item.name in used or not Path(item.filename).is_relative_to(ROOT / "showcase"):
            continue
        # Variables and attributes are mostly columns, form fields, settings and attributes
        # that a library reads (vulture cannot see who does); functions, methods, properties,
        # classes and imports are what dead code is made of.
        if item.typ in {"variable", "attribute"}:
            continue
        found.append(item.get_report(add_size=False))
    return found


def main() -> int:
    found = findings()
    for line in found:
        print(line.replace(str(ROOT) + "/", ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
