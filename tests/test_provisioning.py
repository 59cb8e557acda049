"""The project's own Neo4j: start, status, stop, start again; clear errors for bad credentials."""

from __future__ import annotations

import json
import os
import socket
import stat
import time
import urllib.request

import pytest
from fastapi.testclient import TestClient

import hdkg.settings as settings_module
from api.main import create_app
from graph.connection import GraphUnavailable, open_driver
from graph.server import LocalNeo4j, Neo4jServerError
from hdkg.settings import Settings, get_settings

pytestmark = pytest.mark.provisioning


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def scratch_settings(tmp_path_factory) -> Settings:
    """A second, throw-away server: its own home and ports, the shared jar cache."""
    home = tmp_path_factory.mktemp("neo4j-home")
    return Settings(
        HDKG_NEO4J_HOME=home,
        HDKG_NEO4J_JARS=get_settings().jar_cache,
        HDKG_BOLT_PORT=_free_port(),
        HDKG_HTTP_PORT=_free_port(),
        HDKG_NEO4J_HEAP="512m",
        HDKG_NEO4J_PAGECACHE="128m",
        NEO4J_PASSWORD="scratch-password-1",
        NEO4J_URI=None,
    )


@pytest.fixture(scope="module")
def scratch_server(scratch_settings: Settings):
    server = LocalNeo4j(scratch_settings, report=lambda message: None)
    yield server
    server.stop(quiet=True)


def test_start_status_stop_start_again(scratch_server: LocalNeo4j, scratch_settings: Settings):
    assert not scratch_server.status().running

    status = scratch_server.start()
    assert status.running and status.bolt_open
    assert status.uri == f"bolt://127.0.0.1:{scratch_settings.bolt_port}"
    first_pid = status.pid

    # A second start is harmless: same process, still answering.
    assert scratch_server.start().pid == first_pid

    with open_driver(scratch_settings) as driver:
        driver.execute_query("CREATE (:Marker {name: $name})", name="kept across restarts")
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD versions, edition RETURN *")
        assert records[0]["edition"] == "community"
        assert records[0]["versions"][0].startswith("5.26")

    assert scratch_server.stop() is True
    after_stop = scratch_server.status()
    assert not after_stop.running and not after_stop.bolt_open
    assert scratch_server.stop() is False  # stopping a stopped server is a no-op

    restarted = scratch_server.start()
    assert restarted.running and restarted.pid != first_pid
    with open_driver(scratch_settings) as driver:
        records, _, _ = driver.execute_query("MATCH (m:Marker) RETURN m.name AS name")
        assert [r["name"] for r in records] == ["kept across restarts"]


