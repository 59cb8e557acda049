"""`hdkg release`: the bundle written from the curated records in the real Neo4j, read back by the
tools it is for (frictionless, networkx, pyoxigraph, neo4j-admin), and served at /releases/latest."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import socket
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.main import create_app
from graph import release
from graph.connection import open_driver
from graph.model import INTERNAL_LABELS, INTERNAL_PROPERTIES
from graph.queries import run_query
from queries import registry
from graph.server import LocalNeo4j
from cli.main import app as cli_app
from loaders.load import rebuild_summaries_under_lock
from hdkg.settings import Settings, get_settings
from tests.conftest import SEED_RECORDS


#: The answers here were worked out by hand from the five seed reports: only their records are loaded.
GRAPH_RECORDS = SEED_RECORDS


@pytest.fixture(scope="module")
def bundle(loaded_graph, settings: Settings, tmp_path_factory) -> release.ReleaseReport:
    return release.make_release(loaded_graph, settings, tmp_path_factory.mktemp("releases"), today="2026.01.02")


#: The loader's summaries are derived from the facts, not released with them.
INTERNAL = sorted(str(label) for label in INTERNAL_LABELS)


def _graph_counts(driver) -> dict[str, int]:
    nodes = driver.execute_query("MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $internal) "
                                 "RETURN labels(n)[0] AS k, count(*) AS n", internal=INTERNAL).records
    rels = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n").records
    return {r["k"]: r["n"] for r in [*nodes, *rels]}


def release_lines(driver) -> list[str]:
    nodes = driver.execute_query("MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $internal) "
                                 "RETURN labels(n) AS labels, n.id AS id, properties(n) AS props", internal=INTERNAL).records
    rels = driver.execute_query("MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] AS al, a.id AS a, "
                                "labels(b)[0] AS bl, b.id AS b, properties(r) AS props").records
    return sorted(
        [json.dumps([r["labels"], r["id"], _public(r["props"])], sort_keys=True) for r in nodes]
        + [json.dumps([r["type"], r["al"], r["a"], r["bl"], r["b"], _public(r["props"])], sort_keys=True)
           for r in rels])


def _public(props: dict) -> dict:
    """A release leaves the loader's bookkeeping out."""
    return {k: v for k, v in props.items() if k not in INTERNAL_PROPERTIES}


def summary_lines(driver) -> list[str]:
    records = driver.execute_query("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $internal) "
                                   "RETURN labels(n) AS labels, properties(n) AS props", internal=INTERNAL).records
    return sorted(json.dumps([r["labels"], r["props"]], sort_keys=True) for r in records)


def release_fingerprint(driver) -> tuple[dict[str, int], str]:
    """Counts and a checksum of every node and relationship with its properties, as a release carries
    them: every label (load runs included), without the loader's bookkeeping property."""
    return _graph_counts(driver), hashlib.sha256("\n".join(release_lines(driver)).encode()).hexdigest()


def test_bundle_is_dated_versioned_and_latest(bundle):
    assert bundle.path.name == "hdkg-data-2026.01.02" and bundle.version == "2026.01.02"
    latest = bundle.path.parent / release.LATEST
    assert latest.is_symlink() and latest.resolve() == bundle.path.resolve()
    assert not [p for p in bundle.path.parent.iterdir() if p.name.endswith(".partial")]
    for name in ("README.md", "LICENSE.md", "datapackage.json", "SHA256SUMS", "rdf/hdkg.nt.gz", "rdf/hdkg.ttl.gz",
                 "csv/nodes/Instrument.csv", "csv/relationships/SIGNED.csv", "graphml/hdkg.graphml",
                 "graphml/cooperation/all.graphml", "graphml/cooperation/public-health.graphml", "jsonl/instruments.jsonl"):
        assert (bundle.path / name).is_file(), name


