"""Where the project writer's time goes, against LOAD CSV of the same rows.

- ``statements``: one record file written by `graph.writer.write_rows` into an emptied graph
  with the reference data, then the LOAD CSV statements of `benchmarks.writers` for the same
  rows; per statement its wall time and, with ``--profile``, its PROFILE db hits and operators.
  Every pass but the last is a warm-up (plans made, server code compiled).
- ``split``: interleaved rounds over the whole corpus of the writer as loaded (one call and one
  transaction per file), the writer given every file's rows in one call (a diagnostic only:
  `hdkg load` commits per file) and LOAD CSV; the graphs are compared as `benchmarks.writers` does.

    python -m benchmarks.writer_profile statements [--file 0] [--passes 3] [--profile]
    python -m benchmarks.writer_profile split [--rounds 4]

Like `benchmarks.writers` it empties the database: the bench instance unless told --yes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import time
from collections import defaultdict
from typing import Any

from benchmarks.generate import DEFAULT_PER_FILE
from benchmarks.instance import bench_driver
from benchmarks.load import empty_graph, ensure_corpus, prepare
from benchmarks.writers import (checked_files, csv_statements, csv_tables, file_rows, graph_fingerprint, import_dir,
                                run_load_csv, run_writer)
from graph.writer import write_rows

_PLAN = "CYPHER replan=skip "


def statement_kind(text: str) -> str:
    """A writer statement's kind: `node Label`, `rel TYPE Start>End`, or what it does."""
    rel = re.search(r"MATCH \(a:(\w+) .*MATCH \(b:(\w+) .*MERGE \(a\)-\[r:(\w+)\]", text)
    if rel:
        return f"rel {rel.group(3)} {rel.group(1)}>{rel.group(2)}"
    node = re.search(r"MERGE \(n:(\w+) ", text)
    if node:
        return f"node {node.group(1)}"
    if "SET s.stated" in text:
        return "store stated"
    if "s[$key] AS stated" in text:
        return "read stated"
    return text[:60]


def plan_lines(plan: Any, depth: int = 0) -> list[tuple[int, str, int, int, str]]:
    """(depth, operator, db hits, rows, details) of a PROFILE plan, root first."""
    out = [(depth, plan.get("operatorType", ""), plan.get("dbHits", 0), plan.get("rows", 0),
            str(plan.get("args", {}).get("Details", ""))[:120])]
    for child in plan.get("children", []):
        out += plan_lines(child, depth + 1)
    return out


class _Finished:
    """A result read to its end: what `write_rows` asks of one."""

    def __init__(self, records: list, summary: Any) -> None:
        self.records, self.summary = records, summary

    def single(self) -> Any:
        return self.records[0] if self.records else None

    def consume(self) -> Any:
        return self.summary

    def __iter__(self):
        return iter(self.records)


class TimedTransaction:
    """A transaction whose statements are timed per kind and, when asked, profiled."""

    def __init__(self, tx: Any, profile: bool) -> None:
        self.tx, self.profile = tx, profile
        self.seconds: dict[str, float] = defaultdict(float)
        self.plans: dict[str, list] = {}

    def run(self, text: str, parameters: dict | None = None, **kwargs: Any) -> _Finished:
        query = text
        if self.profile:
            query = _PLAN + "PROFILE " + text.removeprefix(_PLAN) if text.startswith(_PLAN) else "PROFILE " + text
        start = time.perf_counter()
        result = self.tx.run(query, parameters, **kwargs)
        records = list(result)
        summary = result.consume()
        kind = statement_kind(text)
        self.seconds[kind] += time.perf_counter() - start
        if self.profile and summary.profile:
            self.plans[kind] = plan_lines(summary.profile)
        return _Finished(records, summary)


def _show(title: str, seconds: dict[str, float], plans: dict[str, list]) -> None:
    print(f"\n{title}: {sum(seconds.values()):.3f} s in {len(seconds)} statements"
          + (f", {sum(h for _, _, h, _, _ in sum(plans.values(), [])):,} db hits" if plans else ""))
    for kind, took in sorted(seconds.items(), key=lambda item: -item[1]):
        hits = sum(h for _, _, h, _, _ in plans.get(kind, []))
        print(f"{took * 1000:8.1f} ms {hits:>8} hits  {kind}")
    for kind, lines in plans.items():
        print(f"\n== {kind}")
        for depth, operator, hits, rows, details in lines:
            print(f"{'  ' * depth}{operator:32s} hits={hits:>7} rows={rows:>6} {details}")


