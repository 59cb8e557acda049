"""What the graph room raises to its callers: the database is out of reach, or a query was refused.

These live in graph/ so that queries/ and api/ import them from here, and graph/ imports neither.
"""

from __future__ import annotations

from typing import Any


class GraphUnavailable(RuntimeError):
    """Neo4j cannot be reached or refuses our credentials; the message names the URI."""


class QueryTimeout(RuntimeError):
    """The server stopped a query that ran longer than the configured timeout."""


class QueryTooLarge(RuntimeError):
    """The server stopped a query that needed more memory than one transaction may use."""


class ParameterError(ValueError):
    """A parameter that is missing, unknown or cannot be read; names the parameter."""

    def __init__(self, parameter: str, message: str, value: Any = None, details: dict[str, Any] | None = None):
        self.parameter = parameter
        self.value = value
        self.details = {"parameter": parameter, **({"value": value} if value is not None else {}), **(details or {})}
        super().__init__(f"parameter '{parameter}': {message}")
