"""Read-only Cypher: `POST /cypher` with a statement and its parameters.

The statement's plan is checked before it runs (graph/readonly.py says which plans are
refused); it then runs in a READ transaction with the server's timeout, row cap and memory
limit. Answers are JSON (columns and rows) or CSV (`Accept: text/csv` or `?format=csv`).
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import DriverDep, SettingsDep
from api.errors import ApiError
from api.negotiation import negotiate
from api.ratelimit import check_rate
from api.research import RESEARCH_ERRORS, disabled
from graph.readonly import CypherParameterError, CypherRefused, CypherSyntaxError, csv_cell, run_readonly

router = APIRouter(tags=["research"])

FORMATS = {"json": ("application/json",), "csv": ("text/csv", "application/csv")}


class CypherRequest(BaseModel):
    query: str = Field(description="One read-only Cypher statement; values go in `parameters`.",
                       examples=["MATCH (c:Country {id: $code})-[:SIGNED]->(i:Instrument) RETURN i.id, i.status"])
    parameters: dict[str, Any] = Field(default_factory=dict, description="Values for the statement's `$names`.",
                                       examples=[{"code": "UA"}])


class CypherAnswer(BaseModel):
    columns: list[str] = Field(description="Column names, in the order of each row's values.")
    rows: list[list[Any]] = Field(description="One list per row. Nodes, relationships and paths are maps; "
                                  "temporal values ISO 8601 strings.")
    row_count: int
    truncated: bool = Field(description="True when more rows followed than the row cap (HDKG_ROW_CAP) allows.")
    row_cap: int


def _csv(columns: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


@router.post(
    "/cypher",
    response_model=CypherAnswer,
    responses={**RESEARCH_ERRORS, 200: {"content": {"application/json": {}, "text/csv": {}}}},
    summary="Run one read-only Cypher statement",
    description=(
        "For researchers on a shared server, who cannot be given Neo4j Browser's admin login. The statement is "
        "planned with EXPLAIN first and refused (400 `cypher_refused`, details.reason) if it writes, touches the "
        "schema or the DBMS, loads files, calls a procedure outside the read allow-list, runs IN TRANSACTIONS, "
        "uses another database or holds more than one statement. It then runs in a READ transaction with the "
        "server's timeout (504), row cap (`truncated`) and transaction memory limit (503 `query_too_large`). "
        "Rate limited per client (429)."
    ),
)
def cypher(
    body: CypherRequest,
    request: Request,
    driver: DriverDep,
    settings: SettingsDep,
    fmt: Annotated[str | None, Query(alias="format", description="json or csv; overrides Accept.")] = None,
    accept: Annotated[str | None, Header(description="application/json or text/csv.")] = None,
) -> Any:
    if not settings.cypher_enabled:
        raise disabled("/cypher", "HDKG_CYPHER_ENABLED")
    name = negotiate(fmt, accept, FORMATS, "json")
    check_rate(request, settings, "cypher")
    try:
        result = run_readonly(driver, body.query, body.parameters, settings=settings)
    except CypherSyntaxError as error:
        raise ApiError(400, "cypher_syntax_error", error.message, error.details) from None
    except CypherRefused as error:
        raise ApiError(400, "cypher_refused", error.message, error.details) from None
    except CypherParameterError as error:
        raise ApiError(422, "invalid_parameter", str(error), {"parameter": error.name}) from None
    headers = {"Vary": "Accept", "X-Row-Cap-Reached": "true" if result.truncated else "false"}
    if name == "csv":
        return Response(_csv(result.columns, result.rows), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(CypherAnswer(**result.as_dict()).model_dump_json(), media_type="application/json",
                    headers=headers)
