"""The curated record format: one YAML (or JSON) file per source report.

These pydantic models are the single definition of the format; `hdkg schema` exports them
as JSON Schema (ontology/records.schema.json, tested to be current). Structure and types are
checked here; references to countries, domains, vocabulary terms and other records are
resolved by `loaders.validate`, which knows the vocabularies and every file of a load.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 1

# Identifiers: lowercase, human-readable, stable. They become IRI path segments.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=120)]

# A place for free text that must stay one line and short.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]

_PARTIAL_DATE = re.compile(r"^(?:(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?|--(?P<md_month>\d{2})-(?P<md_day>\d{2}))$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def check_partial_date(value: str) -> str:
    """A date as precise as the report: YYYY, YYYY-MM, YYYY-MM-DD, or --MM-DD (year unknown)."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(
            f"'{value}' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, or --MM-DD when the year is unknown"
        )
    parts = match.groupdict()
    if parts["md_month"]:
        month, day = int(parts["md_month"]), int(parts["md_day"])
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
            raise ValueError(f"'{value}' is not a day of the year")
        return value
    year = int(parts["year"])
    if year < 1800:
        raise ValueError(f"'{value}': year {year} is before any record this graph holds (1800 or later)")
    month = int(parts["month"]) if parts["month"] else 1
    day = int(parts["day"]) if parts["day"] else 1
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}': month {month} does not exist")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"'{value}': {year}-{month:02d} has no day {day}")
    if dt.date(year, month, 1 if not parts["day"] else day) > dt.date.today():
        raise ValueError(f"'{value}' is in the future; records describe what a report says has happened")
    return value


def check_clean_text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("contains control or invisible formatting characters; remove them")
    return value


PartialDate = Annotated[str, AfterValidator(check_partial_date)]
Text = Annotated[ShortText, AfterValidator(check_clean_text)]
Paragraph = Annotated[LongText, AfterValidator(check_clean_text)]
Quote = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400),
                  AfterValidator(check_clean_text)]
# Vocabulary terms are checked against ontology/ by loaders.validate, which can suggest the
# right id for a label or a typo; here they only need to be short text.
Term = Text


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Evidence(Record):
    """A short quote from the report that supports a statement, in the report's language."""

    quote: Quote = Field(
        description="Verbatim, short (at most 400 characters): never a whole article."
    )
    lang: LanguageTag = Field(description="Language of the quote (BCP 47), e.g. 'en', 'vi'.")
    english: Paragraph | None = Field(
        default=None, description="English rendering, required when the quote is not in English."
    )
    supports: list[Slug] = Field(
        default_factory=list,
        description="Which fields of the record the quote backs (e.g. 'signatory', 'domains'); empty means the record as a whole.",
    )

    @model_validator(mode="after")
    def _english_when_foreign(self) -> Evidence:
        if self.lang != "en" and not self.english:
            raise ValueError(f"a quote in '{self.lang}' needs an 'english' rendering")
        return self


