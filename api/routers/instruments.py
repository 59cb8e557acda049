"""Instruments: a filtered list, and one instrument in full with its sources and quotes."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

import neo4j
from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi import Query

from api.deps import DriverDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError
from api.models import InstrumentDetail, InstrumentRow, Page
from api.running import Limit, Offset, describe, run_page, run_result
from hdkg.settings import Settings
from queries import registry

router = APIRouter(prefix="/instruments", tags=["instruments"])


def _q(param: str, **examples: str) -> Any:
    return Query(description=describe("instruments", param),
                 openapi_examples={key: {"summary": value, "value": value} for key, value in examples.items()} or None)


@router.get("", response_model=Page[InstrumentRow], responses=ERROR_RESPONSES,
            summary="Instruments by country, partner, organization, domain, type, status and years")
def list_instruments(
    driver: DriverDep,
    settings: SettingsDep,
    country: Annotated[str | None, _q("country", vietnam="VN", ukraine="UA")] = None,
    partner: Annotated[str | None, _q("partner", belarus="BY", azerbaijan="AZ")] = None,
    organization: Annotated[str | None, _q("organization", oncology_centre="az-national-oncology-center")] = None,
    domain: Annotated[str | None, _q("domain", oncology="oncology")] = None,
    type: Annotated[str | None, _q("type", mou="memorandum-of-understanding")] = None,
    statuses: Annotated[list[str] | None, _q("statuses")] = None,
    from_year: Annotated[int | None, _q("from_year")] = None,
    to_year: Annotated[int | None, _q("to_year")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    params = {"country": country, "partner": partner, "organization": organization, "domain": domain,
              "type": type, "statuses": statuses, "from_year": from_year, "to_year": to_year}
    return run_page(driver, settings, "instruments", params, offset=offset, limit=limit)


@router.get("/{instrument_id}", response_model=InstrumentDetail, responses=ERROR_RESPONSES,
            summary="One instrument: parties, signatories, domains, events, lineage, sources and quotes")
def instrument(
    instrument_id: Annotated[str, PathParam(
        description="Instrument id.",
        openapi_examples={"oncology": {"summary": "AZ-UA oncology centres memorandum",
                                       "value": "az-ua-moc-oncology-centres"},
                          "vn-by": {"summary": "VN-BY health memorandum", "value": "by-vn-mou-health-cooperation-2024"}},
    )],
    driver: DriverDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    result = run_result(driver, settings, "instrument", {"id": instrument_id}, limit=1)
    if not result.rows:
        raise ApiError(404, "unknown_instrument", f"no instrument '{instrument_id}'",
                       {"id": instrument_id, "suggestions": _suggest(driver, settings, instrument_id)})
    return result.rows[0]


def _suggest(driver: neo4j.Driver, settings: Settings, text: str) -> list[str]:
    """Instrument ids close to an unknown one, whatever their status."""
    every_status = registry().get("instruments").param("statuses").type.json_schema()["items"]["enum"]
    ids = [row["id"] for row in run_result(driver, settings, "instruments", {"statuses": every_status}).rows]
    return difflib.get_close_matches(text, ids, n=3, cutoff=0.6)
