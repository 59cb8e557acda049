"""The graph as RDF: the mapping from Neo4j nodes and relationships to triples, and its writers.

The mapping follows ontology/README.md (IRI patterns, classes, relationship and literal
tables); ontology/shapes.ttl is what its output must satisfy. Every mapping function yields
``(subject, predicate, object)`` tuples of terms made by a `Terms` flavour: `RDFLIB` (rdflib
terms, for Graphs: one resource, tests) or `OXIGRAPH` (pyoxigraph terms, which oxigraph's
serializers take as they are: the whole-graph export). The mapping is written once; both
flavours give the same triples.

Reading is streamed: `export_triples` walks the graph label by label in read transactions of
`PAGE_SIZE` nodes, ordered by `id` and continued from the last id seen (an index-backed
cursor), so neither Neo4j nor this process ever holds the whole graph; the next page is read
while the current one is mapped. Writing is streamed too: `write_triples` hands the generator
to oxigraph's serializers, which write as the triples arrive (N-Triples, Turtle and JSON-LD).

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
from operator import itemgetter
from typing import Any, BinaryIO, NamedTuple
from urllib.parse import quote

import neo4j
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.term import Node

from graph.model import STATED, Label, Rel
from hdkg import PROJECT_ROOT

#: Subject, predicate, object: rdflib terms or pyoxigraph terms, as the `Terms` flavour made them.
Triple = tuple[Any, Any, Any]

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
PAGE_SIZE = 500

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


# -- terms ---------------------------------------------------------------------------------

class _Namespace:
    """The IRIs of one namespace in one flavour: `ns.name` is built on first use, then kept as
    a plain attribute (no new term per triple); `ns[name]` builds one each time."""

    def __init__(self, base: str, iri: Callable[[str], Any]) -> None:
        self._base = base
        self._iri = iri

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self._iri(self._base + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> Any:
        return self._iri(self._base + name)


class Terms:
    """The RDF terms the mapping builds, in one library's classes.

    `iri(text)`; `literal(value, lang=None, datatype=None)` as rdflib's `Literal`; the
    namespaces (`terms.HD.hasParty`); the class of each label and the predicate of each
    relationship type (`outgoing` when the node is the relationship's start, `incoming` its end).
    """

    name = ""

    def __init__(self) -> None:
        self.HD = _Namespace(str(HD), self.iri)
        self.DOM = _Namespace(str(DOM), self.iri)
        self.WD = _Namespace(str(WD), self.iri)
        self.RDF = _Namespace(str(RDF), self.iri)
        self.RDFS = _Namespace(str(RDFS), self.iri)
        self.OWL = _Namespace(str(OWL), self.iri)
        self.XSD = _Namespace(str(XSD), self.iri)
        self.SKOS = _Namespace(str(SKOS), self.iri)
        self.DCTERMS = _Namespace(str(DCTERMS), self.iri)
        self.PROV = _Namespace(str(PROV), self.iri)
        self.SDO = _Namespace(str(SDO), self.iri)
        self.classes = {label: self.convert(iri) for label, iri in CLASSES.items()}
        self.outgoing: dict[Label, dict[str, Any]] = {
            label: {str(Rel.EVIDENCED_BY): self.convert(EVIDENCE)} for label in Label}
        for (label, rel), predicate in FORWARD.items():
            self.outgoing[label][str(rel)] = self.convert(predicate)
        self.incoming: dict[Label, dict[str, Any]] = {label: {} for label in Label}
        for (label, rel), predicate in INVERSE.items():
            self.incoming[label][str(rel)] = self.convert(predicate)

    def __repr__(self) -> str:
        return f"<{self.name} terms>"

    def iri(self, text: str) -> Any:
        raise NotImplementedError

    def literal(self, value: Any, lang: str | None = None, datatype: Any = None) -> Any:
        raise NotImplementedError

    def convert(self, term: Node) -> Any:
        """An rdflib term as a term of this flavour."""
        raise NotImplementedError


class _RdflibTerms(Terms):
    name = "rdflib"
    iri = staticmethod(URIRef)
    literal = staticmethod(Literal)

    def convert(self, term: Node) -> Node:
        return term


class _OxigraphTerms(Terms):
    name = "oxigraph"
    iri = staticmethod(ox.NamedNode)

    def literal(self, value: Any, lang: str | None = None, datatype: Any = None) -> ox.Literal:
        # rdflib keeps plain and language-tagged strings as given, so they are built directly;
        # typed values go through rdflib, whose normalized lexical forms the output keeps.
        if value.__class__ is str and datatype is None:
            if not lang:
                return ox.Literal(value)
            return ox.Literal(value, language=_language_tag(lang))
        lang = lang or None
        datatype = None if datatype is None else datatype.value
        if value.__hash__ is None:
            return to_oxigraph(Literal(value, lang=lang, datatype=datatype))
        return _typed_literal(value, lang, datatype)

    def convert(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        return to_oxigraph(term)


@lru_cache(maxsize=100_000)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_oxigraph(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (pyoxigraph terms pass through)."""
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
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    raise TypeError(f"cannot write {term!r} as an RDF term")


@lru_cache(maxsize=256)
def _language_tag(lang: str) -> str:
    """rdflib's check of a language tag (ValueError when invalid), once per tag."""
    return Literal("", lang=lang).language


#: Typed literals kept built: dates and small numbers recur across thousands of nodes.
LITERAL_CACHE_SIZE = 16_384


@lru_cache(maxsize=LITERAL_CACHE_SIZE, typed=True)
def _typed_literal(value: Any, lang: str | None, datatype: str | None) -> ox.Literal:
    return to_oxigraph(Literal(value, lang=lang, datatype=datatype))


#: rdflib terms: for Graphs (one resource, the ontology files, tests).
RDFLIB: Terms = _RdflibTerms()
#: pyoxigraph terms: what the streaming writers serialize without converting.
OXIGRAPH: Terms = _OxigraphTerms()


# -- IRIs ----------------------------------------------------------------------------------

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def _segment(text: str) -> str:
    text = str(text)
    return text if _SAFE_SEGMENT.fullmatch(text) else quote(text, safe="-._~")


#: Node IRIs kept built per export: countries, sources, domains and organizations are linked
#: from thousands of nodes. Bounded, so memory stays flat whatever the graph size.
NODE_IRI_CACHE_SIZE = 1024


class Iris:
    """Resource IRIs under one configurable base, as terms of one flavour (rdflib unless given).

    `node(label, id)` and `vocab(scheme, value)` remember recent answers.
    """

    def __init__(self, base: str, terms: Terms | None = None) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.terms = terms or RDFLIB
        self.node = lru_cache(maxsize=NODE_IRI_CACHE_SIZE)(self._node)
        self.vocab = lru_cache(maxsize=4096)(self._vocab)

    def _node(self, label: Label, node_id: str) -> Any:
        if label == Label.DOMAIN:
            return self.terms.DOM[_segment(node_id)]
        return self.terms.iri(f"{self.base}{SEGMENTS[label]}/{_segment(node_id)}")

    def _vocab(self, scheme: str, value: str) -> Any:
        return self.terms.iri(_vocab_iri(scheme, value))

    def party(self, instrument: str, country: str | None, organization: str | None) -> Any:
        return self.terms.iri(f"{self.base}{PARTY_KIND}/{party_id(instrument, country, organization)}")


def party_id(instrument: str, country: str | None, organization: str | None = None) -> str:
    """`{instrument}--{country}[--{organization}]`; record ids never contain `--`."""
    parts = [instrument, country or "unknown"] + ([organization] if organization else [])
    return "--".join(_segment(part) for part in parts)


def _vocab_iri(scheme: str, value: str) -> str:
    return f"{VOCAB}{scheme}/{_segment(value)}"


def vocab(scheme: str, value: str) -> URIRef:
    return URIRef(_vocab_iri(scheme, value))


# -- literals ------------------------------------------------------------------------------

_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "date"),
    (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth"),
    (re.compile(r"^\d{4}$"), "gYear"),
    (re.compile(r"^--\d{2}-\d{2}$"), "gMonthDay"),
)


