"""What the researchers' routes (/cypher, /sparql) share: content negotiation and their errors."""

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


def _ranked(accept: str) -> list[str]:
    ranked = []
    for position, item in enumerate(accept.split(",")):
        parts = [part.strip() for part in item.split(";")]
        quality = 1.0
        for param in parts[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if parts[0] and quality > 0:
            ranked.append((-quality, position, parts[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(fmt: str | None, accept: str | None, offered: dict[str, tuple[str, ...]], default: str) -> str:
    """The format name to answer in: `?format=` first, then the best Accept match, else `default`.

    `offered` maps a format name to the media types that ask for it (the first is the one sent).
    """
    if fmt:
        name = fmt.lower()
        if name not in offered:
            raise ApiError(400, "unknown_format", f"unknown format '{fmt}': use one of {', '.join(offered)}",
                           {"format": fmt, "known": list(offered)})
        return name
    if not accept:
        return default
    by_media = {media: name for name, medias in offered.items() for media in medias}
    wildcard = False
    for media in _ranked(accept):
        if media in ("*/*", "application/*", "text/*"):
            wildcard = True
            continue
        if media in by_media:
            return by_media[media]
    if wildcard:
        return default
    available = [medias[0] for medias in offered.values()]
    raise ApiError(406, "not_acceptable", f"cannot answer in {accept}: available are {', '.join(available)}",
                   {"accept": accept, "available": available})


def disabled(route: str, setting: str) -> ApiError:
    return ApiError(403, "route_disabled", f"{route} is switched off on this server ({setting}=false)",
                    {"route": route, "setting": setting})
