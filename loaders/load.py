"""A load: check every input, then write each good file in its own transaction.

- Schema (constraints, indexes) and reference data (countries, domains) come first.
- A file with any problem writes nothing; the others still load. With `all_or_nothing`,
  any problem anywhere writes nothing and the whole run is one transaction.
- A file whose checksum the graph already has is skipped as unchanged. A changed file first
  withdraws its source's support, is rewritten, and facts no source supports any more are
  pruned, so the graph converges to what the files say.
- Every run that writes leaves a LoadRun node: when, inputs with checksums, counts, and its
  outcome (loaded, partial, failed, unchanged).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from graph.model import Label, Rel
from graph.provenance import (
    advance_graph_version, database_store_id, existing_ids, instruments_stated_by, record_load_run, source_files,
    sources_by_checksum, stored_checksums, stored_facts, stored_properties,
)
from graph.schema import ensure_schema
from graph.derive import derive_instruments
from graph.summaries import contributions, rebuild_summaries, refresh_summaries, summaries_missing
from graph.writer import WriteStats, stated_ids, write_rows
from hdkg import PROJECT_ROOT
from loaders.countries import countries
from loaders.registry import collect, loader_for
from loaders.rows import RecordRows, country_rows, domain_rows
from loaders.crossfile import CrossFileIndex
from loaders.csv_table import sidecar_of
from loaders.graph_checks import (
    GraphConflict, GraphFacts, GraphProperties, SourceFiles, graph_conflicts, ownership_problem,
)
from loaders.load_lock import LoadBusy, LoadLock
from loaders.reading import Limits, Unreadable, current_limits, input_size, read_limited
from loaders.validate import COLLECTIONS, CheckedFile, Known, Problem
from loaders.vocab import lifecycle, vocabularies

Progress = Callable[[str], None]

_COLLECTION_LABELS = {
    "organizations": Label.ORGANIZATION, "people": Label.PERSON, "events": Label.EVENT,
    "instruments": Label.INSTRUMENT, "engagements": Label.ENGAGEMENT,
}


@dataclass
class FileOutcome:
    path: str
    status: str  # loaded | unchanged | failed | checked
    source: str | None = None
    checksum: str | None = None
    problems: list[Problem] = field(default_factory=list)
    stats: WriteStats = field(default_factory=WriteStats)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "source": self.source, "checksum": self.checksum,
                "problems": [p.as_dict() for p in self.problems], "counts": self.stats.as_dict()}


@dataclass
class LoadReport:
    run_id: str
    started: str
    finished: str = ""
    dry_run: bool = False
    all_or_nothing: bool = False
    files: list[FileOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # not tied to a readable file
    stats: WriteStats = field(default_factory=WriteStats)

    @property
    def ok(self) -> bool:
        return not self.problems and all(f.status != "failed" for f in self.files)

    def all_problems(self) -> list[Problem]:
        return self.problems + [p for f in self.files for p in f.problems]

    def as_dict(self) -> dict[str, Any]:
        return {"run": self.run_id, "started": self.started, "finished": self.finished, "ok": self.ok,
                "dry_run": self.dry_run, "all_or_nothing": self.all_or_nothing,
                "files": [f.as_dict() for f in self.files], "problems": [p.as_dict() for p in self.problems],
                "counts": self.stats.as_dict()}


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def write_reference_data(tx: neo4j.ManagedTransaction) -> WriteStats:
    domain_nodes, broader = domain_rows(vocabularies().domains)
    stats = write_rows(tx, [*country_rows(countries()), *domain_nodes], broader, with_sources=False)
    if any(sum(counter.values()) for counter in (stats.created, stats.updated, stats.relationships_created)):
        advance_graph_version(tx)  # unchanged reference data keeps cached answers valid
    return stats


def _known(driver: neo4j.Driver, database: str) -> Callable[[str, set[str]], set[str]]:
    def known(collection: str, ids: set[str]) -> set[str]:
        return existing_ids(driver, database, _COLLECTION_LABELS[collection], ids)

    return known


def graph_lookups(driver: neo4j.Driver, database: str, replace_sources: frozenset[str] = frozenset()) -> GraphLookups:
    def facts(collection: str, ids: set[str]) -> dict[str, dict[str, Any]]:
        return stored_facts(driver, database, _COLLECTION_LABELS[collection], ids)

    return GraphLookups(_known(driver, database), facts, lambda ids: source_files(driver, database, ids),
                        replace_sources, lambda elements: stored_properties(driver, database, elements))


class Spool:
    """Checked files parked on disk between the checks and the writes.

    Every file is checked before any is written (a file may use records another defines), but
    holding them all would make memory grow with the load; re-reading one from here costs far
    less than parsing its YAML again.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="hdkg-load-")  # noqa: SIM115 - lives as long as its files

    def put(self, checked: CheckedFile) -> tuple[int, int]:
        # Line numbers are only for wording problems, and a parked file has none left to word.
        data = pickle.dumps(dataclasses.replace(checked, lines={}), protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(data)
        return offset, len(data)

    def get(self, offset: int, length: int) -> CheckedFile:
        self._file.seek(offset)
        return pickle.loads(self._file.read(length))  # only ever our own file, written above


@dataclass(frozen=True)
class CheckedInput:
    """A file that passed every check of the load, ready to be written."""

    path: Path
    checksum: str
    source_id: str
    counts: dict[str, int]  # records per collection
    spool: Spool = field(repr=False, compare=False)
    offset: int = field(repr=False, compare=False)
    length: int = field(repr=False, compare=False)
    fingerprint: str = ""  # the checksum, and a table's metadata file's (CheckedFile.fingerprint)

    def read(self) -> CheckedFile:
        return self.spool.get(self.offset, self.length)


@dataclass(frozen=True)
class GraphLookups:
    """What the checks ask of the graph a load writes to (see `graph.provenance`)."""

    known: Known  # collection, ids -> the ids the graph has
    facts: GraphFacts  # collection, ids -> identity facts and sources
    source_files: SourceFiles  # source ids -> the file each was loaded from
    replace_sources: frozenset[str] = frozenset()
    properties: GraphProperties | None = None  # nodes and relationships -> their properties


def check_inputs(paths: list[Path], known=None, progress: Progress | None = None, *,
                 graph: GraphLookups | None = None, limits: Limits | None = None
                 ) -> tuple[list[CheckedInput], list[FileOutcome], list[Problem]]:
    """Check each file alone and against the files before it, then the references of all of them,
    and, given `graph`, against what the graph holds from other files.

    Files stream through: one parsed file is in memory at a time (see `Spool`, `CrossFileIndex`).
    """
    limits = current_limits(limits)
    if graph is not None:
        known = graph.known
    found, problems = collect(paths)
    total = sum(size for path in found if (size := input_size(path)) is not None)
    if total > limits.load_bytes:
        return [], [], problems + [Problem(", ".join(_display(p) for p in paths), None, "", "",
                                           f"the inputs total {total:,} bytes; one load takes at most "
                                           f"{limits.load_bytes:,} (setting HDKG_MAX_LOAD_BYTES): load them in parts")]
    spool = Spool()
    good: dict[int, CheckedInput] = {}
    failed: dict[int, FileOutcome] = {}
    pending: dict[int, list[GraphConflict]] = {}
    across = CrossFileIndex(known, reread=lambda index: good[index].read())
    for index, path in enumerate(found):
        if progress:
            progress(f"checking {_display(path)}")
        result = loader_for(path).check(path, limits)
        if isinstance(result, list):
            failed[index] = FileOutcome(_display(path), "failed", problems=_capped(result, limits))
            continue
        if graph is not None and not result.problems:
            _check_against_graph(result, _display(path), graph, pending, index)
        # A file with problems is still checked against the others (conflicts, dangling references),
        # so one run lists all its problems; its own records do not count for the others.
        across.add(index, result)
        source_id = result.records.source.id
        if result.problems:
            failed[index] = FileOutcome(_display(path), "failed", source_id, result.checksum, _capped(result.problems, limits))
        else:
            counts = {collection: len(getattr(result.records, collection)) for collection in (*COLLECTIONS, "updates")}
            good[index] = CheckedInput(path, result.checksum, source_id, counts, spool, *spool.put(result),
                                       fingerprint=result.fingerprint)
    # A conflict with the graph stands unless every other source behind the record is rewritten now.
    rewritten = {item.source_id for item in good.values()}
    standing = {index: [c.problem for c in conflicts if not c.sources <= rewritten] for index, conflicts in pending.items()}
    for index, found_problems in standing.items():
        if index in failed:  # refused within the load too: one run lists every problem of it
            failed[index].problems.extend(p for p in found_problems if p not in failed[index].problems)
    conflicting = {index: found_problems for index, found_problems in standing.items()
                   if index in good and found_problems}
    for index, file_problems in conflicting.items():
        item = good.pop(index)
        failed[index] = FileOutcome(_display(item.path), "failed", item.source_id, item.checksum, file_problems)
    across.reject(set(conflicting))
    # A file that fails here takes its records out of the load, which can leave another
    # file's references dangling: `finish` repeats until none does.
    for index, file_problems in across.finish().items():
        if index in good:
            item = good.pop(index)
            failed[index] = FileOutcome(_display(item.path), "failed", item.source_id, item.checksum, file_problems)
        else:
            failed[index].problems.extend(file_problems)
    return ([good[i] for i in sorted(good)], [failed[i] for i in sorted(failed)], problems)


def _check_against_graph(checked: CheckedFile, display_path: str, graph: GraphLookups,
                         pending: dict[int, list[GraphConflict]], index: int) -> None:
    source_id = checked.records.source.id
    owner = graph.source_files({source_id}).get(source_id)
    refusal = ownership_problem(checked, display_path, owner, graph.replace_sources)
    if refusal is not None:
        checked.problems.append(refusal)
        return
    conflicts = graph_conflicts(checked, graph.facts, graph.properties, graph.source_files)
    if conflicts:
        pending[index] = conflicts


def _capped(problems: list[Problem], limits: Limits) -> list[Problem]:
    """At most `problems_per_file` problems of one file, and a last one that counts the rest."""
    if len(problems) <= limits.problems_per_file:
        return list(problems)
    kept = problems[:limits.problems_per_file]
    first = kept[0]
    return kept + [Problem(first.file, None, "", "", f"and {len(problems) - len(kept):,} more problem(s) of the "
                           "same file, not listed: correct the ones above and check again")]


def _already_loaded(driver: neo4j.Driver, database: str, files: list[Path], limits: Limits) -> list[FileOutcome]:
    checksums = {}
    limit = limits.file_bytes
    for path in files:
        if path.suffix.lower() == ".csv" and sidecar_of(path).exists():
            continue  # a table with a metadata file: the graph's checksum is the table's alone
        try:
            checksums[path] = hashlib.sha256(read_limited(path, limit)).hexdigest()
        except Unreadable:
            continue  # check_inputs reports it
    stored = sources_by_checksum(driver, database, set(checksums.values()))
    return [FileOutcome(_display(path), "unchanged", stored[digest], digest)
            for path, digest in checksums.items() if digest in stored]


def _write_file(tx: neo4j.ManagedTransaction, item: CheckedInput, stored: str | None) -> WriteStats:
    # First, so the transaction holds the version's write lock before it reads what the
    # summaries counted: writes of files serialise, and no count changes under another.
    advance_graph_version(tx)
    rows = RecordRows(item.read(), _display(item.path))
    # What the source stated before counts too: a rewrite may take a signing step away.
    touched: set[str] = set()
    if stored is not None:
        touched = stated_ids(tx, rows.source_id, Label.INSTRUMENT)
        if touched is None:  # loaded before sources kept a record of what they stated
            touched = instruments_stated_by(tx, rows.source_id)
    touched |= {node.id for node in rows.nodes() if node.label == Label.INSTRUMENT}
    counted_before = contributions(tx, touched)  # which summaries counted them, before the write
    stats = write_rows(tx, rows.nodes(), rows.relationships(),
                       replace_source=rows.source_id if stored is not None else None)
    derive_instruments(tx, touched, lifecycle().as_params())
    refresh_summaries(tx, touched, counted_before)
    return stats


def _writing_session(driver: neo4j.Driver, database: str) -> neo4j.Session:
    # The loader's statements are fixed texts; on a graph that does not hold every label and
    # relationship type yet, the server's warnings about them would only be noise on stderr.
    return driver.session(database=database, notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)


def _rebuild_summaries(tx: neo4j.ManagedTransaction) -> None:
    rebuild_summaries(tx)
    advance_graph_version(tx)


def run_outcome(report: LoadReport) -> str:
    """What the run did, for its LoadRun node: a failed run is recorded as failed, not as a load."""
    statuses = {f.status for f in report.files}
    if "loaded" in statuses:
        return "partial" if not report.ok else "loaded"
    if not report.ok:
        return "failed"
    return "unchanged"


def _record_run(tx: neo4j.ManagedTransaction, report: LoadReport) -> None:
    written = [f for f in report.files if f.status in ("loaded", "unchanged")]
    run = {
        "id": report.run_id, "started": report.started, "finished": _now(),
        "inputs": [f.path for f in report.files], "checksums": [f.checksum or "" for f in report.files],
        "statuses": [f.status for f in report.files], "counts": json.dumps(report.stats.as_dict(), sort_keys=True),
        "all_or_nothing": report.all_or_nothing, "user": os.environ.get("USER", ""),
        "outcome": run_outcome(report),
    }
    record_load_run(tx, run, [f.source for f in written if f.source])
    advance_graph_version(tx)


def run_load(driver: neo4j.Driver, database: str, paths: list[Path], *, dry_run: bool = False,
             all_or_nothing: bool = False, force: bool = False, progress: Progress | None = None,
             on_file: Callable[[FileOutcome], None] | None = None, replace_sources: frozenset[str] = frozenset(),
             limits: Limits | None = None, wait_s: float = 0.0) -> LoadReport:
    """Check and write `paths`. A writing load holds the database's load lock (see `LoadLock`):
    while another holds it, this one waits up to `wait_s`, then reports it and writes nothing."""
    report = LoadReport(run_id=f"run-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
                        started=_now(), dry_run=dry_run, all_or_nothing=all_or_nothing)
    options = {"dry_run": dry_run, "all_or_nothing": all_or_nothing, "force": force, "progress": progress,
               "on_file": on_file, "replace_sources": replace_sources, "limits": limits}
    if dry_run:
        return _run_load(driver, database, paths, report, **options)
    try:
        with _load_lock(driver, database, report.run_id, wait_s):
            return _run_load(driver, database, paths, report, **options)
    except LoadBusy as busy:
        report.problems.append(Problem(", ".join(_display(p) for p in paths), None, "", "", str(busy)))
        report.finished = _now()
        return report


def _load_lock(driver: neo4j.Driver, database: str, holder: str, wait_s: float) -> LoadLock:
    """The lock every writing load of this database's store takes."""
    return LoadLock("neo4j-store:" + database_store_id(driver, database), database, holder, wait_s)


def rebuild_summaries_under_lock(driver: neo4j.Driver, database: str, wait_s: float = 0.0) -> None:
    """Recompute the summaries the aggregating queries read from the facts, holding the load lock
    (a graph imported from a release has none; `LoadBusy` if another load holds the lock)."""
    with _load_lock(driver, database, f"summaries-{uuid.uuid4().hex[:8]}", wait_s):
        ensure_schema(driver, database)
        with _writing_session(driver, database) as session:
            session.execute_write(_rebuild_summaries)


def _run_load(driver: neo4j.Driver, database: str, paths: list[Path], report: LoadReport, *, dry_run: bool,
              all_or_nothing: bool, force: bool, progress: Progress | None,
              on_file: Callable[[FileOutcome], None] | None, replace_sources: frozenset[str],
              limits: Limits | None) -> LoadReport:
    if not dry_run:
        ensure_schema(driver, database)
        with _writing_session(driver, database) as session:
            reference = session.execute_write(write_reference_data)
            # A graph imported from a release holds the facts without the summaries derived from
            # them; a domain given a new broader one folds its instruments into more domains.
            if reference.relationships_created[Rel.BROADER] or session.execute_read(summaries_missing):
                session.execute_write(_rebuild_summaries)
    files, problems = collect(paths)
    report.problems.extend(problems)
    if not dry_run and not force:
        # A file the graph already holds byte for byte is not even parsed.
        unchanged = _already_loaded(driver, database, files, current_limits(limits))
        report.files.extend(unchanged)
        seen = {outcome.path for outcome in unchanged}
        files = [path for path in files if _display(path) not in seen]
    good, failed, load_problems = check_inputs(files, progress=progress, limits=limits,
                                               graph=graph_lookups(driver, database, frozenset(replace_sources)))
    report.problems.extend(p for p in load_problems if p not in report.problems)
    report.files.extend(failed)
    if dry_run or (all_or_nothing and not report.ok):
        report.files.extend(FileOutcome(_display(c.path), "checked", c.source_id, c.checksum) for c in good)
        report.finished = _now()
        return report

    with _writing_session(driver, database) as session:
        stored = session.execute_read(stored_checksums, [c.source_id for c in good])

        def outcome_for(item: CheckedInput) -> FileOutcome | None:
            if stored.get(item.source_id) == item.fingerprint and not force:
                return FileOutcome(_display(item.path), "unchanged", item.source_id, item.checksum)
            return None

        if all_or_nothing:
            def write_all(tx: neo4j.ManagedTransaction) -> list[FileOutcome]:
                outcomes = []
                for item in good:
                    if progress:
                        progress(f"writing {_display(item.path)}")
                    outcome = outcome_for(item) or FileOutcome(
                        _display(item.path), "loaded", item.source_id, item.checksum,
                        stats=_write_file(tx, item, stored.get(item.source_id)))
                    outcomes.append(outcome)
                return outcomes

            for outcome in session.execute_write(write_all):
                report.files.append(outcome)
                report.stats.add(outcome.stats)
                if on_file:
                    on_file(outcome)
        else:
            for item in good:
                if progress:
                    progress(f"writing {_display(item.path)}")
                outcome = outcome_for(item)
                if outcome is None:
                    try:
                        stats = session.execute_write(_write_file, item, stored.get(item.source_id))
                        outcome = FileOutcome(_display(item.path), "loaded", item.source_id, item.checksum, stats=stats)
                    except LookupError as error:  # a reference the checks could not see vanished
                        outcome = FileOutcome(_display(item.path), "failed", item.source_id, item.checksum,
                                              [Problem(_display(item.path), None, "", "", str(error))])
                report.files.append(outcome)
                report.stats.add(outcome.stats)
                if on_file:
                    on_file(outcome)
        report.files.sort(key=lambda f: f.path)
        session.execute_write(_record_run, report)
    report.finished = _now()
    return report
