"""Read-only Cypher (`POST /cypher`, `hdkg cypher`) against the curated records in the real Neo4j.

Every write, admin and escape attempt is refused before it runs, and the graph's fingerprint
is the same afterwards; reads answer as JSON or CSV within the timeout and the row cap.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app as cli_app
from graph.queries import run_query
from graph.readonly import READ_PROCEDURES, CypherRefused, run_readonly
from hdkg.settings import Settings
from queries import registry
from tests.conftest import fingerprint


@pytest.fixture(scope="module")
def client(loaded_graph, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"research_rate_limit": "10000/minute"}))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def curated_fingerprint(loaded_graph):
    return fingerprint(loaded_graph)


# (case name, statement, parameters, refusal reason). Reasons come from the plan check; a text the
# parser rejects is refused as a syntax error ("syntax"), which is also a refusal before anything runs.
REFUSED = [
    ("create", "CREATE (n:Marker {name: 'x'}) RETURN n", {}, "write"),
    ("create-relationship", "MATCH (a:Country {id: 'UA'}), (b:Country {id: 'AZ'}) CREATE (a)-[:SIGNED]->(b)", {}, "write"),
    ("merge", "MERGE (n:Marker {name: 'x'}) RETURN n", {}, "write"),
    ("merge-on-match", "MERGE (c:Country {id: 'UA'}) ON MATCH SET c.name = 'x' RETURN c", {}, "write"),
    ("set", "MATCH (c:Country {id: 'UA'}) SET c.name = 'Renamed' RETURN c.name", {}, "write"),
    ("set-map", "MATCH (c:Country {id: 'UA'}) SET c += {name: 'x'}", {}, "write"),
    ("set-label", "MATCH (c:Country {id: 'UA'}) SET c:Marker", {}, "write"),
    ("remove-property", "MATCH (c:Country {id: 'UA'}) REMOVE c.name", {}, "write"),
    ("remove-label", "MATCH (c:Country {id: 'UA'}) REMOVE c:Country", {}, "write"),
    ("delete", "MATCH (i:Instrument) WITH i LIMIT 1 MATCH (i)-[r]-() DELETE r", {}, "write"),
    ("detach-delete", "MATCH (n) DETACH DELETE n", {}, "write"),
    ("foreach", "FOREACH (x IN range(1, 3) | CREATE (:Marker {n: x}))", {}, "write"),
    ("write-in-subquery", "MATCH (c:Country {id: 'UA'}) CALL (c) { SET c.touched = true } RETURN c.id", {}, "write"),
    ("write-after-read-union", "MATCH (c:Country) RETURN c.id AS x UNION CREATE (m:Marker) RETURN 'm' AS x", {}, "write"),
    ("load-csv", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", {}, "load_csv"),
    ("load-csv-url", "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row", {}, "load_csv"),
    ("in-transactions", "UNWIND range(1, 3) AS x CALL (x) { CREATE (:Marker {n: x}) } IN TRANSACTIONS RETURN x", {}, "in_transactions"),
    ("in-transactions-read", "UNWIND range(1, 3) AS x CALL (x) { RETURN x * 2 AS y } IN TRANSACTIONS RETURN y", {}, "in_transactions"),
    ("create-index", "CREATE INDEX marker_name IF NOT EXISTS FOR (n:Marker) ON (n.name)", {}, "schema"),
    ("drop-index", "DROP INDEX country_name IF EXISTS", {}, "schema"),
    ("create-constraint", "CREATE CONSTRAINT marker_id IF NOT EXISTS FOR (n:Marker) REQUIRE n.id IS UNIQUE", {}, "schema"),
    ("drop-constraint", "DROP CONSTRAINT country_id IF EXISTS", {}, "schema"),
    ("create-fulltext", "CREATE FULLTEXT INDEX quotes IF NOT EXISTS FOR (n:Claim) ON EACH [n.quote]", {}, "schema"),
    ("show-indexes", "SHOW INDEXES", {}, "administration"),
    ("show-transactions", "SHOW TRANSACTIONS", {}, "administration"),
    ("terminate", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", {}, "administration"),
    ("show-users", "SHOW USERS", {}, "other_database"),
    ("create-user", "CREATE USER intruder SET PASSWORD 'intruder-pass-1'", {}, "other_database"),
    ("alter-user", "ALTER USER neo4j SET PASSWORD 'changed-pass-1'", {}, "other_database"),
    ("show-databases", "SHOW DATABASES", {}, "other_database"),
    ("create-database", "CREATE DATABASE other", {}, "rejected"),
    ("use-system", "USE system SHOW USERS", {}, "syntax"),
    ("use-system-match", "USE system MATCH (n) RETURN n", {}, "rejected"),
    ("use-unknown-database", "USE elsewhere MATCH (n) RETURN n", {}, "other_database"),
    ("dbms-components", "CALL dbms.components()", {}, "procedure"),
    ("dbms-list-config", "CALL dbms.listConfig() YIELD name, value RETURN name, value", {}, "procedure"),
    ("dbms-security", "CALL dbms.security.createUser('intruder', 'intruder-pass-1', false)", {}, "procedure"),
    ("dbms-kill", "CALL dbms.killQueries(['query-1'])", {}, "procedure"),
    ("db-create-label", "CALL db.createLabel('Marker')", {}, "procedure"),
    ("db-create-property", "CALL db.createProperty('marker')", {}, "procedure"),
    ("db-create-relationship-type", "CALL db.createRelationshipType('MARKS')", {}, "procedure"),
    ("db-clear-query-caches", "CALL db.clearQueryCaches()", {}, "procedure"),
    ("tx-set-metadata", "CALL tx.setMetaData({app: 'x'})", {}, "procedure"),
    ("apoc-create", "CALL apoc.create.node(['Marker'], {name: 'x'}) YIELD node RETURN node", {}, "procedure"),
    ("apoc-periodic", "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})", {}, "procedure"),
    ("apoc-cypher-run", "CALL apoc.cypher.runWrite($statement, {})", {"statement": "CREATE (:Marker)"}, "procedure"),
    ("two-statements", "MATCH (n) RETURN count(n); CREATE (:Marker)", {}, "multiple_statements"),
    ("two-statements-trailing", "RETURN 1; MATCH (n) DETACH DELETE n;", {}, "multiple_statements"),
    ("comment-before-write", "// a harmless read\nCREATE (:Marker)", {}, "write"),
    ("block-comment-before-write", "/* RETURN 1 */ MERGE (:Marker {n: 1})", {}, "write"),
    ("comment-splitting-keyword", "CRE/**/ATE (:Marker)", {}, "syntax"),
    ("comment-hiding-second-statement", "RETURN 1 /* ; */ ; CREATE (:Marker)", {}, "multiple_statements"),
    ("fullwidth-keyword", "ＣＲＥＡＴＥ (:Marker)", {}, "syntax"),
    ("zero-width-space-in-keyword", "CRE\u200bATE (:Marker)", {}, "syntax"),
    ("unicode-escape-in-keyword", "\\u0043REATE (:Marker)", {}, "syntax"),
    ("backticked-write-keyword", "MATCH (n) `DELETE` n", {}, "syntax"),
    ("lowercase-write", "match (c:Country {id: 'UA'}) set c.name = 'x'", {}, "write"),
    ("explain-prefix", "EXPLAIN CREATE (:Marker)", {}, "query_options"),
    ("profile-prefix", "PROFILE CREATE (:Marker)", {}, "query_options"),
    ("cypher-option-prefix", "CYPHER runtime=slotted CREATE (:Marker)", {}, "query_options"),
    ("option-after-comment", "/* x */ profile MATCH (n) DETACH DELETE n", {}, "query_options"),
    ("nul-character", "RETURN 1\x00; CREATE (:Marker)", {}, "control_character"),
    ("empty", "   ", {}, "empty"),
    ("too-long", "RETURN " + "1 + " * 6000 + "1", {}, "too_long"),
]


def _post(client, statement, parameters, **kwargs):
    return client.post("/cypher", json={"query": statement, "parameters": parameters}, **kwargs)


def test_at_least_forty_refusal_cases():
    assert len(REFUSED) >= 40
    assert len({name for name, *_ in REFUSED}) == len(REFUSED)


@pytest.mark.parametrize(("statement", "params", "reason"), [case[1:] for case in REFUSED],
                         ids=[case[0] for case in REFUSED])
def test_write_admin_and_escape_attempts_are_refused(client, loaded_graph, curated_fingerprint,
                                                     statement, params, reason):
    response = _post(client, statement, params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    if reason == "syntax":
        assert error["code"] == "cypher_syntax_error"
        assert {"line", "column", "offset"} <= set(error["details"])
    else:
        assert error["code"] == "cypher_refused"
        assert error["details"]["reason"] == reason, error
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_refused_procedure_names_the_allow_list(client):
    error = _post(client, "CALL dbms.components()", {}).json()["error"]
    assert error["details"]["procedure"] == "dbms.components"
    assert error["details"]["allowed"] == sorted(READ_PROCEDURES)


def test_allowed_read_procedure_runs(client):
    body = _post(client, "CALL db.labels() YIELD label RETURN label ORDER BY label", {}).json()
    assert body["columns"] == ["label"]
    assert ["Instrument"] in body["rows"] and ["Country"] in body["rows"]


def test_parameters_carrying_cypher_are_only_values(client, loaded_graph, curated_fingerprint):
    payload = "x'}) DETACH DELETE n //"
    body = _post(client, "RETURN $name AS name, COUNT { MATCH (c:Country) WHERE c.name = $name } AS n",
                 {"name": payload}).json()
    assert body["rows"] == [[payload, 0]]
    body = _post(client, "RETURN $statement AS s", {"statement": "CREATE (:Marker)"}).json()
    assert body["rows"] == [["CREATE (:Marker)"]]
    assert fingerprint(loaded_graph) == curated_fingerprint


def test_a_read_answers_with_columns_and_rows(client):
    response = _post(client, "MATCH (c:Country {id: $code})-[:SIGNED]->(i:Instrument) "
                             "RETURN c.id AS country, i.id AS instrument ORDER BY instrument", {"code": "VN"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columns"] == ["country", "instrument"]
    assert body["rows"] and all(row[0] == "VN" for row in body["rows"])
    assert body["row_count"] == len(body["rows"]) and body["truncated"] is False


def test_nodes_relationships_and_paths_are_maps(client):
    body = _post(client, "MATCH p = (c:Country {id: 'UA'})-[r:SIGNED]->(i:Instrument) "
                         "RETURN c, r, p ORDER BY i.id LIMIT 1", {}).json()
    node, rel, path = body["rows"][0]
    assert node["labels"] == ["Country"] and node["properties"]["id"] == "UA"
    assert rel["type"] == "SIGNED" and rel["start"] == node["element_id"]
    assert [n["properties"]["id"] for n in path["nodes"]][0] == "UA" and len(path["relationships"]) == 1


def test_csv_by_content_negotiation(client):
    statement = "MATCH (i:Instrument) RETURN i.id AS id, coalesce(i.party_countries, []) AS parties ORDER BY id"
    json_rows = _post(client, statement, {}).json()["rows"]
    for kwargs in ({"headers": {"Accept": "text/csv"}}, {"params": {"format": "csv"}}):
        response = _post(client, statement, {}, **kwargs)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["id", "parties"]
        assert [[r[0], json.loads(r[1])] for r in rows[1:]] == json_rows


def test_unacceptable_media_type_is_406(client):
    response = _post(client, "RETURN 1", {}, headers={"Accept": "application/xml"})
    assert response.status_code == 406 and response.json()["error"]["code"] == "not_acceptable"


def test_syntax_error_points_at_the_position(client):
    error = _post(client, "MATCH (c:Country)\nRETURN c.id ORDER BY", {}).json()["error"]
    assert error["code"] == "cypher_syntax_error"
    assert error["details"]["line"] == 2
    assert error["details"]["column"] == len("RETURN c.id ORDER BY") + 1
    assert error["message"].startswith("syntax error at line 2, column 21")
    # On the first line the position is in the text as sent, not in the planned "EXPLAIN ..." text.
    error = _post(client, "MATCH (n RETURN n", {}).json()["error"]
    assert (error["details"]["line"], error["details"]["column"], error["details"]["offset"]) == (1, 10, 9)


def test_invalid_parameters_are_named(client):
    response = _post(client, "RETURN $n", {"n": 2**70})
    assert response.status_code == 422
    assert response.json()["error"]["details"]["parameter"] == "n"


def test_long_running_query_is_stopped_by_the_timeout(loaded_graph, settings):
    quick = settings.model_copy(update={"query_timeout_s": 1.0, "research_rate_limit": "10000/minute"})
    with TestClient(create_app(quick)) as client:
        response = _post(client, "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x)", {})
    assert response.status_code == 504, response.text
    assert response.json()["error"]["code"] == "query_timeout"


def test_row_cap_truncates(loaded_graph, settings):
    capped = settings.model_copy(update={"row_cap": 5, "research_rate_limit": "10000/minute"})
    with TestClient(create_app(capped)) as client:
        response = _post(client, "MATCH (c:Country) RETURN c.id ORDER BY c.id", {})
    body = response.json()
    assert body["row_count"] == 5 and body["truncated"] is True and body["row_cap"] == 5
    assert response.headers["x-row-cap-reached"] == "true"


def test_transaction_memory_limit_is_named(loaded_graph, settings):
    limit = loaded_graph.execute_query("SHOW SETTINGS YIELD name, value WHERE name = 'db.memory.transaction.max' "
                                       "RETURN value").records[0]["value"]
    if limit in ("0", "0B", "0.00B"):
        pytest.skip("the server sets no per-transaction memory limit (make test sets HDKG_NEO4J_TX_MEMORY)")
    with TestClient(create_app(settings.model_copy(update={"research_rate_limit": "10000/minute"}))) as client:
        response = _post(client, "UNWIND range(1, 10000000) AS x WITH collect(toString(x)) AS xs RETURN size(xs)", {})
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "query_too_large"


def test_route_can_be_switched_off(loaded_graph, settings):
    with TestClient(create_app(settings.model_copy(update={"cypher_enabled": False}))) as client:
        response = _post(client, "RETURN 1", {})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "route_disabled"


def test_rate_limited_per_client(loaded_graph, settings):
    with TestClient(create_app(settings.model_copy(update={"research_rate_limit": "3/minute"}))) as client:
        statuses = [_post(client, "RETURN 1 AS one", {}).status_code for _ in range(3)]
        limited = _post(client, "RETURN 1 AS one", {})
    assert statuses == [200, 200, 200]
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["retry-after"]) >= 1


def test_domain_pairs_match_the_canned_query(client, loaded_graph, settings):
    canned = run_query(loaded_graph, registry().get("cooperation"), {"domain": "public-health"}, settings=settings)
    # The canned query lists the most recent instruments first, the example orders them by id.
    expected = [(row["country_a"], row["country_b"], sorted(row["instrument_ids"])) for row in canned.rows]
    assert expected  # the curated records hold state cooperation on public health
    assert not any(row["evidence_capped"] for row in canned.rows)
    body = _post(client, PAIRS_CYPHER, {"domain": "public-health",
                                           "statuses": list(canned.params["statuses"])}).json()
    assert [tuple(row) for row in body["rows"]] == expected


PAIRS_CYPHER = """
MATCH (a:Country)-[:SIGNED]->(i:Instrument)<-[:SIGNED]-(b:Country)
WHERE a.id < b.id AND i.status IN $statuses
  AND EXISTS { (i)-[:COVERS]->(:Domain)-[:BROADER*0..]->(:Domain {id: $domain}) }
