"""Response models. Field names follow the columns of the canned queries in queries/."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

RowT = TypeVar("RowT")


class Row(BaseModel):
    # A column the model does not know is a mismatch with the query file, not data to drop.
    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[RowT]):
    query: str = Field(description="The canned query that produced the rows.", examples=["partners"])
    params: dict[str, Any] = Field(description="The parameters the query ran with, after resolution and defaults.")
    total: int | None = Field(description="Rows in the whole answer when this page reaches its end; null while "
                              "more rows follow (long answers are paged, not counted).")
    offset: int
    limit: int | None
    has_more: bool = Field(description="True when rows follow this page: ask again with offset + len(rows).")
    truncated: bool = Field(description="True when the page was cut at the server's row cap (HDKG_ROW_CAP) "
                            "rather than at the limit asked for.")
    rows: list[RowT]


# -- evidence ---------------------------------------------------------------------------------

class SourceRef(Row):
    id: str = Field(examples=["azertac-undated-azerbaijan-ukraine-health-visit"])
    title: str | None = None
    publisher: str | None = None
    url: str | None = None


class Quote(Row):
    quote: str
    lang: str | None = None
    english: str | None = Field(default=None, description="English rendering of a quote in another language.")
    supports: list[str] = Field(default_factory=list, description="Which facts the quote supports.")


class SourceWithQuotes(SourceRef):
    language: str | None = None
    published: str | None = Field(default=None, description="Partial date: YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD.")
    quotes: list[Quote]


# -- countries --------------------------------------------------------------------------------

class PartnerRow(Row):
    partner_kind: Literal["country", "organization"]
    partner_id: str = Field(examples=["AZ"])
    partner_name: str | None
    partner_country: str | None
    organization_kind: str | None
    parent_organization: str | None
    instrument_count: int
    instrument_ids: list[str] = Field(examples=[["az-ua-moc-oncology-centres"]])
    domains: list[str]
    own_organizations: list[str] = Field(description="The queried country's organizations that signed.")
    partner_organizations: list[str] = Field(description="The partner country's organizations that signed.")
    first_year: int | None
    last_year: int | None
    sources: list[SourceRef]


class DomainCount(Row):
    id: str
    label: str | None
    instruments: int


class CountryCount(Row):
    id: str
    name: str | None
    instruments: int
    instrument_ids: list[str]


class OrganizationCount(Row):
    id: str
    name: str | None
    kind: str | None
    instruments: int
    instrument_ids: list[str]


class TimelineEntry(Row):
    id: str
    title: str | None = None
    type: str | None = None
    status: str | None = None
    signed_date: str | None = None
    signed_year: int | None = None


class CountryProfile(Row):
    country: str = Field(examples=["UA"])
    alpha3: str | None
    name: str | None
    instrument_count: int
    domains: list[DomainCount]
    partners: list[CountryCount]
    timeline: list[TimelineEntry]
    organizations: list[OrganizationCount]
    sources: list[SourceRef]


# -- domains ----------------------------------------------------------------------------------

class DomainRow(Row):
    id: str = Field(examples=["oncology"])
    label: str | None
    broader: list[str]
    narrower: list[str]
    instruments: int = Field(description="Instruments covering the domain itself.")
    instruments_including_narrower: int


class CooperationRow(Row):
    country_a: str
    country_a_name: str | None
    country_b: str
    country_b_name: str | None
    instrument_count: int
    instrument_ids: list[str]
    domains: list[str]
    first_year: int | None
    last_year: int | None
    sources: list[SourceRef]


class PairCount(Row):
    country_a: str
    country_b: str
    instruments: int
    instrument_ids: list[str]


class YearCount(Row):
    year: int | None
    instruments: int
    instrument_ids: list[str]


class DomainOverview(Row):
    domain: str = Field(examples=["clinical-medicine"])
    label: str | None
    included_domains: list[str] = Field(description="The domain and every domain below it.")
    instrument_count: int
    countries: list[CountryCount]
    pairs: list[PairCount]
    by_year: list[YearCount]
    sources: list[SourceRef]


# -- instruments ------------------------------------------------------------------------------

class InstrumentRow(Row):
    id: str = Field(examples=["az-ua-moc-oncology-centres"])
    type: str | None
    title: str | None
    status: str | None
    signed_date: str | None
    signed_year: int | None
    multilateral: bool
    party_countries: list[str]
    organizations: list[str]
    domains: list[str]
    sources: list[SourceRef]


class Party(Row):
    country: str
    country_name: str | None
    organization: str | None
    organization_name: str | None
    organization_kind: str | None
    signatory: str | None
    signatory_name: str | None


class Signatory(Row):
    id: str
    name: str | None
    country: str | None
    organization: str | None


class DomainRef(Row):
    id: str
    label: str | None


class EventRef(Row):
    id: str
    kind: str | None
    name: str | None
    date: str | None
    place: str | None
    country: str | None


class StatusChangeRef(Row):
    status: str
    date: str | None
    position: int | None


class InstrumentDetail(Row):
    id: str = Field(examples=["az-ua-moc-oncology-centres"])
    type: str | None
    title: str | None
    title_original: str | None
    language: str | None
    status: str | None
    signed_date: str | None
    signed_year: int | None
    valid_from: str | None
    valid_until: str | None
    term_years: float | None
    summary: str | None
    unknown: list[str] = Field(description="What the sources leave open.")
    multilateral: bool
    party_countries: list[str]
    parties: list[Party]
    signatories: list[Signatory]
    domains: list[DomainRef]
    events: list[EventRef]
    status_history: list[StatusChangeRef]
    renews: list[str]
    renewed_by: list[str]
    amends: list[str]
    amended_by: list[str]
    implements: list[str]
    refers_to: list[str]
    sources: list[SourceWithQuotes]


# -- queries and health -----------------------------------------------------------------------

class QueryParamInfo(BaseModel):
    name: str
    type: str = Field(description="Type as written in the query file's header.", examples=["country | null"])
    required: bool
    default: Any = None
    description: str
    example: Any = None
    schema_: dict[str, Any] = Field(alias="schema", serialization_alias="schema",
                                    description="JSON Schema of the parameter.")

    model_config = ConfigDict(populate_by_name=True)


class QueryInfo(BaseModel):
    name: str = Field(examples=["partners"])
    description: str
    file: str = Field(examples=["partners.cypher"])
    params: list[QueryParamInfo]


class QueryCatalog(BaseModel):
    total: int
    queries: list[QueryInfo]


class ApiStatus(BaseModel):
    status: Literal["ok"]
    version: str


class GraphStatus(BaseModel):
    status: Literal["ok", "unavailable"]
    uri: str
    database: str
    server: str | None = None
    message: str | None = None


class HealthReport(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="ok when the API and Neo4j both answer.")
    api: ApiStatus
    neo4j: GraphStatus
