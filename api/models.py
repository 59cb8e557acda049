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


# -- status-aware counts ----------------------------------------------------------------------

class StatusCount(Row):
    status: str = Field(description="An instrument status (a term of the instrument-status vocabulary).",
                        examples=["signed"])
    instruments: int


class InstrumentStatus(Row):
    id: str = Field(examples=["az-ua-agreement-health-medical-science"])
    status: str | None = Field(description="The instrument's status, derived from its status history: an "
                               "approved-only instrument is `approved-for-signing`, never `signed`.")
    signed_date: str | None
    signed: bool = Field(description="Both sides signed it (a country through its SIGNED edge; with "
                         "include_non_state, a non-state party through its organization's).")


_STATUS_COUNTS = "Instruments counted, per status."
_SIGNED_COUNT = "How many of the instruments both sides signed (the rest are, say, only approved)."
_EVIDENCE_CAPPED = ("True when the row counts more instruments than it lists (at most evidence_limit, the most "
                    "recent first): ask the instruments query for the rest.")
_LISTED_IDS = "The ids of the instruments listed, most recent first."
_LISTED_SOURCES = "The sources of the instruments listed."


# -- countries --------------------------------------------------------------------------------

class PartnerRow(Row):
    partner_kind: Literal["country", "organization"]
    partner_id: str = Field(examples=["AZ"])
    partner_name: str | None
    partner_country: str | None
    organization_kind: str | None
    parent_organization: str | None
    instrument_count: int
    signed_count: int = Field(description=_SIGNED_COUNT)
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)
    instrument_ids: list[str] = Field(description=_LISTED_IDS, examples=[["az-ua-agreement-health-medical-science"]])
    instruments: list[InstrumentStatus]
    evidence_capped: bool = Field(description=_EVIDENCE_CAPPED)
    domains: list[str]
    own_organizations: list[str] = Field(description="The queried country's organizations that are parties.")
    partner_organizations: list[str] = Field(description="The partner country's organizations that are parties.")
    first_year: int | None
    last_year: int | None
    sources: list[SourceRef] = Field(description=_LISTED_SOURCES)


class DomainCount(Row):
    id: str
    label: str | None
    instruments: int


_PROFILE_IDS = ("The ids of its instruments, most recent first, at most evidence_limit of them; `instruments` "
                "counts them all.")


class CountryCount(Row):
    id: str
    name: str | None
    instruments: int
    instrument_ids: list[str] = Field(description=_PROFILE_IDS)
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)


class OrganizationCount(Row):
    id: str
    name: str | None
    kind: str | None
    instruments: int
    instrument_ids: list[str] = Field(description=_PROFILE_IDS)
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)


class CountryYearCount(Row):
    year: int | None = Field(description="The year signed; null counts the undated instruments.")
    instruments: int
    signed: int = Field(description="How many of them the country signed.")


class TimelineEntry(Row):
    id: str
    title: str | None = None
    type: str | None = None
    status: str | None = None
    signed_date: str | None = None
    signed_year: int | None = None
    signed: bool = Field(description="The country signed it (its SIGNED edge, or with include_non_state "
                         "one of its non-state parties' organizations).")


class CountryProfile(Row):
    country: str = Field(examples=["UA"])
    alpha3: str | None
    name: str | None
    instrument_count: int
    signed_count: int = Field(description="How many of the instruments the country signed.")
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)
    domains: list[DomainCount]
    partners: list[CountryCount]
    years: list[CountryYearCount] = Field(description="Every instrument counted per year signed, the earliest first.")
    timeline: list[TimelineEntry] = Field(description="The most recent instruments, at most evidence_limit of them.")
    evidence_capped: bool = Field(description="True when the country has more instruments than the timeline lists: "
                                  "ask the instruments query for the rest.")
    organizations: list[OrganizationCount]
    sources: list[SourceRef] = Field(description="The sources of the instruments in the timeline.")


