"""SPARQL 1.1 Protocol endpoint over the Oxigraph copy of the graph (graph/sparql_store.py).

Queries only: `GET /sparql?query=...`, `POST` with `application/sparql-query` or a form field
`query`. Update (`update=` or `application/sparql-update`) and `SERVICE` are refused. SELECT and
ASK answer in SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle or N-Triples, chosen
by Accept or `?format=`. `GET /sparql` without a query, and `/sparql/examples`, show the examples.
"""

from __future__ import annotations

import html
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep
from api.errors import ApiError
from api.negotiation import negotiate
from api.ratelimit import check_rate
from api.research import RESEARCH_ERRORS, disabled
from graph import sparql_store
from queries import sparql_examples
from graph.sparql_store import (GRAPH_FORMATS, RESULT_FORMATS, SparqlRefused, SparqlSyntaxError, SparqlTimeout,
                                StoreMissing)

router = APIRouter(tags=["research"])

_RESULT_CONTENT = {media: {} for medias in (*RESULT_FORMATS.values(), *GRAPH_FORMATS.values()) for media in medias[:1]}
_FORMAT_HELP = "json, xml, csv, tsv (SELECT, ASK) or turtle, ntriples (CONSTRUCT, DESCRIBE); overrides Accept."
FormatQuery = Annotated[str | None, Query(alias="format", description=_FORMAT_HELP)]
AcceptHeader = Annotated[str | None, Header(description="Result media type(s) wanted, with optional q-values.")]


class SparqlExample(BaseModel):
    name: str
    title: str
    description: str
    query: str


def _answer(text: str, fmt: str | None, accept: str | None, request: Request, settings) -> Response:
    if not settings.sparql_enabled:
        raise disabled("/sparql", "HDKG_SPARQL_ENABLED")
    check_rate(request, settings, "sparql")
    try:
        form = sparql_store.check_query(text)
        offered = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
        if form == "ASK":
            offered = {name: offered[name] for name in ("json", "xml")}
        name = negotiate(fmt, accept, offered, next(iter(offered)))
        answer = sparql_store.run_sparql(text, name, settings, form=form)
    except SparqlRefused as error:
        raise ApiError(400, "sparql_refused", error.message, error.details) from None
    except SparqlSyntaxError as error:
        raise ApiError(400, "sparql_syntax_error", error.message, error.details) from None
    except SparqlTimeout as error:
        raise ApiError(504, "query_timeout", str(error)) from None
    except StoreMissing as error:
        raise ApiError(503, "sparql_store_missing", str(error)) from None
    info = sparql_store.build_info(settings.sparql_store) or {}
    headers = {"Vary": "Accept", "X-Row-Cap-Reached": "true" if answer.truncated else "false"}
    if info.get("built_at"):
        headers["X-Store-Built-At"] = info["built_at"]
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _refuse_update() -> ApiError:
    return ApiError(400, "sparql_refused", "SPARQL Update is not allowed: this endpoint answers queries only",
                    {"reason": "update"})


def _refuse_datasets(params: dict[str, Any]) -> None:
    given = [name for name in ("default-graph-uri", "named-graph-uri") if params.get(name)]
    if given:
        raise ApiError(400, "sparql_refused", f"{', '.join(given)} is not supported: the store holds one default "
                       "graph (every triple names its sources with dcterms:source)", {"reason": "dataset"})


@router.get(
    "/sparql",
    responses={**RESEARCH_ERRORS, 200: {"content": {**_RESULT_CONTENT, "text/html": {}}}},
    summary="SPARQL 1.1 query (GET); without a query, the example page",
    description="`/sparql?query=SELECT...` answers per the SPARQL 1.1 Protocol. Without `query`, an HTML page "
                "of example queries (oncology pairs, instruments by status, sources of a claim).",
)
def sparql_get(
    request: Request,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description="The SPARQL query.")] = None,
    update: Annotated[str | None, Query(description="Refused: the endpoint is read-only.")] = None,
    fmt: FormatQuery = None,
    accept: AcceptHeader = None,
) -> Response:
    if update is not None:
        raise _refuse_update()
    _refuse_datasets(dict(request.query_params))
    if query is None:
        return examples_page(settings)
    return _answer(query, fmt, accept, request, settings)


