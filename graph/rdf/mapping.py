"""What each node and relationship of the graph becomes in RDF, declared as tables.

`CLASSES` gives each label's class; `PROPERTIES` gives, per label, one row per node property:
the property, its predicate and how its value becomes an RDF term (plain, language-tagged,
typed, a partial date, a vocabulary concept, an IRI); `RELATIONSHIPS` gives one row per
relationship type and the label whose triple it is, with its predicate and direction. A new
field is one row. The mapping follows ontology/README.md; ontology/shapes.ttl is what its output
must satisfy.

Where the README's tables leave a property open, the table uses standard terms: a role's
``date`` (when the report places the person in the role, not when the role began) is
``dcterms:date``; an event's organizer is ``schema:organizer`` and its place
``schema:location``; summaries are ``dcterms:description``@en; an instrument's original-language
title is ``dcterms:alternative`` tagged with its language; what a report leaves unknown and a
source's curation notes are ``skos:editorialNote``@en; every node a source stated points to
it with ``dcterms:source`` (claims with ``prov:wasDerivedFrom``); sources point to the load run
that wrote them with ``prov:wasGeneratedBy``.

Provenance: `node_statements` yields the triples of one node in groups, each with the ids of
the sources that state it: a node's literals are stated by the node's sources, a relationship's
triple by the relationship's sources, ``X dcterms:source S`` by S alone. Reference data
(countries, domains) and the load runs have no sources.

Parties: the graph has no party nodes. An instrument's parties are rebuilt from
``(Organization)-[:SIGNED {country, signatory}]->(Instrument)`` first, one party per
(country, organization), then one organization-less party for each
``(Country)-[:SIGNED]->(Instrument)`` whose country has no organization party;
``(Person)-[:SIGNATORY_OF {country, organization}]->(Instrument)`` adds the signatories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS

from graph.model import Label, Rel
from graph.rdf.iris import Iris
from graph.rdf.ontology import attendance_modes, organization_classes
from graph.rdf.terms import DOM, HD, Terms, Triple, number, partial_date

# -- what is read from Neo4j ---------------------------------------------------------------


class Link(NamedTuple):
    rel: str
    label: Label | None
    id: str
    props: dict[str, Any]
    node: dict[str, Any] | None = None  # the other node's properties (single-resource reads only)
    sources: tuple[str, ...] = ()  # the reports stating the relationship (when read)


@dataclass(slots=True)
class NodeRecord:
    label: Label
    id: str
    props: dict[str, Any]
    out: list[Link] = field(default_factory=list)
    inc: list[Link] = field(default_factory=list)


#: A group of triples and the ids of the sources stating them (none: reference data).
Statements = tuple[tuple[str, ...], list[Triple]]

# -- how a property value becomes a term -----------------------------------------------------

#: (value, the node's record, iris) -> the object term, or None to state nothing.
Converter = Callable[[Any, NodeRecord, Iris], Any]


def text(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return iris.terms.literal(value)


def string(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return iris.terms.literal(str(value))


def upper(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return iris.terms.literal(str(value).upper())


def date(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return partial_date(value, iris.terms)


def decimal(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return number(value, iris.terms)


def integer(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return number(int(value), iris.terms)


def boolean(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return iris.terms.literal(bool(value))


def iri(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return iris.terms.iri(value)


def wikidata(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return iris.terms.WD[value]


def source(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return iris.node(Label.SOURCE, value)


def tagged(lang: str) -> Converter:
    """A literal with a fixed language tag."""
    def convert(value: Any, record: NodeRecord, iris: Iris) -> Any:
        return iris.terms.literal(value, lang=lang)
    return convert


def tagged_by(key: str, default: str | None = None) -> Converter:
    """A literal tagged with the language another property of the node names."""
    def convert(value: Any, record: NodeRecord, iris: Iris) -> Any:
        return iris.terms.literal(value, lang=record.props.get(key) or default)
    return convert


def typed(xsd_name: str) -> Converter:
    """A literal of an XSD datatype (`typed("anyURI")`)."""
    def convert(value: Any, record: NodeRecord, iris: Iris) -> Any:
        return iris.terms.literal(value, datatype=getattr(iris.terms.XSD, xsd_name))
    return convert


def concept(scheme: str) -> Converter:
    """The concept of a controlled vocabulary in vocabularies.ttl."""
    def convert(value: Any, record: NodeRecord, iris: Iris) -> Any:
        return iris.vocab(scheme, value)
    return convert


def status_concept(value: Any, record: NodeRecord, iris: Iris) -> Any:
    """A status change's status, in the scheme of what it is the history of."""
    parent = next((link.label for link in record.inc if link.rel == Rel.HAS_STATUS_CHANGE), Label.INSTRUMENT)
    return iris.vocab("engagement-status" if parent == Label.ENGAGEMENT else "instrument-status", value)


