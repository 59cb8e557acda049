"""Read-only Cypher for researchers: any statement the planner shows to be a pure read.

Neo4j Community has no read-only users, so the guard is the query plan. Each statement is
first planned with `EXPLAIN` (which runs nothing) and refused when the plan

- writes (query type other than read, or a writing operator such as Create, Merge, SetProperty,
  Delete, Foreach);
- touches the schema or the DBMS (index and constraint commands, SHOW and TERMINATE commands,
  administration commands);
- loads files (LoadCSV);
- calls a procedure outside `READ_PROCEDURES`;
- runs `CALL {...} IN TRANSACTIONS` (TransactionForeach / TransactionApply);
- runs any operator on a database other than the configured one (operators are named
  `Operator@database`);
- or is not exactly one statement.

A statement that passes then runs in a READ access-mode transaction, which the server itself
refuses to write in, with the configured timeout; at most `row_cap` rows are read and the
transaction is rolled back whatever happened. The server's per-transaction memory limit
(`db.memory.transaction.max`, HDKG_NEO4J_TX_MEMORY for the project's own server) bounds its
memory; a statement over it fails with QueryTooLarge.

Values travel only as parameters; the statement text is never edited, only prefixed with
`EXPLAIN` for planning.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j
import neo4j.graph
import neo4j.spatial
import neo4j.time
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable, SessionExpired, TransientError
from neo4j.exceptions import CypherSyntaxError as ServerSyntaxError

from graph.connection import GraphUnavailable
from graph.errors import QueryTimeout, QueryTooLarge
from hdkg.settings import Settings

#: Longest statement accepted, in characters: far above any hand-written query.
MAX_STATEMENT_CHARS = 20_000

#: Read procedures a researcher may call: the graph's labels, types, keys and shape, and the
#: full-text and vector index searches. Everything else (dbms.*, db.create*, tx.*, apoc.*...)
#: is refused, whatever mode it declares.
READ_PROCEDURES = frozenset({
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.schema.visualization",
    "db.schema.nodeTypeProperties",
    "db.schema.relTypeProperties",
    "db.index.fulltext.queryNodes",
    "db.index.fulltext.queryRelationships",
    "db.index.vector.queryNodes",
    "db.index.vector.queryRelationships",
})

#: Plan operators that write, by name (the query type catches these too; this names the reason).
_WRITE_OPERATORS = frozenset({
    "Create", "Merge", "SetProperty", "SetProperties", "SetPropertiesFromMap", "SetNodeProperty",
    "SetNodeProperties", "SetNodePropertiesFromMap", "SetRelationshipProperty", "SetRelationshipProperties",
    "SetRelationshipPropertiesFromMap", "SetLabels", "RemoveLabels", "Delete", "DetachDelete",
    "DeleteNode", "DetachDeleteNode", "DeleteRelationship", "DeletePath", "DetachDeletePath",
    "DeleteExpression", "DetachDeleteExpression", "Foreach", "ForeachApply", "LockNodes",
})
_TRANSACTION_OPERATORS = frozenset({"TransactionForeach", "TransactionApply"})
_SCHEMA_PREFIXES = ("Create", "Drop", "DoNothingIfExists", "AssertIndex", "AssertConstraint")
_ADMIN_PREFIXES = ("Show", "Terminate", "AdministrationCommand", "Alter", "Grant", "Deny", "Revoke",
                   "Start", "Stop", "Enable", "Rename")

_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")
_MULTIPLE = "Expected exactly one statement per query"
_PREFIX = "EXPLAIN "
#: EXPLAIN, PROFILE or CYPHER options at the start, after any whitespace and comments.
_OPTIONS = re.compile(r"(?:\s|//[^\n]*(?:\n|$)|/\*.*?\*/)*(EXPLAIN|PROFILE|CYPHER)\b", re.I | re.S)
#: Server error codes meaning the query ran out of time or memory (as graph.queries reads them).
_TIMEOUT_CODES = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration")
_MEMORY_CODES = ("General.MemoryPoolOutOfMemoryError", "General.TransactionOutOfMemoryError",
                 "General.OutOfMemoryError")
_INT64 = (-(2**63), 2**63 - 1)


class CypherRefused(ValueError):
    """The statement is not a plain read of the configured database; `reason` says which rule."""

    def __init__(self, reason: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.reason, self.message, self.details = reason, message, {"reason": reason, **(details or {})}


class CypherSyntaxError(ValueError):
    """The statement does not parse; line, column and offset point into the text as sent."""

    def __init__(self, message: str, line: int | None, column: int | None, offset: int | None,
                 server_message: str) -> None:
        super().__init__(message)
        self.message = message
        self.details = {"line": line, "column": column, "offset": offset, "server_message": server_message}


class CypherParameterError(ValueError):
    """A parameter the server cannot take; names it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"parameter '{name}': {message}")
        self.name = name


@dataclass
class CypherResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    row_cap: int
    plan_operators: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"columns": self.columns, "rows": self.rows, "row_count": len(self.rows),
                "truncated": self.truncated, "row_cap": self.row_cap}

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


# -- checking ---------------------------------------------------------------------------------

