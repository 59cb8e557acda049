"""Two versions of the API on one loaded graph: CPU per request and requests/s, interleaved.

    python -m benchmarks.api_compare BEFORE [AFTER] [--rounds 3] [--seconds 8] [--workers 2]

BEFORE and AFTER are source trees (AFTER defaults to this one), for instance `git archive main |
tar -x -C /tmp/before`. Each round serves each version in turn (the order alternating between
rounds) for a point lookup and partners on a domain with the answer cache off, and for cached
partners answers with it on, as benchmarks.api does; every path is requested a few times one
after another before the clients start. The graph is the one the bench instance holds (load one
with `python -m benchmarks.api --instruments 1k --no-docs`). Prints a table; writes no document.
"""

from __future__ import annotations

import argparse
import statistics
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.api import CLIENTS, WARM_UP_S, WORKERS, drive, neo4j_pids, process_tree, serving, workloads
from benchmarks.instance import bench_driver, console_say
from benchmarks.queries import sample_pool
from benchmarks.stats import load_average, summarize
from hdkg import PROJECT_ROOT

ENDPOINTS = ("point lookup", "partners on a domain", "cached answer")
SEQUENTIAL_PASSES = 3


def warm(url: str, paths: list[str]) -> None:
    for _ in range(SEQUENTIAL_PASSES):
        for path in paths:
            with urllib.request.urlopen(url + path) as response:
                response.read()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.api_compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path, nargs="?", default=PROJECT_ROOT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    args = parser.parse_args(argv)

    console = Console(stderr=True)
    say = console_say(console)
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    runs: dict[tuple[str, str], list[dict]] = {}
    with bench_driver(False, say) as (driver, settings):
        database = settings.neo4j_database
        work = workloads(sample_pool(driver, database))
        for round_ in range(args.rounds):
            for side in sides if round_ % 2 == 0 else reversed(sides):
                for name in ENDPOINTS:
                    load = work[name]
                    cache = None if load["cached"] else 0
                    with serving(settings, database, args.workers, cache, sides[side]) as (url, pid):
                        warm(url, load["paths"])
                        watch = {"server": process_tree(pid), "neo4j": neo4j_pids(settings)}
                        run = drive(url, load["paths"], args.clients, args.seconds, WARM_UP_S, watch)
                    figures = {"rps": run["requests"] / run["seconds"], "hits": run["cache_hits"],
                               "cpu_ms": {k: v * 1000 / max(run["requests"], 1) for k, v in run["cpu"].items()},
                               **summarize(run["latencies"]), "load": load_average()}
                    runs.setdefault((name, side), []).append(figures)
                    say(f"round {round_ + 1}/{args.rounds} {side} {name}: {figures['rps']:,.0f} req/s, server "
                        f"{figures['cpu_ms']['server']:.2f} + Neo4j {figures['cpu_ms']['neo4j']:.2f} ms/req, "
                        f"load average {figures['load'][0] if figures['load'] else '?'}")
    table = Table(title=f"median of {args.rounds} rounds, {args.clients} clients, {args.workers} workers")
    for column in ("endpoint", "version", "req/s (each round)", "p50 ms", "server CPU ms/req", "Neo4j CPU ms/req"):
        table.add_column(column, justify="left" if column in ("endpoint", "version") else "right")
    for name in ENDPOINTS:
        for side in sides:
            done = runs[name, side]
            median = lambda key: statistics.median(f[key] for f in done)  # noqa: E731
            each = ", ".join(f"{f['rps']:,.0f}" for f in done)
            table.add_row(name, side, f"{median('rps'):,.0f} ({each})",
                          f"{median('p50_ms'):.1f}",
                          f"{statistics.median(f['cpu_ms']['server'] for f in done):.2f}",
                          f"{statistics.median(f['cpu_ms']['neo4j'] for f in done):.2f}")
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
