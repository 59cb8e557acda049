"""`hdkg export`: the whole graph as RDF (Turtle, N-Triples, JSON-LD; N-Quads or TriG with a named
graph per source), streamed."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cli.console import err, fail
from graph import rdf
from graph.connection import open_driver
from graph.errors import GraphUnavailable
from hdkg.settings import get_settings

FORMAT_NAMES = ("turtle", "ntriples", "jsonld", "nquads", "trig")


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, ntriples, jsonld; nquads or trig for one named graph per source.")] = "turtle",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file; default standard output.")] = None,
    no_ontology: Annotated[bool, typer.Option("--no-ontology", help="Leave out the ontology, domains and vocabularies.")] = False,
    base_iri: Annotated[str | None, typer.Option("--base-iri", help="Resource IRI base (default HDKG_BASE_IRI).")] = None,
) -> None:
    """Export the whole graph as RDF, streamed page by page from Neo4j (progress on stderr)."""
    if fmt not in FORMAT_NAMES:
        fail(f"unknown format '{fmt}': use one of {', '.join(FORMAT_NAMES)}", 2)
    settings = get_settings()
    try:
        driver = open_driver(settings)
    except GraphUnavailable as error:
        fail(str(error))
    labels = [label for label in rdf.EXPORT_LABELS if no_ontology or label != rdf.Label.DOMAIN]
    with driver:
        totals = rdf.count_nodes(driver, settings.neo4j_database, labels)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task("exporting", total=max(sum(totals.values()), 1))

            def progress(label, count: int) -> None:
                bar.update(task, advance=count, description=f"exporting {label}")

            triples = rdf.export_statements(driver, fmt, database=settings.neo4j_database, base=base_iri,
                                            include_ontology=not no_ontology, progress=progress)
            counted = _Counter(triples)
            if out is None:
                try:
                    rdf.write_triples(counted, sys.stdout.buffer, fmt)
                    sys.stdout.buffer.flush()
                except OSError as error:  # the reader went away (`hdkg export | head`)
                    if error.errno != errno.EPIPE:
                        raise
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                    raise typer.Exit(0) from None
            else:
                with out.open("wb") as handle:
                    rdf.write_triples(counted, handle, fmt)
    where = str(out) if out else "standard output"
    unit = "quads" if fmt in rdf.DATASET_FORMATS else "triples"
    err.print(f"[bold green]{counted.count} {unit}[/] ({sum(totals.values())} nodes) written as {fmt} to {where}",
              highlight=False)


class _Counter:
    """Passes triples through, counting them."""

    def __init__(self, triples) -> None:
        self.triples = triples
        self.count = 0

    def __iter__(self):
        for triple in self.triples:
            self.count += 1
            yield triple
