"""The graph's vocabulary, read from the one declaration of the model (ontology/hdkg.schema.yaml).

Node labels are the schema's classes with a `neo4j_label`; relationship types are its slots with a
`neo4j_type`, with their endpoints (`start`, `end`) and RDF predicate (`slot_uri`). Cypher text is
built only from these names; every value travels as a parameter.

The schema is LinkML; it is read here with PyYAML, because the graph needs only its classes, slots,
types and annotations, not the LinkML runtime.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from hdkg import PROJECT_ROOT

SCHEMA_PATH = PROJECT_ROOT / "ontology" / "hdkg.schema.yaml"


@dataclass(frozen=True)
class TypeSpec:
    name: str
    typeof: str
    description: str = ""
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum_value: int | None = None
    maximum_value: int | None = None
    uri: str | None = None


@dataclass(frozen=True)
class SlotSpec:
    """One attribute of a class: a record field, a node property, or the source of an edge."""

    name: str
    range: str
    description: str = ""
    required: bool = False
    identifier: bool = False
    multivalued: bool = False
    minimum_cardinality: int | None = None
    minimum_value: int | None = None
    maximum_value: int | None = None
    slot_uri: str | None = None
    annotations: dict[str, Any] = field(default_factory=dict)

    def note(self, key: str, default: Any = None) -> Any:
        return self.annotations.get(key, default)

    @property
    def derived(self) -> str | None:
        """How the graph computes this property from the record (never written by a curator)."""
        return self.note("derived")

    @property
    def edge(self) -> str | None:
        """The relationship kind this field produces, if any."""
        return self.note("edge")


@dataclass(frozen=True)
class ClassSpec:
    name: str
    description: str = ""
    class_uri: str | None = None
    is_a: str | None = None
    tree_root: bool = False
    annotations: dict[str, Any] = field(default_factory=dict)
    slots: dict[str, SlotSpec] = field(default_factory=dict)

    def note(self, key: str, default: Any = None) -> Any:
        return self.annotations.get(key, default)

    @property
    def label(self) -> str | None:
        return self.note("neo4j_label")

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(str(self.note("rules", "")).split())


@dataclass(frozen=True)
class EdgeSpec:
    """A relationship kind: its Neo4j type, endpoints and RDF predicate."""

    name: str
    type: str
    starts: tuple[str, ...]
    ends: tuple[str, ...]
    slot_uri: str
    description: str = ""
    rdf: str = "forward"  # forward: start -> end; inverse: end -> start; none: not a triple
    rdf_by_start: dict[str, str] = field(default_factory=dict)
    rdf_inverse: str | None = None  # a second predicate, end -> start (skos:narrower beside skos:broader)
    # Which end's page writes the forward triple in the export: "end" where the start is a hub
    # (a country signs thousands of instruments, each instrument has a few signers).
    rdf_written_by: str = "start"


def _labels(text: str) -> tuple[str, ...]:
    return tuple(part for part in str(text).split("|") if part)


@dataclass(frozen=True)
class Schema:
    name: str
    version: str
    prefixes: dict[str, str]
    types: dict[str, TypeSpec]
    classes: dict[str, ClassSpec]
    edges: dict[str, EdgeSpec]
    #: What every node carries, by role ("identifier", "provenance"): the predicate.
    node_predicates: dict[str, str] = field(default_factory=dict)
    #: Properties the loader keeps for itself on nodes and relationships (`internal_property`).
    internal_properties: tuple[str, ...] = ()

    def expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes else curie

    def slots_of(self, class_name: str) -> dict[str, SlotSpec]:
        """Own attributes after inherited ones (`is_a`)."""
        spec = self.classes[class_name]
        inherited = self.slots_of(spec.is_a) if spec.is_a else {}
        return {**inherited, **spec.slots}

    @cached_property
    def node_classes(self) -> dict[str, ClassSpec]:
        """Label -> class, for every class that is a node of the graph."""
        return {spec.label: spec for spec in self.classes.values() if spec.label}

    @cached_property
    def record_classes(self) -> tuple[str, ...]:
        """Classes of the record format, from the root down, each once."""
        order: list[str] = []

        def visit(name: str) -> None:
            if name in order:
                return
            for slot in self.slots_of(name).values():
                if slot.range in self.classes and not slot.derived:
                    visit(slot.range)
            order.append(name)

        for spec in self.classes.values():
            if spec.tree_root:
                visit(spec.name)
        return tuple(order)

    def edge_for_type(self, rel_type: str) -> EdgeSpec:
        return next(edge for edge in self.edges.values() if edge.type == rel_type)


def _type(name: str, body: dict[str, Any]) -> TypeSpec:
    notes = body.get("annotations") or {}
    return TypeSpec(name=name, typeof=body.get("typeof", "string"), description=body.get("description", ""),
                    pattern=body.get("pattern"), min_length=notes.get("min_length"),
                    max_length=notes.get("max_length"), minimum_value=body.get("minimum_value"),
                    maximum_value=body.get("maximum_value"), uri=body.get("uri"))


def _slot(name: str, body: dict[str, Any], default_range: str) -> SlotSpec:
    body = body or {}
    return SlotSpec(
        name=name, range=body.get("range", default_range), description=body.get("description", ""),
        required=bool(body.get("required") or body.get("identifier")), identifier=bool(body.get("identifier")),
        multivalued=bool(body.get("multivalued")), minimum_cardinality=body.get("minimum_cardinality"),
        minimum_value=body.get("minimum_value"), maximum_value=body.get("maximum_value"),
        slot_uri=body.get("slot_uri"), annotations=dict(body.get("annotations") or {}),
    )


def read_schema(path: Path = SCHEMA_PATH) -> Schema:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    default_range = data.get("default_range", "string")
    types = {name: _type(name, body or {}) for name, body in (data.get("types") or {}).items()}
    classes = {
        name: ClassSpec(
            name=name, description=body.get("description", ""), class_uri=body.get("class_uri"),
            is_a=body.get("is_a"), tree_root=bool(body.get("tree_root")),
            annotations=dict(body.get("annotations") or {}),
            slots={slot: _slot(slot, spec, default_range) for slot, spec in (body.get("attributes") or {}).items()},
        )
        for name, body in (data.get("classes") or {}).items()
    }
    edges, node_predicates, internal = {}, {}, []
    for name, body in (data.get("slots") or {}).items():
        notes = body.get("annotations") or {}
        if notes.get("internal_property"):
            internal.append(name)
        if "of_every_node" in notes:
            node_predicates[notes["of_every_node"]] = body["slot_uri"]
        if "neo4j_type" not in notes:
            continue
        by_start = dict(pair.split("=", 1) for pair in str(notes.get("rdf_by_start", "")).split() if "=" in pair)
        edges[name] = EdgeSpec(name=name, type=notes["neo4j_type"], starts=_labels(notes["start"]),
                               ends=_labels(notes["end"]), slot_uri=body["slot_uri"],
                               description=body.get("description", ""), rdf=notes.get("rdf", "forward"),
                               rdf_by_start=by_start, rdf_inverse=notes.get("rdf_inverse"),
                               rdf_written_by=notes.get("rdf_written_by", "start"))
    return Schema(name=data["name"], version=str(data.get("version", "")), prefixes=dict(data.get("prefixes") or {}),
                  types=types, classes=classes, edges=edges, node_predicates=node_predicates,
                  internal_properties=tuple(internal))


SCHEMA = read_schema()


def _constant(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


#: Node labels, one per node class of the schema (Label.STATUS_CHANGE == "StatusChange").
Label = StrEnum("Label", {_constant(label): label for label in SCHEMA.node_classes})
#: Relationship types, one per relationship kind of the schema (Rel.SIGNED == "SIGNED").
Rel = StrEnum("Rel", {edge.type: edge.type for edge in SCHEMA.edges.values()})

#: Reference data: written from ontology/ and ISO, never removed by retracting a source.
REFERENCE_LABELS = frozenset(Label(spec.label) for spec in SCHEMA.node_classes.values() if spec.note("reference"))
#: Internal nodes the loader derives from the facts (summaries): never exported, released or shaped as facts.
INTERNAL_LABELS = frozenset(Label(spec.label) for spec in SCHEMA.node_classes.values() if spec.note("internal"))

#: Statuses that count as cooperation unless a query asks for more: the instrument-status terms
#: that mean signed (hd:meansSigned in ontology/vocabularies.ttl; a test keeps the two equal), in
#: the order of their stage. An approved or proposed instrument is listed only when asked for.
COOPERATION_STATUSES = ("signed", "adopted", "ratified", "in-force", "extended")


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
#: Property of a node or relationship that several sources state: who stated which property and
#: which list item (see graph.writer). Loader bookkeeping, like STATED.
BY_SOURCE = "by_source"
#: Every property that is loader bookkeeping: left out of the RDF export, releases and shapes.
INTERNAL_PROPERTIES = frozenset(SCHEMA.internal_properties)
assert {STATED, BY_SOURCE} <= INTERNAL_PROPERTIES, "the schema declares the loader's internal properties"
#: Separates the parts of a BY_SOURCE entry; record text never holds control characters.
UNIT_SEPARATOR = "\x1f"


def languages_key(name: str) -> str:
    """The property beside a list of names that holds each name's language ("" when unknown)."""
    return f"{name}_languages"