WITH a.id AS a, b.id AS b, collect(DISTINCT i.id) AS ids
RETURN a, b, COLLECT { UNWIND ids AS id RETURN id ORDER BY id } AS instrument_ids
ORDER BY size(instrument_ids) DESC, a, b
"""


def test_the_runner_rolls_back_whatever_runs(loaded_graph, settings, curated_fingerprint):
    """Belt and braces: even called directly, a write is refused before it reaches the server."""
    with pytest.raises(CypherRefused):
        run_readonly(loaded_graph, "CREATE (:Marker)", settings=settings)
    assert fingerprint(loaded_graph) == curated_fingerprint


# -- the command line ------------------------------------------------------------------------

runner = CliRunner()


def test_cli_formats(loaded_graph):
    statement = "MATCH (c:Country {id: $code}) RETURN c.id AS id, c.name AS name"
    as_json = runner.invoke(cli_app, ["cypher", statement, "--param", "code=UA", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    body = json.loads(as_json.stdout)
    assert body["columns"] == ["id", "name"] and body["rows"] == [["UA", "Ukraine"]]
    as_csv = runner.invoke(cli_app, ["cypher", statement, "-p", "code=UA", "-f", "csv"])
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["id", "name"], ["UA", "Ukraine"]]
    as_table = runner.invoke(cli_app, ["cypher", statement, "-p", "code=UA"])
    assert as_table.exit_code == 0 and "Ukraine" in as_table.stdout


def test_cli_json_parameters(loaded_graph):
    result = runner.invoke(cli_app, ["cypher", "RETURN $n + 1 AS m, $xs AS xs", "-p", "n=41", "-p", 'xs=["a","b"]',
                                     "-f", "json"])
    assert json.loads(result.stdout)["rows"] == [[42, ["a", "b"]]]


def test_cli_refusal_and_syntax_error(loaded_graph, curated_fingerprint):
    refused = runner.invoke(cli_app, ["cypher", "MATCH (n) DETACH DELETE n"])
    assert refused.exit_code == 2 and "refused (write)" in refused.output
    bad = runner.invoke(cli_app, ["cypher", "MATCH (n RETURN n"])
    assert bad.exit_code == 2
    assert "line 1, column 10" in bad.output and "\n           ^" in bad.output
    assert fingerprint(loaded_graph) == curated_fingerprint
