"""Reads and writes about what has been loaded: existing ids, source checksums, load runs."""

from __future__ import annotations

from typing import Any

import neo4j

from graph.model import BY_SOURCE, UNIT_SEPARATOR, Label, Rel


def database_store_id(driver: neo4j.Driver, database: str) -> str:
    """The database's store id: the same database whatever address reaches it."""
    records, _, _ = driver.execute_query("CALL db.info() YIELD id RETURN id", database_=database,
                                         routing_=neo4j.RoutingControl.READ)
    return str(records[0]["id"])


def existing_ids(driver: neo4j.Driver, database: str, label: Label, ids: set[str]) -> set[str]:
    """Which of `ids` the graph already has as nodes of `label`."""
    records, _, _ = driver.execute_query(
        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id",
        ids=sorted(ids), database_=database, routing_=neo4j.RoutingControl.READ,
    )
    return {record["id"] for record in records}


def sources_by_checksum(driver: neo4j.Driver, database: str, checksums: set[str]) -> dict[str, str]:
    """checksum -> source id, for the record files the graph holds byte for byte."""
    records, _, _ = driver.execute_query(
        f"UNWIND $sums AS sum MATCH (s:{Label.SOURCE} {{checksum: sum}}) RETURN s.checksum AS sum, s.id AS id",
        sums=sorted(checksums), database_=database, routing_=neo4j.RoutingControl.READ,
    )
    return {record["sum"]: record["id"] for record in records}


def stored_checksums(tx: neo4j.ManagedTransaction, source_ids: list[str]) -> dict[str, str]:
    """source id -> checksum of the file it was last loaded from, followed by `+` and its metadata
    file's checksum when it is a table that has one."""
    result = tx.run(f"UNWIND $ids AS id MATCH (s:{Label.SOURCE} {{id: id}}) "
                    "RETURN s.id AS id, s.checksum + coalesce('+' + s.metadata_checksum, '') AS checksum",
                    ids=source_ids)
    return {record["id"]: record["checksum"] for record in result}


def record_load_run(tx: neo4j.ManagedTransaction, run: dict[str, Any], sources: list[str]) -> None:
    """A LoadRun node (when, inputs, checksums, statuses, counts) linked to the sources it loaded."""
    tx.run(
        f"CREATE (run:{Label.LOAD_RUN} {{id: $run.id}}) SET run += $run "
        f"WITH run UNWIND $sources AS source_id MATCH (s:{Label.SOURCE} {{id: source_id}}) "
        f"MERGE (run)-[:{Rel.LOADED}]->(s)",
        run=run, sources=sources,
    ).consume()


def source_files(driver: neo4j.Driver, database: str, source_ids: set[str]) -> dict[str, str]:
    """source id -> the file (as the loader displayed its path) it was last loaded from."""
    records, _, _ = driver.execute_query(
        f"UNWIND $ids AS id MATCH (s:{Label.SOURCE} {{id: id}}) RETURN s.id AS id, s.file AS file",
        ids=sorted(source_ids), database_=database, routing_=neo4j.RoutingControl.READ,
    )
    return {record["id"]: record["file"] for record in records if record["file"]}


#: Per label, the properties two sources must agree on (see loaders.crossfile.IDENTITY_FIELDS),
#: as Cypher expressions over the node `n`.
_FACTS = {
    Label.ORGANIZATION: {"name": "n.name", "kind": "n.kind", "country": "n.country"},
    Label.PERSON: {"name": "n.name"},
    Label.EVENT: {"kind": "n.kind", "date": "n.date",
                  "country": f"head([(n)-[:{Rel.HELD_IN}]->(c:{Label.COUNTRY}) | c.code])"},
    Label.INSTRUMENT: {"type": "n.type", "signed_date": "n.signed_date",
                       "parties": f"COLLECT {{ MATCH (n)-[:{Rel.HAS_PARTY}]->(:{Label.PARTY})-[:{Rel.PARTY_COUNTRY}]->"
                                  f"(c:{Label.COUNTRY}) RETURN DISTINCT c.id AS code ORDER BY code }}"},
    Label.ENGAGEMENT: {"kind": "n.kind", "status": "n.status"},
}


