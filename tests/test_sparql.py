"""The SPARQL endpoint (`/sparql`, `hdkg sparql`) over the Oxigraph store built from the real Neo4j.

Update and SERVICE are refused before anything runs (the store and the graph are unchanged),
results come in the four SPARQL result formats, the store is rebuilt after a load and never
served half-built, and long queries are stopped by the timeout.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app as cli_app
from graph import sparql_store
from hdkg.settings import Settings
from queries import sparql_examples
from tests.conftest import RECORDS_DIR, curated_instrument_ids, fingerprint

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store(loaded_graph, settings: Settings) -> sparql_store.BuildReport:
    return sparql_store.build(loaded_graph, settings)


@pytest.fixture(scope="module")
def client(store, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"research_rate_limit": "10000/minute"}))) as test_client:
        yield test_client


def _count(client) -> int:
    body = client.get("/sparql", params={"query": COUNT_ALL}).json()
    return int(body["results"]["bindings"][0]["n"]["value"])


def _oncology_example() -> str:
    return next(e.query for e in sparql_examples.examples() if e.name == "oncology-pairs")


# Each is sent as a query (GET ?query=, POST application/sparql-query and POST form) and refused.
REFUSED = [
    ("insert-data", "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "update"),
    ("insert-where", "PREFIX hd: <https://w3id.org/hdkg/ontology#> INSERT { ?i hd:status 'x' } WHERE { ?i a hd:Instrument }", "update"),
    ("delete-data", "DELETE DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "update"),
    ("delete-where", "DELETE WHERE { ?s ?p ?o }", "update"),
    ("delete-insert-with", "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 'x' } WHERE { ?s ?p ?o }", "update"),
    ("load", "LOAD <http://127.0.0.1:9/data.ttl>", "update"),
    ("load-into", "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>", "update"),
    ("clear-all", "CLEAR ALL", "update"),
    ("clear-default", "CLEAR DEFAULT", "update"),
    ("drop-all", "DROP ALL", "update"),
    ("drop-graph", "DROP SILENT GRAPH <urn:g>", "update"),
    ("create-graph", "CREATE GRAPH <urn:g>", "update"),
    ("add", "ADD DEFAULT TO <urn:g>", "update"),
    ("move", "MOVE DEFAULT TO <urn:g>", "update"),
    ("copy", "COPY DEFAULT TO <urn:g>", "update"),
    ("prefixed-update", "PREFIX ex: <urn:x:>\nBASE <urn:y:>\nINSERT DATA { ex:a ex:b ex:c }", "update"),
    ("query-then-update", "SELECT * WHERE { ?s ?p ?o } ; CLEAR ALL", "update"),
    ("comment-then-update", "# SELECT * WHERE { ?s ?p ?o }\nDROP ALL", "update"),
    ("lowercase-update", "clear all", "update"),
    ("service", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "service"),
    ("service-silent", "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "service"),
    ("service-lowercase", "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "service"),
    ("service-in-optional", "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://127.0.0.1:9/q> { ?s ?q ?r } } }", "service"),
    ("service-variable", "SELECT * WHERE { BIND(<http://127.0.0.1:9/q> AS ?e) SERVICE ?e { ?s ?p ?o } }", "service"),
    ("service-in-construct", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }", "service"),
    ("service-escaped", "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }", "service"),
    ("service-after-comment", "SELECT * WHERE { # note\n SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }", "service"),
]


def test_at_least_fifteen_refusal_cases():
    assert len(REFUSED) >= 15 and len({name for name, *_ in REFUSED}) == len(REFUSED)


@pytest.mark.parametrize(("text", "reason"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_update_and_service_are_refused(client, loaded_graph, text, reason):
    before_graph, before_store = fingerprint(loaded_graph), _count(client)
    responses = [
        client.get("/sparql", params={"query": text}),
        client.post("/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-query"}),
        client.post("/sparql", data={"query": text}),
    ]
    for response in responses:
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["code"] == "sparql_refused" and error["details"]["reason"] == reason, error
    assert _count(client) == before_store
    assert fingerprint(loaded_graph) == before_graph


def test_update_through_the_protocol_is_refused(client):
    update = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    before = _count(client)
    for response in (
        client.get("/sparql", params={"update": update}),
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}),
    ):
        assert response.status_code == 400 and response.json()["error"]["details"]["reason"] == "update"
    assert _count(client) == before


def test_service_is_refused_before_any_connection(client):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(1.0)
        port = listener.getsockname()[1]
        response = client.get("/sparql", params={
            "query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"})
        assert response.status_code == 400
        with pytest.raises(TimeoutError):
            listener.accept()


def test_service_inside_a_string_or_iri_is_only_text(client):
    query = ('SELECT ?x WHERE { VALUES ?x { "SERVICE <http://127.0.0.1:9/q>" <urn:SERVICE> } } ORDER BY ?x')
    body = client.get("/sparql", params={"query": query}).json()
    assert len(body["results"]["bindings"]) == 2


QUERY = ("PREFIX hd: <https://w3id.org/hdkg/ontology#> "
         "SELECT ?code ?name WHERE { ?c a hd:Country ; hd:iso3166Alpha2 ?code ; hd:recordId ?id . "
         "OPTIONAL { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?name FILTER(LANG(?name) = 'en') } "
         "FILTER(?code IN ('UA', 'AZ', 'VN')) } ORDER BY ?code")


@pytest.mark.parametrize(("accept", "fmt", "media"), [
    ("application/sparql-results+json", "json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
    ("text/tab-separated-values", "tsv", "text/tab-separated-values"),
])
def test_select_results_in_each_format_parse_back(client, accept, fmt, media):
    for kwargs in ({"headers": {"Accept": accept}}, {"params": {"format": fmt}}):
        params = {"query": QUERY, **kwargs.get("params", {})}
        response = client.get("/sparql", params=params, headers=kwargs.get("headers"))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(media)
        parsed = ox.parse_query_results(response.content, {"json": ox.QueryResultsFormat.JSON,
                                                           "xml": ox.QueryResultsFormat.XML,
                                                           "tsv": ox.QueryResultsFormat.TSV}[fmt])
        assert [str(row["code"].value) for row in parsed] == ["AZ", "UA", "VN"]


def test_select_results_as_csv(client):
    response = client.get("/sparql", params={"query": QUERY}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["code", "name"] and [row[0] for row in rows[1:]] == ["AZ", "UA", "VN"]


def test_json_result_shape(client):
    body = client.get("/sparql", params={"query": QUERY}).json()
    assert body["head"]["vars"] == ["code", "name"]
    first = body["results"]["bindings"][0]["code"]
    assert first == {"type": "literal", "value": "AZ"}


def test_ask_and_construct(client):
    ask = client.get("/sparql", params={"query": "ASK { ?s a <https://w3id.org/hdkg/ontology#Instrument> }"})
    assert ask.json() == {"head": {}, "boolean": True}
    xml = client.get("/sparql", params={"query": "ASK { <urn:x:none> ?p ?o }", "format": "xml"})
    assert ET.fromstring(xml.content).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "false"
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "format": "csv"}).status_code == 400
    construct = "CONSTRUCT WHERE { ?i a <https://w3id.org/hdkg/ontology#Instrument> }"
    for accept, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES)):
        response = client.post("/sparql", data={"query": construct}, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
        assert len(list(ox.parse(response.content, fmt))) == len(curated_instrument_ids())


def test_unacceptable_media_type(client):
    response = client.get("/sparql", params={"query": QUERY}, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_syntax_error_points_at_the_position(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n ?s ?p }"})
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "sparql_syntax_error"
    assert error["details"]["line"] == 2 and error["details"]["column"] >= 7


def test_dataset_parameters_are_refused(client):
    response = client.get("/sparql", params={"query": QUERY, "default-graph-uri": "urn:g"})
    assert response.status_code == 400 and response.json()["error"]["details"]["reason"] == "dataset"


def test_long_query_is_stopped_by_the_timeout(store, settings):
    quick = settings.model_copy(update={"query_timeout_s": 1.0, "research_rate_limit": "10000/minute"})
    with TestClient(create_app(quick)) as client:
        response = client.get("/sparql", params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert response.status_code == 504 and response.json()["error"]["code"] == "query_timeout"


def test_row_cap(store, settings):
    capped = settings.model_copy(update={"row_cap": 7, "research_rate_limit": "10000/minute"})
    with TestClient(create_app(capped)) as client:
        response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a <https://w3id.org/hdkg/ontology#Country> }"})
    assert len(response.json()["results"]["bindings"]) == 7
    assert response.headers["x-row-cap-reached"] == "true"


def test_route_can_be_switched_off(store, settings):
    with TestClient(create_app(settings.model_copy(update={"sparql_enabled": False}))) as client:
        response = client.get("/sparql", params={"query": QUERY})
    assert response.status_code == 403 and response.json()["error"]["code"] == "route_disabled"


def test_examples_page_and_every_example_answers(client):
    page = client.get("/sparql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    examples = client.get("/sparql/examples.json").json()
    assert {e["title"] for e in examples} == {"Oncology pairs", "Instruments by status", "Sources of a claim"}
    for example in examples:
        assert example["title"] in page.text
        body = client.get("/sparql", params={"query": example["query"]}).json()
        assert body["results"]["bindings"], example["name"]


def test_instruments_by_status_matches_the_graph(client, loaded_graph):
    example = next(e.query for e in sparql_examples.examples() if e.name == "instruments-by-status")
    body = client.get("/sparql", params={"query": example}).json()
    got = {b["status"]["value"].rsplit("/", 1)[1]: int(b["instruments"]["value"]) for b in body["results"]["bindings"]}
    records = loaded_graph.execute_query("MATCH (i:Instrument) RETURN i.status AS s, count(*) AS n").records
    assert got == {r["s"]: r["n"] for r in records}


def test_sources_of_a_claim_are_the_instruments_sources(client, loaded_graph):
    example = next(e.query for e in sparql_examples.examples() if e.name == "sources-of-a-claim")
    body = client.get("/sparql", params={"query": example}).json()
    sources = {b["source"]["value"].rsplit("/", 1)[1] for b in body["results"]["bindings"]}
    records = loaded_graph.execute_query("MATCH (i:Instrument {id: 'az-ua-moc-oncology-centres'}) "
                                         "RETURN i.sources AS s").records
    assert sources == set(records[0]["s"])


def test_oncology_pairs_are_the_same_through_cypher_and_sparql(client, loaded_graph, settings):
    rows = loaded_graph.execute_query(
        "MATCH (a)-[:SIGNED]->(i:Instrument)<-[:SIGNED]-(b) WHERE a.id < b.id AND i.status IN ['signed', 'in-force'] "
        "AND EXISTS { (i)-[:COVERS]->(:Domain)-[:BROADER*0..]->(:Domain {id: 'oncology'}) } "
        "WITH a.id AS a, b.id AS b, collect(DISTINCT i.id) AS ids "
        "RETURN a, b, COLLECT { UNWIND ids AS id RETURN id ORDER BY id } AS ids ORDER BY size(ids) DESC, a, b",
        database_=settings.neo4j_database).records
    expected = [(row["a"], row["b"], row["ids"]) for row in rows]
    # The institutes signed the oncology memorandum; their states did not.
    assert ("az-national-oncology-center", "ua-national-cancer-institute", ["az-ua-moc-oncology-centres"]) in expected
    body = client.get("/sparql", params={"query": _oncology_example()}).json()
    got = [(b["signer_a"]["value"], b["signer_b"]["value"], sorted(b["instrument_ids"]["value"].split()))
           for b in body["results"]["bindings"]]
    assert got == expected


# -- keeping in step -------------------------------------------------------------------------

def test_a_failed_build_leaves_the_previous_store_serving(client, store, settings):
    root = Path(settings.sparql_store)
    before = sparql_store.current_path(root)
    count = _count(client)
    existing = set(root.iterdir())  # a build killed in an earlier run may have left its folder

    def broken():
        yield ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c")
        raise RuntimeError("the export stopped half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        sparql_store.build(None, settings, triples=broken())
    assert sparql_store.current_path(root) == before
    assert _count(client) == count
    assert not [p for p in set(root.iterdir()) - existing if p.name.startswith(sparql_store.BUILD_PREFIX)
                and not (p / sparql_store.BUILD_INFO).exists()]


def test_a_rebuild_swaps_in_whole_and_keeps_one_previous(client, loaded_graph, settings):
    root = Path(settings.sparql_store)
    first = sparql_store.build(loaded_graph, settings)
    second = sparql_store.build(loaded_graph, settings)
    assert sparql_store.current_path(root) == second.path.resolve()
    assert first.path.exists()  # a query may still have it open
    builds = [p for p in root.iterdir() if p.name.startswith(sparql_store.BUILD_PREFIX)]
    assert len(builds) <= 2
    assert _count(client) == second.triples
    info = json.loads((second.path / sparql_store.BUILD_INFO).read_text())
    assert info["triples"] == second.triples and info["seconds"] > 0


def test_load_rebuilds_the_store(client, loaded_graph, settings):
    before = sparql_store.build_info(settings.sparql_store)
    result = CliRunner().invoke(cli_app, ["load", str(RECORDS_DIR), "--force"])
    assert result.exit_code == 0, result.output
    after = sparql_store.build_info(settings.sparql_store)
    assert after["built_at"] != before["built_at"]
    assert "SPARQL store rebuilt" in result.output
    assert _count(client) == after["triples"]


def test_cli_query(store):
    result = CliRunner().invoke(cli_app, ["sparql", "query", QUERY, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert [row[0] for row in csv.reader(io.StringIO(result.stdout))][1:] == ["AZ", "UA", "VN"]
    refused = CliRunner().invoke(cli_app, ["sparql", "query", "CLEAR ALL"])
    assert refused.exit_code == 2 and "Update" in refused.output
