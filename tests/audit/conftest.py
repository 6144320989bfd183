"""The audit tests reuse the hardening world: one event with every kind of object a route names."""

from tests.hardening.world_fixtures import postgres_world_template, world, world_template

__all__ = ["postgres_world_template", "world", "world_template"]
