"""Writers compared on the same rows, in the same run, against the same server.

- ``writer``: the project's writer (`graph.writer.write_rows`), one transaction per file,
  write phase only (rows built from the checked files before the clock starts);
- ``naive``: one transaction per record and one MERGE statement per node or relationship row
  (`benchmarks.load.naive_load`);
- ``load_csv``: Neo4j's own ``LOAD CSV`` of the same rows, written beforehand to CSV files in
  the server's import directory, one ``MERGE`` statement per label and per relationship key run
  as ``CALL { ... } IN TRANSACTIONS``, with the same ids, properties and sources lists.

Every round empties the graph and writes the reference data first (untimed); the writers run in
an order that rotates between rounds, each after a short pause so that one's background work
(the server's and the OS's) does not land on the next. All three must leave the same graph:
node and relationship counts and a fingerprint of every property are compared.

    python -m benchmarks.writers --instruments 2000 [--rounds 5] [--no-docs]

The benchmark empties the database it runs against: the bench instance (HDKG_NEO4J_HOME=
.neo4j/bench, Bolt 7693) unless told otherwise; any other needs --yes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.generate import DEFAULT_PER_FILE
from benchmarks.load import (
    BENCH_ENV,
    BENCH_HOME,
    DOCS,
    empty_graph,
    ensure_corpus,
    naive_load,
    prepare,
    replace_section,
)
from graph.connection import open_driver
from graph.model import INTERNAL_PROPERTIES, Label
from graph.server import LocalNeo4j
from graph.writer import write_rows
from hdkg.settings import get_settings
from loaders.load import _display, check_inputs
from loaders.rows import RecordRows
from loaders.validate import COLLECTIONS

SECTION = "Writers"
WRITERS = ("writer", "naive", "load_csv")
TITLES = {"writer": "project writer", "naive": "naive (record per transaction)", "load_csv": "LOAD CSV"}
#: Rows per inner transaction of LOAD CSV (CALL ... IN TRANSACTIONS).
CSV_BATCH = 10_000
#: Joins list elements in one CSV field; values must not contain it.
LIST_SEPARATOR = "\x1f"
#: As for the project writer's statements (graph.writer): a plan made once is kept even when the
#: graph's size changes a lot, so neither side pays for replanning between rounds.
_PLAN = "CYPHER replan=skip "
#: Seconds between two writers' runs.
SETTLE = 2.0
#: Properties only the project writer stores: the loader's bookkeeping (what a source stated, and
#: which source stated which value where several do), declared internal in the schema.
WRITER_ONLY = INTERNAL_PROPERTIES

Say = Callable[[str], None]


# -- the rows ------------------------------------------------------------------------------

def checked_files(corpus: Path) -> list:
    """The corpus checked as `hdkg load` checks it; parsed record files, in load order."""
    good, failed, problems = check_inputs([corpus])
    if failed or problems:
        raise SystemExit(f"corpus {corpus} does not check: {failed[:1]} {problems[:1]}")
    return [item.read() if hasattr(item, "read") else item for item in good]


def file_rows(files: list) -> list[tuple[list, list]]:
    """(node rows, relationship rows) per file, as the loader hands them to the writer."""
    out = []
    for checked in files:
        rows = RecordRows(checked, _display(checked.path))
        out.append((list(rows.nodes()), list(rows.relationships())))
    return out


# -- LOAD CSV ------------------------------------------------------------------------------

def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list) and value and all(isinstance(x, str) for x in value):
        return "list"
    raise ValueError(f"LOAD CSV comparison: unsupported property value {value!r}")


def _field(value: Any, kind: str) -> str:
    texts = value if kind == "list" else [value] if kind == "str" else []
    for text in texts:
        # An empty field reads as null, a backslash as an escape (legacy quote escaping).
        if text == "" or "\\" in text or LIST_SEPARATOR in text:
            raise ValueError(f"LOAD CSV comparison: value {text!r} does not survive a CSV round trip")
    if kind == "list":
        return LIST_SEPARATOR.join(value)
    if kind == "bool":
        return "true" if value else "false"
    return value if kind == "str" else repr(value)


_CONVERT = {"str": "{}", "int": "toInteger({})", "float": "toFloat({})", "bool": "toBoolean({})",
            "list": "split({}, $separator)"}


def _sources(var: str) -> str:
    return (f"{var}.sources = CASE WHEN {var}.sources IS NULL THEN split(row.sources, $separator) "
            f"ELSE {var}.sources + [s IN split(row.sources, $separator) WHERE NOT s IN {var}.sources] END")


class CsvTable:
    """One CSV file: rows of one label or one relationship key, in load order.

    Property keys are parameters (`n[$k0]`) and the header names columns by position, so the
    statement holds no text taken from the data. A property a row does not set keeps its value
    (`coalesce`), as `SET n += row.props` does in the writer.
    """

    def __init__(self, name: str, key_columns: list[str]) -> None:
        self.name = name
        self.key_columns = key_columns
        self.rows: list[tuple[list[str], dict[str, Any], list[str]]] = []
        self.kinds: dict[str, str] = {}

    def add(self, keys: list[str], props: dict[str, Any], sources: tuple[str, ...]) -> None:
        for key, value in props.items():
            kind = _kind(value)
            if self.kinds.setdefault(key, kind) != kind:
                raise ValueError(f"LOAD CSV comparison: property {key} of {self.name} is both {kind} and "
                                 f"{self.kinds[key]}")
        self.rows.append((keys, props, list(sources)))

    @property
    def properties(self) -> list[str]:
        return sorted(self.kinds)

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}.csv"
        props = self.properties
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow([*self.key_columns, "sources", *(f"c{i}" for i in range(len(props)))])
            for keys, values, sources in self.rows:
                out.writerow([*(_field(key, "str") for key in keys), _field(sources, "list"),
                              *(_field(values[p], self.kinds[p]) if p in values else None for p in props)])
        return path

    def assignments(self, var: str) -> tuple[str, dict[str, str]]:
        params = {}
        items = []
        for i, prop in enumerate(self.properties):
            params[f"k{i}"] = prop
            items.append(f"{var}[$k{i}] = coalesce({_CONVERT[self.kinds[prop]].format(f'row.c{i}')}, {var}[$k{i}])")
        items.append(_sources(var))
        return "SET " + ", ".join(items), params


def csv_tables(rows: list[tuple[list, list]]) -> tuple[dict, dict]:
    """Node tables by label and relationship tables by (type, start label, end label)."""
    nodes: dict[Label, CsvTable] = {}
    rels: dict[tuple, CsvTable] = {}
    for node_rows, rel_rows in rows:
        for row in node_rows:
            table = nodes.setdefault(row.label, CsvTable(f"nodes-{row.label}", ["id"]))
            table.add([row.id], row.props, row.sources)
        for row in rel_rows:
            key = (row.type, row.start_label, row.end_label)
            table = rels.setdefault(key, CsvTable(f"rels-{row.type}-{row.start_label}-{row.end_label}",
                                                  ["start", "end"]))
            table.add([row.start_id, row.end_id], row.props, row.sources)
    return nodes, rels


def csv_statements(nodes: dict, rels: dict, folder: Path, url_prefix: str) -> list[tuple[str, dict[str, Any]]]:
    """Write the CSV files; the LOAD CSV statements that read them, in the writer's order."""
    statements = []
    for label in Label:
        if label not in nodes:
            continue
        table = nodes[label]
        table.write(folder)
        assign, params = table.assignments("n")
        statements.append((
            _PLAN + f"LOAD CSV WITH HEADERS FROM $url AS row CALL (row) {{ MERGE (n:{label} {{id: row.id}}) {assign} }} "
            f"IN TRANSACTIONS OF {CSV_BATCH} ROWS",
            {"url": f"{url_prefix}/{table.name}.csv", "separator": LIST_SEPARATOR, **params}))
    for rel, start, end in sorted(rels):
        table = rels[(rel, start, end)]
        table.write(folder)
        assign, params = table.assignments("r")
        statements.append((
            _PLAN + f"LOAD CSV WITH HEADERS FROM $url AS row CALL (row) {{ MATCH (a:{start} {{id: row.start}}) "
            f"MATCH (b:{end} {{id: row.end}}) MERGE (a)-[r:{rel}]->(b) {assign} }} "
            f"IN TRANSACTIONS OF {CSV_BATCH} ROWS",
            {"url": f"{url_prefix}/{table.name}.csv", "separator": LIST_SEPARATOR, **params}))
    return statements


