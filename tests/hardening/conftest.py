"""Fixtures for the hardening tests."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tests.hardening.world_fixtures import postgres_world_template, world, world_template

__all__ = ["postgres_world_template", "world", "world_template"]

# Property tests: few examples per run by default so the suite stays fast; HYPOTHESIS_PROFILE=deep
# throws many more (e.g. before a release).
settings.register_profile(
    "showcase",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "10")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
settings.register_profile(
    "deep",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "showcase"))
