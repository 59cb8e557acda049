"""Rewriting a changed source visits only what it stated, and leaves the same graph as
withdrawing it from the whole graph and pruning the whole graph would."""

from __future__ import annotations

from pathlib import Path

import neo4j

from graph.model import Label, NodeRow, Rel, RelRow
from graph.writer import STATED, Statements, prune_unsupported, retract_source, write_rows
from loaders.load import run_load, write_reference_data
from tests.conftest import _clear, fingerprint
from tests.test_loader import count
from tests.test_records import VALID

ONLY_IN_A = """\
  - id: az-ua-mou-only-in-a-2024
    type: memorandum-of-understanding
    title: Memorandum on children's hospitals
    status: signed
    signed_date: "2024-05-01"
    parties:
      - {country: AZ, organization: aa-ministry-of-health}
      - {country: UA, organization: ua-ministry-of-health}
    domains: [pediatrics]
    evidence:
      - {quote: "A second memorandum was signed.", lang: en}
"""

# A states the memorandum with oncology and pediatrics, plus an instrument only it reports.
A = VALID + ONLY_IN_A
# B states the same memorandum, with oncology only.
B = (VALID.replace("id: example-report", "id: second-report").replace("Example Agency", "Another Agency")
     .replace("[oncology, pediatrics]", "[oncology]")
     .replace('"The memorandum was signed."', '"Both ministers signed it."'))
# A, changed: the instrument only it reported is gone, and the memorandum now covers vaccines
# instead (dropping oncology, which B also states, and pediatrics, which only A stated).
A_CHANGED = VALID.replace("[oncology, pediatrics]", "[vaccines]")

MOU = "az-ua-mou-example-2024"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def _forget_statements(driver: neo4j.Driver, source_id: str) -> None:
    """Make a source look as if it had been loaded before sources recorded what they stated."""
    driver.execute_query(f"MATCH (s:Source {{id: $id}}) REMOVE s.{STATED}", id=source_id)


def _load_then_change(driver: neo4j.Driver, settings, folder: Path, legacy: bool) -> tuple[dict, str]:
    database = settings.neo4j_database
    _clear(driver, settings)
    a = _write(folder, "a.yaml", A)
    b = _write(folder, "b.yaml", B)
    assert run_load(driver, database, [a, b]).ok
    if legacy:
        _forget_statements(driver, "example-report")
    assert (_stated(driver, "example-report") is None) == legacy
    a.write_text(A_CHANGED)
    report = run_load(driver, database, [a, b])
    assert report.ok, [str(p) for p in report.all_problems()]
    assert {Path(f.path).name: f.status for f in report.files} == {"a.yaml": "loaded", "b.yaml": "unchanged"}
    return fingerprint(driver)


def test_scoped_rewrite_leaves_the_graph_a_whole_graph_rewrite_leaves(empty_graph, settings, tmp_path):
    scoped = _load_then_change(empty_graph, settings, tmp_path, legacy=False)
    # The stored record was used: the Source still has one, now of the changed file.
    assert _stated(empty_graph, "example-report").nodes[Label.INSTRUMENT] == {MOU}

    # The instrument only A reported is gone, with its claim and its relationships.
    assert count(empty_graph, "MATCH (i:Instrument {id: 'az-ua-mou-only-in-a-2024'}) RETURN count(i)") == 0
    assert count(empty_graph, "MATCH (c:Claim) WHERE c.subject = 'az-ua-mou-only-in-a-2024' RETURN count(c)") == 0
    # Oncology, which B also states, stays with B's support only; pediatrics, only A's, is gone.
    covers, _, _ = empty_graph.execute_query(
        "MATCH (:Instrument {id: $id})-[r:COVERS]->(d:Domain) RETURN d.id AS domain, r.sources AS sources "
        "ORDER BY domain", id=MOU)
    assert [(r["domain"], r["sources"]) for r in covers] == [
        ("oncology", ["second-report"]), ("vaccines", ["example-report"])]
    # Nodes both state keep both sources; reference data is untouched.
    assert count(empty_graph, "MATCH (i:Instrument {id: $id}) RETURN size(i.sources)", id=MOU) == 2
    assert count(empty_graph, "MATCH (d:Domain {id: 'pediatrics'}) RETURN count(d)") == 1

    whole = _load_then_change(empty_graph, settings, tmp_path, legacy=True)
    assert scoped == whole


