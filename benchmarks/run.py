"""`make bench`: every benchmark in one run, written to docs/benchmarks.md.

For each size a corpus is generated and loaded into an empty database (the load benchmark);
the canned queries, the API and the RDF export are then measured on that graph, so every
figure of one size describes the same graph. The writers are compared afterwards on a corpus
of their own. The document is rewritten whole, so figures of different runs are never mixed.

    python -m benchmarks.run --instruments 1k,10k,100k --json figures.json
    python -m benchmarks.run --from-json figures.json   # the document again, from saved figures
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from rich.console import Console

from benchmarks import api, load, queries, rdf_export, writers
from benchmarks.instance import bench_driver, console_say
from benchmarks.report import Goal, goals, render_document

STEPS = ("rerun", "force", "queries", "api", "rdf", "writers", "tuning")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--instruments", type=load._sizes, default=[1000, 10000, 100000],
                        help="comma-separated corpus sizes (default 1k,10k,100k)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=200)
    parser.add_argument("--rewrite-max", type=int, default=10000,
                        help="run the --force rewrite of every file only up to this many instruments")
    parser.add_argument("--writers-instruments", type=int, default=2000, help="corpus of the writer comparison")
    parser.add_argument("--writers-rounds", type=int, default=5)
    parser.add_argument("--skip", nargs="*", default=[], choices=STEPS, help="steps to leave out")
    parser.add_argument("--docs", type=Path, default=load.DOCS, help="the Markdown file to write")
    parser.add_argument("--no-docs", action="store_true", help="print the figures, write no document")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    parser.add_argument("--yes", action="store_true", help="allow emptying a database other than the bench instance")
    parser.add_argument("--from-json", type=Path, metavar="JSON",
                        help="measure nothing: write the document from figures a run saved with --json")
    args = parser.parse_args(argv)
    if args.from_json:
        figures = read_figures(args.from_json)
        results = load.results_from_dict(figures["load"])
        return report(figures, results, args, figures.get("command") or f"figures of {args.from_json.name}")
    command = " ".join(["python -m benchmarks.run", *(argv if argv is not None else sys.argv[1:])])
    skip = set(args.skip)

    console = Console(stderr=True, width=max(140, Console(stderr=True).width))
    say = console_say(console)
    begun = time.perf_counter()
    figures: dict = {"command": command, "queries": {}, "api": {}, "rdf": {}}
    with bench_driver(args.yes, say) as (driver, settings):
        database = settings.neo4j_database
        facts = load.machine_facts(driver, database, settings)
        facts["load before"] = load._loadavg()
        facts["date"] = dt.date.today().isoformat()
        results = load.Results(facts, "make bench", args.seed, args.per_file, args.rewrite_max, [])
        for instruments in args.instruments:
            say(f"[bold]{instruments:,} instruments[/]")
            results.sizes.append(load.bench_size(driver, database, instruments, args.seed, args.per_file, say,
                                                 skip_force="force" in skip or instruments > args.rewrite_max,
                                                 skip_rerun="rerun" in skip))
            load.print_tables(console, results)
            if "queries" not in skip:
                figures["queries"][instruments] = queries.measure(driver, database, settings, instruments, say)
            if "api" not in skip:
                figures["api"][instruments] = api.measure(driver, database, settings, instruments, say)
            if "rdf" not in skip:
                figures["rdf"][instruments] = rdf_export.measure(driver, database, settings, instruments, say)
        results.parse = load.bench_parse(Path(results.sizes[-1].corpus))
        if "writers" not in skip:
            say("[bold]writers[/]: project, naive, LOAD CSV")
            figures["writers"] = writers.measure(driver, database, settings, args.writers_instruments, args.seed,
                                                 args.writers_rounds, say)
        if "tuning" not in skip:
            say("[bold]writer batch sizes[/]")
            results.tuning = load.bench_tuning(driver, database, 5000, args.seed, 2500,
                                               list(load.DEFAULT_BATCH_SIZES), 4, say)
        load.empty_graph(driver, database)
        facts["load after"] = load._loadavg()
    elapsed = time.perf_counter() - begun
    facts["duration"] = f"{elapsed / 60:.0f} min" if elapsed >= 120 else f"{elapsed:.0f} s"
    figures["load"] = asdict(results)

    if args.json:  # before anything else can fail, the figures are safe
        args.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
    return report(figures, results, args, command)


#: Figures keyed by corpus size; JSON turns those keys into strings.
_BY_SIZE = ("queries", "api", "rdf")


def read_figures(path: Path) -> dict:
    """Figures saved by --json, with their per-size keys back to numbers."""
    figures = json.loads(path.read_text(encoding="utf-8"))
    for key in _BY_SIZE:
        figures[key] = {int(size): value for size, value in figures.get(key, {}).items()}
    return figures


def report(figures: dict, results: load.Results, args: argparse.Namespace, command: str) -> int:
    """The goals, printed, and the document, written."""
    console = Console(stderr=True, width=max(140, Console(stderr=True).width))
    checked: list[Goal] = goals(results, figures)
    for goal in checked:
        mark = "[green]met[/]" if goal.met else "[red]missed[/]"
        console.print(f"{mark}  {goal.name}: {goal.measured} (goal {goal.target})", highlight=False)
    if not args.no_docs:
        args.docs.write_text(render_document(results, figures, checked, command), encoding="utf-8")
        console_say(console)(f"wrote {args.docs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