def import_dir(settings) -> Path | None:
    """The local server's import directory (`server.directories.import`); None for NEO4J_URI."""
    if os.environ.get("HDKG_IMPORT_DIR"):
        return Path(os.environ["HDKG_IMPORT_DIR"])
    if settings.uses_external_server:
        return None
    conf = Path(settings.neo4j_home).resolve() / "conf" / "neo4j.conf"
    try:
        for line in conf.read_text(encoding="utf-8").splitlines():
            if line.startswith("server.directories.import="):
                return Path(line.split("=", 1)[1].strip())
    except OSError:
        pass
    return Path(settings.neo4j_home).resolve() / "import"


# -- the three writers ---------------------------------------------------------------------

def run_writer(driver, database: str, rows: list[tuple[list, list]]) -> float:
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for nodes, rels in rows:
            session.execute_write(write_rows, nodes, rels)
    return time.perf_counter() - start


def run_naive(driver, database: str, files: list) -> tuple[float, int, int]:
    seconds, _records, transactions, statements = naive_load(driver, database, files)
    return seconds, transactions, statements


def run_load_csv(driver, database: str, statements: list[tuple[str, dict[str, Any]]]) -> float:
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for text, params in statements:
            session.run(text, params).consume()  # IN TRANSACTIONS needs an implicit transaction
    return time.perf_counter() - start