def _check_text(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise CypherRefused("empty", "the query is empty: send one Cypher statement")
    if len(text) > MAX_STATEMENT_CHARS:
        raise CypherRefused("too_long", f"the query has {len(text):,} characters; at most {MAX_STATEMENT_CHARS:,} "
                            "are accepted", {"length": len(text), "max": MAX_STATEMENT_CHARS})
    if "\x00" in text:
        raise CypherRefused("control_character", "the query holds a NUL character")
    if not _encodable(text):
        raise CypherRefused("encoding", "the query holds characters that are not valid Unicode (lone surrogates)")
    option = _OPTIONS.match(text)
    if option:
        # The statement is planned as "EXPLAIN <text>"; options in front would change what runs.
        raise CypherRefused("query_options", f"query options ({option.group(1).upper()}) are not accepted: "
                            "send the statement alone", {"option": option.group(1).upper()})
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_parameters(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Parameters as the driver takes them: names are strings, integers fit in 64 bits."""
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise CypherParameterError("parameters", "must be an object of name: value")

    def check(name: str, value: Any) -> None:
        if isinstance(value, str):
            if not _encodable(value):
                raise CypherParameterError(name, "holds characters that are not valid Unicode (lone surrogates)")
            return
        if isinstance(value, bool) or value is None or isinstance(value, float):
            return
        if isinstance(value, int):
            if not _INT64[0] <= value <= _INT64[1]:
                raise CypherParameterError(name, f"integer {value} does not fit in Cypher's 64-bit INTEGER")
            return
        if isinstance(value, list):
            for item in value:
                check(name, item)
            return
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str) or not _encodable(key):
                    raise CypherParameterError(name, "map keys must be strings")
                check(name, item)
            return
        raise CypherParameterError(name, f"values of type {type(value).__name__} are not accepted")

    checked: dict[str, Any] = {}
    for name, value in params.items():
        if not isinstance(name, str) or not name:
            raise CypherParameterError(str(name), "parameter names must be non-empty strings")
        check(name, value)
        checked[name] = value
    return checked


def _syntax_error(error: ClientError, shift: int) -> CypherRefused | CypherSyntaxError:
    message = error.message or str(error)
    first = message.splitlines()[0] if message else "syntax error"
    if _MULTIPLE in message:
        return CypherRefused("multiple_statements", "send one statement at a time: the text holds more than one",
                             {"server_message": first})
    match = _POSITION.search(first)
    if not match:
        return CypherSyntaxError(f"syntax error: {first}", None, None, None, first)
    line, column, offset = (int(group) for group in match.groups())
    # The planner saw "EXPLAIN " in front of the text (shift): give the position in the text as sent.
    offset = max(offset - shift, 0)
    if line == 1:
        column = max(column - shift, 1)
    reason = _POSITION.sub("", first).strip().rstrip(".")
    return CypherSyntaxError(f"syntax error at line {line}, column {column}: {reason}", line, column, offset, reason)


def _operators(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children", ()) or ():
        yield from _operators(child)


def _procedure_name(details: str) -> str:
    return details.split("(", 1)[0].strip().strip("`")


def check_plan(plan: Mapping[str, Any], query_type: str | None, database: str) -> list[str]:
    """The plan's operator names; raises CypherRefused naming the first rule the plan breaks."""
    names = []
    for operator in _operators(plan):
        full = str(operator.get("operatorType", ""))
        name, _, where = full.partition("@")
        names.append(name)
        details = str((operator.get("args") or {}).get("Details", ""))
        if where and where != database:
            raise CypherRefused("other_database", f"the query reaches database '{where}'; only '{database}' "
                                "may be read here", {"database": where, "operator": name})
        if name == "LoadCSV":
            raise CypherRefused("load_csv", "LOAD CSV reads files and URLs; it is not allowed here",
                                {"operator": name})
        if name in _TRANSACTION_OPERATORS:
            raise CypherRefused("in_transactions", "CALL { ... } IN TRANSACTIONS commits its own transactions; "
                                "it is not allowed here", {"operator": name})
        if name == "ProcedureCall":
            procedure = _procedure_name(details)
            if procedure not in READ_PROCEDURES:
                raise CypherRefused("procedure", f"procedure '{procedure}' is not one of the read procedures "
                                    f"allowed: {', '.join(sorted(READ_PROCEDURES))}",
                                    {"procedure": procedure, "allowed": sorted(READ_PROCEDURES)})
        if name.startswith(_ADMIN_PREFIXES):
            raise CypherRefused("administration", f"administration and SHOW commands ({name}) are not allowed here",
                                {"operator": name})
        if name in _WRITE_OPERATORS:
            raise CypherRefused("write", f"the query writes ({name}); only reads are allowed here",
                                {"operator": name})
        if name.startswith(_SCHEMA_PREFIXES):
            raise CypherRefused("schema", f"the query changes the schema ({name}); only reads are allowed here",
                                {"operator": name})
    if query_type == "s":
        raise CypherRefused("schema", "the query touches the schema or the DBMS; only reads are allowed here",
                            {"query_type": query_type})
    if query_type != "r":
        raise CypherRefused("write", "the query writes; only reads are allowed here", {"query_type": query_type})
    return names


def _translate(error: Exception, settings: Settings) -> Exception:
    if isinstance(error, (ServiceUnavailable, SessionExpired, AuthError)):
        return GraphUnavailable(f"Neo4j is not reachable at {settings.uri}: {error}")
    if isinstance(error, (TransientError, ClientError)):
        code = error.code or ""
        if code.endswith(_MEMORY_CODES):
            return QueryTooLarge("the query needed more memory than the server grants a transaction "
                                 f"({error.message}); narrow it, or aggregate before collecting")
        if code.endswith("DatabaseNotFound"):
            return CypherRefused("other_database", f"the query names another database ({error.message}); only "
                                 f"'{settings.neo4j_database}' may be read here", {"server_message": error.message})
        if "DatabaseUnavailable" in code:
            return GraphUnavailable(f"database '{settings.neo4j_database}' is unavailable: {error.message}")
        if code.endswith(_TIMEOUT_CODES) or "Terminated" in code:
            return QueryTimeout(f"the query took longer than {settings.query_timeout_s:g} s and was stopped")
        if code.endswith("ProcedureNotFound"):
            match = re.search(r"name `([^`]+)`", error.message or "")
            procedure = match.group(1) if match else "?"
            return CypherRefused("procedure", f"there is no procedure '{procedure}' on this server, and only "
                                 f"these read procedures are allowed: {', '.join(sorted(READ_PROCEDURES))}",
                                 {"procedure": procedure, "allowed": sorted(READ_PROCEDURES)})
        if code.endswith("ForbiddenDueToTransactionType") or code.endswith("AccessMode") or \
                "read access mode" in (error.message or "").lower():
            return CypherRefused("write", "the query writes; only reads are allowed here",
                                 {"server_message": error.message})
        if code.endswith(("ParameterMissing",)):
            return CypherParameterError("parameters", error.message or "a parameter is missing")
        if isinstance(error, ClientError):
            first = (error.message or code).splitlines()[0] if (error.message or code) else "no reason given"
            return CypherRefused("rejected", f"the server rejected the query: {first}", {"server_code": code})
    return error


# -- running ----------------------------------------------------------------------------------

def plan(driver: neo4j.Driver, text: str, params: Mapping[str, Any] | None, settings: Settings) -> list[str]:
    """Plan the statement with EXPLAIN and check the plan; returns the operators, raises on refusal."""
    text = _check_text(text)
    params = check_parameters(params)
    try:
        with driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS,
                            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF) as session:
            summary = session.run(neo4j.Query(_PREFIX + text, timeout=settings.query_timeout_s), params).consume()
    except ServerSyntaxError as error:
        raise _syntax_error(error, len(_PREFIX)) from None
    except (ServiceUnavailable, SessionExpired, AuthError, TransientError, ClientError) as error:
        raise _translate(error, settings) from error
    if summary.plan is None:
        raise CypherRefused("no_plan", "the server gave no plan for this statement, so it cannot be checked")
    return check_plan(summary.plan, summary.query_type, settings.neo4j_database)


def run_readonly(driver: neo4j.Driver, text: str, params: Mapping[str, Any] | None = None, *,
                 settings: Settings, row_cap: int | None = None) -> CypherResult:
    """Check the statement's plan, then run it in a READ transaction that is always rolled back."""
    params = check_parameters(params)
    operators = plan(driver, text, params, settings)
    cap = max(row_cap if row_cap is not None else settings.row_cap, 1)
    rows: list[list[Any]] = []
    truncated = False
    try:
        with driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS,
                            fetch_size=min(cap + 1, 1000),
                            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF) as session:
            tx = session.begin_transaction(timeout=settings.query_timeout_s,
                                           metadata={"app": "hdkg", "surface": "cypher"})
            try:
                result = tx.run(text, params)
                columns = list(result.keys())
                for record in result:
                    if len(rows) == cap:
                        truncated = True
                        break
                    rows.append([to_json(value) for value in record.values()])
            finally:
                # A read transaction has nothing to keep; rolling back also discards unread rows.
                if not tx.closed():
                    tx.rollback()
    except ServerSyntaxError as error:
        raise _syntax_error(error, 0) from None
    except (ServiceUnavailable, SessionExpired, AuthError, TransientError, ClientError) as error:
        raise _translate(error, settings) from error
    return CypherResult(columns, rows, truncated, cap, operators)


# -- values -----------------------------------------------------------------------------------

def to_json(value: Any) -> Any:
    """A driver value as JSON: nodes, relationships and paths as maps, temporal values as ISO 8601."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, neo4j.graph.Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": {k: to_json(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"element_id": value.element_id, "type": value.type,
                "start": value.start_node.element_id if value.start_node else None,
                "end": value.end_node.element_id if value.end_node else None,
                "properties": {k: to_json(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [to_json(n) for n in value.nodes],
                "relationships": [to_json(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time, neo4j.time.Duration)):
        return value.iso_format()
    if isinstance(value, neo4j.spatial.Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def csv_cell(value: Any) -> str:
    """One JSON value as a CSV cell: scalars as text, lists and maps as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
