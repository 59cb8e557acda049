"""First answers after a server start: each canned query's first run, cold and planned ahead.

    python -m benchmarks.first_answers [--instruments 1k] [--rounds 2]

Loads the curated records (or a synthetic corpus of `--instruments`) into the bench instance,
then per round restarts the server twice: once to time each canned query's first run with
nothing planned, once after `graph.queries.plan_ahead` (what the API does when it starts), whose
own time is reported. Each query runs with its defaults and with its example filters (the two
parameter sets the API plans); the next run of the same query is timed too, for what a planned,
cached run costs. Needs the project's own bench server, which it restarts.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rich.console import Console

from benchmarks.generate import parse_count
from benchmarks.harness import load_size
from benchmarks.instance import bench_driver, console_say
from benchmarks.load import empty_graph
from graph.connection import open_driver
from graph.queries import plan_ahead, run_query
from graph.server import LocalNeo4j
from hdkg import PROJECT_ROOT
from loaders.load import run_load
from queries import load_lookups, registry

RECORDS = PROJECT_ROOT / "data" / "records"
MODES = ("cold", "planned ahead")


def _restarted(settings, say):
    server = LocalNeo4j(settings, report=lambda _message: None)
    server.stop(quiet=True)
    server.start()
    say("server restarted")
    return open_driver(settings)


def _first_runs(driver, settings) -> dict[str, tuple[float, float]]:
    """Per query, (first run, next run) in seconds, summed over its two parameter sets."""
    times: dict[str, tuple[float, float]] = {}
    for query in registry():
        first = second = 0.0
        for required_only in (True, False):
            params = query.example_params(required_only=required_only)
            for attempt in range(2):
                start = time.perf_counter()
                run_query(driver, query, params, settings=settings, limit=100)
                elapsed = time.perf_counter() - start
                first, second = (first + elapsed, second) if attempt == 0 else (first, second + elapsed)
        times[query.name] = (first, second)
    return times


def measure(settings, database: str, rounds: int, say) -> dict:
    figures: dict = {mode: [] for mode in MODES}
    planning: list[float] = []
    for number in range(1, rounds + 1):
        for mode in MODES:
            driver = _restarted(settings, say)
            try:
                if mode == "planned ahead":
                    report = plan_ahead(driver, list(registry()), settings)
                    if report.failed:
                        raise SystemExit(f"queries not planned: {report.failed}")
                    planning.append(report.seconds)
                    say(f"round {number}: planned {report.planned} statements in {report.seconds:.1f} s")
                figures[mode].append(_first_runs(driver, settings))
                say(f"round {number}, {mode}: first runs {sum(f for f, _ in figures[mode][-1].values()):.1f} s")
            finally:
                driver.close()
    return {"rounds": rounds, "planning_s": planning, "runs": figures}


def render(figures: dict) -> str:
    def median(mode: str, name: str, part: int) -> float:
        return statistics.median(run[name][part] for run in figures["runs"][mode]) * 1000

    names = list(figures["runs"]["cold"][0])
    lines = ["| query | first run, cold (ms) | first run, planned ahead (ms) | next run (ms) |",
             "| --- | ---: | ---: | ---: |"]
    for name in names:
        lines.append(f"| {name} | {median('cold', name, 0):,.0f} | {median('planned ahead', name, 0):,.0f} | "
                     f"{median('planned ahead', name, 1):,.0f} |")
    totals = {mode: statistics.median(sum(f for f, _ in run.values()) for run in figures["runs"][mode])
              for mode in MODES}
    lines.append(f"| all | {totals['cold'] * 1000:,.0f} | {totals['planned ahead'] * 1000:,.0f} | |")
    planned = statistics.median(figures["planning_s"])
    return ("\n".join(lines) + f"\n\nPlanning ahead took {planned:.1f} s (median of {figures['rounds']} rounds); "
            "each figure is the median over the rounds, summed over the query's two parameter sets.\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_answers", description=__doc__.splitlines()[0])
    parser.add_argument("--instruments", type=parse_count, help="a synthetic corpus of this size instead of the records")
    parser.add_argument("--records", type=Path, default=RECORDS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--yes", action="store_true", help="allow emptying a database other than the bench instance")
    args = parser.parse_args(argv)
    say = console_say(Console(stderr=True))
    load_lookups()
    with bench_driver(args.yes, say) as (driver, settings):
        if settings.uses_external_server:
            raise SystemExit("this benchmark restarts the server: it needs the project's own (NEO4J_URI is set)")
        if args.instruments:
            load_size(driver, settings.neo4j_database, args.instruments, 7, 200, say)
        else:
            empty_graph(driver, settings.neo4j_database)
            report = run_load(driver, settings.neo4j_database, [args.records])
            if not report.ok:
                raise SystemExit(f"loading {args.records} reported problems")
            say(f"loaded {args.records}")
        # timed to the end: a first run can take longer than the API's query timeout allows
        timed = settings.model_copy(update={"query_timeout_s": 300.0})
        figures = measure(timed, settings.neo4j_database, args.rounds, say)
    print(render(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
