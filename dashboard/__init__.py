"""Crime-statistics indicator dashboard: registry/, engine/, outputs/ and web/ (docs/ARCHITECTURE.md)."""

from .registry import Registry, RegistryError, load_registry

__all__ = ["Registry", "RegistryError", "load_registry"]
