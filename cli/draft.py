"""`hdkg draft`: a draft record from a raw news report, for a curator to review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from cli.console import console, err, fail as _fail
from draft.check import check_draft
from draft.linking import GraphLinker, LinkingUnavailable
from draft.pipeline import make_draft
from draft.source import DraftInputError
from hdkg.settings import get_settings


def draft(
    articles: Annotated[list[str], typer.Argument(help="Reports: text or HTML files, or http(s) URLs.")],
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the draft files (default: print the draft).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the reports: auto (detected) or en, ru, uk, be, vi, es, fr.")] = "auto",
    published: Annotated[str | None, typer.Option("--published", help="Publication date (YYYY, YYYY-MM, YYYY-MM-DD) when the report does not give it; relative dates are resolved against it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Draft, review items and rules as JSON on stdout.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Print, per fact, the rule or match that produced it.")] = False,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Refer to organizations, people and instruments the graph already holds by their ids.")] = True,
) -> None:
    """Draft a record file from a news report: every fact with its sentence, uncertain ones marked for review."""

    linker = None
    if link:
        try:
            linker = GraphLinker.from_settings(get_settings())
        except LinkingUnavailable as error:
            err.print(f"[yellow]![/] not linked to the graph: {error}", highlight=False)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    results, failures = [], 0
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True, disable=len(articles) < 3 or as_json) as bar:
        task = bar.add_task("drafting", total=len(articles))
        for spec in articles:
            bar.update(task, description=f"drafting {spec}")
            try:
                result = make_draft(spec, lang=lang, published=published, linker=linker)
            except DraftInputError as error:
                err.print(f"[red]✗[/] {error}", highlight=False)
                failures += 1
                bar.advance(task)
                continue
            left, other = check_draft(result.record, result.source_id)
            results.append((result, left, other))
            bar.advance(task)
    if linker is not None:
        linker.close()
    if as_json:
        print(json.dumps([{**r.as_dict(), "validation": {
            "left_for_curator": [p.as_dict() for p in left], "other": [p.as_dict() for p in other]}}
            for r, left, other in results], indent=2, ensure_ascii=False))
    for result, left, other in results:
        if out is not None:
            path = out / f"{result.source_id}.yaml"
            path.write_text(result.yaml(), encoding="utf-8")
            where = str(path)
        else:
            where = result.name
            if not as_json:
                console.print(result.yaml(), highlight=False, markup=False, soft_wrap=True)
        if explain and not as_json:
            for fact, rule in result.explain:
                err.print(f"  [cyan]{fact}[/] ← {rule}", highlight=False, soft_wrap=True)
        n = {k: len(result.record.get(k, [])) for k in ("instruments", "engagements", "organizations", "people", "events")}
        summary = (f"{where}: {n['instruments']} instruments, {n['engagements']} engagements, "
                   f"{n['organizations']} organizations, {n['people']} people, {n['events']} events; "
                   f"{len(result.review)} item(s) for review")
        if other:
            failures += 1
            err.print(f"[red]✗[/] {summary}; the draft does not validate:", highlight=False)
            for problem in other:
                err.print(f"    {problem}", highlight=False, soft_wrap=True)
        elif left:
            err.print(f"[yellow]✓[/] {summary}; validates except {len(left)} item(s) left for the curator "
                      "(English renderings, missing statuses)", highlight=False)
        else:
            err.print(f"[green]✓[/] {summary}; validates", highlight=False)
    if failures:
        raise typer.Exit(1)


__all__ = ["draft", "_fail"]
