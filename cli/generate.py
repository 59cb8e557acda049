"""`hdkg generate`: rewrite (or, with --check, compare) every file derived from the schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cli.console import err
from graph.diagram import with_diagram, with_tables
from graph.shapes import shapes_turtle
from hdkg import PROJECT_ROOT
from loaders.records import json_schema

MODEL_DOC = PROJECT_ROOT / "docs" / "model.md"
ONTOLOGY_DOC = PROJECT_ROOT / "ontology" / "README.md"


def generated_files() -> dict[Path, str]:
    """Each derived file and the text the schema gives it now."""
    return {
        PROJECT_ROOT / "ontology" / "records.schema.json": json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n",
        PROJECT_ROOT / "ontology" / "shapes.ttl": shapes_turtle(),
        MODEL_DOC: with_diagram(MODEL_DOC.read_text(encoding="utf-8")),
        ONTOLOGY_DOC: with_tables(ONTOLOGY_DOC.read_text(encoding="utf-8")),
    }


def stale_files(expected: dict[Path, str] | None = None) -> list[Path]:
    """The files whose committed text differs from what the schema gives them."""
    expected = generated_files() if expected is None else expected
    return [path for path, text in expected.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def generate(
    check: Annotated[bool, typer.Option("--check", help="Only say which files are stale (exit 1 if any).")] = False,
) -> None:
    """Rewrite the files derived from ontology/hdkg.schema.yaml: JSON Schema, SHACL shapes, the docs' diagram and tables."""
    if check:
        stale = stale_files()
        for path in stale:
            err.print(f"[red]stale[/] {path.relative_to(PROJECT_ROOT)}: run `hdkg generate`")
        if stale:
            raise typer.Exit(1)
        err.print("[green]every generated file is current[/]")
        return
    for path, text in generated_files().items():
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8")
        err.print(f"{'wrote' if changed else 'unchanged'} {path.relative_to(PROJECT_ROOT)}")
