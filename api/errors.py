"""One error shape for every failure: {"error": {"code", "message", "details"}}.

404 unknown query, country, domain or instrument (with suggestions where there are some),
422 a missing or bad parameter (named), 503 Neo4j unreachable (with Retry-After) or a query
needing more memory than the server grants a transaction, 504 a query stopped by the server's
timeout.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import GraphUnavailable, ParameterError, QueryTimeout, QueryTooLarge
from queries import UnknownQuery, UnknownValue

RETRY_AFTER_S = 5


class ErrorDetail(BaseModel):
    code: str = Field(description="Machine-readable error code.", examples=["unknown_country"])
    message: str = Field(description="What went wrong, for people.")
    details: Any = Field(default=None, description="Parameter, value, suggestions... depending on the code.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """Raised by routers for a not-found resource or a similar client error."""

    def __init__(self, status: int, code: str, message: str, details: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, details=details))
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


#: For `responses=` on routes, so the OpenAPI document shows the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown query, country, domain or instrument; suggestions in details."},
    422: {"model": ErrorBody, "description": "A missing or invalid parameter, named in the message and details."},
    503: {"model": ErrorBody, "description": "Neo4j is unreachable (graph_unavailable: retry after the Retry-After "
          "header's seconds), or the query needs more memory than the server grants (query_too_large: narrow it)."},
    504: {"model": ErrorBody, "description": "The query ran longer than the configured timeout."},
}

_STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable"}


#: How much of a refused value an error echoes: enough to recognise it, never a whole posted report.
ECHO_CHARS = 200


def _echo(value: Any, depth: int = 0) -> Any:
    """A refused value as the error shows it: strings cut short, lone surrogates escaped (they cannot
    be written as UTF-8), containers cut at a few levels."""
    if isinstance(value, str):
        text = value.encode("utf-8", "backslashreplace").decode("utf-8")
        return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + "…"
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if depth >= 2:
        return "…"
    if isinstance(value, dict):
        return {_echo(str(k), depth + 1): _echo(v, depth + 1) for k, v in list(value.items())[:20]}
    if isinstance(value, (list, tuple)):
        return [_echo(v, depth + 1) for v in value[:20]]
    return _echo(str(value), depth)


def _validation_details(error: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ())]
        name = location[-1] if location else "request"
        details.append({"parameter": name, "in": location[0] if location else None,
                        "message": item.get("msg", "invalid"), "value": _echo(item.get("input"))})
    return details


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, error.details, headers=error.headers)

    @app.exception_handler(UnknownQuery)
    def _unknown_query(request: Request, error: UnknownQuery) -> JSONResponse:
        return error_response(404, "unknown_query", str(error), {"query": error.name, "known": error.known})

    @app.exception_handler(ParameterError)
    def _parameter(request: Request, error: ParameterError) -> JSONResponse:
        if isinstance(error, UnknownValue):
            return error_response(404, f"unknown_{error.kind}", str(error), error.details)
        return error_response(422, "invalid_parameter", str(error), error.details)

    @app.exception_handler(RequestValidationError)
    def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        details = _validation_details(error)
        names = ", ".join(dict.fromkeys(f"'{d['parameter']}'" for d in details))
        first = details[0]["message"] if details else "invalid request"
        return error_response(422, "invalid_parameter", f"invalid parameter {names}: {first}", details)

    def _unavailable(request: Request, error: Exception) -> JSONResponse:
        return error_response(503, "graph_unavailable", f"the graph database is unavailable: {error}",
                              headers={"Retry-After": str(RETRY_AFTER_S)})

    for kind in (GraphUnavailable, ServiceUnavailable, SessionExpired):
        app.add_exception_handler(kind, _unavailable)

    @app.exception_handler(QueryTimeout)
    def _timeout(request: Request, error: QueryTimeout) -> JSONResponse:
        return error_response(504, "query_timeout", str(error))

    @app.exception_handler(QueryTooLarge)
    def _too_large(request: Request, error: QueryTooLarge) -> JSONResponse:
        # Not a Retry-After case: the same query would fail again until it is narrowed.
        return error_response(503, "query_too_large", str(error))

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(error.status_code, f"http_{error.status_code}")
        return error_response(error.status_code, code, str(error.detail), headers=getattr(error, "headers", None))
