"""From a route to a canned query: parameters in, a page or a single row out.

Routes answering a canned query return the Response themselves, with the body their
response_model gives (`ModelBody`): the same bytes FastAPI would write, validated and encoded
once in the route's thread instead of again in FastAPI's thread pool, and taken from the answer
cache on a hit. The response_model stays on the route for the OpenAPI document.
"""

from __future__ import annotations

from typing import Annotated, Any

import neo4j
from fastapi import Query, Response
from fastapi.exceptions import ResponseValidationError
from pydantic import TypeAdapter, ValidationError

from api.caching import cached_answer, encoded_body, json_response
from api.errors import ApiError
from graph.queries import MAX_OFFSET, QueryResult, run_query
from hdkg.settings import Settings
from queries import registry

MAX_LIMIT = 1000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]


class ModelBody:
    """JSON bodies of one response model, as FastAPI writes them: the content validated into the
    model by pydantic, then encoded by pydantic-core (its key order, defaults and number forms)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._adapter: TypeAdapter[Any] = TypeAdapter(model)

    def encode(self, content: Any) -> bytes:
        try:
            value = self._adapter.validate_python(content, from_attributes=True)
        except ValidationError as error:  # a query whose columns left its model: a 500, as FastAPI's
            raise ResponseValidationError(
                [{**item, "loc": ("response", *item["loc"])} for item in error.errors(include_url=False)],
                body=content) from error
        return self._adapter.dump_json(value, by_alias=True)


def answer_response(result: QueryResult, body: ModelBody, part: str = "page") -> Response:
    """The result's page (`part="page"`) or first row (`"row"`) as the route's JSON response."""
    content = (lambda: result.as_dict()) if part == "page" else (lambda: result.rows[0])
    return json_response(encoded_body(result, (body, part), lambda: body.encode(content())))


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


def page_response(body: ModelBody, driver: neo4j.Driver, settings: Settings, query: str,
                  params: dict[str, Any], offset: int = 0, limit: int | None = None) -> Response:
    return answer_response(run_result(driver, settings, query, params, offset, limit), body)


def one_response(body: ModelBody, driver: neo4j.Driver, settings: Settings, query: str, params: dict[str, Any],
                 not_found: ApiError) -> Response:
    """The query's one row as the response; `not_found` when it has none."""
    result = run_result(driver, settings, query, params, limit=1)
    if not result.rows:
        raise not_found
    return answer_response(result, body, "row")
