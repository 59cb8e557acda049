"""The graph's vocabulary: node labels and relationship types, as constants.

Cypher text is built only from these names; every value travels as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Label(StrEnum):
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    PERSON = "Person"
    ROLE = "Role"
    INSTRUMENT = "Instrument"
    STATUS_CHANGE = "StatusChange"
    DOMAIN = "Domain"
    EVENT = "Event"
    ENGAGEMENT = "Engagement"
    SOURCE = "Source"
    CLAIM = "Claim"
    LOAD_RUN = "LoadRun"


class Rel(StrEnum):
    SIGNED = "SIGNED"  # Country|Organization -> Instrument
    SIGNATORY_OF = "SIGNATORY_OF"  # Person -> Instrument
    COVERS = "COVERS"  # Instrument|Engagement -> Domain
    BROADER = "BROADER"  # Domain -> Domain
    BASED_IN = "BASED_IN"  # Organization -> Country
    HOST_COUNTRY = "HOST_COUNTRY"  # Organization (local office) -> Country
    PART_OF = "PART_OF"  # Organization -> Organization, Event -> Event
    HOLDS_ROLE = "HOLDS_ROLE"  # Person -> Role
    ROLE_AT = "ROLE_AT"  # Role -> Organization
    ROLE_FOR = "ROLE_FOR"  # Role -> Country
    REPRESENTS = "REPRESENTS"  # Person -> Country|Organization
    SIGNED_AT = "SIGNED_AT"  # Instrument -> Event
    HELD_IN = "HELD_IN"  # Event -> Country
    ORGANIZED_BY = "ORGANIZED_BY"  # Event -> Organization
    ATTENDED = "ATTENDED"  # Person -> Event
    RENEWS = "RENEWS"  # Instrument -> Instrument
    AMENDS = "AMENDS"
    IMPLEMENTS = "IMPLEMENTS"
    REFERS_TO = "REFERS_TO"
    HAS_STATUS_CHANGE = "HAS_STATUS_CHANGE"  # Instrument -> StatusChange
    PARTICIPATED_IN = "PARTICIPATED_IN"  # Country|Organization -> Engagement
    PROPOSED = "PROPOSED"  # Country|Organization -> Engagement
    OPPOSED = "OPPOSED"  # Country|Organization -> Engagement
    AT_EVENT = "AT_EVENT"  # Engagement -> Event
    EVIDENCED_BY = "EVIDENCED_BY"  # any -> Claim
    FROM_SOURCE = "FROM_SOURCE"  # Claim -> Source
    LOADED = "LOADED"  # LoadRun -> Source


#: Reference data: written from ontology/ and ISO, never removed by retracting a source.
REFERENCE_LABELS = frozenset({Label.COUNTRY, Label.DOMAIN})

#: Statuses that count as cooperation unless a query asks for more.
COOPERATION_STATUSES = ("signed", "in-force")


# Rows: what loaders produce and graph.writer writes. `sources` lists the ids of the reports
# behind a fact; reference data (countries, domains) has none.
@dataclass(frozen=True)
class NodeRow:
    label: Label
    id: str
    props: dict[str, Any]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelRow:
    type: Rel
    start_label: Label
    start_id: str
    end_label: Label
    end_id: str
    props: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


#: Property of a Source node recording what the source stated, so a rewrite of it visits only
#: that (see graph.writer.Statements). Loader bookkeeping: never published by the API or RDF.
STATED = "stated"