def partial_date(value: str, terms: Terms | None = None) -> Any:
    """YYYY-MM-DD -> xsd:date, YYYY-MM -> xsd:gYearMonth, YYYY -> xsd:gYear, --MM-DD -> xsd:gMonthDay."""
    return _partial_date(str(value), terms or RDFLIB)


@lru_cache(maxsize=LITERAL_CACHE_SIZE)  # dates recur across thousands of nodes
def _partial_date(text: str, terms: Terms) -> Any:
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            return terms.literal(text, datatype=terms.XSD[datatype])
    return terms.literal(text)


def _number(value: int | float, terms: Terms) -> Any:
    if isinstance(value, bool):
        return terms.literal(value)
    if isinstance(value, int):
        return terms.literal(value, datatype=terms.XSD.integer)
    as_decimal = Decimal(str(value))
    if as_decimal == as_decimal.to_integral_value():
        return terms.literal(int(as_decimal), datatype=terms.XSD.integer)
    return terms.literal(str(as_decimal), datatype=terms.XSD.decimal)


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
def _ontology_triples(name: str, terms: Terms = RDFLIB) -> tuple[Triple, ...]:
    # Grouped by subject, so the Turtle writer can nest predicates under one subject.
    ordered = sorted(ontology_graph(name), key=lambda t: (type(t[0]).__name__, str(t[0]), str(t[1]), str(t[2])))
    return tuple((terms.convert(s), terms.convert(p), terms.convert(o)) for s, p, o in ordered)


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