def test_a_second_release_the_same_day_gets_the_next_version(loaded_graph, settings, bundle):
    again = release.make_release(loaded_graph, settings, bundle.path.parent, today="2026.01.02")
    try:
        assert again.version == "2026.01.02.2"
        assert (bundle.path.parent / release.LATEST).resolve() == again.path.resolve()
        # The same graph gives the same bytes (gzip without timestamps), so checksums compare.
        for name in ("rdf/hdkg.nt.gz", "csv/nodes/Country.csv", "jsonl/instruments.jsonl"):
            assert release.sha256(again.path / name) == release.sha256(bundle.path / name)
    finally:
        shutil.rmtree(again.path)
        (bundle.path.parent / release.LATEST).unlink()
        (bundle.path.parent / release.LATEST).symlink_to(bundle.path.name)


def test_datapackage_is_valid_and_describes_every_file(bundle):
    assert release.validate_release(bundle.path) == []
    descriptor = json.loads((bundle.path / "datapackage.json").read_text())
    described = {resource["path"] for resource in descriptor["resources"]}
    on_disk = {str(p.relative_to(bundle.path)) for p in bundle.path.rglob("*") if p.is_file()}
    assert on_disk - described == {"datapackage.json", "SHA256SUMS"}
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in descriptor["resources"]:
        path = bundle.path / resource["path"]
        assert resource["hash"] == f"sha256:{release.sha256(path)}" and resource["bytes"] == path.stat().st_size
        if resource["type"] == "table":
            header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
            assert [f["name"] for f in resource["schema"]["fields"]] == header


