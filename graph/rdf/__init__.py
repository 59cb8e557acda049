"""The graph as RDF: the mapping from Neo4j nodes and relationships to triples, and its writers.

One job per module, in import order (each imports only those before it):

- `terms`: namespaces and prefixes, rdflib and pyoxigraph term flavours, literals, partial dates;
- `iris`: resource IRI patterns under the configurable base, resource kinds, `NotFound`;
- `ontology`: the files of ontology/, parsed once, and what the mapping reads from them;
- `mapping`: the declarative tables (class per label, predicate per property and per
  relationship type) and the functions that apply them to one node, with provenance;
- `reading`: nodes out of Neo4j, page by page, and single resources;
- `export`: the whole graph streamed as triples or as quads in one named graph per source;
- `describe`: one resource as a small Graph or as JSON.

The names below are the package's interface; import them from `graph.rdf`.
"""

from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from graph.model import Label
from graph.rdf.describe import describe, resource_json
from graph.rdf.export import (
    DATASET_FORMATS,
    FORMATS,
    bind_prefixes,
    export,
    export_quads,
    export_statements,
    export_triples,
    iter_serialized,
    serialize_graph,
    write_triples,
)
from graph.rdf.iris import KINDS, SEGMENTS, Iris, NotFound
from graph.rdf.mapping import CLASSES, PROPERTIES, RELATIONSHIPS, Link, NodeRecord, node_triples
from graph.rdf.ontology import EXPORT_ONTOLOGIES, ONTOLOGY_DIR, ONTOLOGY_FILES, ontology_graph, ontology_triples
from graph.rdf.reading import EXPORT_LABELS, PAGE_SIZE, count_nodes, fetch, iter_nodes
from graph.rdf.terms import (
    DOM,
    DOMAIN_SCHEME,
    HD,
    OXIGRAPH,
    PREFIXES,
    RDFLIB,
    VOCAB,
    WD,
    Terms,
    Triple,
    partial_date,
    to_oxigraph,
)


__all__ = [
    "CLASSES", "DATASET_FORMATS", "DCTERMS", "DOM", "DOMAIN_SCHEME", "EXPORT_LABELS", "EXPORT_ONTOLOGIES", "FOAF",
    "FORMATS", "HD", "KINDS", "ONTOLOGY_DIR", "ONTOLOGY_FILES", "ORG", "OWL", "OXIGRAPH", "PAGE_SIZE",
    "PREFIXES", "PROPERTIES", "PROV", "RDF", "RDFLIB", "RDFS", "RELATIONSHIPS", "SDO", "SEGMENTS", "SKOS", "VOCAB",
    "WD", "XSD", "Iris", "Label", "Link", "NodeRecord", "NotFound", "Terms", "Triple", "bind_prefixes",
    "count_nodes", "describe", "export", "export_quads", "export_statements", "export_triples", "fetch",
    "iter_nodes", "iter_serialized", "node_triples", "ontology_graph", "ontology_triples",
    "partial_date", "resource_json", "serialize_graph", "to_oxigraph", "write_triples",
]
