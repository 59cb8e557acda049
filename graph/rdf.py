"""The graph as RDF: the mapping from Neo4j nodes and relationships to triples, and its writers.

The mapping follows ontology/README.md (IRI patterns, classes, relationship and literal
tables); ontology/shapes.ttl is what its output must satisfy. rdflib terms are the modelling
API: every mapping function yields ``(subject, predicate, object)`` tuples of rdflib terms.

Reading is streamed: `export_triples` walks the graph label by label in read transactions of
`PAGE_SIZE` nodes, ordered by `id` and continued from the last id seen (an index-backed
cursor), so neither Neo4j nor this process ever holds the whole graph. Writing is streamed
too: `write_triples` hands the generator to oxigraph's serializers, which write as the
triples arrive (N-Triples, Turtle and JSON-LD alike).

One resource: `describe` returns a small rdflib Graph with the resource's own triples, the
triples of other resources that point at it, and the names of everything it links to;
`resource_json` is the same resource as plain JSON.

Parties: the graph has no party nodes. An instrument's parties are rebuilt from
``(Organization)-[:SIGNED {country, signatory}]->(Instrument)`` first, one party per
(country, organization), then one organization-less party for each
``(Country)-[:SIGNED]->(Instrument)`` whose country has no organization party;
``(Person)-[:SIGNATORY_OF {country, organization}]->(Instrument)`` adds the signatories.
Party IRIs are ``{base}party/{instrument}--{COUNTRY}[--{organization}]`` (record ids never
contain ``--``).

Where the README's tables leave a property open, the export uses standard terms: a role's
``date`` (when the report places the person in the role, not when the role began) is
``dcterms:date``; an event's organizer is ``schema:organizer`` and its place
``schema:location``; summaries are ``dcterms:description``@en; an instrument's original-language
title is ``dcterms:alternative`` tagged with its language; what a report leaves unknown and a
source's curation notes are ``skos:editorialNote``@en; every node a source stated points to
it with ``dcterms:source`` (claims with ``prov:wasDerivedFrom``); sources point to the load run
that wrote them with ``prov:wasGeneratedBy``.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, BinaryIO
from urllib.parse import quote

import neo4j
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.term import Node

from graph.model import Label, Rel
from hdkg import PROJECT_ROOT

Triple = tuple[Node, Node, Node]

HD = Namespace("https://w3id.org/hdkg/ontology#")
DOM = Namespace("https://w3id.org/hdkg/domain/")
VOCAB = "https://w3id.org/hdkg/vocab/"
WD = Namespace("http://www.wikidata.org/entity/")
DOMAIN_SCHEME = DOM["scheme"]

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
#: The Turtle files of ontology/ by short name (what /ontology/{name} serves).
ONTOLOGY_FILES = {
    "hdkg": "hdkg.ttl",
    "domains": "domains.ttl",
    "vocabularies": "vocabularies.ttl",
    "shapes": "shapes.ttl",
}
#: Included in the whole-graph export unless asked not to (the shapes are not data).
EXPORT_ONTOLOGIES = ("hdkg", "domains", "vocabularies")

PREFIXES = {
    "hd": str(HD),
    "dom": str(DOM),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SDO),
    "foaf": str(FOAF),
    "org": str(ORG),
    "wd": str(WD),
}

#: Nodes per read transaction in the whole-graph export.
PAGE_SIZE = 2000

#: Output formats: name -> (oxigraph format, rdflib format name, media type).
FORMATS: dict[str, tuple[ox.RdfFormat, str, str]] = {
    "turtle": (ox.RdfFormat.TURTLE, "turtle", "text/turtle"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt", "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld", "application/ld+json"),
}

#: IRI path segment of each resource kind (`{base}{segment}/{id}`); domains live under DOM.
SEGMENTS: dict[Label, str] = {
    Label.COUNTRY: "country",
    Label.ORGANIZATION: "organization",
    Label.PERSON: "person",
    Label.ROLE: "role",
    Label.INSTRUMENT: "instrument",
    Label.STATUS_CHANGE: "statuschange",
    Label.DOMAIN: "domain",
    Label.EVENT: "event",
    Label.ENGAGEMENT: "engagement",
    Label.SOURCE: "source",
    Label.CLAIM: "claim",
    Label.LOAD_RUN: "loadrun",
}
KINDS: dict[str, Label] = {segment: label for label, segment in SEGMENTS.items()}
PARTY_KIND = "party"

CLASSES: dict[Label, URIRef] = {
    Label.COUNTRY: HD.Country,
    Label.ORGANIZATION: HD.Organization,
    Label.PERSON: HD.Person,
    Label.ROLE: HD.Role,
    Label.INSTRUMENT: HD.Instrument,
    Label.STATUS_CHANGE: HD.StatusChange,
    Label.DOMAIN: HD.Domain,
    Label.EVENT: HD.Event,
    Label.ENGAGEMENT: HD.Engagement,
    Label.SOURCE: HD.Source,
    Label.CLAIM: HD.Claim,
    Label.LOAD_RUN: HD.LoadRun,
}

#: Export order. Domains come from Neo4j only when the ontology files are left out
#: (domains.ttl is the superset the Domain nodes were loaded from).
EXPORT_LABELS = (
    Label.COUNTRY, Label.ORGANIZATION, Label.PERSON, Label.ROLE, Label.INSTRUMENT,
    Label.STATUS_CHANGE, Label.EVENT, Label.ENGAGEMENT, Label.SOURCE, Label.CLAIM,
    Label.LOAD_RUN, Label.DOMAIN,
)

# Relationships whose triple runs start -> end, keyed by the start label: emitted with the start node.
FORWARD: dict[tuple[Label, Rel], URIRef] = {
    (Label.COUNTRY, Rel.SIGNED): HD.signed,
    (Label.ORGANIZATION, Rel.BASED_IN): HD.basedIn,
    (Label.ORGANIZATION, Rel.HOST_COUNTRY): HD.hostCountry,
    (Label.ORGANIZATION, Rel.PART_OF): HD.parentOrganization,
    (Label.PERSON, Rel.HOLDS_ROLE): HD.holdsRole,
    (Label.PERSON, Rel.REPRESENTS): HD.represents,
    (Label.PERSON, Rel.ATTENDED): HD.attended,
    (Label.ROLE, Rel.ROLE_AT): HD.roleOrganization,
    (Label.ROLE, Rel.ROLE_FOR): HD.roleCountry,
    (Label.INSTRUMENT, Rel.COVERS): HD.covers,
    (Label.INSTRUMENT, Rel.SIGNED_AT): HD.signedAt,
    (Label.INSTRUMENT, Rel.RENEWS): HD.renews,
    (Label.INSTRUMENT, Rel.AMENDS): HD.amends,
    (Label.INSTRUMENT, Rel.IMPLEMENTS): HD.implements,
    (Label.INSTRUMENT, Rel.REFERS_TO): HD.refersTo,
    (Label.INSTRUMENT, Rel.HAS_STATUS_CHANGE): HD.statusHistory,
    (Label.ENGAGEMENT, Rel.HAS_STATUS_CHANGE): HD.statusHistory,
    (Label.ENGAGEMENT, Rel.COVERS): HD.covers,
    (Label.ENGAGEMENT, Rel.AT_EVENT): HD.atEvent,
    (Label.EVENT, Rel.HELD_IN): HD.heldIn,
    (Label.EVENT, Rel.ORGANIZED_BY): SDO.organizer,
    (Label.EVENT, Rel.PART_OF): HD.partOf,
    (Label.CLAIM, Rel.FROM_SOURCE): PROV.wasDerivedFrom,
    (Label.DOMAIN, Rel.BROADER): SKOS.broader,
}
# Relationships whose triple runs end -> start, keyed by the end label: emitted with the end node.
INVERSE: dict[tuple[Label, Rel], URIRef] = {
    (Label.ENGAGEMENT, Rel.PARTICIPATED_IN): HD.participant,
    (Label.ENGAGEMENT, Rel.PROPOSED): HD.proposedBy,
    (Label.ENGAGEMENT, Rel.OPPOSED): HD.opposedBy,
    (Label.INSTRUMENT, Rel.PROPOSED): HD.proposedBy,
    (Label.INSTRUMENT, Rel.OPPOSED): HD.opposedBy,
    (Label.SOURCE, Rel.LOADED): PROV.wasGeneratedBy,
    (Label.DOMAIN, Rel.BROADER): SKOS.narrower,
}
# Any node may carry evidence.
EVIDENCE = HD.evidence

# Relationships read only to build something else: parties, a status change's vocabulary.
_EXTRA_INCOMING: dict[Label, tuple[Rel, ...]] = {
    Label.INSTRUMENT: (Rel.SIGNED, Rel.SIGNATORY_OF),
    Label.STATUS_CHANGE: (Rel.HAS_STATUS_CHANGE,),
}


def _outgoing_types(label: Label) -> list[str]:
    return [str(rel) for (start, rel) in FORWARD if start == label] + [str(Rel.EVIDENCED_BY)]


def _incoming_types(label: Label) -> list[str]:
    types = [str(rel) for (end, rel) in INVERSE if end == label]
    return types + [str(rel) for rel in _EXTRA_INCOMING.get(label, ())]


class NotFound(LookupError):
    """No resource of that kind and id (or no such kind); the message says which."""


# -- IRIs ----------------------------------------------------------------------------------

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def _segment(text: str) -> str:
    text = str(text)
    return text if _SAFE_SEGMENT.fullmatch(text) else quote(text, safe="-._~")


class Iris:
    """Resource IRIs under one configurable base."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def node(self, label: Label, node_id: str) -> URIRef:
        if label == Label.DOMAIN:
            return DOM[_segment(node_id)]
        return URIRef(f"{self.base}{SEGMENTS[label]}/{_segment(node_id)}")

    def party(self, instrument: str, country: str | None, organization: str | None) -> URIRef:
        return URIRef(f"{self.base}{PARTY_KIND}/{party_id(instrument, country, organization)}")


