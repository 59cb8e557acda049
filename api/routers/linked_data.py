"""Linked data: the whole graph as RDF, every resource at its IRI, the ontology files.

Formats are chosen by `?format=` or, failing that, by the Accept header:

| format | media type |
|---|---|
| `turtle` | `text/turtle` |
| `ntriples` | `application/n-triples` |
| `jsonld` | `application/ld+json` |
| `nquads` (export only) | `application/n-quads` |
| `trig` (export only) | `application/trig` |
| `json` (resources only) | `application/json` |

N-Quads and TriG place each statement in the named graph of every source stating it (the
Source's IRI); reference data is in the default graph. The mapping lives in graph/rdf/; this
module only negotiates and streams.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api.deps import DriverDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError
from api.negotiation import negotiate as negotiate_format
from graph import rdf

router = APIRouter(tags=["linked data"])

MEDIA_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "json": "application/json",
}
# Media types clients use for the same thing, after each format's own.
_ALIASES = {
    "turtle": ("application/x-turtle",),
    "ntriples": ("text/plain",),
    "jsonld": ("application/json",),  # when plain JSON is not on offer
}
RDF_FORMATS = ("turtle", "ntriples", "jsonld")
#: The whole graph also as a dataset: one named graph per source.
EXPORT_FORMATS = (*RDF_FORMATS, "nquads", "trig")
RESOURCE_FORMATS = ("json", "turtle", "ntriples", "jsonld")
_VARY = {"Vary": "Accept"}

FormatQuery = Annotated[str | None, Query(alias="format", description="turtle, ntriples, jsonld (nquads or trig for the export, json for one resource); overrides Accept.")]
AcceptHeader = Annotated[str | None, Header(description="Media type(s) wanted, with optional q-values.")]


def negotiate(fmt: str | None, accept: str | None, allowed: tuple[str, ...], default: str) -> str:
    """One of the `allowed` RDF (or JSON) formats; `?format=json` asks for JSON-LD where plain JSON is not offered."""
    offered = {name: (MEDIA_TYPES[name], *_ALIASES.get(name, ())) for name in allowed}
    return negotiate_format(fmt, accept, offered, default, format_aliases={"json": "jsonld"})


@router.get(
    "/export",
    summary="The whole graph as RDF, streamed (N-Quads and TriG: one named graph per source)",
    responses={200: {"content": {MEDIA_TYPES[name]: {} for name in EXPORT_FORMATS}}, **ERROR_RESPONSES},
)
def export_graph(
    driver: DriverDep,
    settings: SettingsDep,
    fmt: FormatQuery = None,
    accept: AcceptHeader = None,
    ontology: Annotated[bool, Query(description="Include the ontology, domains and vocabularies.")] = True,
) -> StreamingResponse:
    name = negotiate(fmt, accept, EXPORT_FORMATS, "turtle")
    statements = rdf.export_statements(driver, name, database=settings.neo4j_database, base=settings.base_iri,
                                       include_ontology=ontology)
    extension = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "nquads": "nq", "trig": "trig"}[name]
    return StreamingResponse(
        rdf.iter_serialized(statements, name),
        media_type=MEDIA_TYPES[name],
        headers={**_VARY, "Content-Disposition": f'inline; filename="hdkg.{extension}"'},
    )


@router.get(
    "/id/{kind}/{node_id}",
    summary="One resource: JSON, Turtle, N-Triples or JSON-LD",
    responses={
        **ERROR_RESPONSES,
        200: {"content": {MEDIA_TYPES[name]: {} for name in RESOURCE_FORMATS}},
    },
)
def resource(kind: str, node_id: str, driver: DriverDep, settings: SettingsDep, fmt: FormatQuery = None,
             accept: AcceptHeader = None) -> Response:
    name = negotiate(fmt, accept, RESOURCE_FORMATS, "json")
    try:
        if name == "json":
            body = rdf.resource_json(driver, kind, node_id, database=settings.neo4j_database, base=settings.base_iri)
            return JSONResponse(body, headers=_VARY)
        graph = rdf.describe(driver, kind, node_id, database=settings.neo4j_database, base=settings.base_iri)
    except rdf.NotFound as error:
        code = "unknown_kind" if kind not in rdf.KINDS else "unknown_resource"
        raise ApiError(404, code, str(error), {"kind": kind, "id": node_id}) from None
    return Response(rdf.serialize_graph(graph, name), media_type=MEDIA_TYPES[name], headers=_VARY)


@lru_cache
def _ontology_bytes(name: str, fmt: str) -> bytes:
    if fmt == "turtle":
        return (rdf.ONTOLOGY_DIR / rdf.ONTOLOGY_FILES[name]).read_bytes()
    return rdf.serialize_graph(rdf.ontology_graph(name), fmt)


def _ontology_response(name: str, fmt: str | None, accept: str | None) -> Response:
    name = name.removesuffix(".ttl")
    if name not in rdf.ONTOLOGY_FILES:
        raise ApiError(404, "unknown_ontology", f"no ontology file '{name}': available are {', '.join(rdf.ONTOLOGY_FILES)}",
                       {"name": name, "known": list(rdf.ONTOLOGY_FILES)})
    chosen = negotiate(fmt, accept, RDF_FORMATS, "turtle")
    return Response(_ontology_bytes(name, chosen), media_type=MEDIA_TYPES[chosen], headers=_VARY)


@router.get("/ontology", summary="The OWL ontology (hdkg.ttl)", responses=ERROR_RESPONSES)
def ontology(fmt: FormatQuery = None, accept: AcceptHeader = None) -> Response:
    return _ontology_response("hdkg", fmt, accept)


@router.get("/ontology/{name}", summary="One ontology file: hdkg, domains, vocabularies or shapes",
            responses=ERROR_RESPONSES)
def ontology_file(name: str, fmt: FormatQuery = None, accept: AcceptHeader = None) -> Response:
    return _ontology_response(name, fmt, accept)
