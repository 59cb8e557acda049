"""The writer's created / updated / unchanged counts, which users see in every load report."""

from __future__ import annotations

import neo4j

from graph.model import Label, NodeRow, Rel, RelRow
from graph.writer import write_rows


def _write(driver: neo4j.Driver, database: str, nodes, rels=(), **options):
    with driver.session(database=database) as session:
        return session.execute_write(lambda tx: write_rows(tx, list(nodes), list(rels), **options))


def _counts(stats, label: Label) -> tuple[int, int, int]:
    return stats.created[label], stats.updated[label], stats.unchanged[label]


def test_counts_follow_what_the_graph_held(empty_graph, settings):
    database = settings.neo4j_database
    first = [NodeRow(Label.SOURCE, "s1", {"title": "one"}, ("s1",)),
             NodeRow(Label.EVENT, "e1", {"name": "a", "year": 2024}, ("s1",)),
             NodeRow(Label.EVENT, "e2", {}, ("s1",)),
             NodeRow(Label.EVENT, "e1", {"place": "Baku"}, ("s1",))]  # the same node twice: one row
    rels = [RelRow(Rel.PART_OF, Label.EVENT, "e2", Label.EVENT, "e1", {}, ("s1",))]
    stats = _write(empty_graph, database, first, rels)
    assert _counts(stats, Label.EVENT) == (2, 0, 0)
    assert stats.relationships_created[Rel.PART_OF] == 1 and stats.relationships_merged[Rel.PART_OF] == 0

    stats = _write(empty_graph, database, first, rels)
    assert _counts(stats, Label.EVENT) == (0, 0, 2) and _counts(stats, Label.SOURCE) == (0, 0, 1)
    assert stats.relationships_created[Rel.PART_OF] == 0 and stats.relationships_merged[Rel.PART_OF] == 1

    # A changed value, a property the node did not have, a new source, a new node.
    changed = [NodeRow(Label.EVENT, "e1", {"year": 2025}, ("s1",)),
               NodeRow(Label.EVENT, "e2", {"place": "Kyiv"}, ("s1",)),
               NodeRow(Label.EVENT, "e3", {}, ("s1",)),
               NodeRow(Label.SOURCE, "s2", {"title": "two"}, ("s2",)),
               NodeRow(Label.SOURCE, "s1", {"title": "one"}, ("s1", "s2"))]
    stats = _write(empty_graph, database, changed)
    assert _counts(stats, Label.EVENT) == (1, 2, 0)
    assert _counts(stats, Label.SOURCE) == (1, 1, 0)
    records, _, _ = empty_graph.execute_query(
        "MATCH (e:Event {id: 'e1'}) RETURN e.name AS name, e.year AS year, e.place AS place")
    assert dict(records[0]) == {"name": "a", "year": 2025, "place": "Baku"}


def test_counts_without_sources(empty_graph, settings):
    database = settings.neo4j_database
    rows = [NodeRow(Label.DOMAIN, "d1", {"label": "one"}), NodeRow(Label.DOMAIN, "d2", {})]
    assert _counts(_write(empty_graph, database, rows, with_sources=False), Label.DOMAIN) == (2, 0, 0)
    assert _counts(_write(empty_graph, database, rows, with_sources=False), Label.DOMAIN) == (0, 0, 2)
    changed = [NodeRow(Label.DOMAIN, "d1", {"label": "uno"}), NodeRow(Label.DOMAIN, "d3", {})]
    assert _counts(_write(empty_graph, database, changed, with_sources=False), Label.DOMAIN) == (1, 1, 0)
    records, _, _ = empty_graph.execute_query("MATCH (d:Domain) RETURN d.id AS id, d.sources AS sources ORDER BY id")
    assert [(r["id"], r["sources"]) for r in records] == [("d1", None), ("d2", None), ("d3", None)]
