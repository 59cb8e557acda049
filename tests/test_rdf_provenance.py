"""Relationship provenance in the RDF: the N-Quads and TriG exports put each statement in the named
graph of every source stating it, against the real graph of data/records/ and a small fixture."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib.namespace import DCTERMS

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app as cli
from graph import rdf
from graph.model import Label, NodeRow, Rel, RelRow
from graph.writer import write_rows
from tests.conftest import SEED_RECORDS


#: The answers here were worked out by hand from the five seed reports: only their records are loaded.
GRAPH_RECORDS = SEED_RECORDS

BASE = "https://w3id.org/hdkg/id/"
HD = str(rdf.HD)
PREFIX = f"PREFIX hd: <{HD}> PREFIX dcterms: <{DCTERMS}> "


def _export(driver, settings, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    rdf.export(driver, out, fmt, database=settings.neo4j_database, base=BASE, **options)
    return out.getvalue()


def _store(data: bytes, fmt: ox.RdfFormat) -> ox.Store:
    store = ox.Store()
    store.load(data, format=fmt)
    return store


def _iri(kind: str, node_id: str) -> str:
    return f"{BASE}{kind}/{node_id}"


def _triples(statements) -> set[tuple[str, str, str]]:
    return {(str(s.subject), str(s.predicate), str(s.object)) for s in statements}


@pytest.fixture(scope="module")
def nquads(loaded_graph, settings) -> bytes:
    return _export(loaded_graph, settings, "nquads")


@pytest.fixture(scope="module")
def dataset(nquads) -> ox.Store:
    return _store(nquads, ox.RdfFormat.N_QUADS)


def test_sparql_names_the_report_behind_a_signature(loaded_graph, settings, dataset):
    """`GRAPH ?g { <AZ> hd:signed ?i }` answers with the sources Neo4j keeps on each SIGNED."""
    rows = loaded_graph.execute_query(
        f"MATCH (:{Label.COUNTRY} {{id: 'AZ'}})-[r:{Rel.SIGNED}]->(i:{Label.INSTRUMENT}) "
        "UNWIND r.sources AS source RETURN source, i.id AS instrument", database_=settings.neo4j_database).records
    expected = {(_iri("source", row["source"]), _iri("instrument", row["instrument"])) for row in rows}
    answer = dataset.query(PREFIX + f"SELECT ?g ?i WHERE {{ GRAPH ?g {{ <{_iri('country', 'AZ')}> hd:signed ?i }} }}")
    found = {(row["g"].value, row["i"].value) for row in answer}
    assert found == expected
    assert (_iri("source", "azertac-undated-azerbaijan-ukraine-health-visit"),
            _iri("instrument", "az-ua-agreement-health-medical-science")) in found


def test_every_signature_is_in_exactly_the_graphs_of_its_sources(loaded_graph, settings, dataset):
    rows = loaded_graph.execute_query(
        f"MATCH (c:{Label.COUNTRY})-[r:{Rel.SIGNED}]->(i:{Label.INSTRUMENT}) "
        "UNWIND r.sources AS source RETURN source, c.id AS country, i.id AS instrument",
        database_=settings.neo4j_database).records
    expected = {(_iri("source", r["source"]), _iri("country", r["country"]), _iri("instrument", r["instrument"]))
                for r in rows}
    answer = dataset.query(PREFIX + "SELECT ?g ?c ?i WHERE { GRAPH ?g { ?c hd:signed ?i } ?c a hd:Country }")
    assert {(row["g"].value, row["c"].value, row["i"].value) for row in answer} == expected
    assert len(expected) > 5
    # Not in the default graph: a consumer that asks for a source always gets one.
    assert not list(dataset.quads_for_pattern(None, ox.NamedNode(HD + "signed"), None, ox.DefaultGraph()))


def test_graphs_are_the_source_resources(dataset):
    graphs = {graph.value for graph in dataset.named_graphs()}
    sources = {row["s"].value for row in dataset.query(PREFIX + "SELECT ?s WHERE { GRAPH ?g { ?s a hd:Source } }")}
    assert graphs == sources and len(graphs) == 5
    for graph in graphs:  # each source's own description is in its own graph
        assert list(dataset.quads_for_pattern(ox.NamedNode(graph), None, None, ox.NamedNode(graph)))


def test_reference_data_is_in_the_default_graph_only(dataset):
    azerbaijan = ox.NamedNode(_iri("country", "AZ"))
    alpha2 = ox.NamedNode(HD + "iso3166Alpha2")
    assert [q.graph_name for q in dataset.quads_for_pattern(azerbaijan, alpha2, None)] == [ox.DefaultGraph()]
    ontology = ox.NamedNode("https://w3id.org/hdkg/ontology")
    assert {q.graph_name for q in dataset.quads_for_pattern(ontology, None, None)} == {ox.DefaultGraph()}


def test_the_union_of_the_graphs_is_the_plain_export(loaded_graph, settings, nquads):
    plain = _triples(ox.parse(_export(loaded_graph, settings, "ntriples"), ox.RdfFormat.N_TRIPLES))
    quads = list(ox.parse(nquads, ox.RdfFormat.N_QUADS))
    assert _triples(quads) == plain and len(plain) > 5000
    assert len(quads) > len(plain)  # people and roles stated by two sources are in both graphs


def test_trig_carries_the_same_dataset(loaded_graph, settings, nquads):
    trig = _export(loaded_graph, settings, "trig")
    assert trig.startswith(b"@prefix")
    as_trig = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
               for q in ox.parse(trig, ox.RdfFormat.TRIG)}
    as_nquads = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
                 for q in ox.parse(nquads, ox.RdfFormat.N_QUADS)}
    assert as_trig == as_nquads


def test_api_and_cli_offer_the_dataset_formats(loaded_graph, settings, tmp_path):
    with TestClient(create_app(settings)) as client:
        for accept, fmt in (("application/n-quads", ox.RdfFormat.N_QUADS), ("application/trig", ox.RdfFormat.TRIG)):
            response = client.get("/export?ontology=false", headers={"Accept": accept})
            assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
            assert len({q.graph_name for q in ox.parse(response.content, fmt)}) == 6  # five sources, the default
        assert client.get("/export?format=nquads").headers["content-type"].startswith("application/n-quads")
    out = tmp_path / "graph.nq"
    result = CliRunner().invoke(cli, ["export", "--format", "nquads", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "quads" in result.output
    assert len({q.graph_name for q in ox.parse(out.read_bytes(), ox.RdfFormat.N_QUADS)}) == 6


# -- a fixture where two sources state different things (test data, not a curated record) ----

SOURCE_A, SOURCE_B = "fixture-report-a", "fixture-report-b"


def test_each_statement_is_in_the_graphs_of_the_sources_stating_it_and_no_other(empty_graph, settings):
    """Both reports say Azerbaijan's ministry signed the fixture instrument; only report B names
    who signed, so the party is in both graphs and its signatory in B's alone."""
    both = (SOURCE_A, SOURCE_B)
    party_id = "fixture-moc--AZ--fixture-ministry"
    nodes = [
        NodeRow(Label.COUNTRY, "AZ", {"id": "AZ", "code": "AZ", "name": "Azerbaijan"}),
        NodeRow(Label.SOURCE, SOURCE_A, {"id": SOURCE_A, "title": "Fixture report A"}, (SOURCE_A,)),
        NodeRow(Label.SOURCE, SOURCE_B, {"id": SOURCE_B, "title": "Fixture report B"}, (SOURCE_B,)),
        NodeRow(Label.INSTRUMENT, "fixture-moc", {"id": "fixture-moc", "title": "Fixture memorandum"}, both),
        NodeRow(Label.ORGANIZATION, "fixture-ministry", {"id": "fixture-ministry", "name": "Fixture ministry"}, both),
        NodeRow(Label.PERSON, "fixture-minister", {"id": "fixture-minister", "name": "Fixture minister"}, (SOURCE_B,)),
        NodeRow(Label.PARTY, party_id, {"id": party_id, "country": "AZ", "organization": "fixture-ministry"}, both),
    ]
    rels = [
        RelRow(Rel.SIGNED, Label.COUNTRY, "AZ", Label.INSTRUMENT, "fixture-moc", {}, both),
        RelRow(Rel.SIGNED, Label.ORGANIZATION, "fixture-ministry", Label.INSTRUMENT, "fixture-moc",
               {"country": "AZ"}, both),
        RelRow(Rel.SIGNATORY_OF, Label.PERSON, "fixture-minister", Label.INSTRUMENT, "fixture-moc",
               {"country": "AZ", "organization": "fixture-ministry"}, (SOURCE_B,)),
        RelRow(Rel.HAS_PARTY, Label.INSTRUMENT, "fixture-moc", Label.PARTY, party_id, {}, both),
        RelRow(Rel.PARTY_COUNTRY, Label.PARTY, party_id, Label.COUNTRY, "AZ", {}, both),
        RelRow(Rel.PARTY_ORGANIZATION, Label.PARTY, party_id, Label.ORGANIZATION, "fixture-ministry", {}, both),
        RelRow(Rel.SIGNED_FOR, Label.PERSON, "fixture-minister", Label.PARTY, party_id, {}, (SOURCE_B,)),
    ]
    with empty_graph.session(database=settings.neo4j_database) as session:
        session.execute_write(lambda tx: write_rows(tx, nodes, rels))
    dataset = _store(_export(empty_graph, settings, "nquads", include_ontology=False), ox.RdfFormat.N_QUADS)

    def graphs(subject: str, predicate: str, obj: str | None = None) -> set[str]:
        found = dataset.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate),
                                          None if obj is None else ox.NamedNode(obj))
        return {str(q.graph_name.value) if isinstance(q.graph_name, ox.NamedNode) else "default" for q in found}

    graph_a, graph_b = _iri("source", SOURCE_A), _iri("source", SOURCE_B)
    instrument = _iri("instrument", "fixture-moc")
    party = _iri("party", party_id)
    assert graphs(_iri("country", "AZ"), HD + "signed", instrument) == {graph_a, graph_b}
    assert graphs(instrument, str(DCTERMS.title)) == {graph_a, graph_b}
    assert graphs(instrument, HD + "hasParty", party) == {graph_a, graph_b}
    assert graphs(party, HD + "partyOrganization", _iri("organization", "fixture-ministry")) == {graph_a, graph_b}
    assert graphs(party, HD + "signatory", _iri("person", "fixture-minister")) == {graph_b}
    assert graphs(instrument, str(DCTERMS.source), graph_a) == {graph_a}  # each report vouches for itself only
    assert graphs(_iri("person", "fixture-minister"), "https://schema.org/name") == {graph_b}
    assert graphs(_iri("country", "AZ"), HD + "iso3166Alpha2") == {"default"}
