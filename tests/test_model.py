"""The one declaration of the model (ontology/hdkg.schema.yaml) against what is derived from it.

- the schema is coherent (ranges, endpoints, vocabularies, prefixes);
- every field of every record class reaches Neo4j and, where it has a predicate, the RDF export:
  a record file that uses every field is generated from the schema itself, so a field added to
  the schema is covered without editing this test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph
from rdflib.namespace import RDF

from graph import rdf
from graph.model import INTERNAL_LABELS, SCHEMA, Label, Rel, SlotSpec
from graph.rdf.reading import EXPORT_LABELS
from graph.shapes import shapes_turtle
from graph.summaries import SUMMARY_LABELS
from loaders.load import run_load
from loaders.records import RecordFile
from loaders.vocab import vocabularies
from cli.generate import generated_files, stale_files

SOURCE_ID = "every-field-fixture"


# -- the schema is coherent ------------------------------------------------------------------

def test_every_range_is_a_type_or_a_class():
    builtin = {"string", "integer", "boolean", "datetime", "uri"}
    for spec in SCHEMA.classes.values():
        for slot in spec.slots.values():
            assert slot.range in SCHEMA.types or slot.range in SCHEMA.classes or slot.range in builtin, (
                f"{spec.name}.{slot.name}: range {slot.range!r} is not declared")


def test_every_relationship_joins_node_classes_and_every_edge_field_names_one():
    labels = {str(label) for label in Label}
    for edge in SCHEMA.edges.values():
        for end in (*edge.starts, *edge.ends):
            assert end == "*" or end in labels, f"{edge.name}: endpoint {end!r} is not a node class"
    for spec in SCHEMA.classes.values():
        for slot in spec.slots.values():
            for key in ("edge", "also"):
                if slot.note(key):
                    assert slot.note(key) in SCHEMA.edges, f"{spec.name}.{slot.name}: unknown edge {slot.note(key)!r}"
            if slot.note("target"):
                assert SCHEMA.classes[slot.note("target")].label, f"{spec.name}.{slot.name}: target is not a node"


def test_vocabularies_and_prefixes_exist():
    schemes = set(vocabularies().schemes)
    for spec in SCHEMA.classes.values():
        for slot in spec.slots.values():
            if slot.note("vocabulary"):
                assert slot.note("vocabulary") in schemes, f"{spec.name}.{slot.name}"
            if slot.slot_uri:
                assert slot.slot_uri.split(":")[0] in SCHEMA.prefixes, f"{spec.name}.{slot.name}: {slot.slot_uri}"
    for edge in SCHEMA.edges.values():
        assert edge.slot_uri.split(":")[0] in SCHEMA.prefixes, edge.name
    assert {str(rel) for rel in Rel} == {edge.type for edge in SCHEMA.edges.values()}


# -- a record file with every field, generated from the schema --------------------------------

class _Instance:
    """Builds one record of each record class, filling every field the schema declares."""

    def __init__(self) -> None:
        self.vocab = vocabularies()
        self.ids = {"Organization": ["ef-org-a", "ef-org-b"], "Person": ["ef-person-a", "ef-person-b"],
                    "Event": ["ef-event-a", "ef-event-b"], "Instrument": ["ef-instrument-a", "ef-instrument-b"],
                    "Engagement": ["ef-engagement-a"], "Source": [SOURCE_ID]}
        self.countries = ["AZ", "UA"]

    def value(self, owner: str, slot: SlotSpec, index: int) -> Any:
        if slot.range in SCHEMA.classes:
            count = max(slot.minimum_cardinality or 1, 2 if slot.range in ("Party",) else 1)
            items = [self.record(slot.range, i) for i in range(count)]
            return items if slot.multivalued else items[0]
        value = self.scalar(owner, slot, index)
        if slot.note("keyed_by_language"):
            return {"vi": value, "ru": value + " (ru)"}
        return [value] if slot.multivalued else value

    def scalar(self, owner: str, slot: SlotSpec, index: int) -> Any:
        if slot.note("vocabulary"):
            concepts = sorted(self.vocab.scheme(slot.note("vocabulary")).concepts)
            preferred = {"instrument-status": "signed", "organization-kind": "ministry"}
            return preferred.get(slot.note("vocabulary"), concepts[0])
        if slot.note("resolve") in ("country", "country_or_organization"):
            return self.countries[index % 2]
        if slot.note("resolve") == "domain":
            return "oncology"
        target = slot.note("target")
        if target:
            if owner == "Organization" and slot.name == "parent":
                return self.ids["Organization"][1]
            if owner == "Instrument" and target == "Instrument":
                return self.ids["Instrument"][1]
            if owner == "Event" and slot.name == "part_of":
                return self.ids["Event"][1]
            return self.ids[target][index % len(self.ids[target])]
        if slot.identifier:
            return self.ids[owner][index]
        rng = slot.range
        if rng == "PartialDate":
            return "2020-01-01"  # one day for every date, so no rule about their order can object
        if rng == "LanguageTag":
            return "vi" if slot.name in ("lang", "name_original_lang", "language") else "en"
        if rng == "WikidataId":
            return f"Q{100 + index}"
        if rng == "Url":
            return "https://example.org/report"
        if rng == "SchemaVersion":
            return 1
        if rng in ("SmallCount", "integer"):
            return slot.minimum_value or 1
        if rng == "Slug":
            return "title"
        return f"{owner} {slot.name} {index}"

    def record(self, class_name: str, index: int = 0) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for slot in SCHEMA.slots_of(class_name).values():
            if slot.derived:
                continue
            out[slot.name] = self.value(class_name, slot, index)
        if class_name == "Evidence":
            out["english"] = "English rendering"
        if class_name == "Party":
            out["country"] = self.countries[index % 2]
            out["organization"] = self.ids["Organization"][index % 2]
            out["signatory"] = self.ids["Person"][index % 2]
        if class_name == "Participant":
            out.pop("country")  # one of the two, as the rule asks
        return out

    def file(self) -> dict[str, Any]:
        data = self.record("RecordFile")
        data["source"]["published"] = "2024-05-01"  # after every date the records give
        for collection, class_name in (("organizations", "Organization"), ("people", "Person"),
                                       ("events", "Event"), ("instruments", "Instrument"),
                                       ("engagements", "Engagement")):
            data[collection] = [self.record(class_name, i) for i in range(len(self.ids[class_name]))]
        data["organizations"][1].pop("parent")
        data["events"][1].pop("part_of")
        for instrument in data["instruments"]:
            for key in ("renews", "amends", "implements", "refers_to"):
                instrument[key] = [] if instrument["id"] == self.ids["Instrument"][1] else instrument[key]
            instrument["valid_from"], instrument["valid_until"] = "2020-01-01", "2021-06-30"
        return data


@pytest.fixture(scope="module")
def every_field_file(tmp_path_factory) -> Path:
    data = _Instance().file()
    RecordFile.model_validate(data)  # the generated instance is a valid record file
    path = tmp_path_factory.mktemp("every-field") / f"{SOURCE_ID}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _record_slots() -> list[tuple[str, SlotSpec]]:
    """(class, slot) for every field a curator writes in a class that is a node."""
    found = []
    for name in SCHEMA.record_classes:
        spec = SCHEMA.classes[name]
        if not spec.label:
            continue
        found += [(name, slot) for slot in SCHEMA.slots_of(name).values() if not slot.derived]
    return found


def test_every_schema_field_reaches_neo4j_and_the_rdf(empty_graph, settings, every_field_file):
    report = run_load(empty_graph, settings.neo4j_database, [every_field_file])
    assert report.ok, [str(problem) for problem in report.all_problems()]
    with empty_graph.session(database=settings.neo4j_database) as session:
        nodes = {(record["label"], record["id"]): record for record in session.run(
            "MATCH (n) WHERE $source IN coalesce(n.sources, []) "
            "RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props, "
            "[(n)-[r]-() WHERE $source IN r.sources | type(r)] AS rels", source=SOURCE_ID)}
    by_label: dict[str, list[Any]] = {}
    for (label, _), record in nodes.items():
        by_label.setdefault(label, []).append(record)

    export = Graph()
    for triple in rdf.export_triples(empty_graph, database=settings.neo4j_database,
                                     include_ontology=False, terms=rdf.RDFLIB):
        export.add(triple)
    predicates_by_class: dict[str, set[str]] = {}
    for subject, predicate, _ in export:
        for _, _, cls in export.triples((subject, RDF.type, None)):
            predicates_by_class.setdefault(str(cls), set()).add(str(predicate))

    missing_neo4j, missing_rdf = [], []
    for class_name, slot in _record_slots():
        label = SCHEMA.classes[class_name].label
        records = by_label.get(label, [])
        assert records, f"no {label} node was written"
        if slot.identifier:
            continue
        in_props = any(slot.name in record["props"] or any(key.startswith(str(slot.note("neo4j_prefix", "-")))
                                                            for key in record["props"]) for record in records)
        edge = slot.edge and SCHEMA.edges[slot.edge].type
        in_rels = bool(edge) and any(edge in record["rels"] for record in records)
        nested = slot.range in SCHEMA.classes
        if not (in_props or in_rels or nested):
            missing_neo4j.append(f"{class_name}.{slot.name}")
        if slot.slot_uri and slot.note("rdf") != "none":
            uri = SCHEMA.expand(slot.slot_uri)
            if uri not in predicates_by_class.get(SCHEMA.expand(SCHEMA.classes[class_name].class_uri), set()):
                missing_rdf.append(f"{class_name}.{slot.name} ({slot.slot_uri})")
    assert not missing_neo4j, f"fields that do not reach Neo4j: {missing_neo4j}"
    assert not missing_rdf, f"fields that do not reach the RDF export: {missing_rdf}"


# -- generated files -------------------------------------------------------------------------

def test_every_generated_file_is_current():
    stale = stale_files()
    assert not stale, f"run `hdkg generate` and commit: {[str(path) for path in stale]}"


def test_a_stale_file_is_found():
    """The check can fail: when the schema would give the shapes one more line, they are stale."""
    files = generated_files()
    shapes = next(path for path in files if path.name == "shapes.ttl")
    changed = {**files, shapes: files[shapes] + "# one more line\n"}
    assert stale_files(changed) == [shapes]


def test_every_project_term_is_declared_in_the_ontology():
    """Each hd: class and predicate the schema or the vocabularies use is declared in hdkg.ttl."""
    ontology = Graph().parse(Path(__file__).parents[1] / "ontology" / "hdkg.ttl")
    declared = {str(s) for s in ontology.subjects(RDF.type, None)}
    hd = SCHEMA.prefixes["hd"]
    used = {SCHEMA.expand(spec.class_uri) for spec in SCHEMA.classes.values() if spec.class_uri}
    used |= {SCHEMA.expand(slot.slot_uri) for spec in SCHEMA.classes.values() for slot in spec.slots.values()
             if slot.slot_uri}
    used |= {SCHEMA.expand(edge.slot_uri) for edge in SCHEMA.edges.values()}
    used |= set(SCHEMA.expand(uri) for uri in SCHEMA.node_predicates.values())
    vocab = Graph().parse(Path(__file__).parents[1] / "ontology" / "vocabularies.ttl")
    used |= {str(p) for p in vocab.predicates() if str(p).startswith(hd)}
    missing = sorted(uri for uri in used if uri.startswith(hd) and uri not in declared)
    assert not missing, f"declare in ontology/hdkg.ttl: {missing}"


def test_summaries_are_internal_never_exported_shaped_or_released():
    """The loader's summaries are declared internal: the RDF export does not read them, no shape
    validates them, and a release leaves them out."""
    assert set(SUMMARY_LABELS) == INTERNAL_LABELS and len(INTERNAL_LABELS) == 5
    assert not INTERNAL_LABELS & set(EXPORT_LABELS)
    shapes = shapes_turtle()
    for label in INTERNAL_LABELS:
        assert f"hdsh:{label}Shape" not in shapes
        assert SCHEMA.node_classes[str(label)].note("internal") is True
    assert "hdsh:InstrumentShape" in shapes