def organization_class(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return organization_classes(iris.terms).get(value)


def attendance_mode(value: Any, record: NodeRecord, iris: Iris) -> Any:
    return attendance_modes(iris.terms).get(value)


# -- the rows --------------------------------------------------------------------------------

def _absent(value: Any) -> bool:
    # Zero and false are values; None, "" and empty lists are not.
    return value is None or value == "" or (isinstance(value, (list, tuple)) and not value)


#: Appends the triples of one row for one node: (literals, stated_by, node, record, iris).
Emit = Callable[[list, list, Any, NodeRecord, Iris], None]


@dataclass(frozen=True)
class Field:
    """One node property -> one triple with `predicate` (one per item when `many`).

    `fallback` is the property read when `key` is empty. With `names_source`, the value is a
    source id and the triple is stated by that source alone (``dcterms:source``).
    """

    key: str
    predicate: URIRef
    value: Converter = text
    many: bool = False
    fallback: str | None = None
    names_source: bool = False

    def compile(self, terms: Terms) -> Emit:
        key, predicate, convert, fallback = self.key, terms.convert(self.predicate), self.value, self.fallback
        names_source = self.names_source
        if self.many:
            def emit(literals: list, stated_by: list, node: Any, record: NodeRecord, iris: Iris) -> None:
                items = record.props.get(key)
                if items is None:
                    return
                for item in items if isinstance(items, (list, tuple)) else (items,):
                    obj = None if item is None else convert(item, record, iris)
                    if obj is None:
                        continue
                    if names_source:
                        stated_by.append((item, (node, predicate, obj)))
                    else:
                        literals.append((node, predicate, obj))
            return emit

        def emit_one(literals: list, stated_by: list, node: Any, record: NodeRecord, iris: Iris) -> None:
            value = record.props.get(key)
            if fallback is not None and _absent(value):
                value = record.props.get(fallback)
            if _absent(value):
                return
            obj = convert(value, record, iris)
            if obj is None:
                return
            if names_source:
                stated_by.append((value, (node, predicate, obj)))
            else:
                literals.append((node, predicate, obj))
        return emit_one


@dataclass(frozen=True)
class LanguageVariants:
    """`{prefix}{lang}` properties (``name_vi``, ``label_ru``) -> one literal tagged `lang` each."""

    prefix: str
    predicate: URIRef

    def compile(self, terms: Terms) -> Emit:
        prefix, predicate, start = self.prefix, terms.convert(self.predicate), len(self.prefix)

        def emit(literals: list, stated_by: list, node: Any, record: NodeRecord, iris: Iris) -> None:
            props = record.props
            for key in sorted(props):
                if key.startswith(prefix) and props[key]:
                    literals.append((node, predicate, iris.terms.literal(str(props[key]), lang=key[start:])))
        return emit


@dataclass(frozen=True)
class Constant:
    """A triple every node of the label has."""

    predicate: URIRef
    object: URIRef

    def compile(self, terms: Terms) -> Emit:
        predicate, obj = terms.convert(self.predicate), terms.convert(self.object)

        def emit(literals: list, stated_by: list, node: Any, record: NodeRecord, iris: Iris) -> None:
            literals.append((node, predicate, obj))
        return emit


Row = Field | LanguageVariants | Constant

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

RECORD_ID = Field("id", HD.recordId, string)
#: The reports behind a node (claims say it with prov:wasDerivedFrom instead).
STATED_BY = Field("sources", DCTERMS.source, source, many=True, names_source=True)

#: Per label, in output order, after the node's `rdf:type` (its class).
PROPERTIES: dict[Label, tuple[Row, ...]] = {
    Label.COUNTRY: (
        RECORD_ID,
        Field("code", HD.iso3166Alpha2, upper, fallback="id"),
        Field("alpha3", HD.iso3166Alpha3, upper),
        Field("name", SDO.name),
        Field("official_name", SDO.alternateName),
        LanguageVariants("name_", RDFS.label),
        Field("wikidata", OWL.sameAs, wikidata),
        STATED_BY,
    ),
    Label.ORGANIZATION: (
        RECORD_ID,
        Field("kind", RDF.type, organization_class),  # beside hd:Organization, the class of its kind
        Field("kind", HD.organizationKind, concept("organization-kind")),
        Field("name", SDO.name),
        Field("aliases", SDO.alternateName, many=True),
        LanguageVariants("name_", RDFS.label),
        Field("wikidata", OWL.sameAs, wikidata),
        STATED_BY,
    ),
    Label.PERSON: (
        RECORD_ID,
        Field("name", SDO.name),
        Field("name_original", SDO.alternateName, tagged_by("name_original_lang")),
        Field("aliases", SDO.alternateName, many=True),
        STATED_BY,
    ),
    Label.ROLE: (
        RECORD_ID,
        Field("role", HD.roleType, concept("role-type")),
        Field("title", RDFS.label),
        Field("date", DCTERMS.date, date),  # when the report places the person in the role
        STATED_BY,
    ),
    Label.INSTRUMENT: (
        RECORD_ID,
        Field("type", HD.instrumentType, concept("instrument-type")),
        Field("status", HD.status, concept("instrument-status")),
        Field("title", DCTERMS.title),
        Field("title_original", DCTERMS.alternative, tagged_by("language")),
        Field("language", DCTERMS.language),
        Field("signed_date", HD.signedDate, date),
        Field("valid_from", HD.validFrom, date),
        Field("valid_until", HD.validUntil, date),
        Field("term_years", HD.termYears, decimal),
        Field("multilateral", HD.isMultilateral, boolean),
        Field("party_count", HD.partyCount, integer),
        Field("summary", DCTERMS.description, tagged("en")),
        Field("unknown", SKOS.editorialNote, tagged("en"), many=True),
        STATED_BY,
    ),
    Label.STATUS_CHANGE: (
        RECORD_ID,
        Field("status", HD.status, status_concept),
        Field("date", DCTERMS.date, date),
        Field("position", SDO.position, integer),
        STATED_BY,
    ),
    Label.EVENT: (
        RECORD_ID,
        Field("kind", HD.eventKind, concept("event-kind")),
        Field("name", SDO.name),
        Field("date", SDO.startDate, date),
        Field("end_date", SDO.endDate, date),
        Field("place", SDO.location),
        Field("mode", SDO.eventAttendanceMode, attendance_mode),
        STATED_BY,
    ),
    Label.ENGAGEMENT: (
        RECORD_ID,
        Field("kind", HD.engagementKind, concept("engagement-kind")),
        Field("status", HD.status, concept("engagement-status")),
        Field("title", DCTERMS.title),
        Field("summary", DCTERMS.description, tagged("en")),
        Field("date", DCTERMS.date, date),
        STATED_BY,
    ),
    Label.SOURCE: (
        RECORD_ID,
        Field("title", DCTERMS.title),
        Field("publisher", DCTERMS.publisher),
        Field("language", DCTERMS.language),
        Field("url", HD.url, typed("anyURI")),
        Field("published", DCTERMS.date, date),
        Field("notes", SKOS.editorialNote, tagged("en")),
        STATED_BY,
    ),
    Label.CLAIM: (
        RECORD_ID,
        Field("quote", HD.quote, tagged_by("lang", "und")),
        Field("english", HD.quoteEnglish, tagged("en")),
    ),
    Label.LOAD_RUN: (
        RECORD_ID,
        Field("started", PROV.startedAtTime, typed("dateTime")),
        Field("finished", PROV.endedAtTime, typed("dateTime")),
        STATED_BY,
    ),
    Label.DOMAIN: (
        Constant(RDF.type, SKOS.Concept),
        Constant(SKOS.inScheme, DOM.scheme),
        Field("id", SKOS.notation, string),
        LanguageVariants("label_", SKOS.prefLabel),
        Field("definition", SKOS.definition, tagged("en")),
        Field("exact_match", SKOS.exactMatch, iri, many=True),
        STATED_BY,
    ),
}

#: The property that names a linked node in a single-resource description.
NAMES: dict[Label, Field] = {
    Label.COUNTRY: Field("name", SDO.name),
    Label.ORGANIZATION: Field("name", SDO.name),
    Label.PERSON: Field("name", SDO.name),
    Label.EVENT: Field("name", SDO.name),
    Label.INSTRUMENT: Field("title", DCTERMS.title),
    Label.SOURCE: Field("title", DCTERMS.title),
    Label.ENGAGEMENT: Field("title", DCTERMS.title),
    Label.DOMAIN: Field("label", SKOS.prefLabel, tagged("en")),
    Label.ROLE: Field("title", RDFS.label),
    Label.CLAIM: Field("quote", HD.quote, tagged_by("lang", "und")),
    Label.STATUS_CHANGE: Field("status", RDFS.label, string),
}


@dataclass(frozen=True)
class Edge:
    """One relationship type as a triple of the node labelled `subject` (any label when None).

    Forward, the subject is the relationship's start and the triple runs start -> end; with
    `inverse`, the subject is its end and the triple runs end -> start.
    """

    subject: Label | None
    rel: Rel
    predicate: URIRef
    inverse: bool = False


RELATIONSHIPS: tuple[Edge, ...] = (
    Edge(Label.COUNTRY, Rel.SIGNED, HD.signed),
    Edge(Label.ORGANIZATION, Rel.BASED_IN, HD.basedIn),
    Edge(Label.ORGANIZATION, Rel.HOST_COUNTRY, HD.hostCountry),
    Edge(Label.ORGANIZATION, Rel.PART_OF, HD.parentOrganization),
    Edge(Label.PERSON, Rel.HOLDS_ROLE, HD.holdsRole),
    Edge(Label.PERSON, Rel.REPRESENTS, HD.represents),
    Edge(Label.PERSON, Rel.ATTENDED, HD.attended),
    Edge(Label.ROLE, Rel.ROLE_AT, HD.roleOrganization),
    Edge(Label.ROLE, Rel.ROLE_FOR, HD.roleCountry),
    Edge(Label.INSTRUMENT, Rel.COVERS, HD.covers),
    Edge(Label.INSTRUMENT, Rel.SIGNED_AT, HD.signedAt),
    Edge(Label.INSTRUMENT, Rel.RENEWS, HD.renews),
    Edge(Label.INSTRUMENT, Rel.AMENDS, HD.amends),
    Edge(Label.INSTRUMENT, Rel.IMPLEMENTS, HD.implements),
    Edge(Label.INSTRUMENT, Rel.REFERS_TO, HD.refersTo),
    Edge(Label.INSTRUMENT, Rel.HAS_STATUS_CHANGE, HD.statusHistory),
    Edge(Label.ENGAGEMENT, Rel.HAS_STATUS_CHANGE, HD.statusHistory),
    Edge(Label.ENGAGEMENT, Rel.COVERS, HD.covers),
    Edge(Label.ENGAGEMENT, Rel.AT_EVENT, HD.atEvent),
    Edge(Label.EVENT, Rel.HELD_IN, HD.heldIn),
    Edge(Label.EVENT, Rel.ORGANIZED_BY, SDO.organizer),
    Edge(Label.EVENT, Rel.PART_OF, HD.partOf),
    Edge(Label.CLAIM, Rel.FROM_SOURCE, PROV.wasDerivedFrom),
    Edge(Label.DOMAIN, Rel.BROADER, SKOS.broader),
    Edge(None, Rel.EVIDENCED_BY, HD.evidence),  # any node may carry evidence
    Edge(Label.ENGAGEMENT, Rel.PARTICIPATED_IN, HD.participant, inverse=True),
    Edge(Label.ENGAGEMENT, Rel.PROPOSED, HD.proposedBy, inverse=True),
    Edge(Label.ENGAGEMENT, Rel.OPPOSED, HD.opposedBy, inverse=True),
    Edge(Label.INSTRUMENT, Rel.PROPOSED, HD.proposedBy, inverse=True),
    Edge(Label.INSTRUMENT, Rel.OPPOSED, HD.opposedBy, inverse=True),
    Edge(Label.SOURCE, Rel.LOADED, PROV.wasGeneratedBy, inverse=True),
    Edge(Label.DOMAIN, Rel.BROADER, SKOS.narrower, inverse=True),
)

#: Relationships read only to build something else: the parties, a status change's scheme.
READ_ALSO_INCOMING: dict[Label, tuple[Rel, ...]] = {
    Label.INSTRUMENT: (Rel.SIGNED, Rel.SIGNATORY_OF),
    Label.STATUS_CHANGE: (Rel.HAS_STATUS_CHANGE,),
}
#: The only relationship properties the mapping reads (the parties' country, organization and
#: signatory); nothing else is read, which keeps provenance lists off the wire unless asked for.
RELATIONSHIP_PROPERTIES: dict[Rel, tuple[str, ...]] = {
    Rel.SIGNED: ("country", "signatory", "organization"),
    Rel.SIGNATORY_OF: ("country", "signatory", "organization"),
}


def _predicates(label: Label, inverse: bool) -> dict[str, URIRef]:
    return {str(edge.rel): edge.predicate for edge in RELATIONSHIPS
            if edge.inverse == inverse and edge.subject in (label, None)}


#: (label, relationship type) -> predicate, for the triples running start -> end ...
FORWARD: dict[Label, dict[str, URIRef]] = {label: _predicates(label, inverse=False) for label in Label}
#: ... and for those running end -> start.
INVERSE: dict[Label, dict[str, URIRef]] = {label: _predicates(label, inverse=True) for label in Label}


def outgoing_types(label: Label) -> list[str]:
    """The relationship types to read leaving a node of `label`."""
    return list(FORWARD[label])


def incoming_types(label: Label) -> list[str]:
    """The relationship types to read arriving at a node of `label`."""
    return list(INVERSE[label]) + [str(rel) for rel in READ_ALSO_INCOMING.get(label, ())]


class _Compiled:
    """The tables in one term flavour: predicates and classes converted once."""

    def __init__(self, terms: Terms) -> None:
        self.classes = {label: terms.convert(cls) for label, cls in CLASSES.items()}
        self.rows = {label: tuple(row.compile(terms) for row in rows) for label, rows in PROPERTIES.items()}
        self.names = {label: row.compile(terms) for label, row in NAMES.items()}
        self.forward = {label: {rel: terms.convert(p) for rel, p in preds.items()} for label, preds in FORWARD.items()}
        self.inverse = {label: {rel: terms.convert(p) for rel, p in preds.items()} for label, preds in INVERSE.items()}
        self.rdf_type = terms.RDF.type
        self.has_party = terms.HD.hasParty


@lru_cache
def compiled(terms: Terms) -> _Compiled:
    return _Compiled(terms)


# -- parties ---------------------------------------------------------------------------------

@dataclass
class Party:
    country: str | None
    organization: str | None
    signatories: list[str] = field(default_factory=list)
    #: The sources stating the party (the relationships it was built from) ...
    sources: list[str] = field(default_factory=list)
    #: ... and those naming each signatory.
    signatory_sources: dict[str, list[str]] = field(default_factory=dict)


def _add(into: list[str], sources: Iterable[str]) -> None:
    into.extend(source for source in sources if source not in into)


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
            _add(party.sources, link.sources)
            if link.props.get("signatory"):
                party.signatories.append(link.props["signatory"])
                _add(party.signatory_sources.setdefault(link.props["signatory"], []), link.sources)
    with_organization = {country for country, _ in by_key}
    for link in sorted(incoming, key=lambda x: x.id):
        if link.rel == Rel.SIGNED and link.label == Label.COUNTRY and link.id not in with_organization:
            _add(by_key.setdefault((link.id, None), Party(link.id, None)).sources, link.sources)
    for link in sorted(incoming, key=lambda x: x.id):
        if link.rel != Rel.SIGNATORY_OF:
            continue
        country, organization = link.props.get("country"), link.props.get("organization")
        party = by_key.get((country, organization)) or next(
            (p for (c, _), p in sorted(by_key.items(), key=lambda kv: str(kv[0])) if c == country), None)
        if party is None:
            party = by_key.setdefault((country, organization), Party(country, organization))
            _add(party.sources, link.sources)
        if link.id not in party.signatories:
            party.signatories.append(link.id)
        _add(party.signatory_sources.setdefault(link.id, []), link.sources)
    return [by_key[key] for key in sorted(by_key, key=lambda k: (k[0] or "", k[1] or ""))]


def party_statements(instrument: str, party: Party, iris: Iris, link: bool = True) -> Iterator[Statements]:
    HD, RDF = iris.terms.HD, iris.terms.RDF  # this flavour's namespaces
    node = iris.party(instrument, party.country, party.organization)
    triples = [(iris.node(Label.INSTRUMENT, instrument), HD.hasParty, node)] if link else []
    triples.append((node, RDF.type, HD.InstrumentParty))
    if party.country:
        triples.append((node, HD.partyCountry, iris.node(Label.COUNTRY, party.country)))
    if party.organization:
        triples.append((node, HD.partyOrganization, iris.node(Label.ORGANIZATION, party.organization)))
    sources = tuple(party.sources)
    yield sources, triples
    for person in party.signatories:
        yield (tuple(party.signatory_sources.get(person, sources)),
               [(node, HD.signatory, iris.node(Label.PERSON, person))])


def party_triples(instrument: str, party: Party, iris: Iris) -> Iterator[Triple]:
    for _, triples in party_statements(instrument, party, iris):
        yield from triples


# -- nodes -----------------------------------------------------------------------------------

_REL_AND_ID = itemgetter(0, 2)  # Link.rel, Link.id


def _sources(props: dict[str, Any]) -> tuple[str, ...]:
    value = props.get("sources")
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def node_statements(record: NodeRecord, iris: Iris) -> Iterator[Statements]:
    """Every triple whose subject is this node (and, for an instrument, its parties), in groups
    with the sources that state them."""
    table = compiled(iris.terms)
    node_iri = iris.node
    node = node_iri(record.label, record.id)
    literals: list[Triple] = [(node, table.rdf_type, table.classes[record.label])]
    stated_by: list[tuple[str, Triple]] = []
    for emit in table.rows[record.label]:
        emit(literals, stated_by, node, record, iris)
    yield _sources(record.props), literals
    for source_id, triple in stated_by:
        yield (source_id,), [triple]
    forward = table.forward[record.label]
    for link in sorted(record.out, key=_REL_AND_ID):
        predicate = forward.get(link.rel)
        if predicate is not None and link.label is not None:
            yield link.sources, [(node, predicate, node_iri(link.label, link.id))]
    inverse = table.inverse[record.label]
    for link in sorted(record.inc, key=_REL_AND_ID):
        predicate = inverse.get(link.rel)
        if predicate is not None and link.label is not None:
            yield link.sources, [(node, predicate, node_iri(link.label, link.id))]
    if record.label == Label.INSTRUMENT:
        found = parties(record.inc)
        for party in found:  # the links first, so the instrument's triples stay together
            yield tuple(party.sources), [(node, table.has_party, iris.party(record.id, party.country,
                                                                            party.organization))]
        for party in found:
            yield from party_statements(record.id, party, iris, link=False)


def node_triples(record: NodeRecord, iris: Iris) -> Iterator[Triple]:
    """Every triple whose subject is this node (and, for an instrument, its parties)."""
    for _, triples in node_statements(record, iris):
        yield from triples


def name_triples(label: Label, node_id: str, props: dict[str, Any], iris: Iris) -> list[Triple]:
    """Type and name of a linked node: enough to show it, not its whole description."""
    table = compiled(iris.terms)
    node = iris.node(label, node_id)
    triples: list[Triple] = [(node, table.rdf_type, table.classes[label])]
    if label in table.names:
        table.names[label](triples, [], node, NodeRecord(label, node_id, props), iris)
    return triples
