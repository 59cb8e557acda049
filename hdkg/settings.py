"""Configuration: one pydantic-settings class read from the environment and `.env`.

Two ways to reach Neo4j:
- ``NEO4J_URI`` set: use that server (Docker, Aura, a cluster); nothing is started.
- unset: the project's own server, provisioned from Maven Central jars under
  ``HDKG_NEO4J_HOME`` and bound to 127.0.0.1.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from hdkg import PROJECT_ROOT

ENV_FILE = PROJECT_ROOT / ".env"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    neo4j_uri: str | None = Field(default=None, alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", alias="NEO4J_USER")
    neo4j_password: SecretStr | None = Field(default=None, alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", alias="NEO4J_DATABASE")

    # The project's own server (used only when NEO4J_URI is unset).
    neo4j_home: Path = Field(default=PROJECT_ROOT / ".neo4j" / "default", alias="HDKG_NEO4J_HOME")
    jar_cache: Path = Field(default=PROJECT_ROOT / ".cache" / "neo4j-lib", alias="HDKG_NEO4J_JARS")
    bolt_port: int = Field(default=7687, alias="HDKG_BOLT_PORT")
    http_port: int = Field(default=7474, alias="HDKG_HTTP_PORT")
    # Sized for a 2-core, 24 GiB machine shared with the API and the tests.
    heap_size: str = Field(default="2g", alias="HDKG_NEO4J_HEAP")
    pagecache_size: str = Field(default="2g", alias="HDKG_NEO4J_PAGECACHE")
    # Memory one transaction may use (db.memory.transaction.max); "0" leaves only the shared pool's limit.
    tx_memory_max: str = Field(default="0", alias="HDKG_NEO4J_TX_MEMORY")
    start_timeout_s: float = Field(default=120.0, alias="HDKG_NEO4J_START_TIMEOUT")

    # Linked data.
    base_iri: str = Field(default="https://w3id.org/hdkg/id/", alias="HDKG_BASE_IRI")

    # Query surface limits.
    query_timeout_s: float = Field(default=10.0, alias="HDKG_QUERY_TIMEOUT")
    row_cap: int = Field(default=5000, alias="HDKG_ROW_CAP")
    # Whether the API has the server plan every canned query when it starts (api/planning.py).
    plan_ahead: bool = Field(default=True, alias="HDKG_PLAN_AHEAD")
    # Answers the API keeps per process, keyed by graph version; 0 turns the cache off.
    answer_cache_size: int = Field(default=2048, ge=0, alias="HDKG_ANSWER_CACHE_SIZE")

    # Researchers' surfaces: read-only Cypher, SPARQL, releases (graph/readonly.py, graph/sparql_store.py).
    cypher_enabled: bool = Field(default=True, alias="HDKG_CYPHER_ENABLED")
    sparql_enabled: bool = Field(default=True, alias="HDKG_SPARQL_ENABLED")
    # Per client address, per process unless the storage is shared (the `limits` library's syntax).
    research_rate_limit: str = Field(default="60/minute", alias="HDKG_RESEARCH_RATE_LIMIT")
    rate_limit_storage: str = Field(default="memory://", alias="HDKG_RATE_LIMIT_STORAGE")
    # Where the SPARQL store is built; default beside the project's Neo4j data.
    sparql_store_dir: Path | None = Field(default=None, alias="HDKG_SPARQL_STORE")
    release_dir: Path = Field(default=PROJECT_ROOT / "releases", alias="HDKG_RELEASE_DIR")

    @property
    def sparql_store(self) -> Path:
        return Path(self.sparql_store_dir or Path(self.neo4j_home) / "sparql")
    # Input limits of validate and load: one file, and all the files of one load.
    max_file_bytes: int = Field(default=5 * 1024 * 1024, ge=1, alias="HDKG_MAX_FILE_BYTES")
    max_load_bytes: int = Field(default=2 * 1024 * 1024 * 1024, ge=1, alias="HDKG_MAX_LOAD_BYTES")

    @property
    def uses_external_server(self) -> bool:
        return bool(self.neo4j_uri)

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

    def password(self) -> str:
        """The Neo4j password; for the project's own server, generated once into `.env`."""
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        if self.uses_external_server:
            raise RuntimeError(
                f"NEO4J_URI is set to {self.neo4j_uri} but NEO4J_PASSWORD is not: "
                "set NEO4J_PASSWORD in the environment or in .env"
            )
        generated = secrets.token_urlsafe(18)
        existing = ENV_FILE.read_text(encoding="utf-8") if ENV_FILE.exists() else ""
        separator = "" if not existing or existing.endswith("\n") else "\n"
        # Created owner-only before the password is in it, not chmod-ed after.
        fd = os.open(ENV_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as env:
            env.write(f"{separator}NEO4J_PASSWORD={generated}\n")
        self.neo4j_password = SecretStr(generated)
        return generated


@lru_cache
def get_settings() -> Settings:
    return Settings()
