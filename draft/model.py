"""What a draft holds before it is written in the record format: facts with their sentences.

Every fact keeps the sentence it came from (`quote`, in the report's language), the rule that
produced it (`rule`, printed by --explain) and, when the matcher is unsure, why (`review`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Fact:
    field: str  # what it backs: 'status', 'parties', 'signatory', 'domains', ...
    value: object
    quote: str
    rule: str
    review: str | None = None


@dataclass
class DraftOrganization:
    id: str
    name: str  # English when known
    kind: str
    country: str | None
    names: dict[str, str] = field(default_factory=dict)
    quote: str = ""
    rule: str = ""
    review: list[str] = field(default_factory=list)
    linked: bool = False  # the graph already has it: refer to it, do not restate it


@dataclass
class DraftPerson:
    id: str
    name: str
    name_original: str | None
    lang: str | None
    role: str | None = None
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    quote: str = ""
    rule: str = ""
    review: list[str] = field(default_factory=list)
    linked: bool = False


@dataclass
class DraftParty:
    country: str | None  # None: an international organization, which stands for no country
    organization: str | None = None
    signatory: str | None = None


@dataclass
class DraftEvent:
    id: str
    kind: str
    name: str
    date: str | None = None
    country: str | None = None
    mode: str | None = None
    session_number: int | None = None
    attendees: list[tuple[str, str | None]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass
class DraftInstrument:
    id: str
    type: str | None
    status: str | None
    title: str
    title_original: str | None = None
    signed_date: str | None = None
    parties: list[DraftParty] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    signed_at: str | None = None
    renews: list[str] = field(default_factory=list)
    refers_to: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    linked: bool = False  # the graph holds it: this report adds a status event
    graph_status: str | None = None


@dataclass
class DraftEngagement:
    id: str
    kind: str
    status: str
    title: str
    date: str | None = None
    participants: list[tuple[str | None, str | None]] = field(default_factory=list)  # (country, org)
    proposed_by: list[tuple[str | None, str | None]] = field(default_factory=list)
    opposed_by: list[tuple[str | None, str | None]] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    event: str | None = None
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Review:
    where: str  # e.g. "instruments[0].status"
    reason: str


@dataclass
class Draft:
    source_id: str
    title: str
    language: str
    publisher: str | None
    url: str | None
    published: str | None
    dateline: str | None
    document: str | None
    organizations: list[DraftOrganization] = field(default_factory=list)
    people: list[DraftPerson] = field(default_factory=list)
    events: list[DraftEvent] = field(default_factory=list)
    instruments: list[DraftInstrument] = field(default_factory=list)
    engagements: list[DraftEngagement] = field(default_factory=list)
    explain: list[tuple[str, str]] = field(default_factory=list)  # (fact, rule)
    review: list[Review] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
