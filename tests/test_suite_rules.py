"""Rules of the test suite itself: tests import helpers from plain modules, never from a
``conftest.py``; no test names a path of one machine or one outside the repository; the export
schemas the tests validate against are in the repository."""

from __future__ import annotations

import ast
import json
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# Put together here so that this file does not name them itself.
MACHINE_PATHS = [
    "/" + "work/",
    "/" + "tmp/",
    ".." + "/shared",
    "shared" + "/formats",
    "/" + "home/",
]


def python_modules() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if path != Path(__file__).resolve())


def test_no_test_imports_from_a_conftest_module():
    offenders = []
    for path in python_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("conftest"):
                offenders.append(f"{path.relative_to(TESTS)}:{node.lineno} from {node.module}")
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.relative_to(TESTS)}:{node.lineno} import {alias.name}"
                    for alias in node.names
                    if alias.name.endswith("conftest")
                ]
    assert offenders == [], "import helpers from tests/…/helpers.py instead:\n" + "\n".join(
        offenders
    )


def test_no_test_names_a_machine_path_or_one_outside_the_repository():
    offenders = [
        f"{path.relative_to(TESTS)}:{number}: {line.strip()}"
        for path in python_modules()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if any(fragment in line for fragment in MACHINE_PATHS)
    ]
    assert offenders == [], "\n".join(offenders)


def test_the_export_schemas_are_in_the_repository_with_their_source_and_licence():
    schemas = TESTS / "schemas"
    readme = (schemas / "README.md").read_text()
    assert "voc/schedule" in readme and "EUPL" in readme
    assert json.loads((schemas / "schedule.schema.json").read_text())["$schema"].startswith(
        "http://json-schema.org/"
    )
    assert "<xs:schema" in (schemas / "schedule.xml.xsd").read_text()
