"""Running canned queries: read transactions with a timeout, a row cap and pagination.

Pagination is done by the server for every query: the runner runs the query's `paged_text`
with `SKIP offset LIMIT size + 1`, so Neo4j sorts what matches but builds the evidence lists of
the page only, and the extra row tells whether more follow. A page holds at most `row_cap`
rows, whatever the limit asked for. `total` is known, and given, when the page reaches the end
of the answer; counting a long answer would cost what paging saves, so it is not counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import neo4j
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from graph.errors import GraphUnavailable, ParameterError, QueryTimeout, QueryTooLarge
from hdkg.settings import Settings, get_settings

#: The largest offset a page may start at: far beyond any answer, and well inside the server's
#: 64-bit arithmetic for SKIP + LIMIT.
MAX_OFFSET = 1_000_000_000

#: Server error codes meaning the query ran out of time.
_TIMEOUT_CODES = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration")
#: Server error codes meaning the query ran out of memory: the pool all transactions share, the
#: limit of one transaction, the heap.
_MEMORY_CODES = ("General.MemoryPoolOutOfMemoryError", "General.TransactionOutOfMemoryError",
                 "General.OutOfMemoryError")


class RunnableQuery(Protocol):
    """What the runner needs of a query; queries.CannedQuery is one (this room does not import it)."""

    @property
    def name(self) -> str: ...

    @property
    def paged_text(self) -> str: ...

    def bind(self, raw: Mapping[str, Any] | None = None) -> dict[str, Any]: ...


class PlannableQuery(RunnableQuery, Protocol):
    def plan_parameters(self) -> list[dict[str, Any]]: ...


@dataclass
class QueryResult:
    query: str
    params: dict[str, Any]
    rows: list[dict[str, Any]]
    offset: int
    limit: int | None
    has_more: bool = False
    row_cap: int = 0
    columns: list[str] = field(default_factory=list)

    @property
    def total(self) -> int | None:
        """Rows in the whole answer, when this page shows where it ends; else None."""
        if self.has_more or (self.offset and not self.rows):
            return None
        return self.offset + len(self.rows)

    @property
    def truncated(self) -> bool:
        """More rows follow although no limit was asked for: the row cap cut the answer."""
        return self.has_more and (self.limit is None or self.limit > self.row_cap)

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "params": self.params, "total": self.total, "offset": self.offset,
                "limit": self.limit, "has_more": self.has_more, "truncated": self.truncated, "rows": self.rows}


def run_query(
    driver: neo4j.Driver,
    query: RunnableQuery,
    params: Mapping[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> QueryResult:
    """Run a parsed query (callers look names up in queries.registry()) with raw parameters.

    Raises ParameterError (queries.UnknownValue is one) for bad parameters, GraphUnavailable
    when Neo4j cannot be reached, QueryTimeout or QueryTooLarge when the server gives up.
    """
    settings = settings or get_settings()
    bound = query.bind(params)
    offset = max(offset, 0)
    if offset > MAX_OFFSET:
        raise ParameterError("offset", f"must be at most {MAX_OFFSET:,}", offset)
    cap = max(settings.row_cap, 1)
    size = cap if limit is None else min(max(limit, 0), cap)
    rows, columns = _read(driver, query, {**bound, "page_offset": offset, "page_size": size + 1}, settings)
    return QueryResult(query.name, bound, rows[:size], offset, limit, len(rows) > size, cap, columns)


def _read(driver: neo4j.Driver, canned: RunnableQuery, bound: dict[str, Any],
          settings: Settings) -> tuple[list[dict[str, Any]], list[str]]:
    statement = neo4j.Query(canned.paged_text, timeout=settings.query_timeout_s,
                            metadata={"app": "hdkg", "query": canned.name})
    try:
        with driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS,
                            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF) as session:
            result = session.run(statement, bound)
            columns = list(result.keys())
            rows = [_row(columns, record) for record in result]
    except (ServiceUnavailable, SessionExpired, AuthError) as error:
        raise GraphUnavailable(f"Neo4j is not reachable at {settings.uri}: {error}") from error
    except (TransientError, ClientError) as error:
        code = error.code or ""
        if code.endswith(_MEMORY_CODES):
            raise QueryTooLarge(
                f"query '{canned.name}' needed more memory than the server grants a transaction ({error.message}); "
                "narrow it with filters, or raise the server's transaction memory limits"
            ) from error
        if isinstance(error, TransientError) and "DatabaseUnavailable" in code:
            raise GraphUnavailable(f"database '{settings.neo4j_database}' is unavailable: {error.message}") from error
        if isinstance(error, ClientError) and code.endswith(_TIMEOUT_CODES):
            raise QueryTimeout(
                f"query '{canned.name}' took longer than {settings.query_timeout_s:g} s and was stopped"
            ) from error
        raise
    return rows, columns


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


#: Seconds the server may take to plan one statement ahead. Planning runs nothing, and on a
#: freshly started server the first statements planned take seconds (the planner's own code is
#: still being compiled), more than a query's timeout allows.
PLAN_TIMEOUT_S = 120.0


@dataclass
class PlanReport:
    """What plan_ahead did: statements planned, and the queries the server refused to plan."""

    planned: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def plan_ahead(driver: neo4j.Driver, queries: Iterable[PlannableQuery], settings: Settings | None = None,
               progress: Callable[[str], None] | None = None) -> PlanReport:
    """Have the server plan each query for each of its parameter sets, without running it.

    A query's first run on a freshly started server spends most of its time planning (seconds
    where a planned run takes milliseconds). EXPLAIN plans the statement and keeps the plan in
    the server's cache, where the statement's runs then find it. A query the server refuses is
    reported and the others are planned; GraphUnavailable is raised if the server goes away.
    """
    settings = settings or get_settings()
    report, started = PlanReport(), time.perf_counter()
    try:
        with driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS,
                            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF) as session:
            for query in queries:
                for bound in query.plan_parameters():
                    statement = neo4j.Query("EXPLAIN " + query.paged_text, timeout=PLAN_TIMEOUT_S,
                                            metadata={"app": "hdkg", "query": query.name, "plan": "ahead"})
                    try:
                        session.run(statement, bound).consume()
                    except AuthError:  # a Neo4jError, but the server's answer to every statement
                        raise
                    except Neo4jError as error:
                        report.failed[query.name] = f"{error.code}: {error.message}"
                        break
                    report.planned += 1
                if progress is not None:
                    progress(query.name)
    except (ServiceUnavailable, SessionExpired, AuthError) as error:
        raise GraphUnavailable(f"Neo4j is not reachable at {settings.uri}: {error}") from error
    report.seconds = time.perf_counter() - started
    return report
