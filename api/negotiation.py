"""Content negotiation for every route that answers in more than one format.

`?format=` wins; otherwise the Accept header is read by werkzeug (q-values, wildcards,
specificity). Among offers the client values equally, the one it listed first wins, and a
wildcard gets the route's default.
"""

from __future__ import annotations

from collections.abc import Mapping

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from api.errors import ApiError


def _offers(offered: Mapping[str, tuple[str, ...]], default: str) -> dict[str, str]:
    """Media type -> format name, the default's first (what a wildcard gets)."""
    offers: dict[str, str] = {}
    for name in (default, *offered):
        for media in offered[name]:
            offers.setdefault(media.lower(), name)
    return offers


def negotiate(fmt: str | None, accept: str | None, offered: Mapping[str, tuple[str, ...]], default: str,
              format_aliases: Mapping[str, str] | None = None) -> str:
    """The format name to answer in.

    `offered` maps a format name to the media types that ask for it (the first is the one sent);
    `format_aliases` maps other `?format=` values to an offered name.
    """
    if fmt:
        name = fmt.lower()
        if name not in offered:
            name = (format_aliases or {}).get(name, name)
        if name not in offered:
            raise ApiError(400, "unknown_format", f"unknown format '{fmt}': use one of {', '.join(offered)}",
                           {"format": fmt, "known": list(offered)})
        return name
    if not accept:
        return default
    offers = _offers(offered, default)
    # Media-type parameters (charset=utf-8) are dropped: every format is written in UTF-8 only.
    accepted = MIMEAccept([(value.split(";", 1)[0].strip(), quality)
                           for value, quality in parse_accept_header(accept, MIMEAccept)])
    listed = [value.lower() for value, _ in accepted]
    # best_match settles ties by offer order: put the offers in the order the client listed them.
    ranked = sorted(offers, key=lambda media: listed.index(media) if media in listed else len(listed))
    best = accepted.best_match(ranked)
    if best is not None:
        return offers[best]
    available = [medias[0] for medias in offered.values()]
    raise ApiError(406, "not_acceptable", f"cannot answer in {accept}: available are {', '.join(available)}",
                   {"accept": accept, "available": available})
