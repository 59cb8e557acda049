"""The Turtle files of ontology/: parsed once per process, and what the mapping reads from them
(the class of each organization kind, the schema.org term of each attendance mode)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SDO, SKOS

from graph.rdf.iris import NotFound
from graph.rdf.terms import RDFLIB, VOCAB, Terms, Triple
from hdkg import PROJECT_ROOT

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


@lru_cache
def ontology_graph(name: str) -> Graph:
    """One of ontology/*.ttl, parsed once per process."""
    if name not in ONTOLOGY_FILES:
        raise NotFound(f"no ontology file '{name}': known are {', '.join(ONTOLOGY_FILES)}")
    return Graph().parse(ONTOLOGY_DIR / ONTOLOGY_FILES[name], format="turtle")


def _sort_key(triple: tuple) -> tuple[str, ...]:
    # Language and datatype settle ties ("COVID-19"@en and @vi), which rdflib's set order left to
    # the process's hash seed.
    s, p, o = triple
    return (type(s).__name__, str(s), str(p), str(o), type(o).__name__, getattr(o, "language", None) or "",
            str(getattr(o, "datatype", None) or ""))


@lru_cache
def ontology_triples(name: str, terms: Terms = RDFLIB) -> tuple[Triple, ...]:
    """One ontology file's triples in `terms`, grouped by subject (so the Turtle writer can nest
    predicates under one subject), in the same order in every process."""
    ordered = sorted(ontology_graph(name), key=_sort_key)
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
def organization_classes(terms: Terms = RDFLIB) -> dict[str, Any]:
    """organization-kind notation -> class (the concept's rdfs:seeAlso)."""
    return {kind: terms.convert(iri) for kind, iri in _linked_terms("organization-kind", RDFS.seeAlso).items()}


@lru_cache
def attendance_modes(terms: Terms = RDFLIB) -> dict[str, Any]:
    """attendance-mode notation -> schema.org attendance mode (the concept's skos:exactMatch)."""
    return {mode: terms.convert(iri) for mode, iri in _linked_terms("attendance-mode", SKOS.exactMatch, str(SDO)).items()}
