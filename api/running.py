"""From a route to a canned query: parameters in, a page or a single row out."""

from __future__ import annotations

from typing import Annotated, Any

import neo4j
from fastapi import Query

from api.caching import cached_answer
from api.errors import ApiError
from graph.queries import MAX_OFFSET, QueryResult, run_query
from hdkg.settings import Settings
from queries import registry

MAX_LIMIT = 1000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]


def describe(query: str, param: str) -> str:
    """A parameter's description, from the query file's header."""
    p = registry().get(query).param(param)
    default = "" if p.required else f" Default: {p.default!r}." if p.default is not None else ""
    return p.description + default


def _given(params: dict[str, Any]) -> dict[str, Any]:
    """Drop what the client did not send, so the query file's defaults apply."""
    return {name: value for name, value in params.items() if value is not None}


def run_page(driver: neo4j.Driver, settings: Settings, query: str, params: dict[str, Any],
             offset: int = 0, limit: int | None = None) -> dict[str, Any]:
    return run_result(driver, settings, query, params, offset, limit).as_dict()


def run_result(driver: neo4j.Driver, settings: Settings, query: str, params: dict[str, Any],
               offset: int = 0, limit: int | None = None) -> QueryResult:
    """Run the named query (an unknown name raises queries.UnknownQuery, a 404)."""
    canned = registry().get(query)
    given = _given(params)
    return cached_answer(driver, settings, canned.name, canned.bind(given), offset, limit,
                         lambda: run_query(driver, canned, given, settings=settings, offset=offset, limit=limit))


def run_one(driver: neo4j.Driver, settings: Settings, query: str, params: dict[str, Any],
            not_found: ApiError) -> dict[str, Any]:
    result = run_result(driver, settings, query, params, limit=1)
    if not result.rows:
        raise not_found
    return result.rows[0]