@lru_cache
def _organization_classes(terms: Terms = RDFLIB) -> dict[str, Any]:
    """organization-kind notation -> class (the concept's rdfs:seeAlso)."""
    return {kind: terms.convert(iri) for kind, iri in _linked_terms("organization-kind", RDFS.seeAlso).items()}


@lru_cache
def _attendance_modes(terms: Terms = RDFLIB) -> dict[str, Any]:
    """attendance-mode notation -> schema.org attendance mode (the concept's skos:exactMatch)."""
    return {mode: terms.convert(iri) for mode, iri in _linked_terms("attendance-mode", SKOS.exactMatch, str(SDO)).items()}


# -- what is read from Neo4j ---------------------------------------------------------------

class Link(NamedTuple):
    rel: str
    label: Label | None
    id: str
    props: dict[str, Any]
    node: dict[str, Any] | None = None  # the other node's properties (single-resource reads only)


@dataclass(slots=True)
class NodeRecord:
    label: Label
    id: str
    props: dict[str, Any]
    out: list[Link] = field(default_factory=list)
    inc: list[Link] = field(default_factory=list)


_LABEL_NAMES = [str(label) for label in Label]
_LABELS = {str(label): label for label in Label}


def _link(row: dict[str, Any]) -> Link:
    return Link(row["rel"], _LABELS.get(row.get("label")), row["id"], row.get("props") or {}, row.get("node"))


#: The only relationships whose properties the mapping reads (the parties), and those
#: properties; nothing else is sent, which keeps provenance lists off the wire.
_RELS_WITH_PROPS = [str(Rel.SIGNED), str(Rel.SIGNATORY_OF)]
_PARTY_PROPS = ("country", "signatory", "organization")


def _public(var: str) -> str:
    """A node's properties without the loader's bookkeeping (its key comes back null, then dropped)."""
    return f"{var} {{.*, {STATED}: null}}"


def _published(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if value is not None}


