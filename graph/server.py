"""The project's own Neo4j 5.26 Community server, provisioned from Maven Central jars.

No Docker engine is needed: Maven resolves the `org.neo4j:neo4j` jars (and Neo4j Browser)
described by ``graph/neo4j_server/pom.xml`` into a git-ignored cache, and the server runs as
a plain Java process bound to 127.0.0.1 with authentication on. Everything it writes (data,
logs, pid file, generated ``neo4j.conf``) lives under ``HDKG_NEO4J_HOME``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import neo4j
from neo4j.exceptions import AuthError

from hdkg.settings import Settings

POM = Path(__file__).resolve().parent / "neo4j_server" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
DEFAULT_PASSWORD = "neo4j"  # what a fresh Neo4j accepts once, to set the real password

# Neo4j's own launcher passes these on Java 17; without them Netty and the page cache
# fall back to slower paths or fail.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]

Report = Callable[[str], None]


class Neo4jServerError(RuntimeError):
    """Provisioning failed; the message says what to do."""


@dataclass(frozen=True)
class ServerStatus:
    home: Path
    uri: str
    http_url: str
    pid: int | None
    bolt_open: bool

    @property
    def running(self) -> bool:
        return self.pid is not None


class LocalNeo4j:
    """One server instance: its home folder, ports and password come from settings."""

    def __init__(self, settings: Settings, report: Report | None = None) -> None:
        self.settings = settings
        self.home = Path(settings.neo4j_home).resolve()
        self.jars = Path(settings.jar_cache).resolve()
        self.report: Report = report or (lambda message: print(message, file=sys.stderr))

    # -- paths -------------------------------------------------------------------------
    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "hdkg-neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.settings.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.http_port}/browser/"

    # -- jars --------------------------------------------------------------------------
    def _pom_digest(self) -> str:
        return hashlib.sha256(POM.read_bytes()).hexdigest()

    def jars_ready(self) -> bool:
        marker = self.jars / ".complete"
        return marker.exists() and marker.read_text().strip() == self._pom_digest()

    def ensure_jars(self) -> None:
        """Resolve the Neo4j jars with Maven once; later calls reuse the cache."""
        if self.jars_ready():
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise Neo4jServerError(
                "Maven (mvn) is not on PATH and the Neo4j jars are not cached in "
                f"{self.jars}. Install Maven 3.8+ and Java 17, or set NEO4J_URI to an existing server."
            )
        self.report(f"Resolving Neo4j Community jars from Maven Central into {self.jars} ...")
        if self.jars.exists():
            shutil.rmtree(self.jars)
        self.jars.mkdir(parents=True)
        started = time.monotonic()
        result = subprocess.run(
            [mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
             f"-DoutputDirectory={self.jars}", "-DincludeScope=runtime"],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-25:])
            raise Neo4jServerError(f"Maven could not resolve the Neo4j jars (exit {result.returncode}):\n{tail}")
        count = len(list(self.jars.glob("*.jar")))
        (self.jars / ".complete").write_text(self._pom_digest())
        self.report(f"Resolved {count} jars in {time.monotonic() - started:.0f} s.")

    # -- configuration -----------------------------------------------------------------
    def write_conf(self) -> Path:
        for sub in ("conf", "data", "logs", "plugins", "run", "import"):
            # Owner only: the system database holds the password hash, the logs hold queries.
            (self.home / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
            (self.home / sub).chmod(0o700)
        s = self.settings
        lines = [
            "# Generated by `hdkg neo4j start`; edits are overwritten at the next start.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{s.bolt_port}",
            # Without these the routing table and Browser's discovery name the default ports,
            # sending neo4j:// clients to whichever server holds them.
            f"server.bolt.advertised_address=127.0.0.1:{s.bolt_port}",
            "server.http.enabled=true",
            f"server.http.listen_address=127.0.0.1:{s.http_port}",
            f"server.http.advertised_address=127.0.0.1:{s.http_port}",
            "server.https.enabled=false",
            f"server.directories.data={self.home / 'data'}",
            f"server.directories.logs={self.logs_dir}",
            f"server.directories.plugins={self.home / 'plugins'}",
            f"server.directories.run={self.home / 'run'}",
            f"server.directories.import={self.home / 'import'}",
            f"server.memory.pagecache.size={s.pagecache_size}",
            f"db.memory.transaction.max={s.tx_memory_max}",
            "dbms.security.auth_enabled=true",
            "dbms.usage_report.enabled=false",
            # Queries from the API carry their own timeout; this guards everything else.
            "db.transaction.timeout=10m",
            # The default keeps two days of transaction logs: repeated large loads filled tens
            # of GB. A local server is not backed up incrementally, so keep a bounded amount.
            "db.tx_log.rotation.retention_policy=512M size",
        ]
        conf = self.conf_dir / "neo4j.conf"
        fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        conf.chmod(0o600)
        return conf

    # -- process -----------------------------------------------------------------------
    def pid(self) -> int | None:
        """The server's pid if the pid file names a live process of ours."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except FileNotFoundError:
            return None
        if ENTRY_POINT not in cmdline or str(self.home) not in cmdline:
            return None  # a recycled pid: not our server
        return pid

    def bolt_open(self) -> bool:
        return _port_open(self.settings.bolt_port)

    def status(self) -> ServerStatus:
        return ServerStatus(self.home, self.uri, self.http_url, self.pid(), self.bolt_open())

    def _java(self) -> str:
        java_home = os.environ.get("JAVA_HOME")
        java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
        if not java or not Path(java).exists():
            raise Neo4jServerError("Java 17 is needed to run Neo4j 5.26: no `java` on PATH or in JAVA_HOME.")
        return java

    def start(self) -> ServerStatus:
        """Start the server (idempotent) and return once Bolt accepts our credentials."""
        running = self.pid()
        if running is not None:
            self._wait_until_ready(running)
            self.report(f"Neo4j already running (pid {running}) at {self.uri}")
            return self.status()
        for port in (self.settings.bolt_port, self.settings.http_port):
            if _port_open(port):
                raise Neo4jServerError(
                    f"Port {port} on 127.0.0.1 is taken by another process. Stop it, or choose other "
                    "ports with HDKG_BOLT_PORT / HDKG_HTTP_PORT, or point NEO4J_URI at that server."
                )
        self.ensure_jars()
        self.write_conf()
        self.settings.password()  # generate it before the server exists, so it is never lost
        command = [
            self._java(), f"-Xms{self.settings.heap_size}", f"-Xmx{self.settings.heap_size}",
            *JVM_FLAGS, "-cp", str(self.jars / "*"), ENTRY_POINT,
            f"--home-dir={self.home}", f"--config-dir={self.conf_dir}",
        ]
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        with self.console_log.open("ab") as console:
            process = subprocess.Popen(
                command, cwd=self.home, stdin=subprocess.DEVNULL, stdout=console,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))
        self.report(f"Starting Neo4j 5.26 Community (pid {process.pid}), home {self.home} ...")
        try:
            self._wait_until_ready(process.pid, process)
        except BaseException:
            self.stop(quiet=True)
            raise
        self.report(f"Neo4j is up: {self.uri} (Browser: {self.http_url})")
        return self.status()

    def _wait_until_ready(self, pid: int, process: subprocess.Popen | None = None) -> None:
        deadline = time.monotonic() + self.settings.start_timeout_s
        while not self.bolt_open():
            if process is not None and process.poll() is not None:
                raise Neo4jServerError(
                    f"Neo4j exited with code {process.returncode} while starting.\n{self._log_tail()}"
                )
            if time.monotonic() > deadline:
                raise Neo4jServerError(
                    f"Neo4j did not open Bolt on {self.uri} within {self.settings.start_timeout_s:.0f} s.\n"
                    f"{self._log_tail()}"
                )
            time.sleep(0.25)
        self._ensure_password()

    def _ensure_password(self) -> None:
        """Check our password; on a fresh database, replace the default one with it."""
        password = self.settings.password()
        user = self.settings.neo4j_user
        try:
            _verify(self.uri, user, password)
            return
        except AuthError:
            pass
        try:
            with neo4j.GraphDatabase.driver(self.uri, auth=(user, DEFAULT_PASSWORD)) as driver:
                driver.execute_query(
                    "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                    old=DEFAULT_PASSWORD, new=password, database_="system",
                )
        except AuthError as error:
            raise Neo4jServerError(
                f"The Neo4j server in {self.home} rejects the password from NEO4J_PASSWORD/.env for "
                f"user '{user}': it was initialised with another one. Set NEO4J_PASSWORD to that "
                f"password, or run `hdkg neo4j stop` and delete {self.home / 'data'} to start with an "
                "empty graph."
            ) from error
        _verify(self.uri, user, password)

    def _log_tail(self, lines: int = 20) -> str:
        for log in (self.logs_dir / "neo4j.log", self.console_log):
            if log.exists():
                tail = log.read_text(errors="replace").splitlines()[-lines:]
                return f"Last lines of {log}:\n" + "\n".join(tail)
        return f"No log was written in {self.logs_dir}."

    def stop(self, timeout_s: float = 60.0, quiet: bool = False) -> bool:
        """Shut the server down cleanly (SIGTERM), forcing it only after `timeout_s`."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            if not quiet:
                self.report("Neo4j is not running.")
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            self.report(f"Neo4j (pid {pid}) did not stop within {timeout_s:.0f} s; killing it.")
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        if not quiet:
            self.report(f"Neo4j stopped (pid {pid}).")
        return True


def _verify(uri: str, user: str, password: str) -> None:
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
        driver.verify_connectivity()


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


__all__ = ["LocalNeo4j", "Neo4jServerError", "ServerStatus"]
