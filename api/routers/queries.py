"""The canned-query catalog, and running any canned query by name."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam

from api.deps import DriverDep, SettingsDep
from api.errors import ERROR_RESPONSES
from api.models import QueryCatalog, QueryPage
from api.running import Limit, Offset, ModelBody, page_response
from queries import registry

router = APIRouter(prefix="/queries", tags=["queries"])

#: Query-string names the route itself uses; no canned query may declare them.
RESERVED = ("limit", "offset")

ANY_PAGE = ModelBody(QueryPage)


@router.get("", response_model=QueryCatalog, summary="Every canned query with its parameters")
def catalog() -> dict[str, Any]:
    queries = registry().catalog()
    return {"total": len(queries), "queries": queries}


@router.get(
    "/{name}",
    response_model=QueryPage,
    responses=ERROR_RESPONSES,
    summary="Run a canned query",
    description=(
        "Parameters go in the query string under the names `GET /queries` lists; a list parameter "
        "may be repeated or comma-separated (`statuses=signed,in-force`). Countries are ISO codes or "
        "names in any language, domains ids or labels. Example: "
        "`/queries/partners?country=UA&domain=oncology`."
    ),
)
def run(
    request: Request,
    driver: DriverDep,
    settings: SettingsDep,
    name: str = PathParam(description="Query name, as `GET /queries` lists it.",
                          openapi_examples={"partners": {"summary": "partners of a country", "value": "partners"},
                                            "engagements": {"summary": "engagements", "value": "engagements"}}),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    canned = registry().get(name)
    raw: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if key in RESERVED:
            continue
        raw.setdefault(key, []).append(value)
    params = {key: values[0] if len(values) == 1 else values for key, values in raw.items()}
    return page_response(ANY_PAGE, driver, settings, canned.name, params, offset=offset, limit=limit)