def statements(driver, database: str, settings, rows: list, file: int, passes: int, profile: bool) -> None:
    one = [rows[file]]
    print(f"file {file}: {len(one[0][0]):,} node rows, {len(one[0][1]):,} relationship rows")
    folder = import_dir(settings) / "hdkg-writer-profile"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    nodes, rels = csv_tables(one)
    loads = csv_statements(nodes, rels, folder, "file:///hdkg-writer-profile")
    try:
        for done in range(passes):
            last = done == passes - 1
            empty_graph(driver, database)
            prepare(driver, database)
            with driver.session(database=database) as session, session.begin_transaction() as tx:
                timed = TimedTransaction(tx, profile and last)
                write_rows(timed, *one[0])
                start = time.perf_counter()
                tx.commit()
                timed.seconds["commit"] += time.perf_counter() - start
            empty_graph(driver, database)
            prepare(driver, database)
            csv_seconds: dict[str, float] = {}
            csv_plans: dict[str, list] = {}
            with driver.session(database=database) as session:
                for text, params in loads:
                    name = params["url"].rsplit("/", 1)[1].removesuffix(".csv")
                    query = text.replace(_PLAN, _PLAN + "PROFILE ", 1) if profile and last else text
                    start = time.perf_counter()
                    summary = session.run(query, params).consume()
                    csv_seconds[name] = time.perf_counter() - start
                    if profile and last and summary.profile:
                        csv_plans[name] = plan_lines(summary.profile)
            if last:
                _show("project writer", timed.seconds, timed.plans)
                _show("LOAD CSV", csv_seconds, csv_plans)
            else:
                print(f"warm-up {done + 1}: writer {sum(timed.seconds.values()):.3f} s, "
                      f"LOAD CSV {sum(csv_seconds.values()):.3f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def split(driver, database: str, settings, rows: list, rounds: int) -> None:
    in_one_call = [([node for nodes, _ in rows for node in nodes], [rel for _, rels in rows for rel in rels])]
    folder = import_dir(settings) / "hdkg-writer-split"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    nodes, rels = csv_tables(rows)
    loads = csv_statements(nodes, rels, folder, "file:///hdkg-writer-split")
    runs = {"writer, per file": lambda: run_writer(driver, database, rows),
            "writer, one call": lambda: run_writer(driver, database, in_one_call),
            "LOAD CSV": lambda: run_load_csv(driver, database, loads)}
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    prints = {}
    names = list(runs)
    try:
        for round_ in range(rounds):
            for name in names[round_ % 3:] + names[:round_ % 3]:
                empty_graph(driver, database)
                prepare(driver, database)
                time.sleep(2)
                seconds[name].append(runs[name]())
                if round_ == 0:
                    prints[name] = graph_fingerprint(driver, database)["sha256"]
            print(f"round {round_ + 1}: " + ", ".join(f"{n} {s[-1]:.2f} s" for n, s in seconds.items()), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        empty_graph(driver, database)
    for name, values in seconds.items():
        print(f"{name}: best {min(values):.2f} s, median {statistics.median(values):.2f} s")
    print("same graph:", len(set(prints.values())) == 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.writer_profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("statements", "split"))
    parser.add_argument("--instruments", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--file", type=int, default=0, help="which record file (statements)")
    parser.add_argument("--passes", type=int, default=3, help="passes, the last one shown (statements)")
    parser.add_argument("--profile", action="store_true", help="PROFILE the last pass (statements)")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds (split)")
    parser.add_argument("--yes", action="store_true", help="allow emptying a database other than the bench instance")
    args = parser.parse_args(argv)
    with bench_driver(args.yes, print) as (driver, settings):
        corpus, _, _ = ensure_corpus(args.instruments, args.seed, DEFAULT_PER_FILE, None, print)
        rows = file_rows(checked_files(corpus))
        if args.what == "statements":
            statements(driver, settings.neo4j_database, settings, rows, args.file, args.passes, args.profile)
        else:
            split(driver, settings.neo4j_database, settings, rows, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