def _page_query(label: Label) -> str:
    # One row per page, links as lists: the driver's cost is per record and per map key, and
    # a page of nodes then crosses the wire as one message.
    party_props = ", ".join(f".{name}" for name in _PARTY_PROPS)
    link = ("[type(r), head([l IN labels(m) WHERE l IN $labels]), m.id, "
            f"CASE WHEN type(r) IN $with_props THEN r {{{party_props}}} END]")
    return (
        f"MATCH (n:{label}) WHERE n.id > $after "
        "WITH n ORDER BY n.id LIMIT $limit "
        f"WITH n, COLLECT {{ MATCH (n)-[r]->(m) WHERE type(r) IN $out RETURN {link} }} AS out, "
        f"COLLECT {{ MATCH (n)<-[r]-(m) WHERE type(r) IN $inc RETURN {link} }} AS inc "
        f"RETURN collect([n.id, {_public('n')}, out, inc]) AS nodes, max(n.id) AS last"
    )


def _read_page(tx: neo4j.ManagedTransaction, label: Label, after: str,
               limit: int) -> tuple[list[NodeRecord], str | None]:
    """One page of nodes, and the last id in Neo4j's order (where the next page starts)."""
    rows, last = tx.run(_page_query(label), after=after, limit=limit, out=_outgoing_types(label),
                        inc=_incoming_types(label), labels=_LABEL_NAMES,
                        with_props=_RELS_WITH_PROPS).single(strict=True)
    labels = _LABELS
    return [
        NodeRecord(label, node_id, _published(props),
                   [Link(rel, labels.get(other), other_id, rel_props or {}) for rel, other, other_id, rel_props in out],
                   [Link(rel, labels.get(other), other_id, rel_props or {}) for rel, other, other_id, rel_props in inc])
        for node_id, props, out, inc in rows
    ], last


def iter_nodes(session: neo4j.Session, label: Label, page_size: int = PAGE_SIZE) -> Iterator[list[NodeRecord]]:
    """Pages of one label's nodes, in id order, each page its own read transaction."""
    after = ""
    while True:
        page, last = session.execute_read(_read_page, label, after, page_size)
        if not page:
            return
        yield page
        if len(page) < page_size:
            return
        after = last


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
    HD, RDF = iris.terms.HD, iris.terms.RDF  # this flavour's namespaces
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