def party_id(instrument: str, country: str | None, organization: str | None = None) -> str:
    """`{instrument}--{country}[--{organization}]`; record ids never contain `--`."""
    parts = [instrument, country or "unknown"] + ([organization] if organization else [])
    return "--".join(_segment(part) for part in parts)


def vocab(scheme: str, value: str) -> URIRef:
    return URIRef(f"{VOCAB}{scheme}/{_segment(value)}")


# -- literals ------------------------------------------------------------------------------

_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
    (re.compile(r"^--\d{2}-\d{2}$"), XSD.gMonthDay),
)


def partial_date(value: str) -> Literal:
    """YYYY-MM-DD -> xsd:date, YYYY-MM -> xsd:gYearMonth, YYYY -> xsd:gYear, --MM-DD -> xsd:gMonthDay."""
    text = str(value)
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            return Literal(text, datatype=datatype)
    return Literal(text)


def _number(value: int | float) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    as_decimal = Decimal(str(value))
    if as_decimal == as_decimal.to_integral_value():
        return Literal(int(as_decimal), datatype=XSD.integer)
    return Literal(str(as_decimal), datatype=XSD.decimal)


def _lang_suffixed(props: dict[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    """`name_vi: "..."` style properties as (language, text)."""
    for key in sorted(props):
        if key.startswith(prefix) and props[key]:
            yield key[len(prefix):], str(props[key])


def _list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


# -- the vocabulary files ------------------------------------------------------------------

@lru_cache
def ontology_graph(name: str) -> Graph:
    """One of ontology/*.ttl, parsed once per process."""
    if name not in ONTOLOGY_FILES:
        raise NotFound(f"no ontology file '{name}': known are {', '.join(ONTOLOGY_FILES)}")
    return Graph().parse(ONTOLOGY_DIR / ONTOLOGY_FILES[name], format="turtle")


@lru_cache
def _ontology_triples(name: str) -> tuple[Triple, ...]:
    # Grouped by subject, so the Turtle writer can nest predicates under one subject.
    return tuple(sorted(ontology_graph(name), key=lambda t: (type(t[0]).__name__, str(t[0]), str(t[1]), str(t[2]))))


@lru_cache
def _linked_terms(scheme_name: str, predicate: URIRef, namespace: str = "") -> dict[str, URIRef]:
    """notation -> the IRI a vocabulary concept links to with `predicate` (within `namespace`)."""
    graph = ontology_graph("vocabularies")
    terms = {}
    for concept in graph.subjects(SKOS.inScheme, URIRef(f"{VOCAB}{scheme_name}")):
        notation = graph.value(concept, SKOS.notation)
        for target in graph.objects(concept, predicate):
            if notation is not None and isinstance(target, URIRef) and str(target).startswith(namespace):
                terms[str(notation)] = target
    return terms


def _organization_classes() -> dict[str, URIRef]:
    """organization-kind notation -> class (the concept's rdfs:seeAlso)."""
    return _linked_terms("organization-kind", RDFS.seeAlso)


def _attendance_modes() -> dict[str, URIRef]:
    """attendance-mode notation -> schema.org attendance mode (the concept's skos:exactMatch)."""
    return _linked_terms("attendance-mode", SKOS.exactMatch, str(SDO))


# -- what is read from Neo4j ---------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    rel: str
    label: Label | None
    id: str
    props: dict[str, Any]
    node: dict[str, Any] | None = None  # the other node's properties (single-resource reads only)


@dataclass
class NodeRecord:
    label: Label
    id: str
    props: dict[str, Any]
    out: list[Link] = field(default_factory=list)
    inc: list[Link] = field(default_factory=list)


_LABEL_NAMES = [str(label) for label in Label]


def _link(row: dict[str, Any]) -> Link:
    label = Label(row["label"]) if row.get("label") in _LABEL_NAMES else None
    return Link(row["rel"], label, row["id"], dict(row.get("props") or {}), row.get("node"))


#: The only relationships whose properties the mapping reads (the parties); the others are
#: sent without theirs, which keeps provenance lists off the wire.
_RELS_WITH_PROPS = [str(Rel.SIGNED), str(Rel.SIGNATORY_OF)]


def _page_query(label: Label) -> str:
    link = ("{rel: type(r), label: head([l IN labels(m) WHERE l IN $labels]), id: m.id, "
            "props: CASE WHEN type(r) IN $with_props THEN properties(r) ELSE {} END}")
    return (
        f"MATCH (n:{label}) WHERE n.id > $after "
        "WITH n ORDER BY n.id LIMIT $limit "
        "RETURN n.id AS id, properties(n) AS props, "
        f"COLLECT {{ MATCH (n)-[r]->(m) WHERE type(r) IN $out RETURN {link} }} AS out, "
        f"COLLECT {{ MATCH (n)<-[r]-(m) WHERE type(r) IN $inc RETURN {link} }} AS inc"
    )


def _read_page(tx: neo4j.ManagedTransaction, label: Label, after: str, limit: int) -> list[NodeRecord]:
    result = tx.run(_page_query(label), after=after, limit=limit, out=_outgoing_types(label),
                    inc=_incoming_types(label), labels=_LABEL_NAMES, with_props=_RELS_WITH_PROPS)
    return [
        NodeRecord(label, row["id"], dict(row["props"]), [_link(x) for x in row["out"]], [_link(x) for x in row["inc"]])
        for row in result
    ]


def iter_nodes(session: neo4j.Session, label: Label, page_size: int = PAGE_SIZE) -> Iterator[list[NodeRecord]]:
    """Pages of one label's nodes, in id order, each page its own read transaction."""
    after = ""
    while True:
        page = session.execute_read(_read_page, label, after, page_size)
        if not page:
            return
        yield page
        if len(page) < page_size:
            return
        after = page[-1].id


def _settings():
    from hdkg.settings import get_settings

    return get_settings()


def count_nodes(driver: neo4j.Driver, database: str | None = None,
                labels: Iterable[Label] = EXPORT_LABELS) -> dict[Label, int]:
    """Nodes per label (what a progress bar needs before the export starts)."""
    database = database or _settings().neo4j_database
    counts = {}
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for label in labels:
            counts[label] = session.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()["c"]
    return counts


# -- the mapping ---------------------------------------------------------------------------

@dataclass
class Party:
    country: str | None
    organization: str | None
    signatories: list[str] = field(default_factory=list)


def parties(incoming: Iterable[Link]) -> list[Party]:
    """An instrument's parties from its incoming SIGNED and SIGNATORY_OF relationships.

    One party per organization that signed (with the country stored on the relationship),
    then one organization-less party per signing country that has no organization party.
    """
    incoming = list(incoming)
    by_key: dict[tuple[str | None, str | None], Party] = {}
    for link in sorted(incoming, key=lambda x: (x.props.get("country") or "", x.id)):
        if link.rel == Rel.SIGNED and link.label == Label.ORGANIZATION:
            party = by_key.setdefault((link.props.get("country"), link.id),
                                      Party(link.props.get("country"), link.id))
            if link.props.get("signatory"):
                party.signatories.append(link.props["signatory"])
    with_organization = {country for country, _ in by_key}
    for link in sorted(incoming, key=lambda x: x.id):
        if link.rel == Rel.SIGNED and link.label == Label.COUNTRY and link.id not in with_organization:
            by_key.setdefault((link.id, None), Party(link.id, None))
    for link in sorted(incoming, key=lambda x: x.id):
        if link.rel != Rel.SIGNATORY_OF:
            continue
        country, organization = link.props.get("country"), link.props.get("organization")
        party = by_key.get((country, organization)) or next(
            (p for (c, _), p in sorted(by_key.items(), key=lambda kv: str(kv[0])) if c == country), None)
        if party is None:
            party = by_key.setdefault((country, organization), Party(country, organization))
        if link.id not in party.signatories:
            party.signatories.append(link.id)
    return [by_key[key] for key in sorted(by_key, key=lambda k: (k[0] or "", k[1] or ""))]


def _party_triples(instrument: str, party: Party, iris: Iris, link: bool = True) -> Iterator[Triple]:
    node = iris.party(instrument, party.country, party.organization)
    if link:
        yield iris.node(Label.INSTRUMENT, instrument), HD.hasParty, node
    yield node, RDF.type, HD.InstrumentParty
    if party.country:
        yield node, HD.partyCountry, iris.node(Label.COUNTRY, party.country)
    if party.organization:
        yield node, HD.partyOrganization, iris.node(Label.ORGANIZATION, party.organization)
    for person in party.signatories:
        yield node, HD.signatory, iris.node(Label.PERSON, person)


def _literals(label: Label, node: URIRef, props: dict[str, Any], inc: list[Link], iris: Iris) -> Iterator[Triple]:
    """Types and literal-valued properties of one node."""
    p = props
    yield node, RDF.type, CLASSES[label]
    if label != Label.DOMAIN:
        yield node, HD.recordId, Literal(str(p.get("id", "")))

    if label == Label.COUNTRY:
        yield node, HD.iso3166Alpha2, Literal(str(p.get("code") or p["id"]).upper())
        if p.get("alpha3"):
            yield node, HD.iso3166Alpha3, Literal(str(p["alpha3"]).upper())
        if p.get("name"):
            yield node, SDO.name, Literal(p["name"])
        if p.get("official_name"):
            yield node, SDO.alternateName, Literal(p["official_name"])
        for lang, text in _lang_suffixed(p, "name_"):
            yield node, RDFS.label, Literal(text, lang=lang)
        if p.get("wikidata"):
            yield node, OWL.sameAs, WD[p["wikidata"]]

    elif label == Label.ORGANIZATION:
        kind = p.get("kind")
        if kind:
            if kind in _organization_classes():
                yield node, RDF.type, _organization_classes()[kind]
            yield node, HD.organizationKind, vocab("organization-kind", kind)
        if p.get("name"):
            yield node, SDO.name, Literal(p["name"])
        for alias in _list(p.get("aliases")):
            yield node, SDO.alternateName, Literal(alias)
        for lang, text in _lang_suffixed(p, "name_"):
            yield node, RDFS.label, Literal(text, lang=lang)
        if p.get("wikidata"):
            yield node, OWL.sameAs, WD[p["wikidata"]]

    elif label == Label.PERSON:
        if p.get("name"):
            yield node, SDO.name, Literal(p["name"])
        if p.get("name_original"):
            yield node, SDO.alternateName, Literal(p["name_original"], lang=p.get("name_original_lang") or None)
        for alias in _list(p.get("aliases")):
            yield node, SDO.alternateName, Literal(alias)

    elif label == Label.ROLE:
        if p.get("role"):
            yield node, HD.roleType, vocab("role-type", p["role"])
        if p.get("title"):
            yield node, RDFS.label, Literal(p["title"])
        if p.get("date"):  # when the report places the person in the role, not when it began
            yield node, DCTERMS.date, partial_date(p["date"])

    elif label == Label.INSTRUMENT:
        if p.get("type"):
            yield node, HD.instrumentType, vocab("instrument-type", p["type"])
        if p.get("status"):
            yield node, HD.status, vocab("instrument-status", p["status"])
        if p.get("title"):
            yield node, DCTERMS.title, Literal(p["title"])
        if p.get("title_original"):
            yield node, DCTERMS.alternative, Literal(p["title_original"], lang=p.get("language") or None)
        if p.get("language"):
            yield node, DCTERMS.language, Literal(p["language"])
        for key, predicate in (("signed_date", HD.signedDate), ("valid_from", HD.validFrom),
                               ("valid_until", HD.validUntil)):
            if p.get(key):
                yield node, predicate, partial_date(p[key])
        if p.get("term_years") is not None:
            yield node, HD.termYears, _number(p["term_years"])
        if p.get("multilateral") is not None:
            yield node, HD.isMultilateral, Literal(bool(p["multilateral"]))
        if p.get("party_count") is not None:
            yield node, HD.partyCount, _number(int(p["party_count"]))
        if p.get("summary"):
            yield node, DCTERMS.description, Literal(p["summary"], lang="en")
        for note in _list(p.get("unknown")):
            yield node, SKOS.editorialNote, Literal(note, lang="en")

    elif label == Label.STATUS_CHANGE:
        parent = next((link.label for link in inc if link.rel == Rel.HAS_STATUS_CHANGE), Label.INSTRUMENT)
        scheme = "engagement-status" if parent == Label.ENGAGEMENT else "instrument-status"
        if p.get("status"):
            yield node, HD.status, vocab(scheme, p["status"])
        if p.get("date"):
            yield node, DCTERMS.date, partial_date(p["date"])
        if p.get("position") is not None:
            yield node, SDO.position, _number(int(p["position"]))

    elif label == Label.EVENT:
        if p.get("kind"):
            yield node, HD.eventKind, vocab("event-kind", p["kind"])
        if p.get("name"):
            yield node, SDO.name, Literal(p["name"])
        if p.get("date"):
            yield node, SDO.startDate, partial_date(p["date"])
        if p.get("end_date"):
            yield node, SDO.endDate, partial_date(p["end_date"])
        if p.get("place"):
            yield node, SDO.location, Literal(p["place"])
        if p.get("mode") and p["mode"] in _attendance_modes():
            yield node, SDO.eventAttendanceMode, _attendance_modes()[p["mode"]]

    elif label == Label.ENGAGEMENT:
        if p.get("kind"):
            yield node, HD.engagementKind, vocab("engagement-kind", p["kind"])
        if p.get("status"):
            yield node, HD.status, vocab("engagement-status", p["status"])
        if p.get("title"):
            yield node, DCTERMS.title, Literal(p["title"])
        if p.get("summary"):
            yield node, DCTERMS.description, Literal(p["summary"], lang="en")
        if p.get("date"):
            yield node, DCTERMS.date, partial_date(p["date"])

    elif label == Label.SOURCE:
        if p.get("title"):
            yield node, DCTERMS.title, Literal(p["title"])
        if p.get("publisher"):
            yield node, DCTERMS.publisher, Literal(p["publisher"])
        if p.get("language"):
            yield node, DCTERMS.language, Literal(p["language"])
        if p.get("url"):
            yield node, HD.url, Literal(p["url"], datatype=XSD.anyURI)
        if p.get("published"):
            yield node, DCTERMS.date, partial_date(p["published"])
        if p.get("notes"):
            yield node, SKOS.editorialNote, Literal(p["notes"], lang="en")

    elif label == Label.CLAIM:
        if p.get("quote"):
            yield node, HD.quote, Literal(p["quote"], lang=p.get("lang") or "und")
        if p.get("english"):
            yield node, HD.quoteEnglish, Literal(p["english"], lang="en")

    elif label == Label.LOAD_RUN:
        if p.get("started"):
            yield node, PROV.startedAtTime, Literal(p["started"], datatype=XSD.dateTime)
        if p.get("finished"):
            yield node, PROV.endedAtTime, Literal(p["finished"], datatype=XSD.dateTime)

    elif label == Label.DOMAIN:
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.inScheme, DOMAIN_SCHEME
        yield node, SKOS.notation, Literal(str(p.get("id", "")))
        for lang, text in _lang_suffixed(p, "label_"):
            yield node, SKOS.prefLabel, Literal(text, lang=lang)
        if p.get("definition"):
            yield node, SKOS.definition, Literal(p["definition"], lang="en")
        for match in _list(p.get("exact_match")):
            yield node, SKOS.exactMatch, URIRef(match)

    # Provenance: the reports behind a node (claims say it with prov:wasDerivedFrom).
    if label != Label.CLAIM:
        for source in _list(p.get("sources")):
            yield node, DCTERMS.source, iris.node(Label.SOURCE, source)


def node_triples(record: NodeRecord, iris: Iris) -> Iterator[Triple]:
    """Every triple whose subject is this node (and, for an instrument, its parties)."""
    node = iris.node(record.label, record.id)
    yield from _literals(record.label, node, record.props, record.inc, iris)
    for link in sorted(record.out, key=lambda x: (x.rel, x.id)):
        if link.label is None:
            continue
        predicate = EVIDENCE if link.rel == Rel.EVIDENCED_BY else FORWARD.get((record.label, Rel(link.rel)))
        if predicate is not None:
            yield node, predicate, iris.node(link.label, link.id)
    for link in sorted(record.inc, key=lambda x: (x.rel, x.id)):
        predicate = INVERSE.get((record.label, Rel(link.rel)))
        if predicate is not None and link.label is not None:
            yield node, predicate, iris.node(link.label, link.id)
    if record.label == Label.INSTRUMENT:
        found = parties(record.inc)
        for party in found:  # the links first, so the instrument's triples stay together
            yield node, HD.hasParty, iris.party(record.id, party.country, party.organization)
        for party in found:
            yield from _party_triples(record.id, party, iris, link=False)


def export_triples(driver: neo4j.Driver, *, database: str | None = None, base: str | None = None,
                   include_ontology: bool = True, page_size: int = PAGE_SIZE,
                   progress: Callable[[Label, int], None] | None = None) -> Iterator[Triple]:
    """The whole graph as a stream of rdflib triples (a generator, never a Graph).

    With `include_ontology`, the ontology, the health domains and the vocabularies come
    first (and the Domain nodes are not repeated from Neo4j). `progress(label, n)` is
    called after each page with the number of nodes just mapped.
    """
    settings = _settings()
    database = database or settings.neo4j_database
    iris = Iris(base or settings.base_iri)
    if include_ontology:
        for name in EXPORT_ONTOLOGIES:
            yield from _ontology_triples(name)
    labels = [label for label in EXPORT_LABELS if not (include_ontology and label == Label.DOMAIN)]
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for label in labels:
            for page in iter_nodes(session, label, page_size):
                for record in page:
                    yield from node_triples(record, iris)
                if progress is not None:
                    progress(label, len(page))


# -- writing -------------------------------------------------------------------------------

@lru_cache(maxsize=100_000)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and term.datatype != XSD.string:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot write {term!r} as an RDF term")


def _oxigraph_triples(triples: Iterable[Triple]) -> Iterator[ox.Triple]:
    for s, p, o in triples:
        yield ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))


