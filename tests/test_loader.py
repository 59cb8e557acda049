"""Loading into the real Neo4j: counts, idempotence, dedup, isolation, atomicity, CSV, provenance."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.model import INTERNAL_LABELS, SCHEMA
from loaders.load import check_inputs, run_load
from loaders.vocab import vocabularies
from tests.conftest import RECORDS_DIR, SEED_RECORDS, curated_files, fingerprint, load_curated
from tests.test_records import VALID


def count(driver: neo4j.Driver, cypher: str, **params) -> int:
    records, _, _ = driver.execute_query(cypher, **params)
    return records[0][0]


def test_curated_records_counts(empty_graph, settings):
    report = load_curated(empty_graph, settings.neo4j_database)
    assert {f.status for f in report.files} == {"loaded"}
    good = [item.read() for item in check_inputs([RECORDS_DIR])[0]]
    expected = {
        "Instrument": {i.id for g in good for i in g.records.instruments},
        "Engagement": {e.id for g in good for e in g.records.engagements},
        "Organization": {o.id for g in good for o in g.records.organizations},
        "Person": {p.id for g in good for p in g.records.people},
        "Event": {e.id for g in good for e in g.records.events},
        "Source": {g.records.source.id for g in good},
    }
    for label, ids in expected.items():
        found = count(empty_graph, f"MATCH (n:{label}) RETURN count(n)")
        assert found == len(ids), label
    assert count(empty_graph, "MATCH (c:Country) RETURN count(c)") >= 249
    assert count(empty_graph, "MATCH (d:Domain) RETURN count(d)") == len(vocabularies().domains.concepts)
    # The spine: the oncology memorandum, which covers oncology, was signed by Ukraine's National
    # Cancer Institute; Ukraine itself signed the ministries' agreement, not the institutes' memorandum.
    assert count(empty_graph, "MATCH (:Organization {id: 'ua-national-cancer-institute'})-[:SIGNED]->"
                              "(i:Instrument {id: $id})-[:COVERS]->(:Domain {id: 'oncology'}) RETURN count(i)",
                 id="az-ua-moc-oncology-centres") == 1
    assert count(empty_graph, "MATCH (:Country)-[:SIGNED]->(:Instrument {id: $id}) RETURN count(*)",
                 id="az-ua-moc-oncology-centres") == 0
    assert count(empty_graph, "MATCH (:Country {id: 'UA'})-[:SIGNED]->(:Instrument {id: $id}) RETURN count(*)",
                 id="az-ua-agreement-health-medical-science") == 1
    assert count(empty_graph, "MATCH (:Instrument {id: $new})-[:RENEWS]->(:Instrument {id: $old}) RETURN count(*)",
                 new="az-ua-agreement-health-medical-science",
                 old="az-ua-agreement-health-medical-science-earlier") == 1


def test_every_fact_is_traced_to_its_sources(empty_graph, settings):
    load_curated(empty_graph, settings.neo4j_database)
    # Summaries are derived from the facts they count, and carry those facts' sources as source_ids.
    unsupported = count(empty_graph, "MATCH (n) WHERE NOT n:Country AND NOT n:Domain AND NOT n:LoadRun AND NOT n:GraphVersion "
                                     "AND NOT any(l IN labels(n) WHERE l IN $internal) "
                                     "AND (n.sources IS NULL OR size(n.sources) = 0) RETURN count(n)",
                        internal=sorted(str(label) for label in INTERNAL_LABELS))
    assert unsupported == 0
    dangling = count(empty_graph, "MATCH ()-[r]->() WHERE NOT type(r) IN ['BROADER', 'LOADED'] "
                                  "UNWIND coalesce(r.sources, [null]) AS s "
                                  "OPTIONAL MATCH (src:Source {id: s}) WITH r, src WHERE src IS NULL RETURN count(r)")
    assert dangling == 0
    # Each run is recorded with its inputs and their checksums.
    records, _, _ = empty_graph.execute_query(
        "MATCH (run:LoadRun) WITH run ORDER BY run.started DESC LIMIT 1 "
        "RETURN run.inputs AS inputs, run.checksums AS sums, COUNT { (run)-[:LOADED]->(:Source) } AS sources")
    files = len(curated_files())
    assert records[0]["sources"] == files and len(records[0]["sums"]) == files
    assert all(len(checksum) == 64 for checksum in records[0]["sums"])


def test_loading_twice_changes_nothing(empty_graph, settings):
    load_curated(empty_graph, settings.neo4j_database)
    before = fingerprint(empty_graph)
    again = load_curated(empty_graph, settings.neo4j_database)
    assert {f.status for f in again.files} == {"unchanged"}
    assert fingerprint(empty_graph) == before
    # One forced run of several files among the others (each curated file forced alone, in
    # another order, is test_several_sources'). A rewritten source goes last in `sources` lists.
    unordered = fingerprint(empty_graph, sources_as_sets=True)
    forced = run_load(empty_graph, settings.neo4j_database, list(SEED_RECORDS), force=True)
    assert forced.ok and [f.status for f in forced.files] == ["loaded"] * len(SEED_RECORDS)
    assert sum(forced.stats.created.values()) == 0 and sum(forced.stats.updated.values()) == 0
    assert fingerprint(empty_graph, sources_as_sets=True) == unordered


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_one_signing_reported_twice_is_one_instrument_with_two_sources(empty_graph, settings, tmp_path):
    _write(tmp_path, "first.yaml", VALID)
    second = VALID.replace("id: example-report", "id: second-report").replace(
        "Example Agency", "Another Agency").replace('"The memorandum was signed."', '"Both ministers signed it."')
    _write(tmp_path, "second.yaml", second)
    report = run_load(empty_graph, settings.neo4j_database, [tmp_path])
    assert report.ok, [str(p) for p in report.all_problems()]
    records, _, _ = empty_graph.execute_query(
        "MATCH (i:Instrument {id: 'az-ua-mou-example-2024'}) "
        "OPTIONAL MATCH (i)-[:EVIDENCED_BY]->(:Claim)-[:FROM_SOURCE]->(s:Source) "
        "RETURN count(DISTINCT i) AS instruments, i.sources AS sources, collect(DISTINCT s.id) AS cited")
    row = records[0]
    assert row["instruments"] == 1
    assert sorted(row["sources"]) == ["example-report", "second-report"]
    assert sorted(row["cited"]) == ["example-report", "second-report"]
    assert count(empty_graph, "MATCH (:Country)-[r:SIGNED]->(:Instrument {id: 'az-ua-mou-example-2024'}) "
                              "RETURN count(r)") == 2


def test_a_bad_file_writes_nothing_and_others_still_load(empty_graph, settings, tmp_path):
    _write(tmp_path, "good.yaml", VALID)
    bad = (VALID.replace("id: example-report", "id: bad-report")
           .replace("aa-ministry-of-health", "bb-ministry-only-in-bad-file")
           .replace("id: az-ua-mou-example-2024", "id: only-in-bad-file")
           .replace("[oncology, pediatrics]", "[oncolgy]"))
    _write(tmp_path, "bad.yaml", bad)
    report = run_load(empty_graph, settings.neo4j_database, [tmp_path])
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses == {"bad.yaml": "failed", "good.yaml": "loaded"}
    assert not report.ok
    assert any("did you mean 'oncology'" in p.message for p in report.all_problems())
    assert count(empty_graph, "MATCH (n) WHERE n.id IN ['only-in-bad-file', 'bb-ministry-only-in-bad-file', "
                              "'bad-report'] RETURN count(n)") == 0
    assert count(empty_graph, "MATCH (i:Instrument {id: 'az-ua-mou-example-2024'}) RETURN count(i)") == 1


def test_all_or_nothing_and_dry_run_write_nothing(empty_graph, settings, tmp_path):
    load_curated(empty_graph, settings.neo4j_database)
    before = fingerprint(empty_graph)
    _write(tmp_path, "good.yaml", VALID)
    _write(tmp_path, "bad.yaml", VALID.replace("id: example-report", "id: bad-report").replace(
        "country: Ukraine", "country: Atlantis"))
    report = run_load(empty_graph, settings.neo4j_database, [tmp_path], all_or_nothing=True)
    assert not report.ok
    assert fingerprint(empty_graph) == before
    dry = run_load(empty_graph, settings.neo4j_database, [tmp_path / "good.yaml"], dry_run=True)
    assert dry.ok and [f.status for f in dry.files] == ["checked"]
    assert fingerprint(empty_graph) == before


def test_a_changed_record_updates_in_place(empty_graph, settings, tmp_path):
    path = _write(tmp_path, "record.yaml", VALID)
    assert run_load(empty_graph, settings.neo4j_database, [path]).ok
    path.write_text(VALID.replace("Memorandum on oncology", "Memorandum on cancer care")
                    .replace("[oncology, pediatrics]", "[oncology]"))
    report = run_load(empty_graph, settings.neo4j_database, [path])
    assert report.ok and report.stats.updated["Instrument"] == 1
    records, _, _ = empty_graph.execute_query(
        "MATCH (i:Instrument {id: 'az-ua-mou-example-2024'}) "
        "RETURN i.title AS title, [(i)-[:COVERS]->(d) | d.id] AS domains, count(*) AS n")
    assert records[0]["title"] == "Memorandum on cancer care"
    assert records[0]["domains"] == ["oncology"]
    # The old quote's claim is the same text, so still one claim; nothing else lingers.
    assert count(empty_graph, "MATCH (n) WHERE 'example-report' IN n.sources RETURN count(n)") == count(
        empty_graph, "MATCH (n) WHERE n.sources = ['example-report'] RETURN count(n)")


def test_references_to_records_already_in_the_graph_resolve(empty_graph, settings, tmp_path):
    assert run_load(empty_graph, settings.neo4j_database, [_write(tmp_path / "a", "a.yaml", VALID)]).ok
    follow_up = """\
