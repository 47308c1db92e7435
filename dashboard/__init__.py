"""Crime-statistics indicator dashboard: registry, progress engine, figures and app."""

from .registry import Registry, RegistryError, load_registry

__all__ = ["Registry", "RegistryError", "load_registry"]
