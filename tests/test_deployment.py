"""docker-compose.yml cannot run here (no Docker engine); check what it must contain."""

from __future__ import annotations

import re
import tomllib

import yaml

from hdkg import PROJECT_ROOT


def _compose() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())


def test_compose_services_images_ports_and_health():
    services = _compose()["services"]
    assert set(services) == {"neo4j", "api"}
    neo4j, api = services["neo4j"], services["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    # Published on loopback only.
    assert sorted(neo4j["ports"]) == ["127.0.0.1:7474:7474", "127.0.0.1:7687:7687"]
    assert api["ports"] == ["127.0.0.1:8000:8000"]
    assert {"neo4j-data:/data", "neo4j-logs:/logs"} <= set(neo4j["volumes"])
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert "/health" in " ".join(api["healthcheck"]["test"])
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_compose_wires_the_api_by_environment_without_secrets():
    compose = _compose()
    api_env = compose["services"]["api"]["environment"]
    assert api_env["NEO4J_URI"] == "bolt://neo4j:7687"
    # Passwords come from the caller's environment, never from the file.
    assert re.fullmatch(r"\$\{NEO4J_PASSWORD:\?.+\}", api_env["NEO4J_PASSWORD"])
    assert compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD:?")


def test_dockerfile_serves_the_api_app():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11" in dockerfile
    assert '"api.main:app"' in dockerfile
    # Every package the project installs, and the data it reads.
    packages = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    folders = {package.split(".")[0] for package in packages} | {"ontology", "data"}
    assert {"cli", "hdkg", "graph", "queries"} <= folders
    for folder in sorted(folders):
        assert f"COPY {folder} ./{folder}" in dockerfile, f"the image lacks {folder}/"