# -- domains ----------------------------------------------------------------------------------

class DomainRow(Row):
    id: str = Field(examples=["oncology"])
    label: str | None
    broader: list[str]
    narrower: list[str]
    instruments: int = Field(description="Instruments covering the domain itself.")
    instruments_including_narrower: int
    status_counts: list[StatusCount] = Field(description="Instruments including narrower domains, per status.")


class CooperationRow(Row):
    country_a: str
    country_a_name: str | None
    country_b: str
    country_b_name: str | None
    instrument_count: int
    signed_count: int = Field(description=_SIGNED_COUNT)
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)
    instrument_ids: list[str] = Field(description=_LISTED_IDS)
    instruments: list[InstrumentStatus]
    evidence_capped: bool = Field(description=_EVIDENCE_CAPPED)
    domains: list[str]
    first_year: int | None
    last_year: int | None
    sources: list[SourceRef] = Field(description=_LISTED_SOURCES)


class DomainCountryCount(Row):
    id: str
    name: str | None
    instruments: int
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)


class PairCount(Row):
    country_a: str
    country_b: str
    instruments: int
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)


class DomainYearCount(Row):
    year: int | None
    instruments: int
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)


class DomainOverview(Row):
    domain: str = Field(examples=["clinical-medicine"])
    label: str | None
    included_domains: list[str] = Field(description="The domain and every domain below it.")
    instrument_count: int
    status_counts: list[StatusCount] = Field(description=_STATUS_COUNTS)
    countries: list[DomainCountryCount]
    pairs: list[PairCount]
    by_year: list[DomainYearCount]


# -- instruments ------------------------------------------------------------------------------

class InstrumentRow(Row):
    id: str = Field(examples=["az-ua-moc-oncology-centres"])
    type: str | None
    title: str | None
    status: str | None
    signed_date: str | None
    signed_year: int | None
    multilateral: bool
    party_countries: list[str] = Field(description="Countries of its state parties (of every party with "
                                       "include_non_state).")
    organizations: list[str] = Field(description="Organizations among its parties.")
    signed_by: list[str] = Field(description="Countries that signed it (a company's home country never does).")
    signed_by_organizations: list[str] = Field(description="Organizations that signed it.")
    domains: list[str]
    sources: list[SourceRef]


class Party(Row):
    id: str = Field(examples=["az-ua-agreement-health-medical-science--AZ--az-ministry-of-health"])
    country: str | None = Field(description="The country on whose side the party stands; null for a forum.")
    country_name: str | None
    organization: str | None
    organization_name: str | None
    organization_kind: str | None
    role: str = Field(description="party, witness or observer.", examples=["party"])
    state: bool = Field(description="A state is the party: the country itself or a state body (ministry, "
                        "government, agency, embassy, parliamentary body).")
    on_behalf_of: str | None = Field(description="Country code or organization id the party acts for.")
    signatory: str | None
    signatory_name: str | None
    signatory_title: str | None = Field(description="The post of whoever signed, when no person is named.")
    signatory_role: str | None = Field(description="A term of the role-type vocabulary for that post.")
    signed: bool = Field(description="The party signed (a state party: its country's SIGNED edge; "
                         "another: its organization's).")


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
    id: str
    status: str
    date: str | None = Field(description="Partial date, as precise as the report.")
    actor: str | None = Field(description="Country code or organization id that took the step; null when "
                              "the step is the instrument's as a whole.")
    actor_kind: Literal["country", "organization"] | None


class ForumRef(Row):
    id: str
    name: str | None
    kind: str | None


