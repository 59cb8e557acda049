"""Typed node and relationship rows: what a loader hands to graph/ to write.

The rows are derived from the schema (ontology/hdkg.schema.yaml): a record of a node class becomes
a node with its plain fields as properties; a field annotated with an `edge` becomes a
relationship of that kind (to the country, domain or record it names, or to the node of a nested
record); `derived` slots are computed here; every `evidence` list becomes Claims. The only facts
written by hand below are the shortcuts the queries walk: `(Country)-[:SIGNED]->(Instrument)` and
`(Organization)-[:SIGNED]->(Instrument)` from an instrument's parties, and the person's
`SIGNATORY_OF` the instrument.

Every row carries the ids of the sources behind it (provenance); the writer unions them when
several reports state the same fact, so one signing reported twice is one instrument with two
sources.
"""

from __future__ import annotations

from pathlib import Path

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from graph.model import ONE_SOURCE_LABELS, SCHEMA, Label, NodeRow, Rel, RelRow, SlotSpec
from loaders.countries import NAME_LANGUAGES, CountryIndex
from loaders.records import MODELS, RecordFile
from loaders.validate import CheckedFile, Path_
from loaders.vocab import Scheme

Node = tuple[Label, str]


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Neo4j stores no nulls and no empty lists worth keeping."""
    return {k: v for k, v in props.items() if v is not None and v != [] and v != {}}


def year_of(partial: str | None) -> int | None:
    return int(partial[:4]) if partial and not partial.startswith("--") else None


_SEGMENT = re.compile(r"[^A-Za-z0-9._~-]+")


def graph_id(template: str, values: dict[str, Any]) -> str:
    """An id from a class's `graph_id` template: `{a}` a value, `{a|b}` the first one given,
    `[...]` a part left out when its values are missing. Record ids never contain `--`."""
    def value(match: re.Match) -> str:
        found = next((values[name] for name in match.group(1).split("|") if values.get(name)), None)
        if found is None:
            raise KeyError(match.group(1))
        return _SEGMENT.sub("-", str(found))

    def optional(match: re.Match) -> str:
        try:
            return re.sub(r"\{([^}]+)\}", value, match.group(1))
        except KeyError:
            return ""

    return re.sub(r"\{([^}]+)\}", value, re.sub(r"\[([^\]]+)\]", optional, template))


# -- reference data: countries and domains -----------------------------------------------

def country_rows(index: CountryIndex) -> Iterator[NodeRow]:
    for country in index:
        props = {
            "code": country.code, "alpha3": country.alpha3, "numeric": country.numeric,
            "name": country.name, "official_name": country.official_name, "wikidata": country.wikidata,
            "names": sorted(set(country.names.values())),
        }
        props.update({f"name_{lang}": country.names.get(lang) for lang in NAME_LANGUAGES})
        yield NodeRow(Label.COUNTRY, country.code, _clean(props))


def domain_rows(domains: Scheme) -> tuple[list[NodeRow], list[RelRow]]:
    nodes, rels = [], []
    for concept in domains.concepts.values():
        props = {
            "iri": concept.iri, "label": concept.label, "definition": concept.definition,
            "labels": sorted({*concept.labels.values(), *(label for _, label in concept.alt_labels)}),
            "exact_match": list(concept.exact_match),
        }
        props.update({f"label_{lang}": text for lang, text in concept.labels.items() if lang})
        nodes.append(NodeRow(Label.DOMAIN, concept.id, _clean(props)))
        rels.extend(RelRow(Rel.BROADER, Label.DOMAIN, concept.id, Label.DOMAIN, parent) for parent in concept.broader)
    return nodes, rels


# -- curated records ---------------------------------------------------------------------

class RecordRows:
    """Node and relationship rows for one checked record file."""

    def __init__(self, checked: CheckedFile, relative_path: str) -> None:
        self.checked = checked
        self.records: RecordFile = checked.records
        self.source_id = self.records.source.id
        self.relative_path = relative_path
        self._nodes: list[NodeRow] = []
        self._rels: list[RelRow] = []
        # Where in the file each row comes from: the path of the record or nested record.
        self._at: Path_ = ()
        self._node_paths: list[Path_] = []
        self._rel_paths: list[Path_] = []
        self._build()

    def nodes(self) -> Iterator[NodeRow]:
        yield from self._nodes

    def relationships(self) -> Iterator[RelRow]:
        yield from self._rels

    # -- helpers
    def _code(self, text: str) -> str:
        return self.checked.countries[text].code

    def _node(self, label: Label, node_id: str, props: dict[str, Any]) -> None:
        self._nodes.append(NodeRow(label, node_id, _clean(props), (self.source_id,)))
        self._node_paths.append(self._at)

    def _rel(self, rel: Rel, start: Node, end: Node, **props: Any) -> None:
        self._rels.append(RelRow(rel, start[0], start[1], end[0], end[1], _clean(props), (self.source_id,)))
        self._rel_paths.append(self._at)

    def scalars(self) -> dict[tuple[str, str], dict[Element, tuple[Any, Path_]]]:
        """What the file states of each record, property by property, for the checks that two
        sources agree: per record (collection and id; an update counts as its instrument), per
        (node or relationship, property) the value and the field's path in the file. Lists are
        left out (the graph holds their union), as are derived properties and the nodes only this
        source can state (itself, its claims)."""
        found: dict[tuple[str, str], dict[Element, tuple[Any, Path_]]] = {}
        rows = [(("node", row.label, row.id), row.label, row.props, path)
                for row, path in zip(self._nodes, self._node_paths) if row.label not in ONE_SOURCE_LABELS]
        rows += [(("rel", row.type, row.start_label, row.start_id, row.end_label, row.end_id), row.type, row.props, path)
                 for row, path in zip(self._rels, self._rel_paths) if row.props]
        for element, owner, props, path in rows:
            if len(path) < 2 or not isinstance(path[1], int):
                continue
            record = getattr(self.records, str(path[0]))[path[1]]
            group = ("instruments", record.instrument) if path[0] == "updates" else (str(path[0]), record.id)
            stated = found.setdefault(group, {})
            for key, value in props.items():
                if isinstance(value, list) or key in _DERIVED.get(str(owner), ()):
                    continue
                stated[(element, key)] = (value, _field_path(str(owner), path, key))
        return found

    def _edge(self, edge_name: str, start: Node, end: Node, **props: Any) -> None:
        self._rel(Rel(SCHEMA.edges[edge_name].type), start, end, **props)

    def _evidence(self, subject: Node, evidence: list[Any]) -> None:
        for item in evidence:
            digest = hashlib.sha256(f"{subject[1]}\n{item.quote}".encode()).hexdigest()[:12]
            claim_id = graph_id(SCHEMA.classes["Claim"].note("graph_id"), {"source": self.source_id, "digest": digest})
            self._node(Label.CLAIM, claim_id, {
                "quote": item.quote, "lang": item.lang, "english": item.english,
                "supports": list(item.supports), "subject": subject[1], "subject_kind": str(subject[0]),
            })
            self._edge("evidenced_by", subject, (Label.CLAIM, claim_id))
            self._edge("from_source", (Label.CLAIM, claim_id), (Label.SOURCE, self.source_id))

    # -- the generic walk
    def _value(self, slot: SlotSpec, value: Any) -> Any:
        """A field's value as the graph stores it: vocabulary labels as ids, countries as codes."""
        if value is None:
            return None
        if slot.note("vocabulary"):
            scheme = slot.note("vocabulary")
            resolve = lambda text: self.checked.terms.get((scheme, text), text)  # noqa: E731
            return [resolve(v) for v in value] if slot.multivalued else resolve(value)
        if slot.note("resolve") == "country":
            return [self._code(v) for v in value] if slot.multivalued else self._code(value)
        if slot.note("resolve") == "country_or_organization":
            return self._code(value) if value in self.checked.countries else value
        return list(value) if slot.multivalued else value

    def _node_of(self, class_name: str, record: Any, context: dict[str, Any]) -> Node:
        spec = SCHEMA.classes[class_name]
        label = Label(spec.label or SCHEMA.classes[spec.note("updates")].label)
        slots = SCHEMA.slots_of(class_name)
        identifier = next((slot for slot in slots.values() if slot.identifier), None)
        if identifier is not None:
            return (label, getattr(record, identifier.name))
        values = {name: self._value(slot, getattr(record, name, None))
                  for name, slot in slots.items() if not slot.derived and slot.range not in SCHEMA.classes}
        return (label, graph_id(spec.note("graph_id"), {**context, **values}))

    def _record(self, class_name: str, record: Any, context: dict[str, Any], parent: Node | None = None) -> Node:
        """Write the node of a record of a node class, its properties, edges and nested records."""
        slots = SCHEMA.slots_of(class_name)
        node = self._node_of(class_name, record, context)
        props: dict[str, Any] = {}
        for slot in slots.values():
            if slot.derived:
                if slot.derived != "in_graph":
                    props[slot.name] = self._derive(slot, record, context)
                continue
            value = getattr(record, slot.name, None)
            if slot.identifier or slot.note("shorthand_for"):
                continue
            if slot.note("also_accepts"):  # names with or without a language
                names = [item if isinstance(item, str) else item.name for item in value or []]
                props[slot.name] = names
                languages = ["" if isinstance(item, str) else (item.lang or "") for item in value or []]
                # Parallel to the names; left out when no name has a language.
                props[f"{slot.name}_languages"] = languages if any(languages) else None
            elif slot.range in SCHEMA.classes:
                continue  # nested records: below
            elif slot.note("keyed_by_language"):
                props.update({f"{slot.note('neo4j_prefix')}{lang}": text for lang, text in (value or {}).items()})
            elif slot.edge and not slot.note("also_property"):
                continue
            else:
                props[slot.name] = self._value(slot, value)
        self._node(node[0], node[1], props)
        for slot in slots.values():
            if slot.derived or slot.range == "Evidence" or slot.note("also_accepts"):
                continue  # evidence last, so claims follow their subject
            items = self._items(slot, record)
            if not items:
                continue
            if slot.range in SCHEMA.classes:
                self._nested(slot, items, node, context)
            elif slot.edge:
                for item in dict.fromkeys(self._target(slot, text) for text in items):
                    if slot.note("edge_reversed"):
                        self._edge(slot.edge, item, node)
                    else:
                        self._edge(slot.edge, node, item)
                    if slot.note("also") and parent is not None:
                        self._edge(slot.note("also"), parent, item)
        if "evidence" in slots:
            self._evidence(node, getattr(record, "evidence", None) or [])
        return node

    def _items(self, slot: SlotSpec, record: Any) -> list[Any]:
        value = getattr(record, slot.name, None)
        items = list(value) if slot.multivalued else ([] if value is None else [value])
        shorthand = next((other for other in SCHEMA.slots_of(type(record).__name__).values()
                          if other.note("shorthand_for") == slot.name), None)
        if shorthand is not None:
            stated = getattr(record, shorthand.name, None)
            if stated and stated not in {item.status for item in items}:
                items.append(MODELS[slot.range](status=stated))  # the status the report gives, undated
        return items

    def _target(self, slot: SlotSpec, value: str) -> Node:
        """The node a field's value names."""
        resolve = slot.note("resolve")
        if resolve == "country":
            return (Label.COUNTRY, self._code(value))
        if resolve == "domain":
            return (Label.DOMAIN, self.checked.domains[value])
        if resolve == "country_or_organization":
            if value in self.checked.countries:
                return (Label.COUNTRY, self._code(value))
            return (Label.ORGANIZATION, value)
        return (Label(SCHEMA.classes[slot.note("target")].label), value)

    def _actor(self, participant: Any) -> Node:
        if participant.organization:
            return (Label.ORGANIZATION, participant.organization)
        return (Label.COUNTRY, self._code(participant.country))

    def _derive(self, slot: SlotSpec, record: Any, context: dict[str, Any]) -> Any:
        how, _, argument = slot.derived.partition(" ")
        if how == "year_of":
            return year_of(getattr(record, argument))
        if how == "file":
            return self.relative_path
        if how == "checksum":
            return self.checked.checksum
        if how == "metadata_file":
            # It lies beside the table, so it is named as the table is.
            return str(Path(self.relative_path).with_name(self.checked.metadata.name)) if self.checked.metadata else None
        if how == "metadata_checksum":
            return self.checked.metadata_checksum
        raise ValueError(f"schema: unknown derivation '{slot.derived}' of {slot.name}")

    def _nested(self, slot: SlotSpec, items: list[Any], owner: Node, context: dict[str, Any]) -> None:
        child = SCHEMA.classes[slot.range]
        owner_key = _context_key(owner[0])
        outer = self._at
        for index, item in enumerate(items):
            self._at = (*outer, slot.name, index)
            if child.label:
                node = self._record(child.name, item, {**context, owner_key: owner[1]}, parent=owner)
                self._edge(slot.edge, owner, node)
            elif child.note("edge_class"):  # a relationship with properties: attendance, membership
                start_slot = child.slots[child.note("edge_start")]
                start = self._target(start_slot, getattr(item, start_slot.name))
                props = {name: self._value(field, getattr(item, name))
                         for name, field in child.slots.items() if name != start_slot.name}
                self._edge(child.note("edge_class"), start, owner, **props)
            elif slot.note("edge_reversed"):  # participants: the actor points at the record
                self._edge(slot.edge, self._actor(item), owner)
        self._at = outer

    def _build(self) -> None:
        records = self.records
        self._at = ("source",)
        self._record("Source", records.source, {})
        for class_name in SCHEMA.record_classes:
            collection = SCHEMA.classes[class_name].note("record_collection")
            if not collection:
                continue
            for position, record in enumerate(getattr(records, collection)):
                self._at = (collection, position)
                node = self._record(class_name, record, {})
                if node[0] == Label.INSTRUMENT:
                    self._signatories(record, node)

    def _signatories(self, instrument: Any, node: Node) -> None:
        """The person's SIGNATORY_OF the instrument: a shortcut past the Party the queries walk.
        (Who SIGNED, country or organization, is derived in the graph from every report's parties
        and steps: graph.derive.)"""
        outer = self._at
        for index, party in enumerate(instrument.parties):
            self._at = (*outer, "parties", index)
            if party.signatory:
                self._edge("signatory_of", (Label.PERSON, party.signatory), node,
                           country=self._code(party.country) if party.country else None,
                           organization=party.organization)
        self._at = outer


