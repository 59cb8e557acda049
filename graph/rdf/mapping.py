"""What each node and relationship of the graph becomes in RDF, declared as tables.

`CLASSES` gives each label's class; `PROPERTIES` gives, per label, one row per node property:
the property, its predicate and how its value becomes an RDF term (plain, language-tagged,
typed, a partial date, a vocabulary concept, an IRI); `RELATIONSHIPS` gives one row per
relationship type and the label whose triple it is, with its predicate and direction. A new
field of the schema is a new row without editing this file. The mapping follows ontology/README.md; ontology/shapes.ttl is what its output
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

The tables are derived from the schema (ontology/hdkg.schema.yaml): a slot's `slot_uri` is its
predicate and its type and annotations say how its value becomes a term; a relationship slot's
`slot_uri`, direction and endpoints give the relationship rows. Parties are nodes of their own
(`hd:InstrumentParty`), exported like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SDO, SKOS

from graph.model import SCHEMA, Label, Rel, SlotSpec
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


@dataclass(frozen=True)
class LanguageList:
    """A list property with a parallel list of language tags (``aliases``, ``aliases_languages``):
    one literal per item, tagged when its language is known."""

    key: str
    languages_key: str
    predicate: URIRef

    def compile(self, terms: Terms) -> Emit:
        key, languages_key, predicate = self.key, self.languages_key, terms.convert(self.predicate)

        def emit(literals: list, stated_by: list, node: Any, record: NodeRecord, iris: Iris) -> None:
            items = record.props.get(key) or []
            languages = record.props.get(languages_key) or []
            for index, item in enumerate(items):
                lang = languages[index] if index < len(languages) else ""
                literals.append((node, predicate, iris.terms.literal(str(item), lang=lang or None)))
        return emit


Row = Field | LanguageVariants | LanguageList | Constant


# -- the tables, derived from the schema (ontology/hdkg.schema.yaml) -------------------------

def _uri(curie: str) -> URIRef:
    return URIRef(SCHEMA.expand(curie))


#: Each node label's class: the schema class's `class_uri`.
CLASSES: dict[Label, URIRef] = {Label(label): _uri(spec.class_uri) for label, spec in SCHEMA.node_classes.items()}

RECORD_ID = Field("id", _uri(SCHEMA.node_predicates["identifier"]), string)
#: The reports behind a node (claims say it with prov:wasDerivedFrom instead).
STATED_BY = Field("sources", _uri(SCHEMA.node_predicates["provenance"]), source, many=True, names_source=True)


def _converter(label: Label, slot: SlotSpec) -> Converter:
    """How a slot's value becomes a term, from its type and annotations."""
    if label == Label.STATUS_CHANGE and slot.name == "status":
        return status_concept  # an instrument's or an engagement's step: the scheme of its owner
    if slot.note("rdf_value") == "linked_term":
        return attendance_mode
    if slot.note("vocabulary"):
        return concept(slot.note("vocabulary"))
    if slot.note("iri_prefix") == "wd":
        return wikidata
    if slot.range == "PartialDate":
        return date
    if slot.range in ("integer", "SmallCount", "SchemaVersion"):
        return integer
    if slot.range == "boolean":
        return boolean
    if slot.range == "Url":
        return typed("anyURI")
    if slot.range == "datetime":
        return typed("dateTime")
    if slot.note("language"):
        return tagged(slot.note("language"))
    if slot.note("language_from"):
        return tagged_by(slot.note("language_from"), slot.note("language_default"))
    return text


def _rows(label: Label) -> tuple[Row, ...]:
    """A node label's rows, in the schema's slot order: record id first, provenance last."""
    spec = SCHEMA.node_classes[str(label)]
    rows: list[Row] = [RECORD_ID]
    for slot in SCHEMA.slots_of(spec.name).values():
        if slot.identifier or not slot.slot_uri or slot.note("rdf") == "none":
            continue
        predicate = _uri(slot.slot_uri)
        if slot.note("keyed_by_language"):
            rows.append(LanguageVariants(slot.note("neo4j_prefix"), predicate))
        elif slot.note("also_accepts"):  # plain names or names with a language
            rows.append(LanguageList(slot.name, f"{slot.name}_languages", predicate))
        else:
            if slot.note("rdf_class"):  # beside the label's class, the class of its kind
                rows.append(Field(slot.name, RDF.type, organization_class))
            rows.append(Field(slot.name, predicate, _converter(label, slot), many=slot.multivalued))
    if label != Label.CLAIM:
        rows.append(STATED_BY)
    return tuple(rows)


#: Per label, in output order, after the node's `rdf:type` (its class). Domains are the SKOS
#: concepts of ontology/domains.ttl, written as that file states them.
PROPERTIES: dict[Label, tuple[Row, ...]] = {
    **{label: _rows(label) for label in Label if label != Label.DOMAIN},
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
    Label.PARTY: Field("id", RDFS.label, string),
}


@dataclass(frozen=True)
class Edge:
    """One relationship type as a triple written with the node labelled `subject` (any label when None).

    Forward, the subject is the relationship's start and the triple runs start -> end; with
    `inverse`, the subject is its end and the triple runs end -> start. With `by_end`, the
    triple runs start -> end but is written with the end node (`subject` is then the end's
    label), so the export never gathers every link of a hub into one node's page.
    """

    subject: Label | None
    rel: Rel
    predicate: URIRef
    inverse: bool = False
    by_end: bool = False


