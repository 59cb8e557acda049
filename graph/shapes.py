"""SHACL shapes of the RDF export, derived from the schema (`hdkg generate` writes ontology/shapes.ttl).

One node shape per node class (its `class_uri`), one property shape per predicate the class's
slots and relationship kinds give it: literal datatypes from the slot types, vocabulary values
checked against their SKOS scheme, edges against the class of the node they reach. Shapes are
open: a node may carry more than its shape names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.model import SCHEMA, ClassSpec, Schema, SlotSpec

HEADER = """\
# SHACL shapes for the RDF export of the health diplomacy knowledge graph.
# Generated from ontology/hdkg.schema.yaml by `hdkg generate`: edit the schema, not this file.
#
# Validate the export merged with hdkg.ttl, domains.ttl and vocabularies.ttl, without RDFS
# inference. Targets and sh:class follow rdfs:subClassOf in the data graph, so the subclass
# axioms of hdkg.ttl make, for example, every hd:Ministry an hd:Organization. Vocabulary values
# are checked against their scheme through skos:inScheme, which is why the vocabularies must be
# merged.
"""

PREFIXES = ("rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "schema", "org", "foaf", "hd")
DOMAIN_SCHEME = "https://w3id.org/hdkg/domain/scheme"
VOCAB = "https://w3id.org/hdkg/vocab/"


def _camel(text: str) -> str:
    return "".join(part.capitalize() for part in text.replace("_", "-").split("-"))


@dataclass
class _Property:
    path: str
    min_count: int = 0
    max_count: int | None = None
    constraint: str = ""
    slots: list[str] = field(default_factory=list)


def _tagged_when_known(rng: str, schema: Schema) -> bool:
    """A value class of a text and its optional language tag (an alias): exported tagged when the tag is given."""
    spec = schema.classes.get(rng)
    return spec is not None and any(s.range == "LanguageTag" for s in spec.slots.values())


def _literal_constraint(slot: SlotSpec, schema: Schema) -> str:
    rng = slot.range
    if slot.note("rdf_value") == "linked_term":  # exported as the standard term the concept links to
        return "sh:nodeKind sh:IRI"
    if slot.note("vocabulary"):
        return f"sh:node hdsh:{_camel(slot.note('vocabulary'))}Value"
    if slot.note("iri_prefix"):
        return "sh:nodeKind sh:IRI"
    if rng == "PartialDate":
        return "sh:node hdsh:PartialDate"
    if rng in ("integer", "SmallCount", "SchemaVersion"):
        return "sh:datatype xsd:integer"
    if rng == "boolean":
        return "sh:datatype xsd:boolean"
    if rng == "datetime":
        return "sh:datatype xsd:dateTime"
    if rng == "Url":
        return "sh:datatype xsd:anyURI"
    if slot.note("language") or slot.note("keyed_by_language"):
        return "sh:datatype rdf:langString"
    if slot.note("language_from") or _tagged_when_known(rng, schema):
        return "sh:or ( [ sh:datatype rdf:langString ] [ sh:datatype xsd:string ] )"
    return "sh:datatype xsd:string"


def _class_constraint(labels: tuple[str, ...], schema: Schema) -> str:
    if labels == ("Domain",):
        return "sh:node hdsh:HealthDomainValue"
    uris = [schema.node_classes[label].class_uri for label in labels]
    if len(uris) == 1:
        return f"sh:class {uris[0]}"
    return "sh:or ( " + " ".join(f"[ sh:class {uri} ]" for uri in uris) + " )"


def _producing_slot(spec: ClassSpec, schema: Schema, edge_name: str) -> SlotSpec | None:
    return next((slot for slot in schema.slots_of(spec.name).values() if slot.edge == edge_name), None)


def _properties(spec: ClassSpec, schema: Schema) -> list[_Property]:
    by_path: dict[str, _Property] = {}

    def add(path: str, slot_name: str, constraint: str, required: bool, single: bool) -> None:
        prop = by_path.get(path)
        if prop is None:
            by_path[path] = _Property(path, 1 if required else 0, 1 if single else None, constraint, [slot_name])
            return
        # Several slots share one predicate (aliases and the original name): the looser bound holds.
        prop.slots.append(slot_name)
        prop.min_count = max(prop.min_count, 1 if required else 0)
        prop.max_count = None
        if prop.constraint != constraint:
            prop.constraint = ""

    if not spec.note("reference") or spec.label == "Country":
        add(schema.node_predicates["identifier"], "id", "sh:datatype xsd:string", True, True)
    for slot in schema.slots_of(spec.name).values():
        if not slot.slot_uri or slot.note("rdf") == "none" or slot.identifier:
            continue
        single = not (slot.multivalued or slot.note("keyed_by_language"))
        add(slot.slot_uri, slot.name, _literal_constraint(slot, schema), slot.required and not slot.derived, single)
    for edge in schema.edges.values():
        if edge.rdf == "none":
            continue
        ends = edge.ends if edge.rdf == "forward" else edge.starts
        here = edge.starts if edge.rdf == "forward" else edge.ends
        if spec.label not in here and here != ("*",):
            continue
        if here == ("*",) and spec.label == "Claim":
            continue
        if here == ("*",) and spec.note("reference"):
            continue
        slot = _producing_slot(spec, schema, edge.name)
        path = edge.rdf_by_start.get(spec.label, edge.slot_uri)
        reachable = tuple(end for end in ends if end in schema.node_classes) or ends
        if edge.rdf == "forward" and spec.label == "Event" and edge.name == "part_of":
            reachable = ("Event",)
        if edge.rdf == "forward" and spec.label == "Organization" and edge.name == "part_of":
            reachable = ("Organization",)
        required = bool(slot and slot.required)
        if edge.name == "evidenced_by":
            evidence = schema.slots_of(spec.name).get("evidence")
            required = bool(evidence and evidence.required)
        add(path, edge.name, _class_constraint(reachable, schema), required, False)
    if not spec.note("reference") and spec.label != "Claim":
        add(schema.node_predicates["provenance"], "sources", "sh:class hd:Source", False, False)
    return sorted(by_path.values(), key=lambda prop: prop.path)


def _value_shapes(schema: Schema) -> list[str]:
    shapes = ["""hdsh:PartialDate a sh:NodeShape ;
    rdfs:comment "A literal typed as a full date, year-month, year, or month-day."@en ;
    sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYearMonth ] [ sh:datatype xsd:gYear ] [ sh:datatype xsd:gMonthDay ] ) ;
    sh:message "Value must be xsd:date, xsd:gYearMonth, xsd:gYear or xsd:gMonthDay."@en .""",
              f"""hdsh:HealthDomainValue a sh:NodeShape ;
    sh:class skos:Concept ;
    sh:property [ sh:path skos:inScheme ; sh:hasValue <{DOMAIN_SCHEME}> ] ;
    sh:message "Value must be a concept of the health-domain scheme."@en ."""]
    schemes = sorted({slot.note("vocabulary") for spec in schema.classes.values()
                      for slot in spec.slots.values() if slot.note("vocabulary")})
    for scheme in schemes:
        shapes.append(f"""hdsh:{_camel(scheme)}Value a sh:NodeShape ;
    sh:class skos:Concept ;
    sh:property [ sh:path skos:inScheme ; sh:hasValue <{VOCAB}{scheme}> ] ;
    sh:message "Value must be a concept of the {scheme} vocabulary."@en .""")
    return shapes


def shapes_turtle(schema: Schema = SCHEMA) -> str:
    lines = [f"@prefix {prefix}: <{schema.prefixes[prefix]}> ." for prefix in PREFIXES]
    lines += ["@prefix sh: <http://www.w3.org/ns/shacl#> .", "@prefix hdsh: <https://w3id.org/hdkg/shapes#> .", ""]
    lines.append(HEADER)
    lines += [shape + "\n" for shape in _value_shapes(schema)]
    for label, spec in schema.node_classes.items():
        if label == "Domain":  # the SKOS scheme is validated as the ontology file it is
            continue
        if spec.note("internal"):  # summaries are not data: nothing to validate in an export
            continue
        props = _properties(spec, schema)
        body = [f"hdsh:{label}Shape a sh:NodeShape ;",
                f'    rdfs:comment "{_escape(spec.description or label)}"@en ;',
                f"    sh:targetClass {spec.class_uri}"]
        for prop in props:
            parts = [f"sh:path {prop.path}"]
            if prop.min_count:
                parts.append(f"sh:minCount {prop.min_count}")
            if prop.max_count:
                parts.append(f"sh:maxCount {prop.max_count}")
            if prop.constraint:
                parts.append(prop.constraint)
            body[-1] += " ;"
            body.append(f"    sh:property [ {' ; '.join(parts)} ]")
        lines.append("\n".join(body) + " .\n")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
