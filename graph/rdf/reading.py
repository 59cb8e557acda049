"""Reading nodes out of Neo4j for the mapping: pages of one label, one resource, counts.

The whole-graph export walks the graph label by label in read transactions of `PAGE_SIZE`
nodes, ordered by `id` and continued from the last id seen (an index-backed cursor), so neither
Neo4j nor this process ever holds the whole graph. Only the relationships the mapping turns into
triples are read (`graph.rdf.mapping.outgoing_types`/`incoming_types`), and their properties
only where the mapping needs them; relationship sources only when asked (`provenance`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import neo4j

from graph.model import INTERNAL_PROPERTIES, Label
from graph.rdf.iris import NotFound, label_of
from graph.rdf.mapping import RELATIONSHIP_PROPERTIES, Link, NodeRecord, incoming_types, outgoing_types

#: Nodes per read transaction in the whole-graph export.
PAGE_SIZE = 500

#: The labels the whole-graph export reads, in order. Domains come from Neo4j only when the
#: ontology files are left out (domains.ttl is the superset the Domain nodes were loaded from).
EXPORT_LABELS = (
    Label.COUNTRY, Label.ORGANIZATION, Label.PERSON, Label.ROLE, Label.INSTRUMENT, Label.PARTY,
    Label.STATUS_CHANGE, Label.EVENT, Label.ENGAGEMENT, Label.SOURCE, Label.CLAIM,
    Label.LOAD_RUN, Label.DOMAIN,
)

_LABEL_NAMES = [str(label) for label in Label]
_LABELS = {str(label): label for label in Label}
_RELS_WITH_PROPS = [str(rel) for rel in RELATIONSHIP_PROPERTIES]
_REL_PROPS = sorted({name for names in RELATIONSHIP_PROPERTIES.values() for name in names})


def _public(var: str) -> str:
    """A node's properties without the loader's bookkeeping (its keys come back null, then dropped)."""
    return f"{var} {{.*, " + ", ".join(f"{key}: null" for key in sorted(INTERNAL_PROPERTIES)) + "}"


def _published(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if value is not None}


def _sources(value: Any) -> tuple[str, ...]:
    return tuple(value) if value else ()


def _page_query(label: Label) -> str:
    # One row per page, links as lists: the driver's cost is per record and per map key, and
    # a page of nodes then crosses the wire as one message.
    rel_props = ", ".join(f".{name}" for name in _REL_PROPS)
    link = ("[type(r), head([l IN labels(m) WHERE l IN $labels]), m.id, "
            f"CASE WHEN type(r) IN $with_props THEN r {{{rel_props}}} END, "
            "CASE WHEN $provenance THEN r.sources END]")
    return (
        f"MATCH (n:{label}) WHERE n.id > $after "
        "WITH n ORDER BY n.id LIMIT $limit "
        f"WITH n, COLLECT {{ MATCH (n)-[r]->(m) WHERE type(r) IN $out RETURN {link} }} AS out, "
        f"COLLECT {{ MATCH (n)<-[r]-(m) WHERE type(r) IN $inc RETURN {link} }} AS inc "
        f"RETURN collect([n.id, {_public('n')}, out, inc]) AS nodes, max(n.id) AS last"
    )


def _read_page(tx: neo4j.ManagedTransaction, label: Label, after: str, limit: int,
               provenance: bool) -> tuple[list[NodeRecord], str | None]:
    """One page of nodes, and the last id in Neo4j's order (where the next page starts)."""
    rows, last = tx.run(_page_query(label), after=after, limit=limit, out=outgoing_types(label),
                        inc=incoming_types(label), labels=_LABEL_NAMES, with_props=_RELS_WITH_PROPS,
                        provenance=provenance).single(strict=True)
    labels = _LABELS

    def links(items: list) -> list[Link]:
        return [Link(rel, labels.get(other), other_id, rel_props or {}, None, _sources(sources))
                for rel, other, other_id, rel_props, sources in items]

    return [NodeRecord(label, node_id, _published(props), links(out), links(inc))
            for node_id, props, out, inc in rows], last


def iter_nodes(session: neo4j.Session, label: Label, page_size: int = PAGE_SIZE, *,
               provenance: bool = False) -> Iterator[list[NodeRecord]]:
    """Pages of one label's nodes, in id order, each page its own read transaction; with
    `provenance`, each link carries the sources of its relationship."""
    after = ""
    while True:
        page, last = session.execute_read(_read_page, label, after, page_size, provenance)
        if not page:
            return
        yield page
        if len(page) < page_size:
            return
        after = last


def count_nodes(driver: neo4j.Driver, database: str,
                labels: Iterable[Label] = EXPORT_LABELS) -> dict[Label, int]:
    """Nodes per label (what a progress bar needs before the export starts)."""
    counts = {}
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for label in labels:
            counts[label] = session.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()["c"]
    return counts


def _resource_query(label: Label) -> str:
    neighbour = ("{rel: type(r), label: head([l IN labels(m) WHERE l IN $labels]), id: m.id, "
                 f"props: {_public('r')}, "
                 f"node: {_public('m')}}}")
    return (
        f"MATCH (n:{label} {{id: $id}}) "
        f"RETURN {_public('n')} AS props, "
        f"COLLECT {{ MATCH (n)-[r]->(m) RETURN {neighbour} }} AS out, "
        f"COLLECT {{ MATCH (n)<-[r]-(m) RETURN {neighbour} }} AS inc"
    )


def _link(row: dict[str, Any]) -> Link:
    props = row.get("props") or {}
    return Link(row["rel"], _LABELS.get(row.get("label")), row["id"], props, row.get("node"),
                _sources(props.get("sources")))


def fetch(driver: neo4j.Driver, kind: str, node_id: str, database: str) -> NodeRecord:
    """One node with all its relationships and neighbours; NotFound when absent."""
    label = label_of(kind)

    def read(tx: neo4j.ManagedTransaction) -> dict[str, Any] | None:
        row = tx.run(_resource_query(label), id=node_id, labels=_LABEL_NAMES).single()
        return row.data() if row else None

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        row = session.execute_read(read)
    if row is None:
        raise NotFound(f"no {kind} with id '{node_id}'")
    return NodeRecord(label, node_id, _published(row["props"]), [_link(x) for x in row["out"]],
                      [_link(x) for x in row["inc"]])
