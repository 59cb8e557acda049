"""Health domains: the list, one domain's overview, and the country pairs cooperating in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from fastapi import Path as PathParam
from fastapi import Query

from api.deps import DriverDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError
from api.models import CooperationPage, DomainOverview, DomainPage
from api.running import Limit, Offset, ModelBody, describe, one_response, page_response

router = APIRouter(prefix="/domains", tags=["domains"])

DOMAINS, OVERVIEW, COOPERATION = ModelBody(DomainPage), ModelBody(DomainOverview), ModelBody(CooperationPage)

Domain = Annotated[str, PathParam(
    description="Domain id or label in any language (ontology/domains.ttl); narrower domains are included.",
    openapi_examples={
        "oncology": {"summary": "oncology", "value": "oncology"},
        "label": {"summary": "by its Russian label", "value": "онкология"},
        "broader": {"summary": "a broader domain", "value": "clinical-medicine"},
    },
)]
Statuses = Annotated[list[str] | None, Query(description=describe("cooperation", "statuses"))]
NonState = Annotated[bool | None, Query(description=describe("cooperation", "include_non_state"))]


@router.get("", response_model=DomainPage, summary="Health domains and how many instruments cover each")
def list_domains(
    driver: DriverDep,
    settings: SettingsDep,
    statuses: Statuses = None,
    used_only: Annotated[bool | None, Query(description=describe("domains", "used_only"))] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return page_response(DOMAINS, driver, settings, "domains", {"statuses": statuses, "used_only": used_only},
                    offset=offset, limit=limit)


@router.get("/{domain}", response_model=DomainOverview, responses=ERROR_RESPONSES,
            summary="A domain's most active countries and pairs, and its instruments by year")
def overview(domain: Domain, driver: DriverDep, settings: SettingsDep, statuses: Statuses = None,
             include_non_state: NonState = None) -> Response:
    return one_response(OVERVIEW, driver, settings, "domain_overview",
                   {"domain": domain, "statuses": statuses, "include_non_state": include_non_state},
                   ApiError(404, "unknown_domain", f"domain '{domain}' is not in the graph", {"domain": domain}))


@router.get("/{domain}/cooperation", response_model=CooperationPage, responses=ERROR_RESPONSES,
            summary="Pairs of countries cooperating on a domain: each instrument's status, counts per status, evidence")
def cooperation(
    domain: Domain,
    driver: DriverDep,
    settings: SettingsDep,
    country: Annotated[str | None, Query(description=describe("cooperation", "country"),
                                         openapi_examples={"ukraine": {"summary": "Ukraine", "value": "UA"}})] = None,
    statuses: Statuses = None,
    from_year: Annotated[int | None, Query(description=describe("cooperation", "from_year"))] = None,
    to_year: Annotated[int | None, Query(description=describe("cooperation", "to_year"))] = None,
    include_non_state: NonState = None,
    evidence_limit: Annotated[int | None, Query(ge=0, description=describe("cooperation", "evidence_limit"))] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    params = {"domain": domain, "country": country, "statuses": statuses, "from_year": from_year, "to_year": to_year,
              "include_non_state": include_non_state, "evidence_limit": evidence_limit}
    return page_response(COOPERATION, driver, settings, "cooperation", params, offset=offset, limit=limit)
