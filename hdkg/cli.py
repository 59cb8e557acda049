"""`hdkg`: the one entry point — the Neo4j server, validation, loading, queries, export, API."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hdkg.settings import get_settings

app = typer.Typer(
    help="Health diplomacy knowledge graph: curated records -> Neo4j -> queries, API and RDF.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
neo4j_app = typer.Typer(help="The project's own Neo4j 5.26 server (unused when NEO4J_URI is set).")
app.add_typer(neo4j_app, name="neo4j")

console = Console()
err = Console(stderr=True)


def _local_server():
    from graph.server import LocalNeo4j

    settings = get_settings()
    if settings.uses_external_server:
        err.print(f"NEO4J_URI is set ({settings.neo4j_uri}): the project uses that server and starts nothing.")
        raise typer.Exit(0)
    return LocalNeo4j(settings, report=lambda message: err.print(message, highlight=False))


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Resolve the jars (first time), start Neo4j on 127.0.0.1 and wait until Bolt answers."""
    from graph.server import Neo4jServerError

    try:
        status = _local_server().start()
    except Neo4jServerError as error:
        _fail(str(error))
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


def main() -> None:  # pragma: no cover - console script
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