#: ("node", label, id) or ("rel", type, start label, start id, end label, end id).
Element = tuple[str, ...]


def _derived() -> dict[str, frozenset[str]]:
    """Per label or relationship type, the properties the loader or the graph derives."""
    found: dict[str, set[str]] = {}
    for spec in SCHEMA.classes.values():
        owner = spec.label or (SCHEMA.classes[spec.note("updates")].label if spec.note("updates") else None)
        if owner:
            found.setdefault(owner, set()).update(slot.name for slot in SCHEMA.slots_of(spec.name).values()
                                                  if slot.derived or slot.note("derived_in_graph"))
    return {owner: frozenset(names) for owner, names in found.items()}


_DERIVED = _derived()
#: Per label, the prefix of the properties a field keyed by language becomes (`name_vi` of `names`).
_BY_LANGUAGE = {spec.label: [(slot.note("neo4j_prefix"), slot.name) for slot in SCHEMA.slots_of(spec.name).values()
                             if slot.note("keyed_by_language")]
                for spec in SCHEMA.classes.values() if spec.label}


def _field_path(owner: str, path: Path_, key: str) -> Path_:
    for prefix, name in _BY_LANGUAGE.get(owner, ()):
        if key.startswith(prefix):
            return (*path, name, key[len(prefix):])
    return (*path, key)


def _context_key(label: Label) -> str:
    """How a nested record's id template names its owner: `{instrument}`, `{person}`."""
    return "instrument" if label == Label.INSTRUMENT else str(label).lower()