def _rows(source: str, instrument: str | None, signs: str | None) -> tuple[list[NodeRow], list[RelRow]]:
    nodes = [NodeRow(Label.SOURCE, source, {"title": source}, (source,))]
    rels = []
    if instrument:
        nodes.append(NodeRow(Label.INSTRUMENT, instrument, {"title": instrument}, (source,)))
        rels.append(RelRow(Rel.COVERS, Label.INSTRUMENT, instrument, Label.DOMAIN, "oncology", {}, (source,)))
    if signs:
        # A relationship between two nodes the source does not state itself.
        rels.append(RelRow(Rel.SIGNED, Label.COUNTRY, "AZ", Label.INSTRUMENT, signs, {}, (source,)))
    return nodes, rels


def _writer_scenario(driver: neo4j.Driver, settings, legacy: bool) -> tuple[dict, str]:
    database = settings.neo4j_database
    _clear(driver, settings)
    with driver.session(database=database) as session:
        session.execute_write(write_reference_data)
        session.execute_write(lambda tx: write_rows(tx, *_rows("s0", "i0", None)))
        session.execute_write(lambda tx: write_rows(tx, *_rows("s1", "i1", "i0")))
        if legacy:
            _forget_statements(driver, "s1")
        stats = session.execute_write(lambda tx: write_rows(tx, *_rows("s1", None, None), replace_source="s1"))
    assert stats.retracted == 1 and stats.unchanged["Source"] == 1
    return fingerprint(driver)


def test_relationships_between_nodes_the_source_does_not_state_are_rewritten_too(empty_graph, settings):
    nodes, rels = _rows("s1", "i1", "i0")
    stated = Statements()
    for node in nodes:
        stated.add_node(node.label, node.id)
    for rel in rels:
        stated.add_relationship(rel)
    assert stated.groups == {(Rel.COVERS, ">", Label.INSTRUMENT)}
    assert stated.anchors == {(Rel.SIGNED, "<", Label.INSTRUMENT): {"i0"}}
    decoded = Statements.decode(stated.encode())
    assert (decoded.nodes, decoded.groups, decoded.anchors) == (stated.nodes, stated.groups, stated.anchors)
    assert Statements.decode("not a record") is None

    scoped = _writer_scenario(empty_graph, settings, legacy=False)
    assert count(empty_graph, "MATCH (:Country {id: 'AZ'})-[r:SIGNED]->(:Instrument {id: 'i0'}) RETURN count(r)") == 0
    assert count(empty_graph, "MATCH (i:Instrument) RETURN collect(i.id)") == ["i0"]
    assert scoped == _writer_scenario(empty_graph, settings, legacy=True)


def test_a_source_without_a_record_falls_back_to_the_whole_graph(empty_graph, settings):
    """Graphs loaded before sources recorded their statements: retract and prune scan everything."""
    _writer_scenario(empty_graph, settings, legacy=True)
    # Once rewritten, the source has a record again.
    again = _stated(empty_graph, "s1")
    assert again.nodes == {Label.SOURCE: {"s1"}} and not again.groups and not again.anchors
    with empty_graph.session(database=settings.neo4j_database) as session:
        tx = session.begin_transaction()
        try:
            _forget_statements_tx(tx, "s0")
            retraction = retract_source(tx, "s0")
            assert retraction.scope is None and retraction.nodes[Label.INSTRUMENT] == {"i0"}
            prune_unsupported(tx, retraction)
            assert tx.run("MATCH (i:Instrument) RETURN count(i) AS n").single()["n"] == 0
        finally:
            tx.rollback()


def test_a_scoped_rewrite_visits_only_what_the_source_stated(empty_graph, settings):
    """A node no source supports, outside what s1 stated (which a correct load never leaves):
    the whole-graph prune deletes it, a scoped rewrite of s1 does not even look at it."""
    database = settings.neo4j_database
    for legacy, survives in ((False, 1), (True, 0)):
        _clear(empty_graph, settings)
        with empty_graph.session(database=database) as session:
            session.execute_write(write_reference_data)
            session.execute_write(lambda tx: write_rows(tx, *_rows("s1", "i1", None)))
            session.run("CREATE (:Event {id: 'stray', sources: []})").consume()
            if legacy:
                _forget_statements(empty_graph, "s1")
            session.execute_write(lambda tx: write_rows(tx, *_rows("s1", "i1", None), replace_source="s1"))
        assert count(empty_graph, "MATCH (e:Event {id: 'stray'}) RETURN count(e)") == survives


def _forget_statements_tx(tx: neo4j.ManagedTransaction, source_id: str) -> None:
    tx.run(f"MATCH (s:Source {{id: $id}}) REMOVE s.{STATED}", id=source_id).consume()


def _stated(driver: neo4j.Driver, source_id: str) -> Statements:
    records, _, _ = driver.execute_query(f"MATCH (s:Source {{id: $id}}) RETURN s.{STATED} AS stated", id=source_id)
    return Statements.decode(records[0]["stated"])
