"""The Neo4j driver: one per process, for the project's own server or NEO4J_URI."""

from __future__ import annotations

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable

from graph.errors import GraphUnavailable
from hdkg.settings import Settings, get_settings

CONNECT_TIMEOUT_S = 5.0


def open_driver(settings: Settings | None = None, verify: bool = True,
                retry_time_s: float = CONNECT_TIMEOUT_S) -> neo4j.Driver:
    """A driver for the configured server, checked to answer (fails fast, naming the URI).

    `retry_time_s` bounds how long managed transactions retry transient errors (deadlocks,
    a leader switch, a dropped connection), with the driver's exponential backoff.
    """
    settings = settings or get_settings()
    driver = neo4j.GraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.password()),
        connection_timeout=CONNECT_TIMEOUT_S,
        connection_acquisition_timeout=CONNECT_TIMEOUT_S,
        max_transaction_retry_time=retry_time_s,
        # The statements name labels and properties from the model; on a graph that holds none
        # of them yet the server would warn of each "unknown" name, once per statement.
        notifications_disabled_classifications=[neo4j.NotificationDisabledClassification.UNRECOGNIZED],
    )
    if verify:
        try:
            driver.verify_connectivity()
        except AuthError as error:
            driver.close()
            raise GraphUnavailable(
                f"Neo4j at {settings.uri} rejected user '{settings.neo4j_user}': check NEO4J_USER / "
                "NEO4J_PASSWORD (environment or .env)."
            ) from error
        except (ServiceUnavailable, OSError) as error:
            driver.close()
            hint = (
                "check that server is up and NEO4J_URI is right"
                if settings.uses_external_server
                else "start the project's server with `hdkg neo4j start`, or set NEO4J_URI"
            )
            raise GraphUnavailable(f"Neo4j is not reachable at {settings.uri}: {hint}.") from error
    return driver
