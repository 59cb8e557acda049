"""`hdkg`: the one entry point — the Neo4j server, validation, loading, queries, export, API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import draft as draft_commands
from cli import export as export_command
from cli import generate as generate_command
from cli import query as query_commands
from cli import research as research_commands
from cli.console import console, err, fail
from graph.connection import open_driver
from graph.errors import GraphUnavailable
from graph.server import LocalNeo4j, Neo4jServerError
from hdkg.settings import get_settings
from loaders.load import check_inputs, rebuild_summaries_under_lock, run_load
from loaders.load_lock import LoadBusy
from loaders.registry import collect

app = typer.Typer(
    help="Health diplomacy knowledge graph: curated records -> Neo4j -> queries, API and RDF.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
neo4j_app = typer.Typer(help="The project's own Neo4j 5.26 server (unused when NEO4J_URI is set).")
app.add_typer(neo4j_app, name="neo4j")

LOAD_RETRY_S = 30.0


def _local_server() -> LocalNeo4j:
    settings = get_settings()
    if settings.uses_external_server:
        err.print(f"NEO4J_URI is set ({settings.neo4j_uri}): the project uses that server and starts nothing.")
        raise typer.Exit(0)
    return LocalNeo4j(settings, report=lambda message: err.print(message, highlight=False))


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Resolve the jars (first time), start Neo4j on 127.0.0.1 and wait until Bolt answers."""
    try:
        status = _local_server().start()
    except Neo4jServerError as error:
        fail(str(error))
    console.print(status.uri)


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Shut the project's Neo4j down cleanly."""
    _local_server().stop()


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the project's Neo4j runs, where, and with which files."""
    status = _local_server().status()
    table = Table(show_header=False, box=None)
    table.add_row("state", "[green]running[/]" if status.running else "[yellow]stopped[/]")
    table.add_row("pid", str(status.pid or "-"))
    table.add_row("bolt", f"{status.uri} ({'open' if status.bolt_open else 'closed'})")
    table.add_row("browser", status.http_url)
    table.add_row("home", str(status.home))
    console.print(table)
    if not status.running:
        raise typer.Exit(3)


def _print_problems(problems) -> None:
    for problem in problems:
        err.print(f"[red]✗[/] {problem}", highlight=False, soft_wrap=True)