def _edges() -> Iterator[Edge]:
    for edge in SCHEMA.edges.values():
        rel = Rel(edge.type)
        if edge.rdf == "forward":
            if edge.rdf_written_by == "end":
                if edge.rdf_by_start:
                    raise ValueError(f"{edge.name}: rdf_by_start needs the triple written by its start")
                for end in edge.ends:
                    yield Edge(Label(end), rel, _uri(edge.slot_uri), by_end=True)
            else:
                for start in edge.starts:
                    subject = None if start == "*" else Label(start)
                    yield Edge(subject, rel, _uri(edge.rdf_by_start.get(start, edge.slot_uri)))
            if edge.rdf_inverse:
                for end in edge.ends:
                    yield Edge(Label(end), rel, _uri(edge.rdf_inverse), inverse=True)
        elif edge.rdf == "inverse":
            for end in edge.ends:
                yield Edge(Label(end), rel, _uri(edge.slot_uri), inverse=True)


#: One row per (relationship kind, label whose triple it is), from the schema's relationship
#: slots: `slot_uri` is the predicate, `rdf: inverse` runs it end -> start, `rdf: none` omits it,
#: `rdf_written_by: end` writes a start -> end triple with the end node.
RELATIONSHIPS: tuple[Edge, ...] = tuple(_edges())

#: Relationships read only to build something else: a status change's scheme.
READ_ALSO_INCOMING: dict[Label, tuple[Rel, ...]] = {
    Label.STATUS_CHANGE: (Rel.HAS_STATUS_CHANGE,),
}
#: Relationship properties the mapping reads: none (parties are nodes); provenance lists are
#: read only when asked for.
RELATIONSHIP_PROPERTIES: dict[Rel, tuple[str, ...]] = {}


def _predicates(label: Label, inverse: bool, by_end: bool = False) -> dict[str, URIRef]:
    return {str(edge.rel): edge.predicate for edge in RELATIONSHIPS
            if edge.inverse == inverse and edge.by_end == by_end and edge.subject in (label, None)}


#: (label, relationship type) -> predicate, for the triples running start -> end ...
FORWARD: dict[Label, dict[str, URIRef]] = {label: _predicates(label, inverse=False) for label in Label}
#: ... for those running end -> start ...
INVERSE: dict[Label, dict[str, URIRef]] = {label: _predicates(label, inverse=True) for label in Label}
#: ... and for those running start -> end that the end node writes.
BY_END: dict[Label, dict[str, URIRef]] = {label: _predicates(label, inverse=False, by_end=True) for label in Label}


def outgoing_types(label: Label) -> list[str]:
    """The relationship types to read leaving a node of `label`."""
    return list(FORWARD[label])


def incoming_types(label: Label) -> list[str]:
    """The relationship types to read arriving at a node of `label`."""
    return list(INVERSE[label]) + list(BY_END[label]) + [str(rel) for rel in READ_ALSO_INCOMING.get(label, ())]


class _Compiled:
    """The tables in one term flavour: predicates and classes converted once."""

    def __init__(self, terms: Terms) -> None:
        self.classes = {label: terms.convert(cls) for label, cls in CLASSES.items()}
        self.rows = {label: tuple(row.compile(terms) for row in rows) for label, rows in PROPERTIES.items()}
        self.names = {label: row.compile(terms) for label, row in NAMES.items()}
        self.forward = {label: {rel: terms.convert(p) for rel, p in preds.items()} for label, preds in FORWARD.items()}
        self.inverse = {label: {rel: terms.convert(p) for rel, p in preds.items()} for label, preds in INVERSE.items()}
        self.by_end = {label: {rel: terms.convert(p) for rel, p in preds.items()} for label, preds in BY_END.items()}
        self.rdf_type = terms.RDF.type


@lru_cache
def compiled(terms: Terms) -> _Compiled:
    return _Compiled(terms)


# -- nodes -----------------------------------------------------------------------------------

_REL_AND_ID = itemgetter(0, 2)  # Link.rel, Link.id


def _sources(props: dict[str, Any]) -> tuple[str, ...]:
    value = props.get("sources")
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def node_statements(record: NodeRecord, iris: Iris) -> Iterator[Statements]:
    """Every triple written with this node, in groups with the sources that state them: those whose
    subject it is, and the start -> end triples of `rdf_written_by: end` relationships ending here."""
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
    inverse, by_end = table.inverse[record.label], table.by_end[record.label]
    for link in sorted(record.inc, key=_REL_AND_ID):
        if link.label is None:
            continue
        predicate = inverse.get(link.rel)
        if predicate is not None:
            yield link.sources, [(node, predicate, node_iri(link.label, link.id))]
        predicate = by_end.get(link.rel)
        if predicate is not None:
            yield link.sources, [(node_iri(link.label, link.id), predicate, node)]


def node_triples(record: NodeRecord, iris: Iris) -> Iterator[Triple]:
    """Every triple written with this node (see `node_statements`)."""
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
