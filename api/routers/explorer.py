"""The explorer: the web page at `/`, and the API it reads beyond the other routers.

`/network` is the cooperation network as nodes and edges, `/search` finds a country or an
organization by any name the graph holds, `/network/instruments` gives several instruments in
full at once (an edge's instruments). `/api` is the JSON index of the API. The page itself is
api/static/index.html with the bundle built from web/ (`make web`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, Field

from api.deps import DriverDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError
from api.models import InstrumentDetail, Page, Row
from api.running import Limit, Offset, describe, run_page, run_result
from hdkg import __version__

router = APIRouter(tags=["explorer"])

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
INDEX_HTML = STATIC_DIR / "index.html"
BUNDLE_DIR = STATIC_DIR / "build"
#: Instruments one `/network/instruments` call gives in full.
MAX_INSTRUMENTS = 100


# -- models -----------------------------------------------------------------------------------

class EdgeStatusCount(Row):
    status: str | None
    instruments: int


class TypeCount(Row):
    type: str | None
    instruments: int


class NetworkNode(Row):
    key: str = Field(description="`country:<ISO code>` or `organization:<id>`; unique in the network.",
                     examples=["country:UA"])
    kind: Literal["country", "organization"]
    id: str = Field(examples=["UA"])
    name: str | None
    country: str | None = Field(description="The country the party signed for (its own code for a country).")
    organization_kind: str | None
    non_state: bool = Field(description="A company, company office, foundation or international organization.")
    instrument_count: int = Field(description="Distinct instruments on the node's edges.")
    partner_count: int


class NetworkEdge(Row):
    source: str = Field(description="Key of one node.", examples=["country:AZ"])
    target: str = Field(description="Key of the other node.", examples=["country:UA"])
    instrument_count: int
    instrument_ids: list[str]
    statuses: list[EdgeStatusCount] = Field(description="Instruments per status, most first.")
    types: list[TypeCount] = Field(description="Instruments per type, most first.")
    first_year: int | None
    last_year: int | None


class NetworkView(BaseModel):
    query: str = Field(examples=["network"])
    params: dict[str, Any] = Field(description="The parameters the query ran with, after resolution and defaults.")
    truncated: bool = Field(description="True when the edges were cut at the server's row cap (HDKG_ROW_CAP).")
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class SearchRow(Row):
    kind: Literal["country", "organization"]
    id: str
    name: str | None
    country: str | None
    organization_kind: str | None
    matched: str | None = Field(description="The name (in whatever language) that matched.")
    instruments: int = Field(description="Instruments the party signed, of any status.")


class InstrumentSet(BaseModel):
    ids: list[str]
    missing: list[str] = Field(description="Asked-for ids that are not in the graph.")
    instruments: list[InstrumentDetail]


class ApiLink(BaseModel):
    path: str
    summary: str


class ApiIndex(BaseModel):
    name: str
    version: str
    docs: str = Field(description="Interactive OpenAPI documentation.")
    openapi: str
    explorer: str
    endpoints: list[ApiLink]


class SearchPage(Page[SearchRow]):
    """A page of countries and organizations whose names match."""


# -- the page and the index -------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse, summary="The explorer page",
            responses={200: {"content": {"text/html": {}}}, 503: {"description": "The page's bundle is not built."}})
def explorer_page() -> Any:
    if not (BUNDLE_DIR / "explorer.js").is_file():
        return HTMLResponse(
            "<!doctype html><title>Explorer not built</title><p>The explorer's script is not built: run "
            "<code>make web</code>. The API answers meanwhile: <a href=\"/api\">/api</a>, "
            "<a href=\"/docs\">/docs</a>.</p>", status_code=503)
    return FileResponse(INDEX_HTML, media_type="text/html")


@router.get("/api", response_model=ApiIndex, summary="The API's index: where everything is")
def api_index(request: Request) -> dict[str, Any]:
    # From the OpenAPI document, so the index lists exactly what /docs documents.
    paths = request.app.openapi()["paths"]
    endpoints = [{"path": path, "summary": operation.get("summary", "")}
                 for path, operations in paths.items() if path not in ("/", "/api")
                 for method, operation in operations.items() if method == "get"]
    return {"name": request.app.title, "version": __version__, "docs": "/docs", "openapi": "/openapi.json",
            "explorer": "/", "endpoints": endpoints}


# -- data the page needs ----------------------------------------------------------------------

def _q(param: str) -> Any:
    return Query(description=describe("network", param))


@router.get("/network", response_model=NetworkView, responses=ERROR_RESPONSES,
            summary="The cooperation network: parties joined by the instruments between them")
def network(
    driver: DriverDep,
    settings: SettingsDep,
    domain: Annotated[str | None, _q("domain")] = None,
    from_year: Annotated[int | None, _q("from_year")] = None,
    to_year: Annotated[int | None, _q("to_year")] = None,
    statuses: Annotated[list[str] | None, _q("statuses")] = None,
    type: Annotated[str | None, _q("type")] = None,
    level: Annotated[Literal["country", "organization"] | None, _q("level")] = None,
    parties: Annotated[Literal["states", "all"] | None, _q("parties")] = None,
) -> dict[str, Any]:
    params = {"domain": domain, "from_year": from_year, "to_year": to_year, "statuses": statuses,
              "type": type, "level": level, "parties": parties}
    result = run_result(driver, settings, "network", params)
    nodes: dict[str, dict[str, Any]] = {}
    instruments: dict[str, set[str]] = {}
    partners: dict[str, set[str]] = {}
    edges = []
    for row in result.rows:
        keys = []
        for end in ("a", "b"):
            key = f"{row[f'{end}_kind']}:{row[f'{end}_id']}"
            keys.append(key)
            nodes.setdefault(key, {"key": key, "kind": row[f"{end}_kind"], "id": row[f"{end}_id"],
                                   "name": row[f"{end}_name"], "country": row[f"{end}_country"],
                                   "organization_kind": row[f"{end}_organization_kind"],
                                   "non_state": row[f"{end}_non_state"]})
            instruments.setdefault(key, set()).update(row["instrument_ids"])
        partners.setdefault(keys[0], set()).add(keys[1])
        partners.setdefault(keys[1], set()).add(keys[0])
        edges.append({"source": keys[0], "target": keys[1], "instrument_count": row["instrument_count"],
                      "instrument_ids": row["instrument_ids"], "statuses": row["statuses"], "types": row["types"],
                      "first_year": row["first_year"], "last_year": row["last_year"]})
    for key, node in nodes.items():
        node["instrument_count"] = len(instruments[key])
        node["partner_count"] = len(partners[key])
    ordered = sorted(nodes.values(), key=lambda n: (-n["instrument_count"], n["key"]))
    return {"query": result.query, "params": result.params, "truncated": result.truncated,
            "nodes": ordered, "edges": edges}


@router.get("/search", response_model=SearchPage, responses=ERROR_RESPONSES,
            summary="Find a country or organization by any of its names, in any language the graph holds")
def search(
    driver: DriverDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description=describe("party_search", "text"),
                            openapi_examples={"uk": {"summary": "Ukraine in Ukrainian", "value": "Україна"},
                                              "vi": {"summary": "Belarus in Vietnamese", "value": "Belarus"},
                                              "org": {"summary": "an organization", "value": "oncology"}})],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    return run_page(driver, settings, "party_search", {"text": q}, offset=offset, limit=limit)


@router.get("/network/instruments", response_model=InstrumentSet, responses=ERROR_RESPONSES,
            summary="Several instruments in full (an edge's), with parties, status history and quotes")
def instruments_in_full(
    driver: DriverDep,
    settings: SettingsDep,
    id: Annotated[list[str], Query(description=f"Instrument ids, repeated or comma-separated; at most {MAX_INSTRUMENTS}.",
                                   openapi_examples={"az-ua": {"summary": "an AZ-UA memorandum",
                                                               "value": ["az-ua-moc-oncology-centres"]}})],
) -> dict[str, Any]:
    ids = list(dict.fromkeys(part.strip() for item in id for part in item.split(",") if part.strip()))
    if not ids:
        raise ApiError(422, "invalid_parameter", "parameter 'id': give at least one instrument id", {"parameter": "id"})
    if len(ids) > MAX_INSTRUMENTS:
        raise ApiError(422, "invalid_parameter", f"parameter 'id': at most {MAX_INSTRUMENTS} ids, not {len(ids)}",
                       {"parameter": "id", "count": len(ids), "max": MAX_INSTRUMENTS})
    found, missing = [], []
    for instrument_id in ids:
        rows = run_result(driver, settings, "instrument", {"id": instrument_id}, limit=1).rows
        if rows:
            found.extend(rows)
        else:
            missing.append(instrument_id)
    return {"ids": ids, "missing": missing, "instruments": found}