@app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Record files (YAML, JSON, CSV) or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Check records against the schema, the vocabularies, countries, domains and each other."""
    good, failed, problems = check_inputs(paths)
    all_problems = problems + [p for outcome in failed for p in outcome.problems]
    if as_json:
        console.print_json(json.dumps({"ok": not all_problems, "files": len(good) + len(failed),
                                       "problems": [p.as_dict() for p in all_problems]}))
    else:
        _print_problems(all_problems)
        for checked in good:
            n = checked.counts
            err.print(f"[green]✓[/] {checked.path}: {n['instruments']} instruments, "
                      f"{n['engagements']} engagements, {n['organizations']} organizations, "
                      f"{n['people']} people, {n['events']} events"
                      + (f", {n['updates']} update(s) of instruments defined elsewhere" if n.get("updates") else ""), highlight=False)
        summary = f"{len(good)} file(s) valid, {len(failed)} with problems ({len(all_problems)} problem(s))"
        err.print(("[bold red]" if all_problems else "[bold green]") + summary)
    if all_problems:
        raise typer.Exit(1)


app.command("generate")(generate_command.generate)
# The older name of the same command (it wrote only the JSON Schema).
app.command("schema", hidden=True)(generate_command.generate)


@app.command("load")
def load(
    paths: Annotated[list[Path], typer.Argument(help="Record files (YAML, JSON, CSV) or folders.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and resolve against the graph; write nothing.")] = False,
    all_or_nothing: Annotated[bool, typer.Option("--all-or-nothing", help="One transaction for the whole run: any problem writes nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rewrite files whose checksum the graph already has.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report on stdout.")] = False,
    replace_source: Annotated[list[str] | None, typer.Option(
        "--replace-source", metavar="SOURCE_ID",
        help="Let a file at another path take over this source id (repeatable); without it, that is refused.")] = None,
    wait: Annotated[float, typer.Option("--wait", metavar="SECONDS", min=0,
                                        help="If another load is writing to the database, wait up to this long.")] = 0.0,
) -> None:
    """Load curated records into Neo4j: checked, resolved, batched, idempotent, atomic per file."""
    settings = get_settings()
    try:
        # Loads retry transient errors for longer than interactive queries do.
        driver = open_driver(settings, retry_time_s=LOAD_RETRY_S)
    except GraphUnavailable as error:
        fail(str(error))
    files, _ = collect(paths)
    with driver, Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=err, transient=True, disable=as_json) as bar:
        task = bar.add_task("loading", total=max(len(files) * 2, 1))

        def progress(message: str) -> None:
            bar.update(task, advance=1, description=message)

        done: list[str] = []
        try:
            report = run_load(driver, settings.neo4j_database, paths, dry_run=dry_run,
                              all_or_nothing=all_or_nothing, force=force, progress=progress,
                              on_file=lambda outcome: done.append(outcome.path),
                              replace_sources=frozenset(replace_source or ()), wait_s=wait)
        except (ServiceUnavailable, SessionExpired) as error:
            fail(f"Neo4j at {settings.uri} stopped answering during the load and did not come back within "
                  f"{LOAD_RETRY_S:.0f} s ({error}). Files written completely before that: "
                  f"{', '.join(done) or 'none'}; nothing is half-written. Run the same load again when "
                  "Neo4j is back: loads are idempotent.")
    if as_json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print_problems(report.all_problems())
        _print_load_summary(report)
    if not report.ok:
        raise typer.Exit(1)
    research_commands.after_load(report, settings, quiet=as_json)


@app.command("summaries")
def summaries(
    wait: Annotated[float, typer.Option("--wait", metavar="SECONDS", min=0,
                                        help="If a load is writing to the database, wait up to this long.")] = 0.0,
) -> None:
    """Rebuild the counts the aggregating queries read (hubs, domains, domain_overview, cooperation,
    partners, country_profile) from the facts: needed once after importing a release with neo4j-admin; every load keeps them otherwise."""
    settings = get_settings()
    try:
        driver = open_driver(settings, retry_time_s=LOAD_RETRY_S)
    except GraphUnavailable as error:
        fail(str(error))
    with driver, console.status("rebuilding the summaries from the facts"):
        try:
            rebuild_summaries_under_lock(driver, settings.neo4j_database, wait_s=wait)
        except LoadBusy as busy:
            fail(str(busy))
    console.print("summaries rebuilt from the facts")


def _print_load_summary(report) -> None:
    files = Table(title=f"Load {report.run_id}" + (" (dry run)" if report.dry_run else ""))
    for column in ("file", "status", "source"):
        files.add_column(column)
    colours = {"loaded": "green", "unchanged": "cyan", "failed": "red", "checked": "yellow"}
    for outcome in report.files:
        files.add_row(outcome.path, f"[{colours[outcome.status]}]{outcome.status}[/]", outcome.source or "-")
    console.print(files)
    counts = report.stats.as_dict()
    if counts["nodes"]:
        nodes = Table(title="Nodes")
        for column in ("kind", "created", "updated", "unchanged"):
            nodes.add_column(column, justify="right" if column != "kind" else "left")
        for kind, row in counts["nodes"].items():
            nodes.add_row(kind, str(row["created"]), str(row["updated"]), str(row["unchanged"]))
        console.print(nodes)
        rels = Table(title="Relationships")
        for column in ("type", "created", "merged"):
            rels.add_column(column, justify="right" if column != "type" else "left")
        for kind, row in counts["relationships"].items():
            rels.add_row(kind, str(row["created"]), str(row["merged"]))
        console.print(rels)
    failed = sum(1 for f in report.files if f.status == "failed")
    err.print(("[bold red]" if not report.ok else "[bold green]")
              + f"{len(report.files) - failed} file(s) ok, {failed} failed, {len(report.all_problems())} problem(s)")



app.command("export")(export_command.export)
app.command("query")(query_commands.query)
app.command("serve")(query_commands.serve)
app.command("demo")(query_commands.demo)
app.command("cypher")(research_commands.cypher)
app.add_typer(research_commands.sparql_app, name="sparql")
app.command("release")(research_commands.release)
app.command("draft")(draft_commands.draft)
