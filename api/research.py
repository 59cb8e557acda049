"""What the researchers' routes (/cypher, /sparql) share: their errors and switches."""

from __future__ import annotations

from typing import Any

from api.errors import ERROR_RESPONSES, ApiError, ErrorBody

#: Error responses of the open-ended query routes, for their OpenAPI documentation.
RESEARCH_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The query was refused (`cypher_refused`, `sparql_refused`: "
          "details.reason names the rule) or does not parse (`cypher_syntax_error`, `sparql_syntax_error`: "
          "details give line, column and offset)."},
    403: {"model": ErrorBody, "description": "The route is switched off on this server (route_disabled)."},
    406: {"model": ErrorBody, "description": "None of the media types in Accept can be produced."},
    422: ERROR_RESPONSES[422],
    429: {"model": ErrorBody, "description": "Too many requests from this client (rate_limited); see Retry-After."},
    503: ERROR_RESPONSES[503],
    504: ERROR_RESPONSES[504],
}


def disabled(route: str, setting: str) -> ApiError:
    return ApiError(403, "route_disabled", f"{route} is switched off on this server ({setting}=false)",
                    {"route": route, "setting": setting})
