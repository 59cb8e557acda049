"""One resource: `describe` gives a small rdflib Graph with the resource's own triples, the
triples of other resources that point at it, and the names of everything it links to;
`resource_json` gives the same resource as plain JSON."""

from __future__ import annotations

from typing import Any

import neo4j
from rdflib import Graph

from graph.model import Label
from graph.rdf.export import bind_prefixes
from graph.rdf.iris import PARTY_KIND, SEGMENTS, Iris, NotFound
from graph.rdf.mapping import FORWARD, INVERSE, NodeRecord, Party, name_triples, node_triples, parties, party_triples
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
    if kind == PARTY_KIND:
        return _describe_party(driver, node_id, iris, graph, database)
    record = fetch(driver, kind, node_id, database)
    node = iris.node(record.label, record.id)
    for triple in node_triples(record, iris):
        graph.add(triple)
    for link in record.inc:  # triples owned by the neighbour that point here
        predicate = None if link.label is None else FORWARD[link.label].get(link.rel)
        if predicate is not None:
            graph.add((iris.node(link.label, link.id), predicate, node))
    for link in record.out:
        predicate = None if link.label is None else INVERSE[link.label].get(link.rel)
        if predicate is not None:
            graph.add((iris.node(link.label, link.id), predicate, node))
    for link in [*record.out, *record.inc]:
        if link.label is not None and link.node is not None:
            for triple in name_triples(link.label, link.id, link.node, iris):
                graph.add(triple)
    return graph


def _split_party_id(node_id: str) -> tuple[str, str, str | None]:
    parts = node_id.split("--")
    if len(parts) not in (2, 3):
        raise NotFound(f"no party with id '{node_id}': party ids are instrument--COUNTRY[--organization]")
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None


def _find_party(driver: neo4j.Driver, node_id: str, database: str) -> tuple[NodeRecord, Party]:
    instrument, country, organization = _split_party_id(node_id)
    try:
        record = fetch(driver, "instrument", instrument, database)
    except NotFound:
        raise NotFound(f"no party with id '{node_id}': no instrument '{instrument}'") from None
    for party in parties(record.inc):
        if party.country == country and party.organization == organization:
            return record, party
    raise NotFound(f"no party with id '{node_id}': instrument '{instrument}' has no such party")


def _describe_party(driver: neo4j.Driver, node_id: str, iris: Iris, graph: Graph, database: str) -> Graph:
    record, party = _find_party(driver, node_id, database)
    for triple in party_triples(record.id, party, iris):
        graph.add(triple)
    for triple in name_triples(Label.INSTRUMENT, record.id, record.props, iris):
        graph.add(triple)
    wanted = {(Label.COUNTRY, party.country), (Label.ORGANIZATION, party.organization),
              *((Label.PERSON, person) for person in party.signatories)}
    for link in record.inc:
        if (link.label, link.id) in wanted and link.node is not None:
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
                "name": _display_name(link.node or {}),
                "properties": link.props,
            })
    result = {
        "kind": kind, "id": record.id, "iri": str(iris.node(record.label, record.id)),
        "name": _display_name(record.props),
        "properties": record.props, "links": links,
    }
    if record.label == Label.INSTRUMENT:
        result["parties"] = [
            {"iri": str(iris.party(record.id, p.country, p.organization)), "country": p.country,
             "organization": p.organization, "signatories": p.signatories}
            for p in parties(record.inc)
        ]
    return result