def _format(fmt: str) -> tuple[ox.RdfFormat, str, str]:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown RDF format '{fmt}': use one of {', '.join(FORMATS)}") from None


def write_triples(triples: Iterable[Triple], output: BinaryIO, fmt: str = "turtle") -> None:
    """Serialize a stream of rdflib triples with oxigraph, writing as they come."""
    ox_format = _format(fmt)[0]
    prefixes = PREFIXES if fmt == "turtle" else None
    ox.serialize(_oxigraph_triples(triples), output, ox_format, prefixes=prefixes)


class _Closed(Exception):
    """The reader of a serialized stream went away."""


_DONE = object()


def iter_serialized(triples: Iterable[Triple], fmt: str = "turtle", chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """Serialized bytes in chunks, for HTTP streaming.

    oxigraph's serializer pushes bytes into a writer; this runs it in a thread whose writer
    feeds a small bounded queue, so memory stays at a few chunks whatever the graph size.
    Closing the iterator stops the serializer (and with it the Neo4j reads).
    """
    _format(fmt)
    chunks: queue.Queue = queue.Queue(maxsize=8)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        raise _Closed()

    class Sink:
        def __init__(self) -> None:
            self.buffer = bytearray()

        def write(self, data: bytes) -> int:
            self.buffer += data
            if len(self.buffer) >= chunk_size:
                put(bytes(self.buffer))
                self.buffer.clear()
            return len(data)

        def flush(self) -> None:
            pass

    def run() -> None:
        sink = Sink()
        try:
            write_triples(triples, sink, fmt)
            if sink.buffer:
                put(bytes(sink.buffer))
            put(_DONE)
        except _Closed:
            pass
        except BaseException as error:  # handed to the reader, raised there
            try:
                put(error)
            except _Closed:
                pass
        finally:
            close = getattr(triples, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=run, name="rdf-serializer", daemon=True)
    worker.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        if threading.current_thread() is not worker:  # a garbage collection may finalize us anywhere
            worker.join(timeout=10)


def export(driver: neo4j.Driver, output: BinaryIO, fmt: str = "turtle", **options: Any) -> None:
    """Write the whole graph to a binary stream (options as for `export_triples`)."""
    write_triples(export_triples(driver, **options), output, fmt)


def serialize_graph(graph: Graph, fmt: str = "turtle") -> bytes:
    """A small rdflib Graph (one resource, one ontology file) in the given format."""
    rdflib_format = _format(fmt)[1]
    if fmt == "jsonld":
        context = {prefix: iri for prefix, iri in PREFIXES.items()}
        return graph.serialize(format=rdflib_format, context=context, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


# -- one resource --------------------------------------------------------------------------

def _resource_query(label: Label) -> str:
    neighbour = "{rel: type(r), label: head([l IN labels(m) WHERE l IN $labels]), id: m.id, props: properties(r), node: properties(m)}"
    return (
        f"MATCH (n:{label} {{id: $id}}) "
        "RETURN properties(n) AS props, "
        f"COLLECT {{ MATCH (n)-[r]->(m) RETURN {neighbour} }} AS out, "
        f"COLLECT {{ MATCH (n)<-[r]-(m) RETURN {neighbour} }} AS inc"
    )


def _label_of(kind: str) -> Label:
    if kind not in KINDS:
        known = ", ".join(sorted([*KINDS, PARTY_KIND]))
        raise NotFound(f"unknown resource kind '{kind}': known kinds are {known}")
    return KINDS[kind]


def fetch(driver: neo4j.Driver, kind: str, node_id: str, database: str | None = None) -> NodeRecord:
    """One node with all its relationships and neighbours; NotFound when absent."""
    label = _label_of(kind)
    database = database or _settings().neo4j_database

    def read(tx: neo4j.ManagedTransaction) -> dict[str, Any] | None:
        row = tx.run(_resource_query(label), id=node_id, labels=_LABEL_NAMES).single()
        return row.data() if row else None

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        row = session.execute_read(read)
    if row is None:
        raise NotFound(f"no {kind} with id '{node_id}'")
    return NodeRecord(label, node_id, row["props"], [_link(x) for x in row["out"]], [_link(x) for x in row["inc"]])


def _display_name(label: Label | None, props: dict[str, Any]) -> str | None:
    for key in ("name", "title", "label", "quote", "status", "id"):
        if props.get(key):
            return str(props[key])
    return None


def _name_triples(label: Label, node: URIRef, props: dict[str, Any]) -> Iterator[Triple]:
    """Type and name of a linked node: enough to show it, not its whole description."""
    yield node, RDF.type, CLASSES[label]
    if label in (Label.COUNTRY, Label.ORGANIZATION, Label.PERSON, Label.EVENT) and props.get("name"):
        yield node, SDO.name, Literal(props["name"])
    elif label in (Label.INSTRUMENT, Label.SOURCE, Label.ENGAGEMENT) and props.get("title"):
        yield node, DCTERMS.title, Literal(props["title"])
    elif label == Label.DOMAIN and props.get("label"):
        yield node, SKOS.prefLabel, Literal(props["label"], lang="en")
    elif label == Label.ROLE and props.get("title"):
        yield node, RDFS.label, Literal(props["title"])
    elif label == Label.CLAIM and props.get("quote"):
        yield node, HD.quote, Literal(props["quote"], lang=props.get("lang") or "und")
    elif label == Label.STATUS_CHANGE and props.get("status"):
        yield node, RDFS.label, Literal(str(props["status"]))


def describe(driver: neo4j.Driver, kind: str, node_id: str, *, database: str | None = None,
             base: str | None = None) -> Graph:
    """One resource as an rdflib Graph: its own triples, triples of other resources that point
    at it, and the type and name of every linked node. Raises NotFound when absent."""
    iris = Iris(base or _settings().base_iri)
    graph = bind_prefixes(Graph())
    if kind == PARTY_KIND:
        return _describe_party(driver, node_id, iris, graph, database)
    record = fetch(driver, kind, node_id, database)
    node = iris.node(record.label, record.id)
    for triple in node_triples(record, iris):
        graph.add(triple)
    for link in record.inc:  # triples owned by the neighbour that point here
        if link.label is None:
            continue
        predicate = EVIDENCE if link.rel == Rel.EVIDENCED_BY else FORWARD.get((link.label, Rel(link.rel)))
        if predicate is not None:
            graph.add((iris.node(link.label, link.id), predicate, node))
    for link in record.out:
        if link.label is None:
            continue
        predicate = INVERSE.get((link.label, Rel(link.rel)))
        if predicate is not None:
            graph.add((iris.node(link.label, link.id), predicate, node))
    for link in [*record.out, *record.inc]:
        if link.label is not None and link.node is not None:
            for triple in _name_triples(link.label, iris.node(link.label, link.id), link.node):
                graph.add(triple)
    return graph


def _split_party_id(node_id: str) -> tuple[str, str, str | None]:
    parts = node_id.split("--")
    if len(parts) not in (2, 3):
        raise NotFound(f"no party with id '{node_id}': party ids are instrument--COUNTRY[--organization]")
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None


def _find_party(driver: neo4j.Driver, node_id: str, database: str | None) -> tuple[NodeRecord, Party]:
    instrument, country, organization = _split_party_id(node_id)
    try:
        record = fetch(driver, "instrument", instrument, database)
    except NotFound:
        raise NotFound(f"no party with id '{node_id}': no instrument '{instrument}'") from None
    for party in parties(record.inc):
        if party.country == country and party.organization == organization:
            return record, party
    raise NotFound(f"no party with id '{node_id}': instrument '{instrument}' has no such party")


def _describe_party(driver: neo4j.Driver, node_id: str, iris: Iris, graph: Graph, database: str | None) -> Graph:
    record, party = _find_party(driver, node_id, database)
    for triple in _party_triples(record.id, party, iris):
        graph.add(triple)
    for triple in _name_triples(Label.INSTRUMENT, iris.node(Label.INSTRUMENT, record.id), record.props):
        graph.add(triple)
    wanted = {(Label.COUNTRY, party.country), (Label.ORGANIZATION, party.organization),
              *((Label.PERSON, person) for person in party.signatories)}
    for link in record.inc:
        if (link.label, link.id) in wanted and link.node is not None:
            for triple in _name_triples(link.label, iris.node(link.label, link.id), link.node):
                graph.add(triple)
    return graph


def resource_json(driver: neo4j.Driver, kind: str, node_id: str, *, database: str | None = None,
                  base: str | None = None) -> dict[str, Any]:
    """One resource as plain JSON: its properties and its links (with IRIs and names)."""
    iris = Iris(base or _settings().base_iri)
    if kind == PARTY_KIND:
        record, party = _find_party(driver, node_id, database)
        return {
            "kind": PARTY_KIND, "id": node_id,
            "iri": str(iris.party(record.id, party.country, party.organization)),
            "properties": {"instrument": record.id, "country": party.country,
                           "organization": party.organization, "signatories": party.signatories},
            "links": [],
        }
    record = fetch(driver, kind, node_id, database)
    links = []
    for direction, group in (("out", record.out), ("in", record.inc)):
        for link in sorted(group, key=lambda x: (x.rel, x.id)):
            if link.label is None:
                continue
            links.append({
                "direction": direction, "type": link.rel, "kind": SEGMENTS[link.label], "id": link.id,
                "iri": str(iris.node(link.label, link.id)),
                "name": _display_name(link.label, link.node or {}),
                "properties": link.props,
            })
    result = {
        "kind": kind, "id": record.id, "iri": str(iris.node(record.label, record.id)),
        "name": _display_name(record.label, record.props),
        "properties": record.props, "links": links,
    }
    if record.label == Label.INSTRUMENT:
        result["parties"] = [
            {"iri": str(iris.party(record.id, p.country, p.organization)), "country": p.country,
             "organization": p.organization, "signatories": p.signatories}
            for p in parties(record.inc)
        ]
    return result
