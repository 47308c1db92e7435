"""Registry: models, loading and errors. Imports neither dash nor the CLI."""

from .errors import Problem, RegistryError
from .loader import load_registry, parse_registry
from .models import Registry, json_schema

__all__ = ["Problem", "Registry", "RegistryError", "json_schema", "load_registry", "parse_registry"]
