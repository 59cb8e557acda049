"""Load benchmarks: how fast `hdkg load` (loaders.load.run_load) fills a real Neo4j.

    python -m benchmarks.load --instruments 1000,10000,100000 [--batch-sizes 100,500,1000,2000,5000,10000]

For each size: generate (or reuse) a synthetic corpus (benchmarks.generate), empty the graph,
warm up, then time a first load into the empty graph, a second run over the unchanged files
and a `--force` rewrite of every file (the last two up to --rewrite-max instruments), and
probe what one changed file pays in retract and prune on the loaded graph. Separately: the
batched writer against a naive one (a transaction per record, one MERGE per row) on a small
corpus, and write-phase timings for several writer batch sizes. Results are printed and replace
the "Loading" section of docs/benchmarks.md (`--render JSON` rewrites it from saved figures).

The benchmark empties the database it runs against. It uses the bench instance
(HDKG_NEO4J_HOME=.neo4j/bench, Bolt 7693) unless told otherwise, and refuses any other server
(NEO4J_URI, or another local instance) without --yes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import json
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import yaml
from rich.console import Console
from rich.table import Table

import loaders.load as load_module
from benchmarks.generate import default_out, parse_count, read_manifest
from benchmarks.instance import BENCH_ENV, BENCH_HOME, bench_driver, console_say  # noqa: F401 - BENCH_* re-exported
from benchmarks.memory import peak_rss_mib, reset_peak_rss, rss_mib
from graph.connection import open_driver
from graph.model import Label, Rel
from graph.schema import ensure_schema
from graph.writer import BATCH_SIZE, prune_unsupported, retract_source, write_rows
from hdkg import PROJECT_ROOT
from loaders.load import _display, _write_file, check_inputs, run_load, write_reference_data
from loaders.records import RecordFile
from loaders.rows import RecordRows
from loaders.validate import COLLECTIONS, CheckedFile, _line_map, check_file, read_document

DOCS = PROJECT_ROOT / "docs" / "benchmarks.md"
SECTION = "Loading"
DEFAULT_BATCH_SIZES = (100, 500, 1000, 2000, 5000, 10000)
#: Batch sizes whose best times are closer than this, or than the spread between rounds of one
#: size if that is larger, count as equal.
NOISE = 0.05


# -- measuring -------------------------------------------------------------------------

class PhaseTimer:
    """Wall time spent in named functions of loaders.load, patched in this process only.

    `write_tx` is the time inside the per-file transaction functions; `write` runs from the end
    of the checks to the LoadRun record, so it also counts the commits (and the one read of the
    stored checksums).
    """

    TARGETS = {"schema": "ensure_schema", "reference": "write_reference_data", "check": "check_inputs",
               "write_tx": "_write_file", "record": "_record_run"}

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.ends: dict[str, float] = {}
        self.starts: dict[str, float] = {}
        self.checked: list = []  # what check_inputs returned as good, for counting rows

    def write_seconds(self, run_end: float) -> float:
        if "check" not in self.ends:
            return 0.0
        return self.starts.get("record", run_end) - self.ends["check"]

    @contextmanager
    def patched(self) -> Iterator[PhaseTimer]:
        originals = {name: getattr(load_module, name) for name in self.TARGETS.values()}

        def timed(phase: str, function: Callable) -> Callable:
            @functools.wraps(function)
            def wrapper(*args, **kwargs):
                start = time.perf_counter()
                self.starts.setdefault(phase, start)
                try:
                    result = function(*args, **kwargs)
                finally:
                    self.ends[phase] = time.perf_counter()
                    self.seconds[phase] += self.ends[phase] - start
                if phase == "check":
                    self.checked = list(result[0])
                return result
            return wrapper

        try:
            for phase, name in self.TARGETS.items():
                setattr(load_module, name, timed(phase, originals[name]))
            yield self
        finally:
            for name, function in originals.items():
                setattr(load_module, name, function)


@contextmanager
def writer_batch_size(size: int) -> Iterator[None]:
    """Make run_load's writes use `size` rows per statement (write_rows binds its default at import)."""
    original = load_module.write_rows
    load_module.write_rows = functools.partial(write_rows, batch_size=size)
    try:
        yield
    finally:
        load_module.write_rows = original


@dataclass
class RowCounts:
    files: int = 0
    instruments: int = 0  # instrument entries in files (an instrument reported twice counts twice)
    nodes: int = 0
    relationships: int = 0

    @property
    def rows(self) -> int:
        return self.nodes + self.relationships


def _parsed(item):
    """A parsed file, from a parsed file or from what check_inputs returns (read back from its spool)."""
    return item.read() if hasattr(item, "read") else item


def count_rows(checked_files: list) -> RowCounts:
    """Rows the loader hands to the writer (loaders.rows.RecordRows), before per-file de-duplication.

    Takes parsed files or what check_inputs returns (read back one at a time)."""
    counts = RowCounts(files=len(checked_files))
    for item in checked_files:
        checked = _parsed(item)
        rows = RecordRows(checked, _display(checked.path))
        counts.instruments += len(checked.records.instruments)
        counts.nodes += sum(1 for _ in rows.nodes())
        counts.relationships += sum(1 for _ in rows.relationships())
    return counts


def written_rows(stats) -> tuple[int, int]:
    """Rows the writer MERGEd (after per-file de-duplication), from a LoadReport's stats."""
    nodes = sum(stats.created.values()) + sum(stats.updated.values()) + sum(stats.unchanged.values())
    relationships = sum(stats.relationships_created.values()) + sum(stats.relationships_merged.values())
    return nodes, relationships


@dataclass
class RunFigures:
    label: str
    seconds: float
    phases: dict[str, float]
    statuses: dict[str, int]
    written_nodes: int
    written_relationships: int
    peak_rss_mib: float
    start_rss_mib: float | None = None  # resident when the run began: the interpreter and its imports


