"""The standalone entry point the latency benchmarks share: load each size, measure, write docs.

`make bench` loads each size once and calls every benchmark's `measure()` on it; this is the
same loop for running one benchmark by itself.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks.generate import parse_count
from benchmarks.instance import bench_driver, console_say
from benchmarks.load import DOCS, empty_graph, ensure_corpus, replace_section
from loaders.load import run_load

Measure = Callable[..., dict]


def _sizes(text: str) -> list[int]:
    return sorted({parse_count(part) for part in text.split(",") if part.strip()})


def load_size(driver, database: str, instruments: int, seed: int, per_file: int, say, *, reuse: bool = False) -> None:
    """Empty the graph and load the synthetic corpus of this size, as `hdkg load` would; with
    `reuse`, load it into the graph as it is (files already there are recognised by checksum)."""
    corpus, _, _ = ensure_corpus(instruments, seed, per_file, None, say)
    if reuse:
        say(f"loading {corpus.name} into the graph as it is")
    else:
        say(f"emptying the graph and loading {corpus.name}")
        empty_graph(driver, database)
    start = time.perf_counter()
    report = run_load(driver, database, [corpus])
    say(f"loaded {instruments:,} instruments in {time.perf_counter() - start:.1f} s")
    if not report.ok:
        raise SystemExit(f"loading {corpus} reported problems: {[str(p) for p in report.all_problems()[:5]]}")


def standalone(argv: list[str] | None, *, prog: str, description: str, section: str, measure: Measure,
               render: Callable[[dict[int, dict]], str], table: Callable[[dict[int, dict]], Any],
               extra: Callable[[argparse.ArgumentParser], None] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--instruments", type=_sizes, default=[1000, 10000], help="comma-separated sizes (1k,10k,100k)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=200)
    parser.add_argument("--no-docs", action="store_true", help=f"do not rewrite the {section} section of {DOCS.name}")
    parser.add_argument("--docs", type=Path, default=DOCS)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--yes", action="store_true", help="allow emptying a database other than the bench instance")
    parser.add_argument("--reuse", action="store_true",
                        help="do not empty the graph first: load the corpus into it as it is (quick when it holds "
                             "that corpus already; figures are off if it holds anything else)")
    if extra:
        extra(parser)
    args = parser.parse_args(argv)

    console = Console(stderr=True)
    say = console_say(console)
    by_size: dict[int, dict] = {}
    with bench_driver(args.yes, say) as (driver, settings):
        database = settings.neo4j_database
        for instruments in args.instruments:
            load_size(driver, database, instruments, args.seed, args.per_file, say, reuse=args.reuse)
            by_size[instruments] = measure(driver, database, settings, instruments, say, **_extra_kwargs(args))
            console.print(table(by_size))
    if args.json:
        args.json.write_text(json.dumps(by_size, indent=1), encoding="utf-8")
    if not args.no_docs:
        replace_section(args.docs, section, f"## {section}\n\n{render(by_size).rstrip()}\n")
        say(f"wrote the {section} section of {args.docs}")
    return 0


def _extra_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """Options a benchmark added with `extra`, passed to its measure() by name."""
    common = {"instruments", "seed", "per_file", "no_docs", "docs", "json", "yes", "reuse"}
    return {key: value for key, value in vars(args).items() if key not in common}