def _literals(label: Label, node: Any, props: dict[str, Any], inc: list[Link], iris: Iris) -> Iterator[Triple]:
    """Types and literal-valued properties of one node."""
    t = iris.terms
    # This flavour's namespaces, under the names of the rdflib ones (same IRIs).
    HD, DOM, RDF, RDFS, OWL, XSD, SKOS, DCTERMS, PROV, SDO, WD = (
        t.HD, t.DOM, t.RDF, t.RDFS, t.OWL, t.XSD, t.SKOS, t.DCTERMS, t.PROV, t.SDO, t.WD)
    literal, iri, vocab = t.literal, t.iri, iris.vocab
    p = props
    yield node, RDF.type, t.classes[label]
    if label != Label.DOMAIN:
        yield node, HD.recordId, literal(str(p.get("id", "")))

    if label == Label.COUNTRY:
        yield node, HD.iso3166Alpha2, literal(str(p.get("code") or p["id"]).upper())
        if p.get("alpha3"):
            yield node, HD.iso3166Alpha3, literal(str(p["alpha3"]).upper())
        if p.get("name"):
            yield node, SDO.name, literal(p["name"])
        if p.get("official_name"):
            yield node, SDO.alternateName, literal(p["official_name"])
        for lang, text in _lang_suffixed(p, "name_"):
            yield node, RDFS.label, literal(text, lang=lang)
        if p.get("wikidata"):
            yield node, OWL.sameAs, WD[p["wikidata"]]

    elif label == Label.ORGANIZATION:
        kind = p.get("kind")
        if kind:
            if kind in _organization_classes(t):
                yield node, RDF.type, _organization_classes(t)[kind]
            yield node, HD.organizationKind, vocab("organization-kind", kind)
        if p.get("name"):
            yield node, SDO.name, literal(p["name"])
        for alias in _list(p.get("aliases")):
            yield node, SDO.alternateName, literal(alias)
        for lang, text in _lang_suffixed(p, "name_"):
            yield node, RDFS.label, literal(text, lang=lang)
        if p.get("wikidata"):
            yield node, OWL.sameAs, WD[p["wikidata"]]

    elif label == Label.PERSON:
        if p.get("name"):
            yield node, SDO.name, literal(p["name"])
        if p.get("name_original"):
            yield node, SDO.alternateName, literal(p["name_original"], lang=p.get("name_original_lang") or None)
        for alias in _list(p.get("aliases")):
            yield node, SDO.alternateName, literal(alias)

    elif label == Label.ROLE:
        if p.get("role"):
            yield node, HD.roleType, vocab("role-type", p["role"])
        if p.get("title"):
            yield node, RDFS.label, literal(p["title"])
        if p.get("date"):  # when the report places the person in the role, not when it began
            yield node, DCTERMS.date, partial_date(p["date"], t)

    elif label == Label.INSTRUMENT:
        if p.get("type"):
            yield node, HD.instrumentType, vocab("instrument-type", p["type"])
        if p.get("status"):
            yield node, HD.status, vocab("instrument-status", p["status"])
        if p.get("title"):
            yield node, DCTERMS.title, literal(p["title"])
        if p.get("title_original"):
            yield node, DCTERMS.alternative, literal(p["title_original"], lang=p.get("language") or None)
        if p.get("language"):
            yield node, DCTERMS.language, literal(p["language"])
        for key, predicate in (("signed_date", HD.signedDate), ("valid_from", HD.validFrom),
                               ("valid_until", HD.validUntil)):
            if p.get(key):
                yield node, predicate, partial_date(p[key], t)
        if p.get("term_years") is not None:
            yield node, HD.termYears, _number(p["term_years"], t)
        if p.get("multilateral") is not None:
            yield node, HD.isMultilateral, literal(bool(p["multilateral"]))
        if p.get("party_count") is not None:
            yield node, HD.partyCount, _number(int(p["party_count"]), t)
        if p.get("summary"):
            yield node, DCTERMS.description, literal(p["summary"], lang="en")
        for note in _list(p.get("unknown")):
            yield node, SKOS.editorialNote, literal(note, lang="en")

    elif label == Label.STATUS_CHANGE:
        parent = next((link.label for link in inc if link.rel == Rel.HAS_STATUS_CHANGE), Label.INSTRUMENT)
        scheme = "engagement-status" if parent == Label.ENGAGEMENT else "instrument-status"
        if p.get("status"):
            yield node, HD.status, vocab(scheme, p["status"])
        if p.get("date"):
            yield node, DCTERMS.date, partial_date(p["date"], t)
        if p.get("position") is not None:
            yield node, SDO.position, _number(int(p["position"]), t)

    elif label == Label.EVENT:
        if p.get("kind"):
            yield node, HD.eventKind, vocab("event-kind", p["kind"])
        if p.get("name"):
            yield node, SDO.name, literal(p["name"])
        if p.get("date"):
            yield node, SDO.startDate, partial_date(p["date"], t)
        if p.get("end_date"):
            yield node, SDO.endDate, partial_date(p["end_date"], t)
        if p.get("place"):
            yield node, SDO.location, literal(p["place"])
        if p.get("mode") and p["mode"] in _attendance_modes(t):
            yield node, SDO.eventAttendanceMode, _attendance_modes(t)[p["mode"]]

    elif label == Label.ENGAGEMENT:
        if p.get("kind"):
            yield node, HD.engagementKind, vocab("engagement-kind", p["kind"])
        if p.get("status"):
            yield node, HD.status, vocab("engagement-status", p["status"])
        if p.get("title"):
            yield node, DCTERMS.title, literal(p["title"])
        if p.get("summary"):
            yield node, DCTERMS.description, literal(p["summary"], lang="en")
        if p.get("date"):
            yield node, DCTERMS.date, partial_date(p["date"], t)

    elif label == Label.SOURCE:
        if p.get("title"):
            yield node, DCTERMS.title, literal(p["title"])
        if p.get("publisher"):
            yield node, DCTERMS.publisher, literal(p["publisher"])
        if p.get("language"):
            yield node, DCTERMS.language, literal(p["language"])
        if p.get("url"):
            yield node, HD.url, literal(p["url"], datatype=XSD.anyURI)
        if p.get("published"):
            yield node, DCTERMS.date, partial_date(p["published"], t)
        if p.get("notes"):
            yield node, SKOS.editorialNote, literal(p["notes"], lang="en")

    elif label == Label.CLAIM:
        if p.get("quote"):
            yield node, HD.quote, literal(p["quote"], lang=p.get("lang") or "und")
        if p.get("english"):
            yield node, HD.quoteEnglish, literal(p["english"], lang="en")

    elif label == Label.LOAD_RUN:
        if p.get("started"):
            yield node, PROV.startedAtTime, literal(p["started"], datatype=XSD.dateTime)
        if p.get("finished"):
            yield node, PROV.endedAtTime, literal(p["finished"], datatype=XSD.dateTime)

    elif label == Label.DOMAIN:
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.inScheme, DOM.scheme
        yield node, SKOS.notation, literal(str(p.get("id", "")))
        for lang, text in _lang_suffixed(p, "label_"):
            yield node, SKOS.prefLabel, literal(text, lang=lang)
        if p.get("definition"):
            yield node, SKOS.definition, literal(p["definition"], lang="en")
        for match in _list(p.get("exact_match")):
            yield node, SKOS.exactMatch, iri(match)

    # Provenance: the reports behind a node (claims say it with prov:wasDerivedFrom).
    if label != Label.CLAIM:
        for source in _list(p.get("sources")):
            yield node, DCTERMS.source, iris.node(Label.SOURCE, source)