@dataclass
class SizeFigures:
    instruments: int
    seed: int
    files: int
    instrument_entries: int
    multi_source: int
    multilateral: int
    corpus_mb: float
    generate_seconds: float | None
    nodes_rows: int
    relationship_rows: int
    graph_nodes: int
    graph_relationships: int
    largest_group: int = 0
    corpus: str = ""
    retract_seconds: float | None = None  # one file's retract_source on the loaded graph
    prune_seconds: float | None = None  # prune_unsupported after it
    runs: list[RunFigures] = field(default_factory=list)
    idempotent: bool = True

    def run(self, label: str) -> RunFigures:
        return next(r for r in self.runs if r.label == label)


@dataclass
class NaiveFigures:
    instruments: int
    records: int
    rows: int
    batched_seconds: float
    naive_seconds: float
    naive_transactions: int
    naive_statements: int
    rounds: int = 1
    batched_rounds: list[float] = field(default_factory=list)
    naive_rounds: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.naive_seconds / self.batched_seconds

    @property
    def median_ratio(self) -> float:
        def median(values: list[float]) -> float:
            ordered = sorted(values)
            return ordered[len(ordered) // 2]

        if not self.batched_rounds or not self.naive_rounds:
            return self.ratio
        return median(self.naive_rounds) / median(self.batched_rounds)


@dataclass
class TuningFigures:
    instruments: int
    per_file: int
    rows: int
    largest_group: int
    repeats: int
    seconds: dict[int, list[float]] = field(default_factory=dict)

    def best(self, size: int) -> float:
        return min(self.seconds[size])

    @property
    def fastest(self) -> int:
        return min(self.seconds, key=self.best)

    @property
    def noise(self) -> float:
        """The typical spread between rounds of one size (median of (slowest - fastest) / fastest), at least NOISE."""
        spreads = sorted(max(v) / min(v) - 1 for v in self.seconds.values() if len(v) > 1)
        return max(NOISE, spreads[len(spreads) // 2] if spreads else 0.0)

    def equivalent(self) -> list[int]:
        """Sizes whose best time is within the noise of the fastest."""
        fastest = self.best(self.fastest)
        return sorted(s for s in self.seconds if self.best(s) <= fastest * (1 + self.noise))

    def recommended(self, current: int) -> int:
        """Keep the current size when it is as fast as any within the noise; else the fastest."""
        return current if current in self.equivalent() else self.fastest


# -- the graph -------------------------------------------------------------------------

def empty_graph(driver, database: str) -> None:
    """Delete everything, relationships first, in bounded batches; constraints and indexes stay.

    (Detach-deleting batches of nodes can exceed the transaction memory limit when hubs with
    tens of thousands of relationships fall into one batch.)
    """
    with driver.session(database=database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def graph_size(driver, database: str) -> tuple[int, int]:
    """Nodes and relationships, leaving out the LoadRun audit trail (one more per run)."""
    records, _, _ = driver.execute_query(
        f"MATCH (n) WHERE NOT n:{Label.LOAD_RUN} RETURN count(n) AS n", database_=database)
    nodes = records[0]["n"]
    records, _, _ = driver.execute_query(
        "MATCH ()-[r]->() WHERE type(r) <> $loaded RETURN count(r) AS r", loaded=str(Rel.LOADED), database_=database)
    return nodes, records[0]["r"]


def prepare(driver, database: str) -> None:
    """Schema and reference data, as run_load writes them first (untimed where used)."""
    ensure_schema(driver, database)
    with driver.session(database=database) as session:
        session.execute_write(write_reference_data)


def write_checked(driver, database: str, checked_files: list) -> float:
    """The write phase of run_load alone: one transaction per file, into an empty graph."""
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for checked in checked_files:
            session.execute_write(_write_file, checked, None)
    return time.perf_counter() - start


# -- the naive loader ------------------------------------------------------------------

_SOURCES = "SET {v}.sources = CASE WHEN {v}.sources IS NULL THEN $sources ELSE {v}.sources + [s IN $sources WHERE NOT s IN {v}.sources] END"


def _record_rows(checked, record_collection: str | None, record) -> Any:
    """RecordRows of one record of a checked file (with the file's source node)."""
    only = RecordFile(schema_version=1, source=checked.records.source,
                      **({record_collection: [record]} if record_collection else {}))
    single = CheckedFile(checked.path, checked.checksum, only, checked.lines, checked.countries, checked.domains)
    return RecordRows(single, _display(checked.path))


def naive_load(driver, database: str, checked_files: list) -> tuple[float, int, int, int]:
    """One transaction per record, one MERGE statement per node and per relationship row.

    Returns (seconds, records, transactions, statements). Rows are built before the clock starts.
    """
    work: list[tuple[list, list]] = []
    records = 0
    for checked in checked_files:
        source = _record_rows(checked, None, None)
        work.append((list(source.nodes()), []))
        for collection in COLLECTIONS:
            for record in getattr(checked.records, collection):
                rows = _record_rows(checked, collection, record)
                nodes = [n for n in rows.nodes() if n.id != rows.source_id]
                work.append((nodes, list(rows.relationships())))
                records += 1

    def write(tx, nodes, rels) -> None:
        for node in nodes:
            tx.run(f"MERGE (n:{node.label} {{id: $id}}) SET n += $props " + _SOURCES.format(v="n"),
                   id=node.id, props=node.props, sources=list(node.sources)).consume()
        for rel in rels:
            tx.run(f"MATCH (a:{rel.start_label} {{id: $start}}) MATCH (b:{rel.end_label} {{id: $end}}) "
                   f"MERGE (a)-[r:{rel.type}]->(b) SET r += $props " + _SOURCES.format(v="r"),
                   start=rel.start_id, end=rel.end_id, props=rel.props, sources=list(rel.sources)).consume()

    statements = sum(len(n) + len(r) for n, r in work)
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for nodes, rels in work:
            session.execute_write(write, nodes, rels)
    return time.perf_counter() - start, records, len(work), statements


# -- corpora ---------------------------------------------------------------------------

def ensure_corpus(instruments: int, seed: int, per_file: int, out: Path | None, say) -> tuple[Path, Any, float | None]:
    """Reuse a matching corpus, or generate it in a child process (so its memory is not ours)."""
    out = out or default_out(instruments, seed, per_file)
    manifest = read_manifest(out)
    if manifest is not None and manifest.matches(instruments, seed, per_file):
        say(f"reusing corpus {out}")
        return out, manifest, None
    say(f"generating {instruments} instruments (seed {seed}) into {out}")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "benchmarks.generate", "--instruments", str(instruments), "--seed",
                           str(seed), "--per-file", str(per_file), "--out", str(out)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"generating the corpus failed:\n{done.stderr[-2000:]}")
    return out, read_manifest(out), time.perf_counter() - start


# -- the benchmark ---------------------------------------------------------------------

@dataclass
class RunOutcome:
    """One timed load, and for a first load what the parent needs of its checked files."""
    run: RunFigures
    counts: RowCounts | None = None
    largest_group: int = 0
    probe_sources: list[str] = field(default_factory=list)  # a few files' sources, for probe_rewrite


def measure_run(driver, database: str, label: str, corpus: Path, force: bool = False,
                count: bool = False) -> RunOutcome:
    """One timed `run_load` in this process; with `count`, the rows of its checked files too."""
    timer = PhaseTimer()
    gc.collect()
    reset_peak_rss()
    resident = rss_mib()
    with timer.patched():
        start = time.perf_counter()
        report = run_load(driver, database, [corpus], force=force)
        seconds = time.perf_counter() - start
    peak = peak_rss_mib()
    if not report.ok:
        problems = [str(p) for p in report.all_problems()[:10]]
        raise SystemExit(f"the {label} load reported problems: {problems}")
    statuses: dict[str, int] = defaultdict(int)
    for outcome in report.files:
        statuses[outcome.status] += 1
    nodes, rels = written_rows(report.stats)
    phases = {phase: timer.seconds.get(phase, 0.0) for phase in ("schema", "reference", "check", "record")}
    phases["write"] = timer.write_seconds(start + seconds)
    phases["other"] = max(0.0, seconds - sum(phases.values()))
    phases["write_tx"] = timer.seconds.get("write_tx", 0.0)
    figures = RunOutcome(RunFigures(label, seconds, phases, dict(statuses), nodes, rels, peak, resident))
    if count:
        checked = timer.checked
        figures.counts, figures.largest_group = count_rows(checked), largest_group(checked)
        figures.probe_sources = [c.source_id for c in checked[:: max(1, len(checked) // 3)][:3]]
    return figures


def _run(database: str, label: str, corpus: Path, force: bool = False, count: bool = False) -> RunOutcome:
    """`measure_run` in a fresh process, so its peak memory is the load's own (as `hdkg load` is
    a process of its own), not this benchmark's."""
    command = [sys.executable, "-m", "benchmarks.load", "--one-run", label, str(corpus), "--database", database]
    child = subprocess.run(command + ["--force"] * force + ["--count"] * count, cwd=PROJECT_ROOT,
                           capture_output=True, text=True, env=os.environ.copy())
    if child.returncode != 0:
        raise SystemExit(f"the {label} load failed:\n{child.stderr[-2000:]}")
    data = json.loads(child.stdout.strip().splitlines()[-1])
    counts = data.pop("counts")
    return RunOutcome(RunFigures(**data.pop("run")), RowCounts(**counts) if counts else None, **data)


def bench_size(driver, database: str, instruments: int, seed: int, per_file: int, say,
               skip_force: bool = False, skip_rerun: bool = False) -> SizeFigures:
    corpus, manifest, generated = ensure_corpus(instruments, seed, per_file, None, say)

    say("warm-up: one file into an empty graph")
    empty_graph(driver, database)
    first = sorted(p for p in corpus.glob("*.yaml"))[0]
    run_load(driver, database, [first])
    empty_graph(driver, database)

    say("first load into the empty graph")
    cold = _run(database, "first load", corpus, count=True)
    counts = cold.counts
    size_after = graph_size(driver, database)
    figures = SizeFigures(instruments, seed, manifest.files, manifest.instrument_entries, manifest.multi_source,
                          manifest.multilateral, manifest.bytes / 1e6, generated, counts.nodes, counts.relationships,
                          *size_after, largest_group=cold.largest_group, corpus=str(corpus), runs=[cold.run])
    say("retract and prune of one file on the loaded graph (rolled back)")
    figures.retract_seconds, figures.prune_seconds = probe_rewrite(driver, database, cold.probe_sources)
    if skip_rerun:
        return figures
    say("second run, files unchanged")
    again = _run(database, "unchanged rerun", corpus).run
    figures.runs.append(again)
    figures.idempotent = graph_size(driver, database) == size_after
    if not skip_force:
        say("--force: every file rewritten")
        forced = _run(database, "--force rewrite", corpus, force=True).run
        figures.runs.append(forced)
        figures.idempotent = figures.idempotent and graph_size(driver, database) == size_after
    return figures


def probe_rewrite(driver, database: str, source_ids: list[str]) -> tuple[float, float]:
    """What a changed file pays before and after its rewrite: retract_source and prune_unsupported.

    Each probe runs in a transaction that is rolled back, so the graph is unchanged. The median
    over a few sources is returned.
    """
    retracts, prunes = [], []
    with driver.session(database=database) as session:
        for source_id in source_ids:
            tx = session.begin_transaction()
            try:
                start = time.perf_counter()
                retraction = retract_source(tx, source_id)
                middle = time.perf_counter()
                prune_unsupported(tx, retraction)
                end = time.perf_counter()
            finally:
                tx.rollback()
            retracts.append(middle - start)
            prunes.append(end - middle)
    return sorted(retracts)[len(retracts) // 2], sorted(prunes)[len(prunes) // 2]


@dataclass
class ParseFigures:
    files: int
    instruments: int
    check_seconds: float  # loaders.validate.check_file
    read_seconds: float  # loaders.validate.read_document: YAML parsed and composed in pure Python
    libyaml_seconds: float  # the same data and line map from one libyaml (CSafeLoader) pass


def bench_parse(corpus: Path, files: int = 5) -> ParseFigures:
    """Where check time goes, on a few files: the YAML reading against the whole check."""
    paths = sorted(corpus.glob("*.yaml"))[:files]
    check_file(paths[0])  # caches (countries, vocabularies) warm
    check = read = fast = 0.0
    instruments = 0
    for path in paths:
        start = time.perf_counter()
        checked = check_file(path)
        check += time.perf_counter() - start
        instruments += len(checked.records.instruments)
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        data, lines, _ = read_document(path, text)
        read += time.perf_counter() - start
        start = time.perf_counter()
        loader = yaml.CSafeLoader(text)
        try:
            node = loader.get_single_node()
            fast_data = loader.construct_document(node)
        finally:
            loader.dispose()
        fast_lines: dict = {}
        _line_map(node, (), fast_lines, [])
        fast += time.perf_counter() - start
        if fast_data != data or fast_lines != lines:
            raise SystemExit(f"libyaml reading of {path} differs from read_document's")
    return ParseFigures(len(paths), instruments, check, read, fast)


def bench_naive(driver, database: str, instruments: int, seed: int, per_file: int, rounds: int, say) -> NaiveFigures:
    corpus, _, _ = ensure_corpus(instruments, seed, per_file, None, say)
    good, failed, problems = check_inputs([corpus])
    if failed or problems:
        raise SystemExit(f"naive corpus {corpus} does not check: {failed[:1]} {problems[:1]}")
    good = [item.read() for item in good]  # both writers take the same parsed files
    rows = count_rows(good).rows
    batched = []
    naive = []
    for round_ in range(rounds):  # alternating, best of each
        empty_graph(driver, database)
        prepare(driver, database)
        say(f"batched writer on {instruments} instruments (round {round_ + 1}/{rounds})")
        batched.append(write_checked(driver, database, good))
        batched_size = graph_size(driver, database)
        empty_graph(driver, database)
        prepare(driver, database)
        say(f"naive writer on {instruments} instruments (round {round_ + 1}/{rounds})")
        seconds, records, transactions, statements = naive_load(driver, database, good)
        naive.append(seconds)
        if graph_size(driver, database) != batched_size:
            raise SystemExit(f"naive and batched loads differ: {graph_size(driver, database)} vs {batched_size}")
    return NaiveFigures(instruments, records, rows, min(batched), min(naive), transactions, statements, rounds,
                        batched, naive)


def largest_group(checked_files: list) -> int:
    """The most rows one writer statement group gets: one label, or one relationship key, of one file."""
    largest = 0
    for item in checked_files:
        rows = RecordRows(_parsed(item), _display(item.path))
        groups: dict[Any, set] = defaultdict(set)
        for node in rows.nodes():
            groups[node.label].add(node.id)
        for rel in rows.relationships():
            groups[(rel.type, rel.start_label, rel.end_label)].add((rel.start_id, rel.end_id))
        largest = max(largest, *(len(g) for g in groups.values()))
    return largest


def bench_batch_sizes(driver, database: str, checked: list, instruments: int, per_file: int, sizes: list[int],
                      repeats: int, say) -> TuningFigures:
    figures = TuningFigures(instruments, per_file, count_rows(checked).rows, largest_group(checked), repeats)
    for repeat in range(repeats):
        order = sizes if repeat % 2 == 0 else list(reversed(sizes))
        for size in order:
            empty_graph(driver, database)
            prepare(driver, database)
            say(f"batch size {size} (round {repeat + 1}/{repeats})")
            with writer_batch_size(size):
                seconds = write_checked(driver, database, checked)
            figures.seconds.setdefault(size, []).append(seconds)
    return figures


def bench_tuning(driver, database: str, instruments: int, seed: int, per_file: int, sizes: list[int], repeats: int,
                 say) -> TuningFigures:
    corpus, _, _ = ensure_corpus(instruments, seed, per_file, None, say)
    say(f"checking the tuning corpus {corpus}")
    checked, failed, problems = check_inputs([corpus])
    if failed or problems:
        raise SystemExit(f"tuning corpus {corpus} does not check")
    # The checked files as check_inputs hands them to the writer: read back from its spool one at a time.
    return bench_batch_sizes(driver, database, checked, instruments, per_file, sizes, repeats, say)


# -- machine facts ---------------------------------------------------------------------

def machine_facts(driver, database: str, settings) -> dict[str, str]:
    facts = {"cpus": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())}
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
        facts["cpu"] = model
    except (OSError, StopIteration):
        facts["cpu"] = platform.processor() or platform.machine()
    try:
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
        facts["memory"] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        facts["memory"] = "unknown"
    facts["os"] = f"{platform.system()} {platform.release()}"
    facts["python"] = platform.python_version()
    facts["driver"] = f"neo4j {neo4j.__version__}"
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                         "RETURN name, versions, edition", database_=database)
    facts["neo4j"] = ", ".join(f"{r['name']} {'/'.join(r['versions'])} {r['edition']}" for r in records)
    try:
        records, _, _ = driver.execute_query(
            "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
            "RETURN attributes.HeapMemoryUsage.value.properties.max AS max", database_=database)
        facts["heap"] = f"{records[0]['max'] / 2**30:.1f} GiB max"
    except Exception:  # noqa: BLE001 - an older or restricted server: report what we configured
        facts["heap"] = f"{settings.heap_size} (configured)"
    try:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name = $name RETURN value", name="server.memory.pagecache.size",
            database_=database)
        facts["pagecache"] = str(records[0]["value"])
    except Exception:  # noqa: BLE001
        facts["pagecache"] = f"{settings.pagecache_size} (configured)"
    facts["server"] = "external (NEO4J_URI)" if settings.uses_external_server else "local, same machine (127.0.0.1)"
    return facts


def _loadavg() -> str:
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


# -- output ----------------------------------------------------------------------------

@dataclass
class Results:
    facts: dict[str, str]
    command: str
    seed: int
    per_file: int
    rewrite_max: int
    sizes: list[SizeFigures]
    naive: NaiveFigures | None = None
    tuning: TuningFigures | None = None
    parse: ParseFigures | None = None


def _rate(count: float, seconds: float) -> str:
    if seconds <= 0:
        return "-"
    value = count / seconds
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _s(seconds: float) -> str:
    return f"{seconds:,.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


HEADER = ["instruments", "run", "wall", "check", "write", "files/s", "instruments/s", "node rows/s",
          "rel rows/s", "peak RSS"]


def figures_rows(sizes: list[SizeFigures]) -> list[list[str]]:
    rows = []
    for size in sizes:
        for run in size.runs:
            wrote = run.label != "unchanged rerun"
            rows.append([
                f"{size.instruments:,}", run.label, _s(run.seconds), _s(run.phases["check"]),
                _s(run.phases["write"]) if wrote else "-",
                _rate(size.files, run.seconds), _rate(size.instrument_entries, run.seconds),
                _rate(size.nodes_rows, run.phases["write"]) if wrote else "-",
                _rate(size.relationship_rows, run.phases["write"]) if wrote else "-",
                f"{run.peak_rss_mib:,.0f} MiB",
            ])
    return rows


def markdown_table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(header)))
    align = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _has(size: SizeFigures, label: str) -> bool:
    return any(run.label == label for run in size.runs)


def render_machine(facts: dict[str, str]) -> list[str]:
    out = [markdown_table(["", "value"], [
        ["CPUs available", facts["cpus"]], ["CPU", facts["cpu"]], ["memory", facts["memory"]], ["OS", facts["os"]],
        ["Python", facts["python"]], ["driver", facts["driver"]], ["Neo4j", facts["neo4j"]],
        ["Neo4j heap", facts["heap"]], ["Neo4j page cache", facts["pagecache"]], ["server", facts["server"]],
        ["load average (1/5/15 min) at start", facts.get("load before", "?")],
        ["load average at end", facts.get("load after", "?")],
    ], right=set())]
    out += ["", "The machine is shared (other Neo4j servers, test runs and benchmarks may run alongside) and Neo4j "
            "runs on the same cores as the benchmark: absolute figures are indications that move by tens of "
            "percent between runs. The ratios (one writer against another, rerun against first load, one size "
            "against another) are the figures to rely on.", ""]
    return out


def _at_start(sizes: list[SizeFigures]) -> str:
    resident = [run.start_rss_mib for size in sizes for run in size.runs if run.start_rss_mib is not None]
    return f" ({min(resident):,.0f} to {max(resident):,.0f} MiB)" if resident else ""


def render_section(results: Results, standalone: bool = True) -> str:
    """The Loading section; `standalone` adds its heading, the command and the machine."""
    facts, sizes = results.facts, results.sizes
    out: list[str] = []
    if standalone:
        out += [f"## {SECTION}", ""]
        out += [f"Measured {facts.get('date', dt.date.today().isoformat())} with `{results.command}` on the bench "
                "instance (`HDKG_NEO4J_HOME=.neo4j/bench`, Bolt port 7693); the run took "
                f"{facts.get('duration', '?')}. Rerun it to refresh this section.", ""]
        out += ["### Machine", "", *render_machine(facts)]

    out += ["### Method", ""]
    out.append("- **Corpus.** `python -m benchmarks.generate` writes synthetic record files in the curated format "
               f"(one YAML file per source report, about {results.per_file} instruments each) that pass every check "
               "of `hdkg load`: real ISO countries drawn with Zipf-like weights (a few hubs sign most), the SKOS "
               "health domains, about 10% multilateral instruments (3 to 6 parties), about 15% of instruments "
               "reported by two files with identical facts (so de-duplication and the union of provenance run), "
               "governments, ministries, hospitals, universities, institutes, companies and their local offices, "
               "signatories with roles, signing ceremonies that group the instruments of a visit, renewals, and a "
               f"few engagements per file. Seed {results.seed}; the same seed gives the same bytes.")
    out += ["", markdown_table(
        ["instruments", "files", "in files", "in two files", "multilateral", "YAML", "node rows", "rel rows",
         "graph nodes", "graph rels"],
        [[f"{s.instruments:,}", str(s.files), f"{s.instrument_entries:,}", f"{s.multi_source:,}",
          f"{s.multilateral:,}", f"{s.corpus_mb:.1f} MB", f"{s.nodes_rows:,}", f"{s.relationship_rows:,}",
          f"{s.graph_nodes:,}", f"{s.graph_relationships:,}"] for s in sizes]), ""]
    out.append("  *In files* counts an instrument reported twice twice. *Rows* are what `loaders.rows.RecordRows` "
               "hands to the writer (before the writer merges rows of one file that name the same node or "
               "relationship). Graph counts leave out `LoadRun` nodes and include the 249 countries and the "
               "domains.")
    out.append("- **Timed.** Each size starts from an empty database (constraints and indexes kept) after a warm-up "
               "load of one file that is then deleted (it warms the server; each timed run is a fresh process, "
               "so the loader's own start, as `hdkg load` pays it, is in its time). *First load*: `run_load` on the whole folder, as "
               "`hdkg load` does it (schema, reference data, checks of every file, one write transaction per "
               "file, the LoadRun record). *Unchanged rerun*: the same call again, every file already in the "
               "graph. *--force rewrite*: `run_load(force=True)`: every file withdraws its "
               "support, is rewritten, and what no source supports is pruned"
               + (f" (run up to {results.rewrite_max:,} instruments; larger graphs have the per-file probe "
                  "below)" if any(not _has(s, "--force rewrite") for s in sizes) else "") + ". "
               "*Check* is the time spent in `check_inputs`; *write* runs from the end of the checks to the "
               "LoadRun record, so it holds the per-file write transactions with their commits; the rest of the "
               "wall time is schema, reference data and the LoadRun record.")
    out.append("- **Rates.** Files/s and instruments/s divide the corpus by the wall time of the run; node and "
               "relationship rows/s divide the rows by the write phase.")
    out.append("- **Memory.** Each run is a fresh process, as `hdkg load` is; its peak RSS is that process's own "
               "high-water mark (`VmHWM`, benchmarks/memory.py: `ru_maxrss` would carry over the benchmark's "
               "own memory into a child it starts), including the interpreter and its imports, resident at the "
               "start of the run" + _at_start(sizes) + ". Corpora are generated in a child process too.")
    reran = [s for s in sizes if _has(s, "unchanged rerun")]
    if reran:
        out.append("- **Idempotence.** After the rerun and the forced rewrite the graph has the same node and "
                   "relationship counts as after the first load: "
                   + ("yes, at every size measured." if all(s.idempotent for s in reran)
                      else "**no** (see the run output)."))
    out += ["", "### Results", "", markdown_table(HEADER, figures_rows(sizes), right=set(range(2, len(HEADER)))), ""]
    for size in sizes:
        first = size.run("first load")
        rows = size.nodes_rows + size.relationship_rows
        line = (f"- {size.instruments:,} instruments: {_rate(rows, first.seconds)} rows/s over the whole first load; "
                f"checks take {first.phases['check'] / first.seconds:.0%} of it and writes "
                f"{first.phases['write'] / first.seconds:.0%}")
        if _has(size, "unchanged rerun"):
            ratio = size.run("unchanged rerun").seconds / first.seconds
            line += (f"; the unchanged rerun takes {ratio:.1%} of the first load's time" if ratio < 0.1 else
                     f"; the unchanged rerun takes {ratio:.2f}× the first load")
        if _has(size, "--force rewrite"):
            forced = size.run("--force rewrite")
            line += (f", the forced rewrite {forced.seconds / first.seconds:.2f}× (its write phase "
                     f"{forced.phases['write'] / first.phases['write']:.2f}× the first load's)")
        out.append(line + ".")
    for small, large in zip(sizes, sizes[1:]):
        scale = large.instruments / small.instruments
        a, b = small.run("first load"), large.run("first load")
        line = (f"- From {small.instruments:,} to {large.instruments:,} instruments ({scale:.0f}×): first load "
                f"{b.seconds / a.seconds:.1f}×, its checks {b.phases['check'] / a.phases['check']:.1f}×, its writes "
                f"{b.phases['write'] / a.phases['write']:.1f}×, peak RSS {b.peak_rss_mib / a.peak_rss_mib:.1f}×")
        if _has(small, "--force rewrite") and _has(large, "--force rewrite"):
            line += (f"; forced rewrite writes "
                     f"{large.run('--force rewrite').phases['write'] / small.run('--force rewrite').phases['write']:.1f}×")
        out.append(line + ".")

    out += ["", "### Where the time goes", ""]
    largest = sizes[-1].run("first load")
    share = largest.phases["check"] / largest.seconds
    line = (f"- **Checks.** At {sizes[-1].instruments:,} instruments `check_inputs` is {share:.0%} of the first load "
            f"and writes {largest.phases['write'] / largest.seconds:.0%}")
    reruns = [s for s in sizes if _has(s, "unchanged rerun")]
    if reruns:
        size = reruns[-1]
        again, first = size.run("unchanged rerun"), size.run("first load")
        line += f"; an unchanged rerun at {size.instruments:,} takes {_s(again.seconds)}"
        if again.phases["check"] < 0.05 * first.phases["check"]:
            line += ", as files already in the graph are recognised by checksum before they are parsed"
    out.append(line + ".")
    if results.parse is not None:
        parse = results.parse
        ratio = parse.read_seconds / parse.libyaml_seconds
        out.append(f"  On {parse.files} files ({parse.instruments:,} instruments) `check_file` took "
                   f"{_s(parse.check_seconds)}, of which `read_document` (YAML to data and line map) took "
                   f"{_s(parse.read_seconds)} ({parse.read_seconds / parse.check_seconds:.0%}); one libyaml pass "
                   "(`yaml.CSafeLoader`: node tree, data constructed from it, the same line map) takes "
                   f"{_s(parse.libyaml_seconds)} on the same files"
                   + (", so reading already runs at libyaml speed; what remains is building Python objects "
                      "from the parse, then the schema and vocabulary checks." if ratio < 1.5 else
                      f": reading could be {ratio:.0f}× faster."))
    tx = largest.phases.get("write_tx", 0.0)
    if tx and largest.phases["write"] > tx:
        out.append(f"- **Writes.** At {sizes[-1].instruments:,} instruments the transaction functions (`_write_file`: "
                   "rows built and merged, with created/updated/unchanged counted by the merge) take "
                   f"{tx / largest.phases['write']:.0%} of the write phase; the rest is commits.")
    probed = [s for s in sizes if s.retract_seconds is not None]
    if probed:
        parts = [f"{s.retract_seconds * 1000:,.0f} ms + {s.prune_seconds * 1000:,.0f} ms on the "
                 f"{s.instruments:,}-instrument graph ({s.graph_nodes:,} nodes, {s.graph_relationships:,} "
                 "relationships)" for s in probed]
        out.append("- **Rewrites in proportion to the file.** Each write records on the `Source` node what the "
                   "source stated (node ids per label, and which typed relationships to follow from them); a "
                   "changed file withdraws its support from those only (`retract_source`) and prunes among what it "
                   "left unsupported (`prune_unsupported`), so a rewrite does not scan the graph. Retract + prune "
                   "of one file (median of three, rolled back): " + "; ".join(parts) + ".")
        if len(probed) > 1:
            small, big = probed[0], probed[-1]
            growth = (big.retract_seconds + big.prune_seconds) / (small.retract_seconds + small.prune_seconds)
            out.append(f"  From {small.instruments:,} to {big.instruments:,} instruments the graph grows "
                       f"{big.graph_nodes / small.graph_nodes:.0f}× and one file's retract + prune {growth:.1f}×.")
    peaks = [s.run("first load").peak_rss_mib for s in sizes]
    out.append("- **Memory.** `run_load` checks every file before it writes any, but streams them: one parsed file "
               "at a time, a 64-bit key and digest per record for the checks across files, and checked files "
               "parked in a temporary file until they are written. Peak RSS of the first load: "
               + ", ".join(f"{peak:,.0f} MiB at {s.instruments:,}" for peak, s in zip(peaks, sizes))
               + " instruments"
               + (f" ({peaks[-1] / peaks[0]:.2f}× from the smallest to the largest corpus)." if len(sizes) > 1 else "."))

    naive = results.naive
    if naive is not None:
        out += ["", "### Batched against naive writes", ""]
        out.append(f"On a {naive.instruments}-instrument corpus (same generator and seed; {naive.records:,} records, "
                   f"{naive.rows:,} rows), write phase only, into an empty graph holding the reference data, best of "
                   f"{naive.rounds} alternating rounds each. *Batched* is the loader's writer (`UNWIND` batches by label and relationship "
                   "type, one transaction per file); *naive* is one transaction per record with one `MERGE` "
                   f"statement per node or relationship row ({naive.naive_transactions:,} transactions, "
                   f"{naive.naive_statements:,} statements). Both leave the same graph.")
        out += ["", markdown_table(["writer", "best time", "rows/s", "rounds (s)"], [
            ["batched", _s(naive.batched_seconds), _rate(naive.rows, naive.batched_seconds),
             ", ".join(f"{x:.2f}" for x in naive.batched_rounds)],
            ["naive", _s(naive.naive_seconds), _rate(naive.rows, naive.naive_seconds),
             ", ".join(f"{x:.2f}" for x in naive.naive_rounds)],
        ], right={1, 2}), "", f"The batched writer is **{naive.ratio:.1f}×** faster best against best, "
                                 f"{naive.median_ratio:.1f}× median against median."]

    tuning = results.tuning
    if tuning is not None:
        out += ["", "### Writer batch size", ""]
        out.append(f"Write phase only (files checked beforehand) of a {tuning.instruments:,}-instrument corpus "
                   f"generated with the same seed but about {tuning.per_file:,} instruments per file "
                   f"({tuning.rows:,} rows), into an empty graph, for each `batch_size` of "
                   "`graph.writer.write_rows` (rows per `UNWIND` statement; set for the benchmark process only), "
                   f"best of {tuning.repeats} rounds run in alternating order. Large files are used because a "
                   "statement never spans files: the largest group one statement can take here is "
                   f"{tuning.largest_group:,} rows (one label or relationship type of one file), while with files "
                   f"of about {results.per_file} instruments, as above, it is "
                   f"{max(s.largest_group for s in sizes):,} rows, so any batch size from there up runs the same "
                   "statements.")
        fastest = tuning.best(tuning.fastest)
        out += ["", markdown_table(["batch size", "write time", "rows/s", "vs fastest", "rounds (s)"], [
            [f"{size:,}" + (" (default)" if size == BATCH_SIZE else ""), _s(tuning.best(size)),
             _rate(tuning.rows, tuning.best(size)), f"{tuning.best(size) / fastest:.2f}×",
             ", ".join(f"{x:.1f}" for x in tuning.seconds[size])]
            for size in sorted(tuning.seconds)
        ], right={1, 2, 3}), ""]
        same = tuning.equivalent()
        slower = [size for size in sorted(tuning.seconds) if size not in same]
        recommended = tuning.recommended(BATCH_SIZE)
        text = (f"Sizes {', '.join(f'{x:,}' for x in same)} are within {tuning.noise:.0%} of the fastest, the "
                f"typical spread between rounds of one size on this machine (at least {NOISE:.0%})"
                + (f"; {', '.join(f'{x:,}' for x in slower)} {'is' if len(slower) == 1 else 'are'} measurably slower"
                   if slower else "") + ". ")
        if BATCH_SIZE not in tuning.seconds:
            text += f"Fastest here: **{recommended:,}** (the writer's default, {BATCH_SIZE:,}, was not measured)."
        elif recommended == BATCH_SIZE:
            text += (f"Recommended: **{recommended:,}**, the current default: no size measured is faster "
                     "beyond the noise, and it keeps each group of an ordinary record file in one statement.")
        else:
            text += (f"Recommended: **{recommended:,}** (the default, {BATCH_SIZE:,}, is measurably slower "
                     "on this corpus).")
        out.append(text)
    return "\n".join(out) + "\n"


def replace_section(path: Path, section: str, body: str) -> None:
    """Replace `## {section}` up to the next `## ` heading (or the end); append it if absent."""
    heading = f"## {section}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Benchmarks\n\nMeasurements of the graph's load path and exports, and how they were "
                        "taken. Each section is written by its benchmark.\n\n" + body, encoding="utf-8")
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    if start is None:
        path.write_text("".join(lines).rstrip("\n") + "\n\n" + body, encoding="utf-8")
        return
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    tail = "".join(lines[end:])
    path.write_text("".join(lines[:start]) + body + ("\n" + tail if tail else ""), encoding="utf-8")


def load_results(path: Path) -> Results:
    """Results as `--json` saved them."""
    return results_from_dict(json.loads(path.read_text(encoding="utf-8")))


def results_from_dict(data: dict) -> Results:
    """Results as `dataclasses.asdict` left them (in this module's JSON, or under "load" in make bench's)."""
    sizes = [SizeFigures(**{**size, "runs": [RunFigures(**run) for run in size["runs"]]}) for size in data["sizes"]]
    naive = NaiveFigures(**data["naive"]) if data.get("naive") else None
    tuning = None
    if data.get("tuning"):
        tuning = TuningFigures(**{**data["tuning"], "seconds": {int(k): v for k, v in data["tuning"]["seconds"].items()}})
    parse = ParseFigures(**data["parse"]) if data.get("parse") else None
    return Results(data["facts"], data["command"], data["seed"], data["per_file"], data["rewrite_max"], sizes,
                   naive, tuning, parse)


def print_tables(console, results: Results) -> None:
    table = Table(title="Loading")
    for name in HEADER:
        table.add_column(name, justify="left" if name == "run" else "right")
    for row in figures_rows(results.sizes):
        table.add_row(*row)
    console.print(table)
    for size in results.sizes:
        if size.retract_seconds is not None:
            console.print(f"{size.instruments:,} instruments: retract {_s(size.retract_seconds)} + prune "
                          f"{_s(size.prune_seconds)} per changed file")
    if results.parse is not None:
        parse = results.parse
        console.print(f"check_file {_s(parse.check_seconds)} on {parse.files} files, read_document "
                      f"{_s(parse.read_seconds)}, one libyaml pass {_s(parse.libyaml_seconds)}")
    naive = results.naive
    if naive is not None:
        table = Table(title=f"Batched vs naive writes ({naive.instruments} instruments, {naive.rows:,} rows)")
        for name in ("writer", "time", "rows/s"):
            table.add_column(name, justify="right")
        table.add_row("batched", _s(naive.batched_seconds), _rate(naive.rows, naive.batched_seconds))
        table.add_row("naive", _s(naive.naive_seconds), _rate(naive.rows, naive.naive_seconds))
        console.print(table)
        console.print(f"batched is {naive.ratio:.1f}x faster (best), {naive.median_ratio:.1f}x (median)")
    tuning = results.tuning
    if tuning is not None:
        table = Table(title=f"Batch size, write phase ({tuning.instruments:,} instruments, {tuning.per_file:,} per "
                            f"file, largest group {tuning.largest_group:,} rows)")
        for name in ("batch size", "best", "rows/s", "rounds (s)"):
            table.add_column(name, justify="right")
        for size in sorted(tuning.seconds):
            table.add_row(f"{size:,}", _s(tuning.best(size)), _rate(tuning.rows, tuning.best(size)),
                          ", ".join(f"{x:.1f}" for x in tuning.seconds[size]))
        console.print(table)
        console.print(f"recommended batch size: {tuning.recommended(BATCH_SIZE)} "
                      f"(within noise of the fastest: {tuning.equivalent()})")


# -- entry point -----------------------------------------------------------------------

def _sizes(text: str) -> list[int]:
    return sorted({parse_count(part) for part in text.split(",") if part.strip()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--instruments", type=_sizes, default=[1000, 10000], help="comma-separated sizes (1k,10k,100k)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=200)
    parser.add_argument("--rewrite-max", type=int, default=10000,
                        help="run the unchanged rerun and the --force rewrite only up to this many instruments")
    parser.add_argument("--batch-sizes", type=lambda t: [int(x) for x in t.split(",")], default=list(DEFAULT_BATCH_SIZES))
    parser.add_argument("--tune-instruments", type=int, default=5000, help="corpus size for batch-size tuning")
    parser.add_argument("--tune-per-file", type=int, default=2500,
                        help="instruments per file of the tuning corpus: large files make batches differ (default 2500)")
    parser.add_argument("--repeats", type=int, default=4, help="rounds of the batch-size tuning")
    parser.add_argument("--naive-instruments", type=int, default=200)
    parser.add_argument("--naive-rounds", type=int, default=5)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--skip-tuning", action="store_true")
    parser.add_argument("--skip-force", action="store_true")
    parser.add_argument("--no-docs", action="store_true", help=f"do not rewrite the {SECTION} section of {DOCS.name}")
    parser.add_argument("--docs", type=Path, default=DOCS, help="the Markdown file whose section is replaced")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--yes", action="store_true", help="allow emptying a database other than the bench instance")
    parser.add_argument("--one-run", nargs=2, metavar=("LABEL", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--database", default="neo4j", help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="measure nothing: rewrite the section from figures an earlier run saved with --json")
    args = parser.parse_args(argv)
    if args.one_run:
        label, corpus = args.one_run
        with open_driver() as driver:
            outcome = measure_run(driver, args.database, label, Path(corpus), args.force, args.count)
        print(json.dumps(asdict(outcome)))
        return 0
    if args.render:
        replace_section(args.docs, SECTION, render_section(load_results(args.render)))
        print(f"wrote the {SECTION} section of {args.docs} from {args.render}", file=sys.stderr)
        return 0
    given = list(argv if argv is not None else sys.argv[1:])
    shown = [a for i, a in enumerate(given) if a not in ("--json", "--docs") and (i == 0 or given[i - 1] not in (
        "--json", "--docs"))]
    command = " ".join(["python -m benchmarks.load", *shown])

    console = Console(stderr=True, width=max(140, Console(stderr=True).width))
    say = console_say(console)
    begun = time.perf_counter()
    with bench_driver(args.yes, say) as (driver, settings):
        database = settings.neo4j_database
        facts = machine_facts(driver, database, settings)
        facts["load before"] = _loadavg()
        facts["date"] = dt.date.today().isoformat()
        say(f"Neo4j: {facts['neo4j']}, heap {facts['heap']}, page cache {facts['pagecache']}; "
            f"{facts['cpus']} CPUs, {facts['memory']}")
        results = Results(facts, command, args.seed, args.per_file, args.rewrite_max, [])
        for instruments in args.instruments:
            rerun = instruments <= args.rewrite_max
            results.sizes.append(bench_size(driver, database, instruments, args.seed, args.per_file, say,
                                            skip_force=args.skip_force or not rerun, skip_rerun=not rerun))
            print_tables(console, results)
        say("check time on a few files: read_document against one libyaml pass")
        results.parse = bench_parse(Path(results.sizes[-1].corpus))
        if not args.skip_naive:
            results.naive = bench_naive(driver, database, args.naive_instruments, args.seed, args.per_file,
                                        args.naive_rounds, say)
        if not args.skip_tuning:
            results.tuning = bench_tuning(driver, database, args.tune_instruments, args.seed, args.tune_per_file,
                                          args.batch_sizes, args.repeats, say)
        empty_graph(driver, database)
        facts["load after"] = _loadavg()
        elapsed = time.perf_counter() - begun
        facts["duration"] = f"{elapsed / 60:.0f} min" if elapsed >= 120 else f"{elapsed:.0f} s"

    print_tables(console, results)
    if args.json:
        args.json.write_text(json.dumps(asdict(results), indent=1, default=str), encoding="utf-8")
    if not args.no_docs:
        replace_section(args.docs, SECTION, render_section(results))
        say(f"wrote the {SECTION} section of {args.docs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
