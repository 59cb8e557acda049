"""Instruments: a filtered list; one instrument in full with its sources and quotes, its signatories
and its lineage; and every link (renews, amends, implements, refers to) between instruments."""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

import neo4j
from fastapi import APIRouter, Response
from fastapi import Path as PathParam
from fastapi import Query

from api.deps import DriverDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError
from api.models import InstrumentDetail, InstrumentPage, LineagePage, LinkPage, SignatoryPage
from api.running import Limit, Offset, ModelBody, answer_response, describe, page_response, run_result
from hdkg.settings import Settings
from queries import registry

router = APIRouter(prefix="/instruments", tags=["instruments"])

INSTRUMENTS, LINKS, DETAIL = ModelBody(InstrumentPage), ModelBody(LinkPage), ModelBody(InstrumentDetail)
SIGNATORIES, LINEAGE = ModelBody(SignatoryPage), ModelBody(LineagePage)

InstrumentId = Annotated[str, PathParam(
    description="Instrument id.",
    openapi_examples={"renewed": {"summary": "AZ-UA renewed health agreement",
                                  "value": "az-ua-agreement-health-medical-science"},
                      "oncology": {"summary": "AZ-UA oncology centres memorandum",
                                   "value": "az-ua-moc-oncology-centres"},
                      "vn-by": {"summary": "VN-BY health memorandum", "value": "by-vn-mou-health-cooperation-2024"}},
)]


def _q(param: str, **examples: str) -> Any:
    return Query(description=describe("instruments", param),
                 openapi_examples={key: {"summary": value, "value": value} for key, value in examples.items()} or None)


@router.get("", response_model=InstrumentPage, responses=ERROR_RESPONSES,
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
    include_non_state: Annotated[bool | None, _q("include_non_state")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    params = {"country": country, "partner": partner, "organization": organization, "domain": domain,
              "type": type, "statuses": statuses, "from_year": from_year, "to_year": to_year,
              "include_non_state": include_non_state}
    return page_response(INSTRUMENTS, driver, settings, "instruments", params, offset=offset, limit=limit)


# Declared before /{instrument_id}, which would otherwise take "links" for an instrument id.
@router.get("/links", response_model=LinkPage, responses=ERROR_RESPONSES,
            summary="Every instrument that renews, amends, implements or refers to another, with both statuses")
def links(
    driver: DriverDep,
    settings: SettingsDep,
    country: Annotated[str | None, Query(description=describe("lineage_list", "country"),
                                         openapi_examples={"azerbaijan": {"summary": "Azerbaijan", "value": "AZ"}})] = None,
    relation: Annotated[Literal["renews", "amends", "implements", "refers_to"] | None,
                        Query(description=describe("lineage_list", "relation"))] = None,
    statuses: Annotated[list[str] | None, Query(description=describe("lineage_list", "statuses"))] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    params = {"country": country, "relation": relation, "statuses": statuses}
    return page_response(LINKS, driver, settings, "lineage_list", params, offset=offset, limit=limit)


@router.get("/{instrument_id}", response_model=InstrumentDetail, responses=ERROR_RESPONSES,
            summary="One instrument: parties, signatories, domains, events, lineage, sources and quotes")
def instrument(instrument_id: InstrumentId, driver: DriverDep, settings: SettingsDep) -> Response:
    result = run_result(driver, settings, "instrument", {"id": instrument_id}, limit=1)
    if not result.rows:
        raise _unknown(driver, settings, instrument_id)
    return answer_response(result, DETAIL, "row")


@router.get("/{instrument_id}/signatories", response_model=SignatoryPage, responses=ERROR_RESPONSES,
            summary="Who signed an instrument for each party, in what role or post, and whether the party signed")
def signatories(instrument_id: InstrumentId, driver: DriverDep, settings: SettingsDep,
                limit: Limit = 50, offset: Offset = 0) -> Response:
    result = run_result(driver, settings, "signatories", {"instrument": instrument_id}, offset, limit)
    # Every instrument has a party, so no row at all means no such instrument.
    if not result.rows and offset == 0:
        raise _unknown(driver, settings, instrument_id)
    return answer_response(result, SIGNATORIES)


@router.get("/{instrument_id}/lineage", response_model=LineagePage, responses=ERROR_RESPONSES,
            summary="The instruments an instrument renews, amends, implements or cites, and those citing it")
def lineage(instrument_id: InstrumentId, driver: DriverDep, settings: SettingsDep,
            limit: Limit = 50, offset: Offset = 0) -> Response:
    result = run_result(driver, settings, "lineage", {"instrument": instrument_id}, offset, limit)
    # The lineage holds the instrument itself, so no row at all means no such instrument.
    if not result.rows and offset == 0:
        raise _unknown(driver, settings, instrument_id)
    return answer_response(result, LINEAGE)


def _unknown(driver: neo4j.Driver, settings: Settings, instrument_id: str) -> ApiError:
    return ApiError(404, "unknown_instrument", f"no instrument '{instrument_id}'",
                    {"id": instrument_id, "suggestions": _suggest(driver, settings, instrument_id)})


def _suggest(driver: neo4j.Driver, settings: Settings, text: str) -> list[str]:
    """Instrument ids close to an unknown one, whatever their status."""
    every_status = registry().get("instruments").param("statuses").type.json_schema()["items"]["enum"]
    ids = [row["id"] for row in run_result(driver, settings, "instruments", {"statuses": every_status}).rows]
    return difflib.get_close_matches(text, ids, n=3, cutoff=0.6)