_REL_AND_ID = itemgetter(0, 2)  # Link.rel, Link.id


def node_triples(record: NodeRecord, iris: Iris) -> Iterator[Triple]:
    """Every triple whose subject is this node (and, for an instrument, its parties)."""
    terms, node_iri = iris.terms, iris.node
    node = node_iri(record.label, record.id)
    yield from _literals(record.label, node, record.props, record.inc, iris)
    outgoing = terms.outgoing[record.label]
    for link in sorted(record.out, key=_REL_AND_ID):
        predicate = outgoing.get(link.rel)
        if predicate is not None and link.label is not None:
            yield node, predicate, node_iri(link.label, link.id)
    incoming = terms.incoming[record.label]
    for link in sorted(record.inc, key=_REL_AND_ID):
        predicate = incoming.get(link.rel)
        if predicate is not None and link.label is not None:
            yield node, predicate, node_iri(link.label, link.id)
    if record.label == Label.INSTRUMENT:
        found = parties(record.inc)
        has_party = terms.HD.hasParty
        for party in found:  # the links first, so the instrument's triples stay together
            yield node, has_party, iris.party(record.id, party.country, party.organization)
        for party in found:
            yield from _party_triples(record.id, party, iris, link=False)


def export_triples(driver: neo4j.Driver, *, database: str | None = None, base: str | None = None,
                   include_ontology: bool = True, page_size: int = PAGE_SIZE,
                   progress: Callable[[Label, int], None] | None = None,
                   terms: Terms | None = None) -> Iterator[Triple]:
    """The whole graph as a stream of triples (a generator, never a Graph).

    Terms are pyoxigraph's unless `terms` says otherwise (`RDFLIB` for rdflib's). With
    `include_ontology`, the ontology, the health domains and the vocabularies come first (and
    the Domain nodes are not repeated from Neo4j). `progress(label, n)` is called after each
    page with the number of nodes just mapped.
    """
    settings = _settings()
    database = database or settings.neo4j_database
    terms = terms or OXIGRAPH
    iris = Iris(base or settings.base_iri, terms)
    if include_ontology:
        for name in EXPORT_ONTOLOGIES:
            yield from _ontology_triples(name, terms)
    labels = [label for label in EXPORT_LABELS if not (include_ontology and label == Label.DOMAIN)]

    def read(put: Callable[[object], None]) -> None:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            for label in labels:
                for page in iter_nodes(session, label, page_size):
                    put((label, page))

    # Neo4j works on the next page (and the driver decodes it) while this thread maps the current one.
    pages = _in_thread(read, name="rdf-reader", maxsize=1)
    try:
        for label, page in pages:
            for record in page:
                yield from node_triples(record, iris)
            if progress is not None:
                progress(label, len(page))
    finally:
        pages.close()


