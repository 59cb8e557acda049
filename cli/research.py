"""`hdkg cypher`, `hdkg sparql rebuild|query` and `hdkg release`: the researchers' surfaces."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.console import console, err
from graph import rdf, sparql_store
from graph.connection import GraphUnavailable, open_driver
from graph.errors import QueryTimeout, QueryTooLarge
from graph.readonly import CypherParameterError, CypherRefused, CypherSyntaxError, csv_cell, run_readonly
from graph.release import ReleaseError, make_release, validate_release
from graph.sparql_store import SparqlRefused, SparqlSyntaxError, SparqlTimeout, StoreMissing, run_sparql
from hdkg.settings import Settings, get_settings

# Registered on the main app by cli.main, like the other command modules.
sparql_app = typer.Typer(help="The SPARQL store (an Oxigraph copy of the RDF export) and queries against it.")

CYPHER_FORMATS = ("table", "json", "csv")


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _driver(settings: Settings):

    try:
        return open_driver(settings)
    except GraphUnavailable as error:
        _fail(str(error))


def parse_param(pair: str) -> tuple[str, Any]:
    """`key=value`; the value is read as JSON when it is JSON (`n=3`, `xs=["a"]`), else taken as text."""
    key, sep, value = pair.partition("=")
    if not sep or not key.strip():
        _fail(f"--param takes key=value, not '{pair}'", 2)
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value
    return key.strip(), parsed


def cypher(
    query: Annotated[str, typer.Argument(help="One read-only Cypher statement; '-' reads it from standard input.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value (JSON values allowed); repeat.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
) -> None:
    """Run one read-only Cypher statement: planned first, refused if it could write, then run read-only."""

    if fmt not in CYPHER_FORMATS:
        _fail(f"unknown format '{fmt}': use one of {', '.join(CYPHER_FORMATS)}", 2)
    text = sys.stdin.read() if query == "-" else query
    params = dict(parse_param(pair) for pair in (param or []))
    settings = get_settings()
    with _driver(settings) as driver:
        try:
            result = run_readonly(driver, text, params, settings=settings)
        except CypherSyntaxError as error:
            _fail(_pointed(text, error), 2)
        except CypherRefused as error:
            _fail(f"refused ({error.reason}): {error.message}", 2)
        except CypherParameterError as error:
            _fail(str(error), 2)
        except (GraphUnavailable, QueryTimeout, QueryTooLarge) as error:
            _fail(str(error))
    if fmt == "json":
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([csv_cell(value) for value in row])
    else:
        table = Table(show_lines=False)
        for column in result.columns:
            table.add_column(escape(column), overflow="fold")
        for row in result.rows:
            table.add_row(*(escape(csv_cell(value)) for value in row))
        console.print(table)
    note = " (cut at the row cap, HDKG_ROW_CAP)" if result.truncated else ""
    err.print(f"{len(result.rows)} row(s){note}", highlight=False)


def _pointed(text: str, error) -> str:
    """The error message, with the offending line and a caret under the column."""
    line, column = error.details.get("line"), error.details.get("column")
    lines = text.splitlines()
    if not line or not column or line > len(lines):
        return error.message
    return f"{error.message}\n  {lines[line - 1]}\n  {' ' * (column - 1)}^"


@sparql_app.command("rebuild")
def sparql_rebuild() -> None:
    """Rebuild the SPARQL store from the graph (into a new folder, then swapped in atomically)."""
    settings = get_settings()
    with _driver(settings) as driver:
        report = rebuild_store(driver, settings)
    console.print(report.as_dict())


def rebuild_store(driver, settings: Settings, quiet: bool = False):
    """Rebuild the store with a progress bar; returns the BuildReport."""

    totals = rdf.count_nodes(driver, settings.neo4j_database, [label for label in rdf.EXPORT_LABELS
                                                                  if label != rdf.Label.DOMAIN])
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task("building the SPARQL store", total=max(sum(totals.values()), 1))
        report = sparql_store.build(driver, settings,
                                    progress=lambda label, n: bar.update(task, advance=n,
                                                                         description=f"SPARQL store: {label}"))
    if not quiet:
        err.print(f"SPARQL store rebuilt: {report.triples:,} triples in {report.seconds:.1f} s ({report.path})",
                  highlight=False)
    return report


def after_load(report, settings: Settings, quiet: bool = False) -> None:
    """Keep the SPARQL store in step with Neo4j: rebuild it after a load that wrote something
    (or when there is no store yet). A failed rebuild leaves the previous store serving."""

    if not settings.sparql_enabled or report.dry_run or not report.ok:
        return
    wrote = any(outcome.status == "loaded" for outcome in report.files)
    if not wrote and sparql_store.current_path(settings.sparql_store) is not None:
        return
    with _driver(settings) as driver:
        try:
            rebuild_store(driver, settings, quiet=quiet)
        except Exception as error:  # noqa: BLE001 - the load itself succeeded; say so and how to retry
            _fail(f"the load succeeded but the SPARQL store could not be rebuilt ({error}); the previous store "
                  "still serves: run `hdkg sparql rebuild`")


@sparql_app.command("query")
def sparql_query(
    query: Annotated[str, typer.Argument(help="A SPARQL query; '-' reads it from standard input.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, xml, csv, tsv; turtle, ntriples for CONSTRUCT.")] = "csv",
) -> None:
    """Run a SPARQL query against the store, as /sparql does (same checks, timeout and row cap)."""

    text = sys.stdin.read() if query == "-" else query
    try:
        answer = run_sparql(text, fmt, get_settings())
    except (SparqlRefused, SparqlSyntaxError) as error:
        _fail(error.message, 2)
    except (SparqlTimeout, StoreMissing) as error:
        _fail(str(error))
    sys.stdout.buffer.write(answer.body)
    if answer.truncated:
        err.print("cut at the row cap (HDKG_ROW_CAP)")


def release(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder of releases (default HDKG_RELEASE_DIR).")] = None,
    license_id: Annotated[str, typer.Option("--license", help="SPDX id of the data licence.")] = "CC-BY-4.0",
    validate: Annotated[bool, typer.Option(help="Check datapackage.json with frictionless.")] = True,
) -> None:
    """Write a dated, versioned data release: RDF, neo4j-admin CSV, GraphML, JSON Lines, datapackage.json."""

    settings = get_settings()
    target = out or settings.release_dir
    started = time.monotonic()
    with _driver(settings) as driver, console.status("writing the release") as status:
        try:
            report = make_release(driver, settings, target, license_id=license_id,
                                  progress=lambda message: status.update(message))
        except ReleaseError as error:
            _fail(str(error))
    problems = validate_release(report.path) if validate else []
    for problem in problems:
        err.print(f"[red]✗[/] {problem}", highlight=False)
    table = Table(title=f"Release {report.version}: {report.path}", title_justify="left")
    for column in ("file", "rows"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for info in report.files:
        table.add_row(info.path, f"{info.rows:,}" if info.rows is not None else "")
    console.print(table)
    verdict = "[bold red]datapackage.json has problems" if problems else (
        "[bold green]datapackage.json valid" if validate else "datapackage.json not validated")
    err.print(f"{verdict}; {len(report.files)} files in {time.monotonic() - started:.1f} s; "
              f"{target / 'latest'} -> {report.path.name}", highlight=False)
    if problems:
        raise typer.Exit(1)