def test_server_listens_on_loopback_only(scratch_server: LocalNeo4j, scratch_settings: Settings):
    scratch_server.start()
    conf = (scratch_server.conf_dir / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.security.auth_enabled=true" in conf
    with open("/proc/net/tcp6") as tcp6, open("/proc/net/tcp") as tcp:
        listening = [line.split() for line in tcp.read().splitlines()[1:] + tcp6.read().splitlines()[1:]]
    port_hex = f"{scratch_settings.bolt_port:04X}"
    bound = [fields[1] for fields in listening if fields[3] == "0A" and fields[1].endswith(":" + port_hex)]
    assert bound, "Bolt port not listening"
    # 127.0.0.1, as IPv4 or IPv4-mapped IPv6; never the wildcard address.
    assert all(addr.split(":")[0] in {"0100007F", "0000000000000000FFFF00000100007F"} for addr in bound), bound


def test_advertised_addresses_follow_the_configured_ports(scratch_server: LocalNeo4j, scratch_settings: Settings):
    scratch_server.start()
    with open_driver(scratch_settings) as driver:
        records, _, _ = driver.execute_query(
            "CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers RETURN servers")
    addresses = {address for server in records[0]["servers"] for address in server["addresses"]}
    assert addresses == {f"127.0.0.1:{scratch_settings.bolt_port}"}
    with urllib.request.urlopen(f"http://127.0.0.1:{scratch_settings.http_port}/", timeout=10) as response:
        discovery = json.load(response)
    assert discovery["bolt_routing"] == f"neo4j://127.0.0.1:{scratch_settings.bolt_port}"
    assert discovery["bolt_direct"] == f"bolt://127.0.0.1:{scratch_settings.bolt_port}"


def test_server_files_are_owner_only(scratch_server: LocalNeo4j):
    scratch_server.start()
    for sub in ("conf", "data", "logs", "run"):
        assert stat.S_IMODE((scratch_server.home / sub).stat().st_mode) == 0o700, sub
    assert stat.S_IMODE((scratch_server.conf_dir / "neo4j.conf").stat().st_mode) == 0o600


def test_generated_password_file_is_created_owner_only(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    monkeypatch.setattr(settings_module, "ENV_FILE", env_file)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    created_modes = []
    real_open = os.open

    def recording_open(path, flags, mode=0o777, *args, **kwargs):
        if str(path) == str(env_file):
            created_modes.append(mode)
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(settings_module.os, "open", recording_open)
    password = Settings(_env_file=None).password()
    assert created_modes == [0o600]
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600 and password in env_file.read_text()


def test_password_is_not_written_to_logs_or_config(scratch_server: LocalNeo4j, scratch_settings: Settings):
    scratch_server.start()
    secret = scratch_settings.password()
    files = [p for p in scratch_server.home.rglob("*") if p.is_file() and p.suffix in {".log", ".conf", ".pid", ""}
             and p.stat().st_size < 50_000_000 and "data" not in p.relative_to(scratch_server.home).parts]
    assert any(p.name == "neo4j.conf" for p in files) and any(p.suffix == ".log" for p in files)
    leaked = [str(p) for p in files if secret in p.read_text(errors="replace")]
    assert leaked == []


@pytest.mark.timeout(60)  # fails rather than waits
def test_unreachable_uri_fails_fast_and_names_it():
    closed = _free_port()
    uri = f"bolt://127.0.0.1:{closed}"
    settings = Settings(NEO4J_URI=uri, NEO4J_PASSWORD="irrelevant")
    with pytest.raises(GraphUnavailable) as raised:
        open_driver(settings)
    assert uri in str(raised.value)
    assert "NEO4J_URI" in str(raised.value)


def _aliases(settings: Settings) -> dict:
    return {
        "HDKG_NEO4J_HOME": settings.neo4j_home,
        "HDKG_NEO4J_JARS": settings.jar_cache,
        "HDKG_BOLT_PORT": settings.bolt_port,
        "HDKG_HTTP_PORT": settings.http_port,
        "NEO4J_URI": None,
    }


def _answer_once_ready(client: TestClient, path: str, wait_s: float = 60.0):
    """The first answer that is not 503 (server still starting) or 504 (a freshly started
    server's first query, cold, can outlast the query timeout on a busy machine)."""
    deadline = time.monotonic() + wait_s
    while True:
        answer = client.get(path)
        if answer.status_code not in (503, 504) or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


@pytest.mark.timeout(300)  # the 503 is answered, not left waiting on the driver's retries
def test_api_answers_503_while_neo4j_is_down_and_recovers(scratch_server: LocalNeo4j, scratch_settings: Settings):
    scratch_server.start()
    with TestClient(create_app(scratch_settings)) as client:
        assert client.get("/health").json()["neo4j"]["status"] == "ok"
        assert _answer_once_ready(client, "/instruments").status_code == 200

        scratch_server.stop()
        down = client.get("/instruments")
        assert down.status_code == 503, down.text
        assert int(down.headers["Retry-After"]) > 0
        assert down.json()["error"]["code"] == "graph_unavailable"
        health = client.get("/health")
        assert health.status_code == 200 and health.json()["neo4j"]["status"] == "unavailable"

        scratch_server.start()
        answer = _answer_once_ready(client, "/instruments")
        assert answer.status_code == 200, answer.text
        assert client.get("/health").json()["status"] == "ok"


def test_wrong_password_is_a_clear_error(scratch_server: LocalNeo4j, scratch_settings: Settings):
    # Last in the module: failed logins make the server rate-limit every login for a while.
    scratch_server.start()
    wrong = Settings(**{**_aliases(scratch_settings), "NEO4J_PASSWORD": "not-the-password"})

    with pytest.raises(GraphUnavailable, match="rejected user 'neo4j'.*NEO4J_PASSWORD"):
        open_driver(wrong)
    with pytest.raises(Neo4jServerError, match="rejects the password.*initialised with another one"):
        LocalNeo4j(wrong, report=lambda message: None).start()