class EngagementRef(Row):
    id: str
    kind: str | None
    status: str | None
    title: str | None
    date: str | None


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
    signed_by: list[str] = Field(description="Countries that signed it.")
    signed_by_organizations: list[str] = Field(description="Organizations that signed it.")
    signatories: list[Signatory]
    domains: list[DomainRef]
    events: list[EventRef]
    status_history: list[StatusChangeRef] = Field(description="Steps by date (undated last), then by stage.")
    forum: ForumRef | None = Field(description="The international organization or forum it was adopted in.")
    led_to: list[EngagementRef] = Field(description="Engagements that led to it.")
    renews: list[str]
    renewed_by: list[str]
    amends: list[str]
    amended_by: list[str]
    implements: list[str]
    implemented_by: list[str]
    refers_to: list[str]
    referred_to_by: list[str]
    sources: list[SourceWithQuotes]


class RoleHeld(Row):
    role: str | None
    title: str | None
    date: str | None


class SignatoryRow(Row):
    instrument: str
    status: str | None
    party: str = Field(examples=["az-ua-agreement-health-medical-science--AZ--az-ministry-of-health"])
    country: str | None
    country_name: str | None
    organization: str | None
    organization_name: str | None
    organization_kind: str | None
    role: str = Field(description="party, witness or observer.")
    state: bool
    on_behalf_of: str | None
    signatory: str | None = Field(examples=["teymur-musayev"])
    signatory_name: str | None
    signatory_name_original: str | None
    signatory_roles: list[RoleHeld] = Field(description="The signatory's roles at the party's organization or "
                                            "for its country, as the sources give them.")
    signatory_title: str | None = Field(description="The post of whoever signed, when no person is named.")
    signatory_role: str | None
    signed: bool
    sources: list[SourceRef]


class LineageRow(Row):
    id: str = Field(examples=["az-ua-agreement-health-medical-science-earlier"])
    type: str | None
    title: str | None
    status: str | None
    signed_date: str | None
    signed_year: int | None
    generation: int = Field(description="Length of the longest chain of links to older instruments.")
    signed_by: list[str]
    renews: list[str]
    amends: list[str]
    implements: list[str]
    refers_to: list[str]
    renewed_by: list[str]
    amended_by: list[str]
    implemented_by: list[str]
    referred_to_by: list[str]
    sources: list[SourceRef]


class LinkRow(Row):
    instrument: str = Field(examples=["az-ua-agreement-health-medical-science"])
    title: str | None
    status: str | None
    signed_date: str | None
    relation: Literal["renews", "amends", "implements", "refers_to"]
    target: str = Field(examples=["az-ua-agreement-health-medical-science-earlier"])
    target_title: str | None
    target_status: str | None
    target_signed_date: str | None
    sources: list[SourceRef]


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


class PlanningReport(BaseModel):
    state: Literal["off", "waiting", "planning", "done", "failed"] = Field(
        description="Planning the canned queries ahead at start-up: off, waiting for Neo4j, planning, done, or "
                    "failed (message says why; queries are then planned on their first run).")
    queries: int = Field(description="Canned queries to plan.")
    planned: int = Field(description="Canned queries planned so far (failed ones included).")
    failed: dict[str, str] = Field(default_factory=dict,
                                   description="Queries the server would not plan, with its message.")
    seconds: float | None = Field(default=None, description="How long planning took, once done.")
    message: str | None = None


class HealthReport(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="ok when the API and Neo4j both answer.")
    api: ApiStatus
    neo4j: GraphStatus
    planning: PlanningReport


# -- pages: one named model per row kind, so the OpenAPI document names each ----------------

class PartnerPage(Page[PartnerRow]):
    """A page of a country's partners."""


class DomainPage(Page[DomainRow]):
    """A page of health domains."""


class CooperationPage(Page[CooperationRow]):
    """A page of country pairs cooperating on a domain."""


class InstrumentPage(Page[InstrumentRow]):
    """A page of instruments."""


class LinkPage(Page[LinkRow]):
    """A page of links between instruments."""


class SignatoryPage(Page[SignatoryRow]):
    """A page of an instrument's signatories."""


class LineagePage(Page[LineageRow]):
    """A page of an instrument's lineage."""


class QueryPage(Page[dict[str, Any]]):
    """A page of any canned query's rows, as the query shapes them."""