def stored_facts(driver: neo4j.Driver, database: str, label: Label, ids: set[str]) -> dict[str, dict[str, Any]]:
    """id -> the identity facts the graph holds for that node, with `sources` (who states it)."""
    fields = ", ".join(f"{name}: {expression}" for name, expression in _FACTS[label].items())
    records, _, _ = driver.execute_query(
        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, {{{fields}}} AS facts, n.sources AS sources",
        ids=sorted(ids), database_=database, routing_=neo4j.RoutingControl.READ,
    )
    return {record["id"]: {**record["facts"], "sources": list(record["sources"] or [])} for record in records}


def stored_properties(driver: neo4j.Driver, database: str, elements: set[tuple[str, ...]]
                      ) -> dict[tuple[str, ...], dict[str, Any]]:
    """The properties (with `sources` and the internal record of who stated what) of the nodes
    ("node", label, id) and relationships ("rel", type, start label, start id, end label, end id)
    the graph has."""
    nodes: dict[str, list[str]] = {}
    rels: dict[tuple[str, str, str], list[list[str]]] = {}
    for element in elements:
        if element[0] == "node":
            nodes.setdefault(element[1], []).append(element[2])
        else:
            rels.setdefault((element[1], element[2], element[4]), []).append([element[3], element[5]])
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for label, ids in sorted(nodes.items()):
        records, _, _ = driver.execute_query(
            f"UNWIND $ids AS id MATCH (n:{Label(label)} {{id: id}}) RETURN n.id AS id, properties(n) AS props",
            ids=sorted(ids), database_=database, routing_=neo4j.RoutingControl.READ)
        found.update({("node", label, record["id"]): record["props"] for record in records})
    for (rel, start, end), pairs in sorted(rels.items()):
        records, _, _ = driver.execute_query(
            f"UNWIND $pairs AS pair MATCH (a:{Label(start)} {{id: pair[0]}})-[r:{Rel(rel)}]->(b:{Label(end)} {{id: pair[1]}}) "
            "RETURN pair, properties(r) AS props",
            pairs=sorted(pairs), database_=database, routing_=neo4j.RoutingControl.READ)
        found.update({("rel", rel, start, record["pair"][0], end, record["pair"][1]): record["props"]
                      for record in records})
    return found


#: The one GraphVersion node's id.
GRAPH_VERSION_ID = "graph"

_ADVANCE_VERSION = (
    f"MERGE (v:{Label.GRAPH_VERSION} {{id: $id}}) "
    "ON CREATE SET v.epoch = randomUUID(), v.version = 0 "
    "SET v.version = v.version + 1"
)
#: What every canned answer of the API reads first (one index seek); benchmarks run it alone too.
READ_VERSION = f"OPTIONAL MATCH (v:{Label.GRAPH_VERSION} {{id: $id}}) RETURN v.epoch AS epoch, v.version AS version"


def sources_stating(props: dict[str, Any], key: str) -> set[str]:
    """The sources that stated a property of a node or relationship, as the writer records them
    (its BY_SOURCE entries begin with the source and the property)."""
    entries = props.get(BY_SOURCE)
    if entries is None:  # one source, or all its sources at once
        return set(props.get("sources") or [])
    return {parts[0] for entry in entries if (parts := entry.split(UNIT_SEPARATOR))[1] == key}


def advance_graph_version(tx: neo4j.ManagedTransaction) -> None:
    """Advance the graph version inside the writing transaction, so it commits with the facts.

    Concurrent loads serialise on the node's write lock, so every commit gets its own version.
    """
    tx.run(_ADVANCE_VERSION, id=GRAPH_VERSION_ID).consume()


def version_token(epoch: str | None, version: int | None) -> str:
    return "empty" if epoch is None else f"{epoch}.{version}"


def read_graph_version(driver: neo4j.Driver, database: str) -> str:
    """The graph version as an opaque token ("empty" before the first load): one index seek."""
    # An auto-commit read, not execute_query: a server that is down fails at once instead of
    # being retried, as the canned queries do.
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        record = session.run(READ_VERSION, id=GRAPH_VERSION_ID).single(strict=True)
    return version_token(record["epoch"], record["version"])


def instruments_stated_by(tx: neo4j.ManagedTransaction, source_id: str) -> set[str]:
    """Ids of the instruments a source supports (for a source loaded before sources kept a record
    of what they stated)."""
    record = tx.run(f"MATCH (i:{Label.INSTRUMENT}) WHERE $source IN i.sources RETURN collect(i.id) AS ids",
                    source=source_id).single()
    return set(record["ids"])
