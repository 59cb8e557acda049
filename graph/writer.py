"""Batched, idempotent writes of node and relationship rows.

One call of `write_rows` runs inside the caller's transaction, so a file (or a whole
`--all-or-nothing` run) is one unit: either all of it is in the graph or none of it.
Labels and relationship types come from `graph.model` constants; values are parameters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph.model import REFERENCE_LABELS, Label, NodeRow, Rel, RelRow

#: Rows per UNWIND statement. Every size from 100 to 10,000 wrote within the round-to-round
#: noise of the benchmark (docs/benchmarks.md, "Writer batch size"): round trips do not limit a
#: write here, so the size mainly bounds one statement's parameter payload.
BATCH_SIZE = 2000

# Union of provenance lists, so a fact stated by two reports keeps both.
_MERGE_SOURCES = (
    "SET {var}.sources = CASE WHEN {var}.sources IS NULL THEN row.sources "
    "ELSE {var}.sources + [s IN row.sources WHERE NOT s IN {var}.sources] END"
)


@dataclass
class WriteStats:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    relationships_created: Counter = field(default_factory=Counter)
    relationships_merged: Counter = field(default_factory=Counter)
    retracted: int = 0

    def add(self, other: WriteStats) -> None:
        for name in ("created", "updated", "unchanged", "relationships_created", "relationships_merged"):
            getattr(self, name).update(getattr(other, name))
        self.retracted += other.retracted

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes": {
                str(label): {"created": self.created[label], "updated": self.updated[label],
                             "unchanged": self.unchanged[label]}
                for label in sorted({*self.created, *self.updated, *self.unchanged})
            },
            "relationships": {
                str(rel): {"created": self.relationships_created[rel], "merged": self.relationships_merged[rel]}
                for rel in sorted({*self.relationships_created, *self.relationships_merged})
            },
            "retracted_sources": self.retracted,
        }


def _batches(rows: list[dict], size: int) -> Iterable[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _node_payload(rows: list[NodeRow]) -> list[dict[str, Any]]:
    # One row per id: the last statement of a fact wins, sources are unioned.
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = merged.setdefault(row.id, {"id": row.id, "props": {}, "sources": []})
        entry["props"].update(row.props)
        entry["sources"].extend(s for s in row.sources if s not in entry["sources"])
    return list(merged.values())


def _classify_nodes(tx: neo4j.ManagedTransaction, label: Label, payload: list[dict[str, Any]], stats: WriteStats,
                    batch_size: int, with_sources: bool) -> None:
    """Count created / updated / unchanged by comparing with what the graph holds now."""
    existing: dict[str, dict] = {}
    for batch in _batches(payload, batch_size):
        result = tx.run(
            f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, properties(n) AS props",
            ids=[row["id"] for row in batch],
        )
        existing.update({record["id"]: record["props"] for record in result})
    for row in payload:
        before = existing.get(row["id"])
        if before is None:
            stats.created[label] += 1
        elif all(before.get(k) == v for k, v in row["props"].items()) and (
            not with_sources or set(row["sources"]) <= set(before.get("sources") or [])
        ):
            stats.unchanged[label] += 1
        else:
            stats.updated[label] += 1


def _merge_nodes(tx: neo4j.ManagedTransaction, label: Label, payload: list[dict[str, Any]], batch_size: int,
                 with_sources: bool) -> None:
    statement = f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"
    if with_sources:
        statement += " " + _MERGE_SOURCES.format(var="n")
    for batch in _batches(payload, batch_size):
        tx.run(statement, rows=batch).consume()


def _merge_relationships(tx: neo4j.ManagedTransaction, key: tuple[Rel, Label, Label], rows: list[RelRow],
                         stats: WriteStats, batch_size: int, with_sources: bool) -> None:
    rel, start_label, end_label = key
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        entry = merged.setdefault((row.start_id, row.end_id),
                                  {"start": row.start_id, "end": row.end_id, "props": {}, "sources": []})
        entry["props"].update(row.props)
        entry["sources"].extend(s for s in row.sources if s not in entry["sources"])
    statement = (
        f"UNWIND $rows AS row "
        f"MATCH (a:{start_label} {{id: row.start}}) MATCH (b:{end_label} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel}]->(b) SET r += row.props "
        + (_MERGE_SOURCES.format(var="r") if with_sources else "")
        + " RETURN count(*) AS written"
    )
    payload = list(merged.values())
    for batch in _batches(payload, batch_size):
        result = tx.run(statement, rows=batch)
        written = result.single()["written"]
        created = result.consume().counters.relationships_created
        if written != len(batch):
            raise LookupError(
                f"{len(batch) - written} {rel} relationship(s) from {start_label} to {end_label} "
                "name a node that is not in the graph"
            )
        stats.relationships_created[rel] += created
        stats.relationships_merged[rel] += written - created


def retract_source(tx: neo4j.ManagedTransaction, source_id: str) -> None:
    """Withdraw one source's support from every node and relationship before it is rewritten.

    Facts only that source stated are removed by `prune_unsupported` after the rewrite, so a
    changed record file converges to exactly what it now says.
    """
    tx.run(
        "MATCH (n) WHERE $source IN n.sources SET n.sources = [s IN n.sources WHERE s <> $source]",
        source=source_id,
    ).consume()
    tx.run(
        "MATCH ()-[r]->() WHERE $source IN r.sources SET r.sources = [s IN r.sources WHERE s <> $source]",
        source=source_id,
    ).consume()


def prune_unsupported(tx: neo4j.ManagedTransaction) -> None:
    tx.run("MATCH ()-[r]->() WHERE r.sources = [] DELETE r").consume()
    reference = " AND ".join(f"NOT n:{label}" for label in sorted(REFERENCE_LABELS))
    tx.run(f"MATCH (n) WHERE n.sources = [] AND {reference} DETACH DELETE n").consume()


def write_rows(tx: neo4j.ManagedTransaction, nodes: Iterable[NodeRow], relationships: Iterable[RelRow],
               batch_size: int = BATCH_SIZE, with_sources: bool = True, replace_source: str | None = None,
               ) -> WriteStats:
    """MERGE nodes by label, then relationships by (type, start label, end label).

    With `replace_source`, that source's earlier support is withdrawn first and whatever no
    source supports afterwards is pruned: a changed file replaces what it said before.
    """
    stats = WriteStats()
    by_label: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    grouped: dict[Label, list[NodeRow]] = defaultdict(list)
    for node in nodes:
        grouped[node.label].append(node)
    order = [label for label in Label if grouped.get(label)]  # a fixed order keeps locking predictable
    for label in order:
        by_label[label] = _node_payload(grouped[label])
        _classify_nodes(tx, label, by_label[label], stats, batch_size, with_sources)
    if replace_source is not None:
        retract_source(tx, replace_source)
        stats.retracted += 1
    for label in order:
        _merge_nodes(tx, label, by_label[label], batch_size, with_sources)
    by_key: dict[tuple[Rel, Label, Label], list[RelRow]] = defaultdict(list)
    for rel in relationships:
        by_key[(rel.type, rel.start_label, rel.end_label)].append(rel)
    for key in sorted(by_key):
        _merge_relationships(tx, key, by_key[key], stats, batch_size, with_sources)
    if replace_source is not None:
        prune_unsupported(tx)
    return stats
