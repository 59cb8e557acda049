"""Content negotiation of the linked-data routes: which format each Accept header gets."""

from __future__ import annotations

import pytest

from api.errors import ApiError
from api.routers.linked_data import EXPORT_FORMATS, RESOURCE_FORMATS, negotiate


@pytest.mark.parametrize("accept,export,resource", [
    (None, "turtle", "json"),
    ("text/turtle", "turtle", "turtle"),
    ("TEXT/TURTLE", "turtle", "turtle"),
    ("text/turtle; charset=utf-8", "turtle", "turtle"),  # parameters do not change what we write
    ("application/x-turtle", "turtle", "turtle"),
    ("text/plain", "ntriples", "ntriples"),
    ("application/json", "jsonld", "json"),  # plain JSON only where it is offered
    ("application/n-quads", "nquads", None),
    ("application/trig;q=0.9, text/turtle;q=0.5", "trig", "turtle"),
    ("application/rdf+xml, text/turtle;q=0.5", "turtle", "turtle"),
    ("application/n-triples;q=0.5, application/ld+json;q=0.9", "jsonld", "jsonld"),
    ("application/ld+json, text/turtle", "jsonld", "jsonld"),  # equal q: the client's first
    ("text/turtle, application/ld+json", "turtle", "turtle"),
    ("*/*", "turtle", "json"),
    ("application/*", "turtle", "json"),
    ("text/*", "turtle", "turtle"),  # the wildcard's own type, not the JSON default
    ("application/ld+json;q=0.1, */*", "turtle", "json"),  # anything at q=1 beats JSON-LD at 0.1
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "turtle", "json"),
    ("application/rdf+xml", None, None),
    ("text/turtle;q=0", None, None),
])
def test_accept_header_picks_the_format(accept, export, resource):
    for allowed, default, expected in ((EXPORT_FORMATS, "turtle", export), (RESOURCE_FORMATS, "json", resource)):
        if expected is None:
            with pytest.raises(ApiError) as refused:
                negotiate(None, accept, allowed, default)
            assert refused.value.status == 406 and "text/turtle" in refused.value.message
        else:
            assert negotiate(None, accept, allowed, default) == expected


def test_format_parameter_overrides_accept():
    assert negotiate("NQuads", "text/turtle", EXPORT_FORMATS, "turtle") == "nquads"
    assert negotiate("json", None, EXPORT_FORMATS, "turtle") == "jsonld"
    with pytest.raises(ApiError) as unknown:
        negotiate("nquads", None, RESOURCE_FORMATS, "json")
    assert unknown.value.status == 400