@router.post(
    "/sparql",
    responses={**RESEARCH_ERRORS, 200: {"content": _RESULT_CONTENT}},
    summary="SPARQL 1.1 query (POST: application/sparql-query or a form with `query`)",
    openapi_extra={"requestBody": {"content": {
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
    }}},
)
async def sparql_post(
    request: Request,
    settings: SettingsDep,
    fmt: FormatQuery = None,
    accept: AcceptHeader = None,
    content_type: Annotated[str | None, Header()] = None,
) -> Response:
    media = (content_type or "").split(";")[0].strip().lower()
    raw = await request.body()
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_request", "the request body is not UTF-8") from None
    if media == "application/sparql-update":
        raise _refuse_update()
    if media == "application/sparql-query":
        text = body
        _refuse_datasets(dict(request.query_params))
    elif media == "application/x-www-form-urlencoded":
        form = {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}
        if "update" in form:
            raise _refuse_update()
        _refuse_datasets(form)
        if "query" not in form:
            raise ApiError(422, "invalid_parameter", "the form has no 'query' field", {"parameter": "query"})
        text = form["query"]
    else:
        raise ApiError(415, "unsupported_media_type", f"POST a query as application/sparql-query or as a form "
                       f"(application/x-www-form-urlencoded), not {media or 'no content type'}",
                       {"content_type": media})
    # The query's process is waited for in a worker thread, so the event loop stays free.
    return await run_in_threadpool(_answer, text, fmt, accept, request, settings)


@router.get("/sparql/examples.json", response_model=list[SparqlExample], summary="The example SPARQL queries")
def examples_json() -> list[dict[str, Any]]:
    return [example.__dict__ for example in sparql_examples.examples()]


@router.get("/sparql/examples", response_class=HTMLResponse, summary="The example SPARQL queries, as a page")
def examples_page(settings: SettingsDep) -> HTMLResponse:
    info = sparql_store.build_info(settings.sparql_store)
    built = (f"Store built {html.escape(info['built_at'])} from {info['triples']:,} triples."
             if info else "No store has been built yet: run <code>hdkg sparql rebuild</code>.")
    parts = []
    for example in sparql_examples.examples():
        link = "/sparql?" + urlencode({"query": example.query, "format": "json"})
        parts.append(
            f"<section id='{html.escape(example.name)}'><h2>{html.escape(example.title)}</h2>"
            f"<p>{html.escape(example.description)}</p><pre>{html.escape(example.query)}</pre>"
            f"<p><a href='{html.escape(link)}'>run (SPARQL JSON)</a> · "
            f"<a href='{html.escape(link[:-4] + 'csv')}'>CSV</a></p></section>")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hdkg SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
pre{{background:#f4f4f4;padding:1rem;overflow:auto}}textarea{{width:100%;height:12rem;font-family:monospace}}</style>
</head><body>
<h1>SPARQL endpoint</h1>
<p>SPARQL 1.1 queries over the health diplomacy knowledge graph's RDF export: <code>GET /sparql?query=…</code>
or <code>POST /sparql</code> (<code>application/sparql-query</code> or a form field <code>query</code>).
Results as SPARQL JSON, XML, CSV or TSV (Accept header or <code>format=</code>). Queries only: Update and
SERVICE are refused; each query has {settings.query_timeout_s:g} s and returns at most {settings.row_cap:,} rows.
{built}</p>
<form method="post" action="/sparql"><textarea name="query">{html.escape(
        sparql_examples.examples()[0].query if sparql_examples.examples() else "SELECT * WHERE { ?s ?p ?o } LIMIT 10")}</textarea>
<p><button type="submit">Run</button></p></form>
{''.join(parts)}
</body></html>"""
    return HTMLResponse(page)
