"""One resource: `describe` gives a small rdflib Graph with the resource's own triples, the
triples of other resources that point at it, and the names of everything it links to;
`resource_json` gives the same resource as plain JSON."""

from __future__ import annotations

from typing import Any

import neo4j
from rdflib import Graph

from graph.rdf.export import bind_prefixes
from graph.rdf.iris import SEGMENTS, Iris
from graph.rdf.mapping import BY_END, FORWARD, INVERSE, name_triples, node_triples
from graph.rdf.reading import fetch
from hdkg.settings import get_settings

#: The properties tried, in order, for a resource's display name in JSON.
_DISPLAY_KEYS = ("name", "title", "label", "quote", "status", "id")


def _display_name(props: dict[str, Any]) -> str | None:
    for key in _DISPLAY_KEYS:
        if props.get(key):
            return str(props[key])
    return None


def describe(driver: neo4j.Driver, kind: str, node_id: str, *, database: str | None = None,
             base: str | None = None) -> Graph:
    """One resource as an rdflib Graph: its own triples, triples of other resources that point
    at it, and the type and name of every linked node. Raises NotFound when absent.
    Database and base default to the settings."""
    settings = get_settings()
    database = database or settings.neo4j_database
    iris = Iris(base or settings.base_iri)
    graph = bind_prefixes(Graph())
    record = fetch(driver, kind, node_id, database)
    node = iris.node(record.label, record.id)
    for triple in node_triples(record, iris):
        graph.add(triple)
    for link in record.inc:  # triples owned by the neighbour that point here
        predicate = None if link.label is None else FORWARD[link.label].get(link.rel)
        if predicate is not None:
            graph.add((iris.node(link.label, link.id), predicate, node))
    for link in record.out:
        if link.label is None:
            continue
        predicate = INVERSE[link.label].get(link.rel)
        if predicate is not None:
            graph.add((iris.node(link.label, link.id), predicate, node))
        predicate = BY_END[link.label].get(link.rel)  # this node's own triple, written by the other end
        if predicate is not None:
            graph.add((node, predicate, iris.node(link.label, link.id)))
    for link in [*record.out, *record.inc]:
        if link.label is not None and link.node is not None:
            for triple in name_triples(link.label, link.id, link.node, iris):
                graph.add(triple)
    return graph


def resource_json(driver: neo4j.Driver, kind: str, node_id: str, *, database: str | None = None,
                  base: str | None = None) -> dict[str, Any]:
    """One resource as plain JSON: its properties and its links (with IRIs and names).
    Database and base default to the settings."""
    settings = get_settings()
    database = database or settings.neo4j_database
    iris = Iris(base or settings.base_iri)
    record = fetch(driver, kind, node_id, database)
    links = []
    for direction, group in (("out", record.out), ("in", record.inc)):
        for link in sorted(group, key=lambda x: (x.rel, x.id)):
            if link.label is None:
                continue
            links.append({
                "direction": direction, "type": link.rel, "kind": SEGMENTS[link.label], "id": link.id,
                "iri": str(iris.node(link.label, link.id)),
                "name": _display_name(link.node or {}),
                "properties": link.props,
            })
    result = {
        "kind": kind, "id": record.id, "iri": str(iris.node(record.label, record.id)),
        "name": _display_name(record.props),
        "properties": record.props, "links": links,
    }
    return result