class Source(Record):
    """The report a record file is curated from."""

    id: Slug
    title: Text
    publisher: Text | None = Field(default=None, description="Outlet or agency; null when the report does not say.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None
    language: LanguageTag
    published: PartialDate | None = None
    dateline: Text | None = Field(default=None, description="Place the report was filed from, as given.")
    document: Text | None = Field(default=None, description="Identifier of the archived copy the record was curated from.")
    notes: Paragraph | None = None


class Organization(Record):
    id: Slug
    name: Text = Field(description="English name.")
    names: dict[LanguageTag, Text] = Field(default_factory=dict, description="Names in other languages, by language tag.")
    kind: Term = Field(description="A term of the organization-kind vocabulary.")
    country: Text = Field(description="Country it belongs to: ISO 3166-1 code or a name in any language.")
    host_country: Text | None = Field(default=None, description="For a local office: the country it operates in.")
    parent: Slug | None = Field(default=None, description="Id of the organization it is part of.")
    aliases: list[Text] = Field(default_factory=list)
    wikidata: WikidataId | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Role(Record):
    role: Term = Field(description="A term of the role-type vocabulary.")
    title: Text = Field(description="The title as the report gives it, in English.")
    organization: Slug | None = None
    country: Text | None = None
    date: PartialDate | None = Field(default=None, description="When the report places the person in the role.")

    @model_validator(mode="after")
    def _anchored(self) -> Role:
        if not self.organization and not self.country:
            raise ValueError("a role needs an 'organization' or a 'country'")
        return self


class Person(Record):
    id: Slug
    name: Text = Field(description="Name in Latin script as the report or common usage gives it.")
    name_original: Text | None = Field(default=None, description="Name in its original script or spelling.")
    name_original_lang: LanguageTag | None = None
    aliases: list[Text] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Attendance(Record):
    person: Slug
    represents: Text | None = Field(default=None, description="Country code/name or organization id the person stood for.")


class Event(Record):
    id: Slug
    kind: Term = Field(description="A term of the event-kind vocabulary.")
    name: Text
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    place: Text | None = None
    country: Text | None = Field(default=None, description="Where it was held; null for an online event with no host.")
    mode: Term | None = Field(default=None, description="A term of the attendance-mode vocabulary; null when unknown.")
    session_number: Annotated[int, Field(ge=1, le=1000)] | None = None
    organizer: Slug | None = None
    part_of: Slug | None = None
    attendees: list[Attendance] = Field(default_factory=list)
    evidence: list[Evidence] = Field(min_length=1)


class Party(Record):
    country: Text
    organization: Slug | None = None
    signatory: Slug | None = Field(default=None, description="Id of the person who signed for this party.")


class StatusChange(Record):
    status: Term = Field(description="A term of the instrument-status vocabulary.")
    date: PartialDate | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Instrument(Record):
    id: Slug = Field(description="Stable id; see docs/model.md for how it is chosen so two reports agree.")
    type: Term = Field(description="A term of the instrument-type vocabulary.")
    title: Text = Field(description="English title, as given or as described.")
    title_original: Text | None = None
    language: LanguageTag | None = Field(default=None, description="Language of title_original.")
    status: Term = Field(description="Current status: a term of the instrument-status vocabulary.")
    status_history: list[StatusChange] = Field(default_factory=list)
    signed_date: PartialDate | None = None
    valid_from: PartialDate | None = None
    valid_until: PartialDate | None = None
    term_years: Annotated[int, Field(ge=1, le=99)] | None = None
    parties: list[Party] = Field(min_length=2)
    domains: list[Text] = Field(min_length=1, description="Domain ids or labels of the SKOS scheme.")
    signed_at: Slug | None = Field(default=None, description="Id of the event where it was signed.")
    renews: list[Slug] = Field(default_factory=list)
    amends: list[Slug] = Field(default_factory=list)
    implements: list[Slug] = Field(default_factory=list)
    refers_to: list[Slug] = Field(default_factory=list)
    summary: Paragraph | None = Field(default=None, description="What it is about, in our own words.")
    unknown: list[Text] = Field(default_factory=list, description="What the report leaves unknown, e.g. 'signing year'.")
    evidence: list[Evidence] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        seen = set()
        for party in self.parties:
            key = (party.country, party.organization)
            if key in seen:
                raise ValueError(f"party {party.country}/{party.organization or '-'} is listed twice")
            seen.add(key)
        if self.title_original and not self.language:
            raise ValueError("'title_original' needs 'language'")
        if self.valid_from and self.valid_until and _sortable(self.valid_until) < _sortable(self.valid_from):
            raise ValueError("'valid_until' is before 'valid_from'")
        if self.id in {*self.renews, *self.amends, *self.implements, *self.refers_to}:
            raise ValueError("an instrument cannot renew, amend, implement or refer to itself")
        return self

    @property
    def multilateral(self) -> bool:
        return len({party.country for party in self.parties}) > 2


class Participant(Record):
    country: Text | None = None
    organization: Slug | None = None

    @model_validator(mode="after")
    def _something(self) -> Participant:
        if not self.country and not self.organization:
            raise ValueError("a participant needs a 'country' or an 'organization'")
        return self


class Engagement(Record):
    """Cooperation without an instrument: a discussion, a proposal, a decision, an opposed plan."""

    id: Slug
    kind: Term = Field(description="A term of the engagement-kind vocabulary.")
    status: Term = Field(description="A term of the engagement-status vocabulary.")
    title: Text
    summary: Paragraph | None = None
    date: PartialDate | None = None
    participants: list[Participant] = Field(min_length=1)
    proposed_by: list[Participant] = Field(default_factory=list)
    opposed_by: list[Participant] = Field(default_factory=list)
    domains: list[Text] = Field(min_length=1)
    event: Slug | None = None
    evidence: list[Evidence] = Field(min_length=1)


class RecordFile(Record):
    """Everything curated from one source report."""

    schema_version: Literal[1] = Field(description="Version of this record format.")
    source: Source
    organizations: list[Organization] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    instruments: list[Instrument] = Field(default_factory=list)
    engagements: list[Engagement] = Field(default_factory=list)


def _sortable(partial: str) -> str:
    return partial if not partial.startswith("--") else "0000" + partial[1:]


def json_schema() -> dict:
    """The JSON Schema, with vocabulary fields enumerating the ids ontology/ defines."""
    from loaders.vocab import vocabularies

    schema = RecordFile.model_json_schema()
    vocab = vocabularies()
    for definition in schema["$defs"].values():
        for prop in definition.get("properties", {}).values():
            match = re.search(r"term of the ([a-z-]+) vocabulary", prop.get("description", ""))
            if match:
                terms = sorted(vocab.scheme(match.group(1)).concepts)
                target = next((option for option in prop.get("anyOf", []) if option.get("type") == "string"), prop)
                target["enum"] = terms
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://w3id.org/hdkg/schema/records.schema.json"
    schema["title"] = "Health diplomacy knowledge graph: curated record file"
    return schema
