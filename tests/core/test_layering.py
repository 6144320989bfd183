"""``core/`` is what every feature shares, so it imports no feature: a feature may use core, never
the other way round (the application factory passes core what it needs from a feature)."""

from __future__ import annotations

import ast
from pathlib import Path

import showcase

FEATURES = ("accounts", "booths", "events", "mail", "program", "registration", "schedule")
CORE = Path(showcase.__file__).parent / "core"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module the file imports, at the top or inside a function, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative to showcase.core: "." is core, ".." is showcase
                package = "showcase.core" if node.level == 1 else "showcase"
                module = f"{package}.{node.module}" if node.module else package
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def feature_imports(path: Path) -> list[str]:
    return [
        f"{path.name}:{line} imports {module}"
        for line, module in imported_modules(path)
        if any(
            module == f"showcase.{feature}" or module.startswith(f"showcase.{feature}.")
            for feature in FEATURES
        )
    ]


def test_core_imports_no_feature_package():
    files = sorted(CORE.glob("*.py"))
    assert files, CORE
    assert [found for path in files for found in feature_imports(path)] == []


def test_the_layering_check_finds_a_feature_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import showcase.mail.services\n"
        "from showcase.core.db import unit_of_work\n"
        "def f():\n"
        "    from showcase.events.services import get_event\n"
        "    from showcase import registration\n"
        "    from ..program import rooms\n",
        encoding="utf-8",
    )
    assert feature_imports(sample) == [
        "sample.py:1 imports showcase.mail.services",
        "sample.py:4 imports showcase.events.services",
        "sample.py:4 imports showcase.events.services.get_event",
        "sample.py:5 imports showcase.registration",
        "sample.py:6 imports showcase.program",
        "sample.py:6 imports showcase.program.rooms",
    ]
