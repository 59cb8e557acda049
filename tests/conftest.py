"""Shared fixtures: a driver to a real Neo4j 5.26 server, never a mock.

The server is the project's own (started here if `make test` has not already) or the one
NEO4J_URI names. Community edition has one user database, so tests isolate themselves by
clearing the graph before they write; on a server named by NEO4J_URI that only happens when
HDKG_TESTS_MAY_CLEAR=1 says the database is a scratch one.

Loading the curated records is the suite's largest repeated cost, so a module that only reads
them gets the graph the module before it loaded when every fact in it is still as loaded (see
`fingerprint`; no test reads another module's load runs), and modules reading the same records
run one after another (`pytest_collection_modifyitems`).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import yaml
from fastapi.testclient import TestClient

from api.main import create_app
from graph.connection import open_driver
from graph.model import Label
from graph.server import LocalNeo4j
from hdkg import PROJECT_ROOT
from hdkg.settings import Settings, get_settings
from loaders.load import run_load
from queries import parse_query_file

# API apps made by tests do not plan the canned queries ahead in a thread of their own (it would
# compete with the tests for the server); test_planning turns it on where it is tested.
os.environ.setdefault("HDKG_PLAN_AHEAD", "false")


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[neo4j.Driver]:
    started_here = None
    if not settings.uses_external_server:
        server = LocalNeo4j(settings)
        if server.pid() is None:
            server.start()
            started_here = server
    graph_driver = open_driver(settings)
    yield graph_driver
    graph_driver.close()
    if started_here is not None:
        started_here.stop()


@pytest.fixture
def oversized_query(driver: neo4j.Driver, settings: Settings, tmp_path):
    """A canned query over the server's per-transaction memory limit (`make test` sets one)."""
    with driver.session(database=settings.neo4j_database) as session:
        limit = session.run("SHOW SETTINGS YIELD name, value WHERE name = 'db.memory.transaction.max' "
                            "RETURN value").single()["value"]
    if limit in ("0", "0B", "0.00B"):
        pytest.skip("the server sets no per-transaction memory limit (make test sets HDKG_NEO4J_TX_MEMORY)")
    # A list of ten million strings is held whole: hundreds of MiB, over the test server's 256 MiB.
    path = tmp_path / "big.cypher"
    path.write_text("// name: big\n// description: d\n"
                    "UNWIND range(1, 10000000) AS x WITH collect(toString(x)) AS xs RETURN size(xs) AS n\n",
                    encoding="utf-8")
    return parse_query_file(path)