def graph_fingerprint(driver, database: str) -> dict[str, Any]:
    """Counts and a checksum of every node's and relationship's properties (LoadRun and the
    GraphVersion node left out: the version's epoch is new in every emptied graph; and the
    loader's bookkeeping, which only the project writer keeps)."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadRun AND NOT n:GraphVersion RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props",
        database_=database)
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT a:LoadRun AND NOT a:GraphVersion RETURN type(r) AS type, labels(a)[0] AS al, a.id AS a, "
        "labels(b)[0] AS bl, b.id AS b, properties(r) AS props", database_=database)
    digest = hashlib.sha256()
    lines = []
    for record in nodes:
        props = {k: v for k, v in record["props"].items() if k not in WRITER_ONLY}
        lines.append(json.dumps([record["label"], record["id"], props], sort_keys=True, default=str))
    for record in rels:
        props = {k: v for k, v in record["props"].items() if k not in WRITER_ONLY}
        lines.append(json.dumps([record["type"], record["al"], record["a"], record["bl"], record["b"],
                                 props], sort_keys=True, default=str))
    for line in sorted(lines):
        digest.update(line.encode())
        digest.update(b"\n")
    return {"nodes": len(nodes), "relationships": len(rels), "sha256": digest.hexdigest()}


# -- measuring -----------------------------------------------------------------------------

def _loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def measure(driver, database: str, settings, instruments: int, seed: int, rounds: int, say: Say,
            settle: float = SETTLE) -> dict:
    """Alternating rounds of the three writers on one corpus; JSON-serialisable figures."""
    corpus, manifest, _ = ensure_corpus(instruments, seed, DEFAULT_PER_FILE, None, say)
    say(f"checking {corpus}")
    files = checked_files(corpus)
    rows = file_rows(files)
    node_rows = sum(len(n) for n, _ in rows)
    rel_rows = sum(len(r) for _, r in rows)
    records = sum(len(getattr(f.records, c)) for f in files for c in COLLECTIONS)

    folder = import_dir(settings)
    statements: list = []
    csv_note = None
    if folder is None:
        csv_note = "no import directory known for this server (NEO4J_URI): LOAD CSV not measured"
    else:
        target = folder / "hdkg-bench-writers"
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        nodes, rels = csv_tables(rows)
        statements = csv_statements(nodes, rels, target, "file:///hdkg-bench-writers")
    writers = [w for w in WRITERS if w != "load_csv" or statements]

    seconds: dict[str, list[float]] = {w: [] for w in writers}
    prints: dict[str, dict] = {}
    naive_shape = (0, 0)
    load_before = _loadavg()
    for round_ in range(rounds):
        order = writers[round_ % len(writers):] + writers[:round_ % len(writers)]
        for name in order:
            empty_graph(driver, database)
            prepare(driver, database)
            time.sleep(settle)
            say(f"round {round_ + 1}/{rounds}: {TITLES[name]}")
            if name == "writer":
                seconds[name].append(run_writer(driver, database, rows))
            elif name == "naive":
                took, transactions, naive_statements = run_naive(driver, database, files)
                seconds[name].append(took)
                naive_shape = (transactions, naive_statements)
            else:
                seconds[name].append(run_load_csv(driver, database, statements))
            if round_ == 0:
                prints[name] = graph_fingerprint(driver, database)
    empty_graph(driver, database)
    if statements:
        shutil.rmtree(folder / "hdkg-bench-writers", ignore_errors=True)

    same = len({json.dumps(p, sort_keys=True) for p in prints.values()}) == 1
    best = {w: min(v) for w, v in seconds.items()}
    median = {w: statistics.median(v) for w, v in seconds.items()}
    ratios = {}
    if "naive" in best:
        ratios["naive_vs_writer_best"] = best["naive"] / best["writer"]
        ratios["naive_vs_writer_median"] = median["naive"] / median["writer"]
    if "load_csv" in best:
        ratios["writer_vs_load_csv_best"] = best["load_csv"] / best["writer"]
        ratios["writer_vs_load_csv_median"] = median["load_csv"] / median["writer"]
    return {
        "date": dt.date.today().isoformat(),
        "instruments": instruments, "seed": seed, "per_file": DEFAULT_PER_FILE, "corpus": str(corpus),
        "files": len(files), "records": records, "instrument_entries": getattr(manifest, "instrument_entries", None),
        "node_rows": node_rows, "relationship_rows": rel_rows, "rows": node_rows + rel_rows,
        "rounds": rounds, "settle_seconds": settle, "csv_batch": CSV_BATCH,
        "csv_statements": len(statements), "csv_note": csv_note,
        "naive_transactions": naive_shape[0], "naive_statements": naive_shape[1],
        "seconds": seconds, "best": best, "median": median, "ratios": ratios,
        "graphs": prints, "same_graph": same,
        "load_before": load_before, "load_after": _loadavg(),
    }


# -- output --------------------------------------------------------------------------------

def _s(seconds: float) -> str:
    return f"{seconds:,.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def _table(figures: dict) -> tuple[list[str], list[list[str]]]:
    header = ["writer", "best", "median", "rows/s (best)", "time ÷ project writer's (best / median)", "rounds (s)"]
    rows = []
    writer_best, writer_median = figures["best"]["writer"], figures["median"]["writer"]
    for name in WRITERS:
        if name not in figures["seconds"]:
            continue
        best, median = figures["best"][name], figures["median"][name]
        relative = "-" if name == "writer" else f"{best / writer_best:.1f}× / {median / writer_median:.1f}×"
        rows.append([TITLES[name], _s(best), _s(median), _rate(figures["rows"], best), relative,
                     ", ".join(f"{x:.2f}" for x in figures["seconds"][name])])
    return header, rows


def _load(values: list[float]) -> str:
    return " / ".join(f"{x:.1f}" for x in values) if values else "unknown"


def render(figures: dict) -> str:
    """Markdown body of the "Writers" section (no `##` heading)."""
    header, rows = _table(figures)
    graph = next(iter(figures["graphs"].values()), {})
    if figures["csv_statements"]:
        load_csv = (
            "- **LOAD CSV.** The same rows written to CSV files in the server's import directory (one per label "
            "and one per relationship type with its start and end labels, rows in load order, lists joined by a "
            f"control character), then {figures['csv_statements']} `LOAD CSV ... CALL {{ MERGE ... SET ... }} IN "
            f"TRANSACTIONS OF {figures['csv_batch']:,} ROWS` statements: same ids, properties (typed as in the "
            "rows; a missing one keeps its value) and `sources` lists, unioned in the same order. Writing the "
            "files is not timed. Its statements, like the writer's, run with `CYPHER replan=skip`, so neither "
            "replans between rounds."
        )
    else:
        load_csv = f"- **LOAD CSV.** Not measured: {figures['csv_note']}."
    out = [
        (f"Measured {figures['date']} with `python -m benchmarks.writers --instruments {figures['instruments']}` "
         f"(seed {figures['seed']}); load average {_load(figures['load_before'])} before and "
         f"{_load(figures['load_after'])} after (1 / 5 / 15 min), on a shared machine: absolute times move "
         "between runs, the ratios are what to rely on."),
        "",
        "### Method",
        "",
        (f"- **Rows.** {figures['instruments']:,} generated instruments in {figures['files']} files "
         f"({figures['records']:,} records): {figures['node_rows']:,} node and {figures['relationship_rows']:,} "
         "relationship rows as `loaders.rows.RecordRows` builds them, built before any clock starts. "
         f"Each writer leaves a graph of {graph.get('nodes', 0):,} nodes and {graph.get('relationships', 0):,} "
         "relationships, reference data included."),
        ("- **Project writer.** `graph.writer.write_rows`, one transaction per file, as `hdkg load` writes "
         "(write phase only)."),
        (f"- **Naive.** `benchmarks.load.naive_load`: one transaction per record, one `MERGE` statement per row "
         f"({figures['naive_transactions']:,} transactions, {figures['naive_statements']:,} statements)."),
        load_csv,
        (f"- **Rounds.** {figures['rounds']} rounds; in each, every writer runs once into an emptied graph "
         f"holding the reference data, in an order rotating from round to round, after a "
         f"{figures['settle_seconds']:g} s pause. Best and median of the rounds."),
        ("- **Same graph.** After the first round of each writer, node and relationship counts and a SHA-256 of "
         "every node's and relationship's properties are compared (the loader's bookkeeping, which only the "
         "project writer keeps: what each source stated, on `Source` nodes, and which source stated which value "
         "where several do; and the `GraphVersion` node, whose epoch is new in every emptied graph, left out): "
         + ("**identical**." if figures["same_graph"] else "**they differ** (see the JSON figures).")),
        "",
        "### Results",
        "",
        _markdown(header, rows),
        "",
        "### Findings",
        "",
    ]
    ratios = figures["ratios"]
    best = figures["best"]
    if "naive_vs_writer_best" in ratios:
        out.append(f"- The project writer is **{ratios['naive_vs_writer_best']:.1f}×** faster than the naive loader "
                   f"best against best, {ratios['naive_vs_writer_median']:.1f}× median against median, on this "
                   f"{figures['instruments']:,}-instrument corpus. The naive loader pays a round trip per row and a "
                   "commit per record whatever the corpus size, so its rate is constant and the ratio holds for "
                   "corpora of this size and larger (files have about "
                   f"{figures['per_file']:,} instruments each, so the writer's per-file costs do not shrink either).")
    if "writer_vs_load_csv_best" in ratios:
        out.append(f"- Against Neo4j's own LOAD CSV of the same rows the project writer runs at "
                   f"**{ratios['writer_vs_load_csv_best']:.2f}×** its speed best against best "
                   f"({ratios['writer_vs_load_csv_median']:.2f}× median against median), committing once per file "
                   f"where LOAD CSV commits every {figures['csv_batch']:,} rows of one label or relationship type, "
                   "with no client in the loop.")
    if "naive" in best and "load_csv" in best:
        out.append(f"- LOAD CSV itself is {best['naive'] / best['load_csv']:.1f}× faster than the naive loader (best "
                   "against best): the cost left in a batched write is the server's own (index lookups under lock, "
                   "property and `sources` list writes, the commit), which bounds what any client-side writer can "
                   "gain over the naive one on this server.")
    return "\n".join(out) + "\n"


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    align = ["---"] + ["---:"] * (len(header) - 2) + ["---"]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def print_table(console, figures: dict) -> None:
    header, rows = _table(figures)
    table = Table(title=f"Writers: {figures['instruments']:,} instruments, {figures['rows']:,} rows")
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i in (0, len(header) - 1) else "right")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(f"same graph: {figures['same_graph']} {figures['graphs']}")


# -- entry point ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.writers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--instruments", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--settle", type=float, default=SETTLE, help="seconds of pause before each timed run")
    parser.add_argument("--no-docs", action="store_true", help=f"do not rewrite the {SECTION} section of {DOCS.name}")
    parser.add_argument("--docs", type=Path, default=DOCS)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--yes", action="store_true", help="allow emptying a database other than the bench instance")
    args = parser.parse_args(argv)

    for name, value in BENCH_ENV.items():
        os.environ.setdefault(name, value)
    console = Console(stderr=True)
    settings = get_settings()
    if settings.uses_external_server and not args.yes:
        raise SystemExit(f"NEO4J_URI is set ({settings.neo4j_uri}): this benchmark empties the database. "
                         "Pass --yes if that server is a scratch one.")
    if not settings.uses_external_server and Path(settings.neo4j_home).resolve() != BENCH_HOME and not args.yes:
        raise SystemExit(f"HDKG_NEO4J_HOME is {settings.neo4j_home}, not the bench instance {BENCH_HOME}: this "
                         "benchmark empties the database. Pass --yes if that instance is a scratch one.")
    started = None
    if not settings.uses_external_server:
        server = LocalNeo4j(settings, report=lambda m: console.print(m, highlight=False))
        if server.pid() is None:
            server.start()
            started = server

    def say(message: str) -> None:
        console.print(f"[dim]{dt.datetime.now():%H:%M:%S}[/] {message}", highlight=False)

    driver = open_driver(settings)
    try:
        figures = measure(driver, settings.neo4j_database, settings, args.instruments, args.seed, args.rounds, say,
                          settle=args.settle)
    finally:
        driver.close()
        if started is not None:
            started.stop()
    print_table(console, figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    if not args.no_docs:
        replace_section(args.docs, SECTION, f"## {SECTION}\n\n" + render(figures))
        say(f"wrote the {SECTION} section of {args.docs}")
    return 0 if figures["same_graph"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
