"""Running canned queries: read transactions with a timeout, a row cap and pagination.

Pagination is done the same way for every query: the query runs once, unpaginated, and at
most `row_cap` rows are read; `total` is the number of rows read and the page is sliced from
them. A query that would return more than `row_cap` rows reports `truncated`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable, SessionExpired, TransientError

from graph.connection import GraphUnavailable
from hdkg.settings import Settings, get_settings
from queries import CannedQuery, registry

#: Server error codes meaning the query ran out of time.
_TIMEOUT_CODES = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration")


class QueryTimeout(RuntimeError):
    """The server stopped a query that ran longer than the configured timeout."""


@dataclass
class QueryResult:
    query: str
    params: dict[str, Any]
    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int | None
    truncated: bool = False
    row_cap: int = 0
    columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "params": self.params, "total": self.total, "offset": self.offset,
                "limit": self.limit, "truncated": self.truncated, "rows": self.rows}


def run_query(
    driver: neo4j.Driver,
    query: CannedQuery | str,
    params: Mapping[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> QueryResult:
    """Run a canned query (object or name) with raw parameters, checked by its header.

    Raises queries.ParameterError (or its subclass UnknownValue) for bad parameters,
    GraphUnavailable when Neo4j cannot be reached, QueryTimeout when the server gives up.
    """
    settings = settings or get_settings()
    canned = registry().get(query) if isinstance(query, str) else query
    bound = canned.bind(params)
    offset = max(offset, 0)
    cap = max(settings.row_cap, 1)
    rows, columns, truncated = _read(driver, canned, bound, settings, cap)
    page = rows[offset:] if limit is None else rows[offset:offset + max(limit, 0)]
    return QueryResult(canned.name, bound, page, len(rows), offset, limit, truncated, cap, columns)


def _read(driver: neo4j.Driver, canned: CannedQuery, bound: dict[str, Any], settings: Settings,
          cap: int) -> tuple[list[dict[str, Any]], list[str], bool]:
    statement = neo4j.Query(canned.text, timeout=settings.query_timeout_s,
                            metadata={"app": "hdkg", "query": canned.name})
    rows: list[dict[str, Any]] = []
    truncated = False
    try:
        with driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS,
                            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF) as session:
            result = session.run(statement, bound)
            columns = list(result.keys())
            for record in result:
                if len(rows) >= cap:
                    truncated = True
                    break
                rows.append(_row(columns, record))
    except (ServiceUnavailable, SessionExpired, AuthError) as error:
        raise GraphUnavailable(f"Neo4j is not reachable at {settings.uri}: {error}") from error
    except TransientError as error:
        if error.code and "DatabaseUnavailable" in error.code:
            raise GraphUnavailable(f"database '{settings.neo4j_database}' is unavailable: {error.message}") from error
        raise
    except ClientError as error:
        if error.code and any(code in error.code for code in _TIMEOUT_CODES):
            raise QueryTimeout(
                f"query '{canned.name}' took longer than {settings.query_timeout_s:g} s and was stopped"
            ) from error
        raise
    return rows, columns, truncated


#: Values Record.data() would turn into dicts; canned queries return projections, not these.
_GRAPH_TYPES = (neo4j.graph.Node, neo4j.graph.Relationship, neo4j.graph.Path)


def _row(columns: list[str], record: neo4j.Record) -> dict[str, Any]:
    """The record as a dict of its columns.

    Record.data() walks every nested value in Python to convert graph entities, which costs more
    than the query itself on large answers; the canned queries return maps, lists and scalars, so
    the walk is taken only for a record holding an entity at the top level.
    """
    if any(isinstance(value, _GRAPH_TYPES) for value in record):
        return record.data()
    return dict(zip(columns, record))


def graph_status(driver: neo4j.Driver, settings: Settings | None = None) -> dict[str, Any]:
    """Whether Neo4j answers, and which server it is; raises GraphUnavailable if it does not."""
    settings = settings or get_settings()
    try:
        info = driver.get_server_info()  # connects as verify_connectivity() would: one check, not two
    except (ServiceUnavailable, SessionExpired, AuthError, OSError) as error:
        raise GraphUnavailable(f"Neo4j is not reachable at {settings.uri}: {error}") from error
    return {"uri": settings.uri, "database": settings.neo4j_database, "server": info.agent,
            "protocol": ".".join(str(part) for part in info.protocol_version)}