def _record_slots() -> dict[str, list[SlotSpec]]:
    """Per node label or relationship type, the slots that become its properties."""
    found: dict[str, list[SlotSpec]] = {}
    for spec in SCHEMA.classes.values():
        owner = spec.label or (SCHEMA.classes[spec.note("updates")].label if spec.note("updates") else None)
        if spec.note("edge_class"):
            owner = SCHEMA.edges[spec.note("edge_class")].type
        if owner:
            found.setdefault(owner, []).extend(SCHEMA.slots_of(spec.name).values())
    return found


_SLOTS = _record_slots()
#: Per label, the properties the graph derives from several reports (`derived: in_graph`, a
#: shorthand's `derived_in_graph`): no source states them, so no source's retraction removes them.
GRAPH_DERIVED = {Label(owner): frozenset(slot.name for slot in slots
                                         if slot.derived == "in_graph" or slot.note("derived_in_graph"))
                 for owner, slots in _SLOTS.items() if owner in SCHEMA.node_classes}
#: Properties that hold partial dates, on any node or relationship: two reports agree on a date
#: when one is the other's prefix (2024-10, 2024-10-08), and the graph keeps the more precise.
PARTIAL_DATE_PROPERTIES = frozenset(slot.name for slots in _SLOTS.values() for slot in slots
                                    if slot.range == "PartialDate")
#: List properties of names with a parallel list of their languages (`languages_key`).
NAME_LISTS = frozenset(slot.name for slots in _SLOTS.values() for slot in slots if slot.note("also_accepts"))
#: Labels whose ids name the one source that states them (a source, its claims): no other
#: source can state the same node, so nothing about them can disagree across sources.
ONE_SOURCE_LABELS = frozenset({Label.SOURCE} | {Label(spec.label) for spec in SCHEMA.node_classes.values()
                                                if "{source}" in str(spec.note("graph_id", ""))})
