"""The Neo4j every benchmark runs against: the bench instance, or a scratch server the caller names.

Benchmarks empty the database they measure, so they refuse any other database unless told
`--yes`, and a local bench instance they had to start is stopped again when they finish.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hdkg import PROJECT_ROOT

BENCH_HOME = PROJECT_ROOT / ".neo4j" / "bench"
BENCH_ENV = {"HDKG_NEO4J_HOME": str(BENCH_HOME), "HDKG_BOLT_PORT": "7693", "HDKG_HTTP_PORT": "7483"}


def console_say(console) -> Callable[[str], None]:
    def say(message: str) -> None:
        console.print(f"[dim]{dt.datetime.now():%H:%M:%S}[/] {message}", highlight=False)

    return say


@contextmanager
def bench_driver(allow_other: bool, say: Callable[[str], None]) -> Iterator[tuple[object, object]]:
    """(driver, settings) for the bench instance, started if needed; other databases only if allowed."""
    for name, value in BENCH_ENV.items():  # the bench instance unless the caller chose otherwise
        os.environ.setdefault(name, value)
    from graph.connection import open_driver
    from hdkg.settings import get_settings

    settings = get_settings()
    if settings.uses_external_server and not allow_other:
        raise SystemExit(f"NEO4J_URI is set ({settings.neo4j_uri}): this benchmark empties the database. "
                         "Pass --yes if that server is a scratch one.")
    if not settings.uses_external_server and Path(settings.neo4j_home).resolve() != BENCH_HOME and not allow_other:
        raise SystemExit(f"HDKG_NEO4J_HOME is {settings.neo4j_home}, not the bench instance {BENCH_HOME}: this "
                         "benchmark empties the database. Pass --yes if that instance is a scratch one.")
    started = None
    if not settings.uses_external_server:
        from graph.server import LocalNeo4j

        server = LocalNeo4j(settings, report=say)
        if server.pid() is None:
            server.start()
            started = server
    driver = open_driver(settings)
    try:
        yield driver, settings
    finally:
        driver.close()
        if started is not None:
            started.stop()