def _clear(driver: neo4j.Driver, settings: Settings) -> None:
    if settings.uses_external_server and os.environ.get("HDKG_TESTS_MAY_CLEAR") != "1":
        pytest.fail(
            f"tests would clear the database at {settings.neo4j_uri}; "
            "set HDKG_TESTS_MAY_CLEAR=1 if it is a scratch database"
        )
    with driver.session(database=settings.neo4j_database) as session:
        # Relationships first, then nodes, in batches: a DETACH DELETE of a node drags all its
        # relationships into one batch, which runs out of transaction memory on a large graph.
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture
def empty_graph(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The driver, with the test database emptied (data only; constraints stay)."""
    _clear(driver, settings)
    return driver


RECORDS_DIR = PROJECT_ROOT / "data" / "records"
RECORD_SUFFIXES = {".yaml", ".yml", ".json"}


def curated_files() -> list[Path]:
    """The curated record files a load of data/records/ reads, so counts follow the data."""
    return sorted(p for p in RECORDS_DIR.rglob("*") if p.is_file() and p.suffix in RECORD_SUFFIXES)


def curated_records() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in curated_files()]


def curated_instrument_ids() -> set[str]:
    """Instruments the curated files define (an `updates:` entry adds none)."""
    return {i["id"] for data in curated_records() for i in data.get("instruments") or []}


#: The records of the five seed reports: tests whose expected answers were worked out by hand
#: from these reports load only them, so a growing curated set does not move their answers.
SEED_RECORDS = tuple(RECORDS_DIR / name for name in (
    "azerbaijan-uzbekistan-2023-09-06-social-protection-meeting.yaml",
    "azertac-undated-azerbaijan-ukraine-health-visit.yaml",
    "kazinform-2021-11-04-kazakhstan-astrazeneca-mou.yaml",
    "kyrgyzstan-russia-undated-intergovernmental-commission-health.yaml",
    "vietnam-belarus-2024-10-08-health-mou-signing.yaml",
))


def load_curated(driver: neo4j.Driver, database: str, paths: tuple[Path, ...] = (RECORDS_DIR,)):
    """Load data/records/ (or the given record files) through the same path `hdkg load` takes."""
    report = run_load(driver, database, list(paths))
    assert report.ok, [str(problem) for problem in report.all_problems()]
    return report


def graph_contents(driver: neo4j.Driver, database: str | None = None, *,
                   bookkeeping: bool = True) -> tuple[list[list], list[list]]:
    """Every node as [labels, properties] and every relationship as [type, start labels, start
    id, end labels, end id, properties]; without `bookkeeping`, no load runs or graph version.
    Each comes back as one list in one row: a row per node costs the driver several times more."""
    nodes_where, rels_where = ("", "") if bookkeeping else (
        f"WHERE NOT n:{Label.LOAD_RUN} AND NOT n:{Label.GRAPH_VERSION}", f"WHERE NOT a:{Label.LOAD_RUN}")
    nodes = driver.execute_query(f"MATCH (n) {nodes_where} RETURN collect([labels(n), properties(n)]) AS rows",
                                 database_=database).records[0]["rows"]
    rels = driver.execute_query(
        f"MATCH (a)-[r]->(b) {rels_where} "
        "RETURN collect([type(r), labels(a), a.id, labels(b), b.id, properties(r)]) AS rows",
        database_=database).records[0]["rows"]
    return nodes, rels


def fingerprint(driver: neo4j.Driver, database: str | None = None, *,
                sources_as_sets: bool = False) -> tuple[dict[str, int], str]:
    """Counts per label and type, and a checksum of every node's and relationship's properties,
    equal only when no fact has changed. Load runs and the graph version are left out: a refused
    load records its run. With `sources_as_sets`, each `sources` list is sorted, as its order
    follows the load order."""
    def normal(props: dict) -> dict:
        return {**props, "sources": sorted(props["sources"])} if sources_as_sets and "sources" in props else props

    nodes, rels = graph_contents(driver, database, bookkeeping=False)
    counts: dict[str, int] = {}
    lines = []
    for labels, props in nodes:
        counts[labels[0]] = counts.get(labels[0], 0) + 1
        lines.append(json.dumps([sorted(labels), props.get("id"), normal(props)], sort_keys=True, default=str))
    for kind, _, start, _, end, props in rels:
        counts[kind] = counts.get(kind, 0) + 1
        lines.append(json.dumps([kind, start, end, normal(props)], sort_keys=True, default=str))
    return counts, hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def graph_records(module: object) -> tuple[Path, ...]:
    """The record files or folders a module's `loaded_graph` holds (`GRAPH_RECORDS`, else data/records/)."""
    return tuple(getattr(module, "GRAPH_RECORDS", (RECORDS_DIR,)))


@pytest.fixture(scope="session")
def _last_loaded() -> dict[str, object]:
    """What the last `loaded_graph` loaded, and the graph's state right after."""
    return {}


@pytest.fixture(scope="module")
def loaded_graph(request: pytest.FixtureRequest, driver: neo4j.Driver, settings: Settings,
                 _last_loaded: dict[str, object]) -> neo4j.Driver:
    """A graph holding exactly the curated records, or the record files the test module names in
    `GRAPH_RECORDS`: emptied and loaded for the module, unless it already is exactly that graph."""
    records = graph_records(request.module)
    database = settings.neo4j_database
    if _last_loaded.get("records") == records and _last_loaded.get("state") == fingerprint(driver, database):
        return driver
    _last_loaded.clear()
    _clear(driver, settings)
    load_curated(driver, database, records)
    _last_loaded.update(records=records, state=fingerprint(driver, database))
    return driver


@pytest.fixture(scope="module")
def client(loaded_graph: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    """The API over the loaded graph, through the app's own drivers (started and shut down as
    a server would); a module needing other settings or another graph defines its own."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Modules that read the same loaded graph run one after another (so it is loaded once), after
    the others; modules marked `plans_cleared` run last, since they drop the server's cached query
    plans and every statement after them is planned again. Tests keep their order in a module."""
    by_module: dict[object, list[pytest.Item]] = {}
    for item in items:
        by_module.setdefault(item.module, []).append(item)
    reading = {module for module, tests in by_module.items() if any("loaded_graph" in t.fixturenames for t in tests)}
    groups = list(dict.fromkeys(graph_records(module) for module in by_module if module in reading))

    def rank(module: object) -> tuple[int, int]:
        if any(test.get_closest_marker("plans_cleared") for test in by_module[module]):
            return (2, 0)
        if module in reading:
            return (1, groups.index(graph_records(module)))
        return (0, 0)

    order = {module: (rank(module), index) for index, module in enumerate(by_module)}
    items.sort(key=lambda item: order[item.module])