schema_version: 1
source: {id: follow-up-report, title: Follow-up, language: en, published: "2024-06-01"}
instruments:
  - id: az-ua-protocol-follow-up-2024
    type: protocol
    title: Protocol implementing the memorandum
    status: signed
    signed_date: "2024-05-30"
    parties:
      - {country: AZ, organization: aa-ministry-of-health}
      - {country: UA, organization: ua-ministry-of-health}
    domains: [cancer care]
    implements: [az-ua-mou-example-2024]
    evidence: [{quote: "A protocol was signed.", lang: en}]
"""
    report = run_load(empty_graph, settings.neo4j_database, [_write(tmp_path / "b", "b.yaml", follow_up)])
    assert report.ok, [str(p) for p in report.all_problems()]
    assert count(empty_graph, "MATCH (:Instrument {id: 'az-ua-protocol-follow-up-2024'})-[:IMPLEMENTS]->"
                              "(:Instrument {id: 'az-ua-mou-example-2024'}) RETURN count(*)") == 1
    # A domain given by an alternative label resolved to the concept.
    domains, _, _ = empty_graph.execute_query(
        "MATCH (:Instrument {id: 'az-ua-protocol-follow-up-2024'})-[:COVERS]->(d:Domain) RETURN d.id AS id")
    assert [r["id"] for r in domains] == ["oncology"]


def test_csv_table_import(empty_graph, settings, tmp_path):
    table = _write(tmp_path, "moh-agreements.csv",
                   "country,partner,date,type,subject,domains,status\n"
                   "Vietnam,Belarus,2024-10-08,Memorandum of Understanding,Health cooperation,public health;pharmaceuticals,signed\n"
                   "VN,Cuba;Laos,2023,agreement,Training of doctors,medical education,\n")
    report = run_load(empty_graph, settings.neo4j_database, [table])
    assert report.ok, [str(p) for p in report.all_problems()]
    records, _, _ = empty_graph.execute_query(
        "MATCH (i:Instrument)<-[:SIGNED]-(c:Country) WITH i, collect(c.id) AS countries "
        "RETURN i.id AS id, i.type AS type, i.status AS status, i.multilateral AS multi, "
        "[(i)-[:COVERS]->(d) | d.id] AS domains, countries ORDER BY id")
    rows = {r["id"]: r for r in records}
    assert set(rows) == {"by-vn-mou-health-cooperation-2024", "cu-la-vn-agreement-training-of-doctors-2023"}
    mou = rows["by-vn-mou-health-cooperation-2024"]
    assert mou["type"] == "memorandum-of-understanding" and sorted(mou["domains"]) == ["pharmaceuticals", "public-health"]
    assert rows["cu-la-vn-agreement-training-of-doctors-2023"]["multi"] is True
    assert rows["cu-la-vn-agreement-training-of-doctors-2023"]["status"] == "signed"
    # Evidence points back at the table row.
    quote = count(empty_graph, "MATCH (:Instrument {id: 'by-vn-mou-health-cooperation-2024'})-[:EVIDENCED_BY]->(c:Claim)"
                               "-[:FROM_SOURCE]->(s:Source {id: 'moh-agreements'}) RETURN c.quote")
    assert "partner=Belarus" in quote
    assert {f.status for f in run_load(empty_graph, settings.neo4j_database, [table]).files} == {"unchanged"}


def test_load_command_json_and_exit_code(empty_graph, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["load", str(RECORDS_DIR), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["ok"] and len(payload["files"]) == len(curated_files())
    assert payload["counts"]["nodes"]["Instrument"]["created"] > 0
    bad = _write(tmp_path, "bad.yaml", VALID.replace("country: Ukraine", "country: Atlantis"))
    result = runner.invoke(app, ["load", str(bad)])
    assert result.exit_code == 1
    assert "unknown country 'Atlantis'" in result.output


@pytest.mark.parametrize("flag", ["--dry-run"])
def test_dry_run_command_reports_checked(empty_graph, flag):
    result = CliRunner().invoke(app, ["load", str(RECORDS_DIR), flag, "--json"])
    assert result.exit_code == 0
    assert {f["status"] for f in json.loads(result.stdout)["files"]} == {"checked"}
    assert count(empty_graph, "MATCH (i:Instrument) RETURN count(i)") == 0


def test_load_fails_clearly_when_neo4j_is_down(tmp_path):
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "x", "PATH": "/usr/bin:/bin"}
    # A hang raises TimeoutExpired: the load must give up on the server, not wait for it.
    result = subprocess.run([sys.executable, "-m", "cli", "load", str(RECORDS_DIR)], env=env,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1
    assert f"Neo4j is not reachable at bolt://127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_relationship_joins_the_labels_the_model_declares(loaded_graph):
    # Queries rely on it: a party's SIGNED relationships are counted by degree (party_search),
    # since the model lets them end at an instrument only.
    ends: dict[str, tuple[set[str], set[str]]] = {}
    for edge in SCHEMA.edges.values():
        starts, targets = ends.setdefault(edge.type, (set(), set()))
        starts.update(edge.starts)
        targets.update(edge.ends)
    rows = loaded_graph.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS a, labels(b) AS b, count(*) AS n").records
    assert sum(row["n"] for row in rows) > 1000
    for row in rows:
        starts, targets = ends[row["type"]]
        assert "*" in starts or starts & set(row["a"]), (row["type"], row["a"])
        assert "*" in targets or targets & set(row["b"]), (row["type"], row["b"])
