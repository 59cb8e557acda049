"""Checks across the files of one load, in memory that does not grow with the files' contents.

Files stream past one at a time. Of each good file this keeps, per record, a 64-bit key for
(collection, id) and a digest of the facts two files must agree on, plus the references the
file makes to records it does not define itself (rare: a file usually defines what it uses).
Only when a digest differs is the earlier file read back, to word the problem from its facts.

The rules: one file per source report; a record described by two files has one set of identity
facts, and each of its other properties (and those of the records nested in it) one value, which
a file may leave out; lists are not compared, the graph holds their union; every reference
resolves within the load or to the graph; a file that fails takes its records out of the load,
which may leave others dangling.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.model import PARTIAL_DATE_PROPERTIES, SCHEMA
from loaders.checks import CYCLE_REASONS, compatible_dates, cycle_edges, find_cycles, shown
from loaders.records import Instrument
from loaders.rows import Element, RecordRows
from loaders.validate import (
    _SINGULAR, COLLECTIONS, CheckedFile, Known, Path_, Problem, _Checker, _field_label, _line, references,
)

#: Fields that must agree when two files describe the same record.
IDENTITY_FIELDS = {
    "organizations": ("name", "kind", "country"),
    "people": ("name",),
    "events": ("kind", "date", "country"),
    # The status is not one: each report adds its steps to the instrument's history. Dates are
    # compared for compatibility instead (see `_dates`): 2024-10 and 2024-10-08 agree.
    "instruments": ("type",),
    "engagements": ("kind", "status"),
}

#: The node label of each collection's records.
_LABELS = {SCHEMA.classes[name].note("record_collection"): SCHEMA.classes[name].label
           for name in SCHEMA.record_classes if SCHEMA.classes[name].label and SCHEMA.classes[name].note("record_collection")}

Stated = dict[tuple[Element, str], tuple[Any, Any]]  # (element, property) -> (value, path in the file)


def disagree(key: str, mine: Any, theirs: Any) -> bool:
    """Two statements of one property differ (dates agree when one is the other's prefix)."""
    if key in PARTIAL_DATE_PROPERTIES and isinstance(mine, str) and isinstance(theirs, str):
        return not compatible_dates(mine, theirs)
    return mine != theirs


def stated_scalars(checked: CheckedFile) -> dict[tuple[str, str], Stated]:
    """Per record, the properties (not lists, not the identity fields checked on their own) this
    file states of the record's node and of the nodes and relationships nested in it."""
    found: dict[tuple[str, str], Stated] = {}
    for group, stated in RecordRows(checked, str(checked.path)).scalars().items():
        identity = IDENTITY_FIELDS.get(group[0], ())
        own = ("node", _LABELS.get(group[0]), group[1])
        found[group] = {(element, key): value for (element, key), value in stated.items()
                        if not (element == own and key in identity)}
    return found


def scalar_problem(record: str, field: str, mine: Any, theirs: Any, where: str) -> str:
    """The wording of two sources stating one property differently."""
    dates = " (a vaguer date, such as 2024-10 for 2024-10-08, would agree: the dates disagree)" \
        if field.rsplit(".", 1)[-1] in PARTIAL_DATE_PROPERTIES else ""
    return (f"'{record}' has {field} {shown(mine)} here but {shown(theirs)} in {where}: two reports state one "
            f"fact differently{dates}. Give the same value, or leave the field out of one of them (a source that "
            "leaves a field out agrees with any value); a fact that changed over time belongs in a dated role, "
            "status step or event")


def _digests(stated: Stated) -> tuple[int, int]:
    keys = sorted(stated)
    return hash(tuple(keys)) & _DIGEST_MASK, hash(tuple(repr(stated[key][0]) for key in keys)) & _DIGEST_MASK


# A key's first definer is stored as (digest << _INDEX_BITS) | file index, one int per record.
_INDEX_BITS = 24
_INDEX_MASK = (1 << _INDEX_BITS) - 1
_DIGEST_MASK = (1 << 40) - 1
_HINTS_PER_PREFIX = 3


def _key(collection: str, record_id: str) -> int:
    # Python's string hash: 64 bits, stable within the process, which is all one load needs.
    return hash((collection, record_id))


def _party_codes(checked: CheckedFile, instrument: Instrument) -> frozenset[str]:
    return frozenset(checked.countries[p.country].code for p in instrument.parties if p.country in checked.countries)


def _digest(checked: CheckedFile, collection: str, record: Any) -> int:
    facts = tuple(getattr(record, name) for name in IDENTITY_FIELDS[collection])
    if collection == "instruments":
        facts += (_party_codes(checked, record),)
    return hash(facts) & _DIGEST_MASK


@dataclass(frozen=True)
class _Edge:
    """A link that must not close a cycle, from a good file, with its wording ready."""

    relation: str
    start: str
    target: str
    file: int
    problem: Problem


@dataclass(frozen=True)
class _Reference:
    """A reference to a record the referring file does not define, kept until the load is seen."""

    file: int
    collection: str
    ref: str
    problem: Problem  # the wording, message left to fill in, should it dangle


class CrossFileIndex:
    """Feed it each file that passed its own checks (`add`), then ask what fails across files (`finish`)."""

    def __init__(self, known: Known | None, reread: Callable[[int], CheckedFile]) -> None:
        self._known = known
        self._reread = reread  # file index -> that file again, for wording a conflict
        self._first: dict[int, int] = {}  # record key -> packed (digest, file index) of its first definer
        self._keys: dict[int, array] = {}  # file index -> keys of the records it defines, while it is good
        self._sources: dict[str, tuple[int, str]] = {}  # source id -> (file index, path)
        self._pending: list[_Reference] = []
        self._hints: dict[tuple[str, str], list[str]] = {}  # (collection, first id segment) -> some ids
        self._rejected: set[int] = set()  # files that failed while being added
        # Per record, what the first file that states it says of its properties, as one int:
        # (digest of which properties << 64) | (digest of their values << _INDEX_BITS) | file index.
        # A record two files state differently is kept property by property (`_expanded`), with
        # the file that first stated each value: only those records cost more than an int.
        self._scalars: dict[int, int] = {}
        self._expanded: dict[int, dict[tuple[Element, str], tuple[Any, int]]] = {}
        self._scalar_cache: tuple[int, dict[tuple[str, str], Stated]] | None = None
        self._reread_cache: tuple[int, CheckedFile, dict[tuple[str, str], Any]] | None = None
        self._edges: list[_Edge] = []  # succession, parent and part_of links, for cycles across files

    def add(self, index: int, checked: CheckedFile) -> None:
        """Check `checked` against the files added before it; keep its summary if it is still good."""
        source_id = checked.records.source.id
        if source_id in self._sources:
            _Checker(checked).problem(("source", "id"), f"source id '{source_id}' is already used by "
                                      f"{self._sources[source_id][1]}: one file per source report")
            return
        own = {collection: {record.id for record in getattr(checked.records, collection)} for collection in COLLECTIONS}
        keys = array("q")
        for collection in COLLECTIONS:
            for position, record in enumerate(getattr(checked.records, collection)):
                key = _key(collection, record.id)
                digest = _digest(checked, collection, record)
                first = self._first.get(key)
                if first is not None and first >> _INDEX_BITS != digest:
                    self._conflict(checked, collection, position, record, first & _INDEX_MASK)
                keys.append(key)
        scalars = self._check_scalars(checked) if not checked.problems else {}

        def need(_: CheckedFile, path: Path_, collection: str, ref: str | None) -> None:
            if ref and ref not in own[collection]:
                self._pending.append(_Reference(index, collection, ref, self._wording(checked, path)))

        references(checked, need)
        if checked.problems:
            self._rejected.add(index)  # its dangling references are still worth reporting
            return
        self._sources[source_id] = (index, str(checked.path))
        self._keep_scalars(index, scalars)
        self._keys[index] = keys
        self._edges.extend(_Edge(relation, start, target, index, self._wording(checked, path))
                           for relation, start, target, path in cycle_edges(checked.records))
        for collection in COLLECTIONS:
            for record in getattr(checked.records, collection):
                self._define(index, _key(collection, record.id), _digest(checked, collection, record))
                hints = self._hints.setdefault((collection, record.id.split("-")[0]), [])
                if len(hints) < _HINTS_PER_PREFIX and record.id not in hints:
                    hints.append(record.id)

    def reject(self, indices: set[int]) -> None:
        """Take files that failed outside these checks out of the load (their records no longer count)."""
        if indices:
            for index in indices:
                self._keys.pop(index, None)
            self._rebuild()

    def finish(self) -> dict[int, list[Problem]]:
        """Problems of files that fail across the load: cycles through several files, then
        dangling references, until none is left."""
        failed: dict[int, list[Problem]] = self._cycles()
        if failed:
            for index in failed:
                self._keys.pop(index, None)
            self._rebuild()
        in_graph = self._ask_graph()
        while True:
            newly: dict[int, list[Problem]] = {}
            for reference in self._pending:
                if reference.file in failed or (reference.file not in self._keys and reference.file not in self._rejected):
                    continue
                if _key(reference.collection, reference.ref) in self._first:
                    continue
                if reference.ref in in_graph[reference.collection]:
                    continue
                newly.setdefault(reference.file, []).append(self._dangling(reference))
            if not newly:
                return failed
            failed.update(newly)
            for index in newly:
                self._keys.pop(index, None)
            self._rebuild()

    def _cycles(self) -> dict[int, list[Problem]]:
        """Cycles that only several files together make (a file's own are reported by its checks)."""
        failed: dict[int, list[Problem]] = {}
        for relation in {edge.relation for edge in self._edges}:
            edges = [edge for edge in self._edges if edge.relation == relation and edge.file in self._keys]
            graph: dict[str, list[str]] = {}
            by_pair: dict[tuple[str, str], _Edge] = {}
            for edge in edges:
                graph.setdefault(edge.start, []).append(edge.target)
                by_pair.setdefault((edge.start, edge.target), edge)
            for cycle in find_cycles(graph):
                links = [by_pair[(cycle[i], cycle[(i + 1) % len(cycle)])] for i in range(len(cycle))]
                files = sorted({link.file for link in links})
                if len(files) < 2:
                    continue
                closing = max(links, key=lambda link: link.file)  # the last file read closes it
                p = closing.problem
                others = ", ".join(sorted({self._path_of(f) for f in files if f != closing.file}))
                message = (f"{relation} cycle {' -> '.join(cycle + [cycle[0]])} through this file and {others}: "
                           f"{CYCLE_REASONS[relation]}")
                failed.setdefault(closing.file, []).append(Problem(p.file, p.line, p.record, p.field, message))
        return failed

    def _path_of(self, index: int) -> str:
        return next((path for file_index, path in self._sources.values() if file_index == index), "another file")

    # -- helpers -------------------------------------------------------------------------

    def _define(self, index: int, key: int, digest: int) -> None:
        if key not in self._first:
            self._first[key] = (digest << _INDEX_BITS) | index

    def _rebuild(self) -> None:
        """Definitions of the files still good, first definer first (digests are no longer needed)."""
        self._first = {}
        for index in sorted(self._keys):
            for key in self._keys[index]:
                self._define(index, key, 0)

    def _ask_graph(self) -> dict[str, set[str]]:
        wanted: dict[str, set[str]] = {collection: set() for collection in COLLECTIONS}
        for reference in self._pending:
            if _key(reference.collection, reference.ref) not in self._first:
                wanted[reference.collection].add(reference.ref)
        return {collection: (self._known(collection, ids) if self._known and ids else set())
                for collection, ids in wanted.items()}

    def _check_scalars(self, checked: CheckedFile) -> dict[int, tuple[Stated, dict | None]]:
        """Refuse a property this file states otherwise than an earlier file of the load; return,
        per record, what it states and the earlier files' statements when they had to be read."""
        kept: dict[int, tuple[Stated, dict | None]] = {}
        for group, stated in stated_scalars(checked).items():
            if not stated:
                continue
            key = _key(*group)
            earlier = self._expanded.get(key)
            packed = self._scalars.get(key)
            if earlier is None and packed is not None:
                same = (packed >> 64, (packed >> _INDEX_BITS) & _DIGEST_MASK) == _digests(stated)
                if not same:
                    index = packed & _INDEX_MASK
                    earlier = {item: (value, index) for item, (value, _) in self._stated_by(index).get(group, {}).items()}
            for (element, prop), (mine, path) in stated.items():
                if earlier is None or (element, prop) not in earlier:
                    continue
                theirs, index = earlier[(element, prop)]
                if disagree(prop, mine, theirs):
                    where = f"{self._path_of(index)} (source '{self._source_of(index)}')"
                    _Checker(checked).problem(path, scalar_problem(group[1], _field_label(path), mine, theirs, where))
            kept[key] = (stated, earlier)
        return kept

    def _keep_scalars(self, index: int, scalars: dict[int, tuple[Stated, dict | None]]) -> None:
        for key, (stated, earlier) in scalars.items():
            if earlier is None:  # the first to state it, or stating what the first did
                if key not in self._scalars:
                    fields, values = _digests(stated)
                    self._scalars[key] = (fields << 64) | (values << _INDEX_BITS) | index
                continue
            merged = dict(earlier or {})
            for item, (value, _) in stated.items():
                known = merged.get(item)
                # Keep the most precise of agreeing dates: a later value must agree with it.
                if known is None or (isinstance(value, str) and isinstance(known[0], str) and len(value) > len(known[0])):
                    merged[item] = (value, index)
            self._expanded[key] = merged

    def _stated_by(self, index: int) -> dict[tuple[str, str], Stated]:
        """What an earlier file states, per record; the last file read back is kept."""
        if self._scalar_cache is None or self._scalar_cache[0] != index:
            self._scalar_cache = (index, stated_scalars(self._reread(index)))
        return self._scalar_cache[1]

    def _source_of(self, index: int) -> str:
        return next((source for source, (file_index, _) in self._sources.items() if file_index == index), "?")

    def _other(self, index: int, collection: str, record_id: str) -> tuple[CheckedFile, Any]:
        """A record of an earlier file; the last file read back is kept with its records by id,
        so many conflicts with one file read it once."""
        if self._reread_cache is None or self._reread_cache[0] != index:
            other_file = self._reread(index)
            by_id = {(name, r.id): r for name in COLLECTIONS for r in getattr(other_file.records, name)}
            self._reread_cache = (index, other_file, by_id)
        _, other_file, by_id = self._reread_cache
        return other_file, by_id[(collection, record_id)]

    def _conflict(self, checked: CheckedFile, collection: str, position: int, record: Any, other_index: int) -> None:
        other_file, other = self._other(other_index, collection, record.id)
        for name in IDENTITY_FIELDS[collection]:
            mine, theirs = getattr(record, name), getattr(other, name)
            if mine != theirs:
                _Checker(checked).problem((collection, position, name),
                                          f"'{record.id}' has {name} {shown(mine)} here but {shown(theirs)} in "
                                          f"{other_file.path}: one record, one set of facts")
        if collection == "instruments":
            mine_codes, their_codes = _party_codes(checked, record), _party_codes(other_file, other)
            if mine_codes and their_codes and mine_codes != their_codes:
                _Checker(checked).problem((collection, position, "parties"),
                                          f"parties {sorted(mine_codes)} here but {sorted(their_codes)} in {other_file.path}")

    @staticmethod
    def _wording(checked: CheckedFile, path: Path_) -> Problem:
        record = ""
        if len(path) >= 2 and path[0] in COLLECTIONS and isinstance(path[1], int):
            record = f"{path[0]}[{path[1]}] '{getattr(checked.records, str(path[0]))[path[1]].id}'"
        return Problem(str(checked.path), _line(checked.lines, path), record, _field_label(path), "")

    def _dangling(self, reference: _Reference) -> Problem:
        close = self._hints.get((reference.collection, reference.ref.split("-")[0]), [])
        hint = f"; known ids like it: {', '.join(close)}" if close else ""
        message = (f"no {_SINGULAR[reference.collection]} with id '{reference.ref}' in this load or in the graph"
                   f"{hint}")
        p = reference.problem
        return Problem(p.file, p.line, p.record, p.field, message)