class _Closed(Exception):
    """The consumer of a threaded producer went away."""


_DONE = object()


def _in_thread(produce: Callable[[Callable[[object], None]], None], *, name: str, maxsize: int,
               cleanup: Callable[[], None] | None = None) -> Iterator[Any]:
    """What `produce(put)` puts, run in a thread, through a queue of `maxsize` items (memory
    stays at a few items). Closing the iterator stops the producer at its next `put`;
    `cleanup` runs in the thread when the producer ends, however it ends."""
    items: queue.Queue = queue.Queue(maxsize=maxsize)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        raise _Closed()

    def run() -> None:
        try:
            produce(put)
            put(_DONE)
        except _Closed:
            pass
        except BaseException as error:  # handed to the consumer, raised there
            try:
                put(error)
            except _Closed:
                pass
        finally:
            if cleanup is not None:
                cleanup()

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        if threading.current_thread() is not worker:  # a garbage collection may finalize us anywhere
            worker.join(timeout=10)


# -- writing -------------------------------------------------------------------------------

def _oxigraph_triples(triples: Iterable[Triple]) -> Iterator[ox.Triple]:
    make = ox.Triple
    for triple in triples:
        try:
            yield make(*triple)
        except TypeError:  # rdflib terms
            yield make(*map(to_oxigraph, triple))


def _format(fmt: str) -> tuple[ox.RdfFormat, str, str]:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown RDF format '{fmt}': use one of {', '.join(FORMATS)}") from None


def write_triples(triples: Iterable[Triple], output: BinaryIO, fmt: str = "turtle") -> None:
    """Serialize a stream of triples (pyoxigraph or rdflib terms) with oxigraph, writing as they come."""
    ox_format = _format(fmt)[0]
    prefixes = PREFIXES if fmt == "turtle" else None
    ox.serialize(_oxigraph_triples(triples), output, ox_format, prefixes=prefixes)


def iter_serialized(triples: Iterable[Triple], fmt: str = "turtle", chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """Serialized bytes in chunks, for HTTP streaming.

    oxigraph's serializer pushes bytes into a writer; this runs it in a thread whose writer
    feeds a small bounded queue, so memory stays at a few chunks whatever the graph size.
    Closing the iterator stops the serializer (and with it the Neo4j reads).
    """
    _format(fmt)

    class Sink:
        def __init__(self, put: Callable[[object], None]) -> None:
            self.put = put
            self.buffer = bytearray()

        def write(self, data: bytes) -> int:
            self.buffer += data
            if len(self.buffer) >= chunk_size:
                self.put(bytes(self.buffer))
                self.buffer.clear()
            return len(data)

        def flush(self) -> None:
            pass

    def serialize(put: Callable[[object], None]) -> None:
        sink = Sink(put)
        write_triples(triples, sink, fmt)
        if sink.buffer:
            put(bytes(sink.buffer))

    yield from _in_thread(serialize, name="rdf-serializer", maxsize=8, cleanup=getattr(triples, "close", None))


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
    neighbour = ("{rel: type(r), label: head([l IN labels(m) WHERE l IN $labels]), id: m.id, props: properties(r), "
                 f"node: {_public('m')}}}")
    return (
        f"MATCH (n:{label} {{id: $id}}) "
        f"RETURN {_public('n')} AS props, "
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
    return NodeRecord(label, node_id, _published(row["props"]), [_link(x) for x in row["out"]],
                      [_link(x) for x in row["inc"]])


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