def test_validation_catches_a_changed_file(bundle, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(bundle.path, copy)
    with (copy / "csv" / "nodes" / "Instrument.csv").open("a", encoding="utf-8") as handle:
        handle.write('Instrument:extra,extra,,not-a-boolean,,,,,,,,,,,,Instrument\n')
    problems = release.validate_release(copy)
    instrument = [problem for problem in problems if problem.startswith("csv-nodes-instrument-csv:")]
    assert any("hash-count" in problem for problem in instrument)
    assert any("type-error" in problem for problem in instrument)


def test_checksums_file(bundle):
    lines = (bundle.path / "SHA256SUMS").read_text().splitlines()
    assert len(lines) >= 10
    for line in lines:
        digest, name = line.split("  ", 1)
        assert release.sha256(bundle.path / name) == digest


def test_counts_match_the_graph(bundle, loaded_graph):
    assert bundle.counts == _graph_counts(loaded_graph)
    for info in bundle.files:
        if info.kind in ("nodes", "relationships"):
            lines = (bundle.path / info.path).read_text(encoding="utf-8").count("\n")
            assert info.rows == bundle.counts[Path(info.path).stem]
            assert lines >= info.rows + 1  # a header, and quoted values may span lines


def test_rdf_files_parse_back(bundle, loaded_graph, settings):
    expected = next(f.rows for f in bundle.files if f.path == "rdf/hdkg.nt.gz")
    for name, fmt in (("rdf/hdkg.nt.gz", ox.RdfFormat.N_TRIPLES), ("rdf/hdkg.ttl.gz", ox.RdfFormat.TURTLE)):
        with gzip.open(bundle.path / name, "rb") as handle:
            assert len(list(ox.parse(handle, fmt))) == expected


def test_graphml_reads_back_with_networkx(bundle, loaded_graph):
    counts = _graph_counts(loaded_graph)
    graph = nx.read_graphml(bundle.path / "graphml" / "hdkg.graphml", force_multigraph=True)
    node_total = sum(n for k, n in counts.items() if not k.isupper())
    assert graph.number_of_nodes() == node_total
    assert graph.number_of_edges() == sum(n for k, n in counts.items() if k.isupper())
    assert graph.nodes["Country:UA"]["name"] == "Ukraine" and graph.nodes["Country:UA"]["label"] == "Country"
    assert isinstance(graph.nodes["Instrument:az-ua-moc-oncology-centres"]["party_count"], int)


def test_cooperation_networks_match_the_canned_query(bundle, loaded_graph, settings):
    for domain, file_name in ((None, "all.graphml"), ("public-health", "public-health.graphml"),
                              ("medical-science", "medical-science.graphml")):
        canned = run_query(loaded_graph, registry().get("cooperation"), {"domain": domain}, settings=settings)
        expected = {(r["country_a"], r["country_b"]): r["instrument_count"] for r in canned.rows}
        assert expected, domain
        network = nx.read_graphml(bundle.path / "graphml" / "cooperation" / file_name)
        assert not network.is_directed()
        got = {tuple(sorted((a, b))): data["weight"] for a, b, data in network.edges(data=True)}
        assert got == expected, domain


def test_instruments_jsonl(bundle, loaded_graph):
    rows = [json.loads(line) for line in (bundle.path / "jsonl" / "instruments.jsonl").read_text().splitlines()]
    assert len(rows) == _graph_counts(loaded_graph)["Instrument"]
    by_id = {row["id"]: row for row in rows}
    oncology = by_id["az-ua-moc-oncology-centres"]
    assert {party["country"] for party in oncology["parties"]} == {"AZ", "UA"}
    assert "oncology" in oncology["domains"] and oncology["status_history"][-1]["status"] == oncology["status"]
    assert [s["id"] for s in oncology["sources"]] == ["azertac-undated-azerbaijan-ukraine-health-visit"]
    assert all(row["parties"] and row["sources"] for row in rows)


def test_array_delimiter_inside_a_value_is_refused():
    column = release.Column("aliases", "string[]")
    assert release._cell(["a", "b"], column, "Organization 'x'") == "a|b"
    with pytest.raises(release.ReleaseError, match="Organization 'x'.*aliases"):
        release._cell(["a|b"], column, "Organization 'x'")


def test_csv_lines_keep_empty_strings_apart_from_missing_values():
    assert release.csv_line(["a", None, "", 'say "hi"', "x,y", "two\nlines"]) == \
        'a,,"","say ""hi""","x,y","two\nlines"\n'


def test_releases_are_served(bundle, settings):
    with TestClient(create_app(settings.model_copy(update={"release_dir": bundle.path.parent}))) as client:
        listing = client.get("/releases/latest")
        assert listing.status_code == 200 and listing.json()["release"] == bundle.path.name
        csv_file = client.get("/releases/latest/csv/nodes/Instrument.csv")
        assert csv_file.status_code == 200 and csv_file.content == (bundle.path / "csv/nodes/Instrument.csv").read_bytes()
        assert client.get("/releases/latest/SHA256SUMS").headers["content-type"].startswith("text/plain")
        missing = client.get("/releases/latest/nothing.csv")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_release_file"
        escape = client.get("/releases/latest/..%2F..%2Fetc%2Fpasswd")
        assert escape.status_code == 404
    with TestClient(create_app(settings.model_copy(update={"release_dir": bundle.path.parent / "none"}))) as client:
        assert client.get("/releases/latest").json()["error"]["code"] == "no_release"


def test_cli_release(loaded_graph, tmp_path):
    result = CliRunner().invoke(cli_app, ["release", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "datapackage.json valid" in result.output
    assert (tmp_path / release.LATEST / "datapackage.json").is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.provisioning
def test_csv_files_load_back_with_neo4j_admin_into_an_empty_server(bundle, loaded_graph, tmp_path):
    if get_settings().uses_external_server:
        pytest.skip("needs the project's own Neo4j jars (NEO4J_URI names another server)")
    scratch = Settings(HDKG_NEO4J_HOME=tmp_path / "neo4j", HDKG_NEO4J_JARS=get_settings().jar_cache,
                       HDKG_BOLT_PORT=_free_port(), HDKG_HTTP_PORT=_free_port(), HDKG_NEO4J_HEAP="512m",
                       HDKG_NEO4J_PAGECACHE="128m", NEO4J_PASSWORD="scratch-password-1", NEO4J_URI=None)
    server = LocalNeo4j(scratch, report=lambda message: None)
    done = release.admin_import(server, bundle.path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout
    server.start()
    try:
        with open_driver(scratch) as imported:
            mine, theirs = set(release_lines(imported)), set(release_lines(loaded_graph))
            assert sorted(mine - theirs)[:5] == sorted(theirs - mine)[:5]  # shows what differs
            assert release_fingerprint(imported) == release_fingerprint(loaded_graph)
            # Summaries are not released: the imported graph has none until they are rebuilt.
            assert summary_lines(imported) == []
            rebuild_summaries_under_lock(imported, "neo4j")  # what `hdkg summaries` runs
            assert summary_lines(imported) == summary_lines(loaded_graph) != []
    finally:
        server.stop(quiet=True)
