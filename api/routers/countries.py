"""Countries: a country's profile and its partners."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Response
from fastapi import Path as PathParam
from fastapi import Query

from api.deps import DriverDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError
from api.models import CountryProfile, PartnerPage
from api.running import Limit, Offset, ModelBody, describe, one_response, page_response

router = APIRouter(prefix="/countries", tags=["countries"])

PROFILE, PARTNERS = ModelBody(CountryProfile), ModelBody(PartnerPage)

Country = Annotated[str, PathParam(
    description="ISO 3166-1 alpha-2 or alpha-3 code, or the country's name in any language.",
    openapi_examples={
        "alpha-2": {"summary": "Ukraine by ISO code", "value": "UA"},
        "alpha-3": {"summary": "Kazakhstan by alpha-3 code", "value": "KAZ"},
        "name": {"summary": "Viet Nam by its Vietnamese name", "value": "Việt Nam"},
    },
)]


@router.get("/{code}", response_model=CountryProfile, responses=ERROR_RESPONSES,
            summary="A country's profile: domains, partners, instruments per year, its latest instruments, organizations")
def profile(
    code: Country,
    driver: DriverDep,
    settings: SettingsDep,
    statuses: Annotated[list[str] | None, Query(description=describe("country_profile", "statuses"))] = None,
    include_non_state: Annotated[bool | None, Query(description=describe("country_profile", "include_non_state"))] = None,
    evidence_limit: Annotated[int | None, Query(ge=0, description=describe("country_profile", "evidence_limit"))] = None,
) -> Response:
    return one_response(PROFILE, driver, settings, "country_profile",
                        {"country": code, "statuses": statuses, "include_non_state": include_non_state,
                         "evidence_limit": evidence_limit},
                        ApiError(404, "unknown_country", f"country '{code}' is not in the graph", {"country": code}))


@router.get("/{code}/partners", response_model=PartnerPage, responses=ERROR_RESPONSES,
            summary="Who is party to instruments with a country: each instrument's status, counts per status, evidence")
def partners(
    code: Country,
    driver: DriverDep,
    settings: SettingsDep,
    domain: Annotated[str | None, Query(
        description=describe("partners", "domain") + " Id or label in any language.",
        openapi_examples={"oncology": {"summary": "oncology", "value": "oncology"},
                          "broader": {"summary": "a broader domain (includes oncology)", "value": "clinical-medicine"}},
    )] = None,
    from_year: Annotated[int | None, Query(description=describe("partners", "from_year"))] = None,
    to_year: Annotated[int | None, Query(description=describe("partners", "to_year"))] = None,
    statuses: Annotated[list[str] | None, Query(description=describe("partners", "statuses"))] = None,
    level: Annotated[Literal["country", "organization"] | None, Query(description=describe("partners", "level"))] = None,
    include_companies: Annotated[bool | None, Query(description=describe("partners", "include_companies"))] = None,
    include_non_state: Annotated[bool | None, Query(description=describe("partners", "include_non_state"))] = None,
    evidence_limit: Annotated[int | None, Query(ge=0, description=describe("partners", "evidence_limit"))] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    params = {"country": code, "domain": domain, "from_year": from_year, "to_year": to_year,
              "statuses": statuses, "level": level, "include_companies": include_companies,
              "include_non_state": include_non_state, "evidence_limit": evidence_limit}
    return page_response(PARTNERS, driver, settings, "partners", params, offset=offset, limit=limit)
