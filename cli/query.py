"""`hdkg query`, `hdkg serve` and `hdkg demo`: the canned queries from the command line."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
import uvicorn
from rich.markup import escape
from rich.table import Table

from cli.console import console, err, fail
from graph.connection import open_driver
from graph.errors import GraphUnavailable, ParameterError, QueryTimeout, QueryTooLarge
from graph.queries import run_query
from hdkg.settings import get_settings
from queries import UnknownQuery, registry


def _parse_params(pairs: list[str]) -> dict[str, Any]:
    """`key=value` pairs; a key given twice becomes a list."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"--param takes key=value, not '{pair}'", 2)
        key = key.strip()
        if key in params:
            previous = params[key]
            params[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            params[key] = value
    return params


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if "id" in value:
            return str(value["id"])
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return "\n".join(_cell(item) for item in value) if any(isinstance(i, dict) for i in value) \
            else ", ".join(_cell(item) for item in value)
    return str(value)


def rows_table(rows: list[dict[str, Any]], title: str | None = None, columns: list[str] | None = None) -> Table:
    table = Table(title=escape(title) if title else None, show_lines=True, title_justify="left")
    columns = columns or (list(rows[0]) if rows else [])
    for column in columns:
        table.add_column(escape(column), overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(row.get(column))) for column in columns))
    return table


def _catalog_table() -> Table:
    table = Table(title="Canned queries", show_lines=True, title_justify="left")
    for column in ("query", "description", "parameters"):
        table.add_column(column, overflow="fold")
    for query in registry():
        params = "\n".join(
            f"{p.name}: {p.type.text}" + (" (required)" if p.required else f" = {json.dumps(p.default)}")
            for p in query.params
        )
        table.add_row(query.name, escape(query.description), escape(params))
    return table


def _driver():
    try:
        return open_driver(get_settings())
    except GraphUnavailable as error:
        fail(str(error))


def query(
    name: Annotated[str | None, typer.Argument(help="Query name; leave out to list the queries.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value; repeat for lists.")] = None,
    limit: Annotated[int | None, typer.Option(help="Rows to show (default: all, up to the row cap).")] = None,
    offset: Annotated[int, typer.Option(help="Rows to skip.")] = 0,
    columns: Annotated[str | None, typer.Option(help="Comma-separated columns to show in the table.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Run a canned query (queries/*.cypher), e.g. `hdkg query partners -p country=UA -p domain=oncology`."""
    if name is None:
        if as_json:
            print(json.dumps(registry().catalog(), indent=2, ensure_ascii=False))
        else:
            console.print(_catalog_table())
        return
    try:
        canned = registry().get(name)
        params = canned.bind(_parse_params(param or []))
    except (UnknownQuery, ParameterError) as error:
        fail(str(error), 2)
    with _driver() as driver:
        try:
            result = run_query(driver, canned, params, offset=offset, limit=limit)
        except ParameterError as error:  # the offset, checked by the runner
            fail(str(error), 2)
        except (GraphUnavailable, QueryTimeout, QueryTooLarge) as error:
            fail(str(error))
    if as_json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    shown_columns = [c.strip() for c in columns.split(",") if c.strip()] if columns else result.columns
    unknown = [c for c in shown_columns if c not in result.columns]
    if unknown:
        fail(f"no column {', '.join(unknown)} in '{canned.name}'; columns: {', '.join(result.columns)}", 2)
    console.print(rows_table(result.rows, title=f"{canned.name}: {canned.description}", columns=shown_columns))
    if not result.rows:
        shown = "no rows" if result.total is not None else f"no rows from offset {offset}"
    else:
        shown = f"rows {offset + 1}-{offset + len(result.rows)}"
        shown += f" of {result.total}" if result.total is not None else f", more from --offset {offset + len(result.rows)}"
    err.print(shown + (" (cut at the row cap, HDKG_ROW_CAP)" if result.truncated else ""), highlight=False)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development).")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Server processes; each runs Python on one core at most.")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = True,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs); starts even when Neo4j is down."""
    err.print(f"API on http://{host}:{port}  (docs: http://{host}:{port}/docs)", highlight=False)
    uvicorn.run("api.main:app", host=host, port=port, reload=reload, workers=None if reload else workers,
                access_log=access_log)


#: (question, query, parameters, columns shown)
DEMO_QUESTIONS: tuple[tuple[str, str, dict[str, Any], list[str]], ...] = (
    ("Who cooperates with Ukraine on oncology? (hospitals and institutes included: no state signed)", "partners",
     {"country": "Ukraine", "domain": "oncology", "include_non_state": True},
     ["partner_name", "partner_organizations", "own_organizations", "instruments", "sources"]),
    ("Which states signed health agreements with Ukraine?", "partners",
     {"country": "Ukraine"},
     ["partner_name", "signed_count", "status_counts", "instrument_ids", "sources"]),
    ("Kazakhstan's partners, companies included", "partners",
     {"country": "Kazakhstan", "include_companies": True},
     ["partner_kind", "partner_name", "organization_kind", "parent_organization", "instrument_ids", "sources"]),
    ("Instruments between Viet Nam and Belarus", "instruments",
     {"country": "Vietnam", "partner": "Belarus"},
     ["id", "type", "signed_date", "organizations", "domains", "sources"]),
)


def demo() -> None:
    """Print a few sample answers from the loaded graph."""
    with _driver() as driver:
        for question, name, params, columns in DEMO_QUESTIONS:
            try:
                result = run_query(driver, registry().get(name), params)
            except (GraphUnavailable, QueryTimeout, QueryTooLarge) as error:
                fail(str(error))
            if result.rows:
                console.print(rows_table(result.rows, title=question, columns=columns))
            else:
                console.print(f"[bold]{question}[/]\n  no answer: is the graph loaded? (`hdkg load data/records`)")
            console.print()
