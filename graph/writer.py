"""Batched, idempotent writes of node and relationship rows.

One call of `write_rows` runs inside the caller's transaction, so a file (or a whole
`--all-or-nothing` run) is one unit: either all of it is in the graph or none of it.
Labels and relationship types come from `graph.model` constants; values are parameters.

Rewrites are scoped to what the source stated. When rows are written, the `Source` node of each
source behind them records what that source stated (property `stated`, see `Statements`); a
later rewrite of the source withdraws its support from those nodes and relationships only, and
prunes among them, instead of scanning the whole graph. A source without that record (loaded
before it existed, or by another writer) falls back to the scan.
"""

from __future__ import annotations

import base64
import gc
import json
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import neo4j

from graph.model import (
    BY_SOURCE, GRAPH_DERIVED, INTERNAL_PROPERTIES, NAME_LISTS, PARTIAL_DATE_PROPERTIES, REFERENCE_LABELS, SCHEMA,
    STATED, Label, NodeRow, Rel, RelRow, languages_key,
)

#: Rows per UNWIND statement. Every size from 100 to 10,000 wrote within the round-to-round
#: noise of the benchmark (docs/benchmarks.md, "Writer batch size"): round trips do not limit a
#: write here, so the size mainly bounds one statement's parameter payload.
BATCH_SIZE = 2000

#: Every writer statement is a unique-index seek by `id` (all labels have a uniqueness
#: constraint) plus MERGE/SET, so no plan depends on statistics. Skipping the replanning that
#: large changes of the graph trigger saves planning time on every statement text of a load
#: into an empty or fast-growing graph.
_PLAN = "CYPHER replan=skip "

# Union of provenance lists, so a fact stated by two reports keeps both.
_MERGE_SOURCES = (
    "{var}.sources = CASE WHEN {var}.sources IS NULL THEN row.sources "
    "ELSE {var}.sources + [s IN row.sources WHERE NOT s IN {var}.sources] END"
)

_LABELS = frozenset(str(label) for label in Label)


# Which endpoint a relationship is found from when its source is rewritten: the one whose label
# has the fewest relationships of one type per node (claims have one EVIDENCED_BY, an
# organization may sign thousands of instruments). Reference data comes last.
_ANCHOR_RANK = {label: rank for rank, label in enumerate((
    Label.CLAIM, Label.STATUS_CHANGE, Label.PARTY, Label.ROLE, Label.ENGAGEMENT, Label.INSTRUMENT, Label.EVENT,
    Label.PERSON, Label.ORGANIZATION, Label.SOURCE, Label.LOAD_RUN, Label.DOMAIN, Label.COUNTRY))}
_LAST = len(_ANCHOR_RANK)


def _partial_dates() -> dict[Label, tuple[str, ...]]:
    """Per label, the properties that hold partial dates (from the schema, updates included)."""
    found: dict[Label, set[str]] = defaultdict(set)
    for spec in SCHEMA.classes.values():
        label = spec.label or (SCHEMA.classes[spec.note("updates")].label if spec.note("updates") else None)
        if label:
            found[Label(label)] |= {slot.name for slot in SCHEMA.slots_of(spec.name).values()
                                    if slot.range == "PartialDate" and not slot.derived}
    return {label: tuple(sorted(keys)) for label, keys in found.items() if keys}


#: Two reports of one fact may give its date at different precision (2024-10, 2024-10-08): the
#: node keeps the more precise one when the other is its prefix; otherwise the row's value wins,
#: as for any property (conflicting dates across files are refused before writing).
_PARTIAL_DATES = _partial_dates()


def _more_precise(key: str) -> str:
    # Only over a value another statement of the same sources made: a node no source supports
    # (new, or left by a rewrite of its one source) takes the row's value as it is.
    return (f"CASE WHEN size(had) > 0 AND old_{key} IS NOT NULL AND row.props.{key} IS NOT NULL "
            f"AND size(old_{key}) > size(row.props.{key}) "
            f"AND old_{key} STARTS WITH row.props.{key} THEN old_{key} ELSE n.{key} END")


# -- who stated which property ----------------------------------------------------------
#
# A node or relationship that one source states holds exactly what that source stated. Once a
# second source states it, its BY_SOURCE property records, per source, every property it stated
# and every item of a list property (`source US property US position US value`, kept sorted), so
# that a list holds the union over its sources, in source order, and retracting one source
# removes only the properties and items no other source states. A node of one source needs no
# such record, so the large share of nodes that only one report states cost nothing more; the
# record is made from the node's properties when a second source arrives, and dropped when one
# source is left. Statement texts depend on the label or type only; the property names come
# from the data (dynamic keys), the dates and name lists from the model (parameters).

_SEP = "'\\u001F'"

_SETTLE_PARAMS = {"dates": sorted(PARTIAL_DATE_PROPERTIES), "name_lists": sorted(NAME_LISTS)}
_NOT_STATED = INTERNAL_PROPERTIES | {"id", "sources"} | {languages_key(name) for name in NAME_LISTS}


def _fixed(label: Label | None) -> list[str]:
    """Properties no source states: identity, provenance, bookkeeping, what the graph derives."""
    return sorted(_NOT_STATED | (GRAPH_DERIVED.get(label, frozenset()) if label is not None else frozenset()))


def _part(entry: str, index: int | str) -> str:
    return f"split({entry}, {_SEP})[{index}]"


def _entries_of(props: str, sources: str) -> str:
    """Entries saying that each of `sources` stated every property of `props` (a node, a
    relationship or a map) but the `$fixed` ones; list items keep their position."""
    value = f"{props}[k]"
    item = (f"s + {_SEP} + k + {_SEP} + right('00000' + toString(i), 6) + {_SEP} + toString({value}[i]) "
            f"+ CASE WHEN k IN $name_lists THEN {_SEP} + coalesce({props}[k + '_languages'][i], '') ELSE '' END")
    return (f"reduce(acc = [], s IN {sources} | acc + reduce(part = [], k IN [k IN keys({props}) WHERE NOT k IN $fixed] "
            f"| part + CASE WHEN {value} IS :: LIST<ANY> THEN [i IN range(0, size({value}) - 1) | {item}] "
            f"ELSE [s + {_SEP} + k + {_SEP} + {_SEP} + toString({value})] END))")


def _fields(entries: str, listed: bool | None = None) -> str:
    """The properties the entries name (only list ones, only scalar ones, or all), in order."""
    kind = "" if listed is None else f" AND {_part('e', 2)} {'<>' if listed else '='} ''"
    return (f"reduce(acc = [], e IN {entries} | CASE WHEN NOT {_part('e', 1)} IN acc{kind} "
            f"THEN acc + {_part('e', 1)} ELSE acc END)")


def _settle(var: str, entries: str) -> str:
    """Set `var`'s stated properties from the entries: each list the union of its items in entry
    (source, position) order, each name list's languages beside it, each partial date the most
    precise one stated, each text the first source's (sources that disagree are refused before
    writing, so this only decides between equal texts)."""
    items = (f"reduce(acc = [], e IN {entries} | CASE WHEN {_part('e', 1)} = f AND NOT {_part('e', '3..')} IN acc "
             f"THEN acc + [{_part('e', '3..')}] ELSE acc END)")
    longest = (f"reduce(best = null, e IN {entries} | CASE WHEN {_part('e', 1)} = f AND {_part('e', 2)} = '' "
               f"AND (best IS NULL OR size({_part('e', 3)}) > size(best)) THEN {_part('e', 3)} ELSE best END)")
    first = f"head([e IN {entries} WHERE {_part('e', 1)} = f AND {_part('e', 2)} = '' | {_part('e', 3)}])"
    return (f" FOREACH (f IN {_fields(entries, True)} | FOREACH (items IN [{items}] | SET {var}[f] = [p IN items | p[0]] "
            f"FOREACH (_ IN CASE WHEN f IN $name_lists THEN [1] ELSE [] END | SET {var}[f + '_languages'] = "
            f"CASE WHEN any(p IN items WHERE p[1] <> '') THEN [p IN items | p[1]] ELSE null END)))"
            f" FOREACH (f IN [f IN {_fields(entries, False)} WHERE f IN $dates] | SET {var}[f] = {longest})"
            f" FOREACH (f IN [f IN {_fields(entries, False)} WHERE NOT f IN $dates AND {var}[f] IS :: STRING] "
            f"| SET {var}[f] = {first})")


def _unstate(var: str, had: str) -> str:
    """After `$source` was withdrawn from `var` (`had`: it supported it): drop its entries, remove
    what no other source states, and the record itself when one source is left."""
    kept = f"[e IN {var}.{BY_SOURCE} WHERE {_part('e', 0)} <> $source]"
    gone = (f"[f IN {_fields(f'{var}.{BY_SOURCE}')} WHERE NOT f IN {_fields(kept)}]")
    return (f" FOREACH (kept IN CASE WHEN {had} AND {var}.{BY_SOURCE} IS NOT NULL THEN [{kept}] ELSE [] END |"
            f" FOREACH (f IN {gone} | SET {var}[f] = null"
            f" FOREACH (_ IN CASE WHEN f IN $name_lists THEN [1] ELSE [] END | SET {var}[f + '_languages'] = null))"
            f"{_settle(var, 'kept')}"
            f" SET {var}.{BY_SOURCE} = CASE WHEN size({var}.sources) > 1 THEN kept ELSE null END)")


def _state(var: str) -> str:
    """Clauses of a MERGE of `row` into `var` (bound with `had`, its sources before the write):
    a node or relationship no source supports takes exactly the row's properties; one that
    other sources state gets the row's sources' entries beside theirs, and its properties from
    all of them. Leaves `var`, `row` and `had` bound, and anything in `keep`."""
    stale = f"[k IN keys({var}) WHERE NOT k IN $fixed AND NOT k IN keys(row.props)]"
    prior = (f"CASE WHEN {var}.{BY_SOURCE} IS NOT NULL THEN {var}.{BY_SOURCE} "
             f"WHEN any(s IN had WHERE NOT s IN row.sources) THEN {_entries_of(var, 'had')} END")
    return (f" FOREACH (k IN CASE WHEN size(had) = 0 THEN {stale} ELSE [] END | SET {var}[k] = null)"
            f" WITH *, {prior} AS prior"
            f" SET {var} += row.props, " + _MERGE_SOURCES.format(var=var))


def _record_statements(var: str) -> str:
    """After `_state`: the entries of a node or relationship other sources state too."""
    return (f" WITH * CALL ({var}, row, prior) {{ WITH {var}, row, prior WHERE prior IS NOT NULL"
            f" WITH {var}, COLLECT {{ UNWIND prior + {_entries_of('row.props', 'row.sources')} AS e "
            f"RETURN DISTINCT e ORDER BY e }} AS entries"
            f" SET {var}.{BY_SOURCE} = CASE WHEN size(entries) = 0 THEN null ELSE entries END"
            f"{_settle(var, 'entries')} }}")


class _Rows(list):
    """A statement's rows. The driver formats every statement's parameters for its debug log
    even when that log is off (neo4j 6, `Bolt5x5.run`); a short repr keeps that from costing
    time on every row."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


@dataclass
class WriteStats:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    relationships_created: Counter = field(default_factory=Counter)
    relationships_merged: Counter = field(default_factory=Counter)
    retracted: int = 0

    def add(self, other: WriteStats) -> None:
        for name in ("created", "updated", "unchanged", "relationships_created", "relationships_merged"):
            getattr(self, name).update(getattr(other, name))
        self.retracted += other.retracted

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes": {
                str(label): {"created": self.created[label], "updated": self.updated[label],
                             "unchanged": self.unchanged[label]}
                for label in sorted({*self.created, *self.updated, *self.unchanged})
            },
            "relationships": {
                str(rel): {"created": self.relationships_created[rel], "merged": self.relationships_merged[rel]}
                for rel in sorted({*self.relationships_created, *self.relationships_merged})
            },
            "retracted_sources": self.retracted,
        }


# -- what a source stated ----------------------------------------------------------------

@dataclass
class Statements:
    """What one source stated: enough to find every node and relationship it supports.

    Stored on its Source node (property `stated`, see `encode`) as:

    - `nodes`: per label, the id of every node whose row names the source;
    - `groups`: `TYPE>Label` (or `TYPE<Label`): relationships of that type going out of (coming
      into) any stated node of that label;
    - `anchors`: the same per node id, for a relationship row neither end of which is a node the
      source states (none of the loader's rows: each has a record's node at one end).

    Each relationship row is recorded from one endpoint, preferring a stated one of low degree
    per type (`_ANCHOR_RANK`); following typed, directed relationships from there visits only
    the relationship groups that can hold the source's statements, even on hub nodes.
    """

    nodes: dict[Label, set[str]] = field(default_factory=lambda: defaultdict(set))
    groups: set[tuple[Rel, str, Label]] = field(default_factory=set)  # (type, ">" | "<", label)
    anchors: dict[tuple[Rel, str, Label], set[str]] = field(default_factory=lambda: defaultdict(set))

    def add_node(self, label: Label, node_id: str) -> None:
        self.nodes[label].add(node_id)

    def add_relationship(self, row: RelRow) -> None:
        self.add_relationships((row.type, row.start_label, row.end_label), [row])

    def add_relationships(self, key: tuple[Rel, Label, Label], rows: list[RelRow]) -> None:
        """Rows of one (type, start label, end label) that name this source."""
        rel, start_label, end_label = key
        first, second = (">", start_label, "start_id"), ("<", end_label, "end_id")
        if _ANCHOR_RANK.get(end_label, _LAST) < _ANCHOR_RANK.get(start_label, _LAST):
            first, second = second, first
        first_ids, second_ids = self.nodes.get(first[1], ()), self.nodes.get(second[1], ())
        first_id, second_id = attrgetter(first[2]), attrgetter(second[2])
        via_first = via_second = False
        for row in rows:
            if first_id(row) in first_ids:
                via_first = True
            elif second_id(row) in second_ids:
                via_second = True
            else:
                self.anchors[(rel, first[0], first[1])].add(first_id(row))
        if via_first:
            self.groups.add((rel, first[0], first[1]))
        if via_second:
            self.groups.add((rel, second[0], second[1]))

    def merge(self, other: Statements) -> None:
        for label, ids in other.nodes.items():
            self.nodes[label] |= ids
        self.groups |= other.groups
        for key, ids in other.anchors.items():
            self.anchors[key] |= ids

    def encode(self) -> str:
        """Compressed JSON, as base64 text: a file's record as plain `Label:id` strings repeats
        itself (claim ids repeat the source id) and compresses well; writing the plain lists made
        a first load slower."""
        data = {
            "nodes": {str(label): sorted(ids) for label, ids in sorted(self.nodes.items()) if ids},
            "groups": sorted(f"{rel}{direction}{label}" for rel, direction, label in self.groups),
            "anchors": {f"{rel}{direction}{label}": sorted(ids)
                        for (rel, direction, label), ids in sorted(self.anchors.items()) if ids},
        }
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")

    @classmethod
    def decode(cls, stored: str | None) -> Statements | None:
        """None when there is no record, or one that does not read or names anything outside
        graph.model: the caller then scans the whole graph."""
        if stored is None:
            return None
        statements = cls()
        try:
            data = json.loads(zlib.decompress(base64.b64decode(stored, validate=True)).decode("utf-8"))
            for label, ids in data["nodes"].items():
                statements.nodes[Label(label)].update(ids)
            for key in data["groups"]:
                statements.groups.add(_group(key))
            for key, ids in data["anchors"].items():
                statements.anchors[_group(key)].update(ids)
        except (ValueError, TypeError, KeyError, AttributeError, zlib.error):
            return None
        return statements


def _group(text: str) -> tuple[Rel, str, Label]:
    """`TYPE>Label` or `TYPE<Label` (ValueError for anything else)."""
    cut = next((i for i, char in enumerate(text) if char in "<>"), -1)
    if cut < 0:
        raise ValueError(text)
    return Rel(text[:cut]), text[cut], Label(text[cut + 1:])


def _statements(nodes: Iterable[NodeRow], by_key: dict[tuple[Rel, Label, Label], list[RelRow]]
                ) -> dict[str, Statements]:
    by_source: dict[str, Statements] = defaultdict(Statements)
    for node in nodes:
        for source in node.sources:
            by_source[source].nodes[node.label].add(node.id)
    for key, rows in by_key.items():
        per_source: dict[str, list[RelRow]] = defaultdict(list)
        for row in rows:
            for source in row.sources:
                per_source[source].append(row)
        for source, named in per_source.items():
            by_source[source].add_relationships(key, named)
    return by_source


def _stored_statements(tx: neo4j.ManagedTransaction, source_ids: list[str]) -> dict[str, Statements | None]:
    """Source id -> what it stated when last written (None: no record); absent sources left out."""
    # Key by parameter: on a database that has never stored it, `s.stated` would warn.
    result = tx.run(
        _PLAN + f"UNWIND $ids AS id MATCH (s:{Label.SOURCE} {{id: id}}) RETURN s.id AS id, s[$key] AS stated",
        ids=source_ids, key=STATED,
    )
    return {record["id"]: Statements.decode(record["stated"]) for record in result}


def stated_ids(tx: neo4j.ManagedTransaction, source_id: str, label: Label) -> set[str] | None:
    """Ids of the nodes of this label the source stated when last written (None: no record)."""
    stated = _stored_statements(tx, [source_id]).get(source_id)
    return None if stated is None else set(stated.nodes.get(label, ()))


def _store_statements(tx: neo4j.ManagedTransaction, statements: dict[str, Statements]) -> None:
    if not statements:
        return
    tx.run(
        _PLAN + f"UNWIND $rows AS row MATCH (s:{Label.SOURCE} {{id: row.id}}) SET s.{STATED} = row.stated",
        rows=_Rows({"id": source_id, "stated": stated.encode()} for source_id, stated in sorted(statements.items())),
    ).consume()


# -- retract and prune -------------------------------------------------------------------

@dataclass
class Retraction:
    """One source's support withdrawn: from where (scope None: the whole graph), which nodes lost
    it (by label and id), and what it left with no support (element ids, valid in this
    transaction), which is all a scoped prune has to look at."""

    source: str
    scope: Statements | None
    nodes: dict[Label, set[str]] = field(default_factory=lambda: defaultdict(set))
    orphan_nodes: list[str] = field(default_factory=list)
    orphan_relationships: list[str] = field(default_factory=list)
    #: Per label, the properties of each node other sources state too, before the retraction
    #: took this source's statements out of them: a rewrite that states the same is unchanged.
    before: dict[Label, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))


def _without_source(var: str) -> str:
    return f"SET {var}.sources = [s IN {var}.sources WHERE s <> $source]"


def _by_label(scope: Statements) -> list[tuple[Label, list[str], list[str], list[str]]]:
    """(label, stated ids, types followed out of them, types followed into them), in Label order."""
    outgoing: dict[Label, set[str]] = defaultdict(set)
    incoming: dict[Label, set[str]] = defaultdict(set)
    for rel, direction, label in scope.groups:
        (outgoing if direction == ">" else incoming)[label].add(str(rel))
    return [(label, sorted(scope.nodes.get(label, ())), sorted(outgoing[label]), sorted(incoming[label]))
            for label in Label if scope.nodes.get(label) or outgoing[label] or incoming[label]]


def _withdraw(alias: str) -> str:
    """Withdraw the source from relationships `r`; return those it leaves unsupported."""
    return (f"WHERE $source IN r.sources {_without_source('r')}{_unstate('r', 'true')} "
            f"RETURN collect(CASE WHEN r.sources = [] THEN elementId(r) END) AS {alias}")


def _retract_label(label: Label, out_types: list[str], in_types: list[str]) -> str:
    """One statement per label: its text depends on the label and relationship types only, so
    the few texts a corpus needs are planned once (one statement for a whole scope would be
    planned anew, for seconds, for each new mix of labels)."""
    text = _PLAN + f"UNWIND $ids AS id MATCH (n:{label} {{id: id}})"
    found = []
    for name, types, arrow in (("out", out_types, "-[r:{}]->()"), ("in", in_types, "<-[r:{}]-()")):
        if types:
            text += f" CALL (n) {{ MATCH (n){arrow.format('|'.join(types))} {_withdraw(name)} }}"
            found.append(name)
    text += (" WITH n, " + (" + ".join(found) if found else "[]") + " AS orphans, $source IN n.sources AS had, "
             f"CASE WHEN n.{BY_SOURCE} IS NULL THEN null ELSE properties(n) END AS before "
             "SET n.sources = CASE WHEN had THEN [s IN n.sources WHERE s <> $source] ELSE n.sources END"
             f"{_unstate('n', 'had')} "
             "RETURN collect(CASE WHEN had THEN n.id END) AS retracted, "
             "collect(CASE WHEN n.sources = [] THEN elementId(n) END) AS orphan_nodes, "
             "reduce(acc = [], each IN collect(orphans) | acc + each) AS orphan_relationships, "
             "collect(CASE WHEN had AND before IS NOT NULL THEN {id: n.id, props: before} END) AS restated")
    return text


def _keep_before(retraction: Retraction, label: Label, before: list[dict[str, Any]]) -> None:
    for entry in before:
        retraction.before[label][entry["id"]] = {k: v for k, v in entry["props"].items() if k != "sources"}


def retract_source(tx: neo4j.ManagedTransaction, source_id: str) -> Retraction:
    """Withdraw one source's support from every node and relationship it stated, before a rewrite.

    Facts only that source stated are removed by `prune_unsupported` after the rewrite, so a
    changed record file converges to exactly what it now says. With the source's stored record
    (`Statements`) only what it stated is visited; without one, the whole graph is scanned.
    """
    scope = _stored_statements(tx, [source_id]).get(source_id)
    retraction = Retraction(source_id, scope)
    if scope is None:
        result = tx.run(
            f"MATCH (n) WHERE $source IN n.sources WITH n, CASE WHEN n.{BY_SOURCE} IS NULL THEN null "
            f"ELSE properties(n) END AS before {_without_source('n')}{_unstate('n', 'true')} "
            "RETURN labels(n) AS labels, n.id AS id, before",
            source=source_id, **_SETTLE_PARAMS,
        )
        for record in result:
            for label in record["labels"]:
                if label in _LABELS:
                    retraction.nodes[Label(label)].add(record["id"])
                    if record["before"] is not None:
                        _keep_before(retraction, Label(label), [{"id": record["id"], "props": record["before"]}])
        tx.run(
            f"MATCH ()-[r]->() WHERE $source IN r.sources {_without_source('r')}{_unstate('r', 'true')}",
            source=source_id, **_SETTLE_PARAMS,
        ).consume()
        return retraction
    for label, ids, out_types, in_types in _by_label(scope):
        record = tx.run(_retract_label(label, out_types, in_types), ids=_Rows(ids), source=source_id,
                        **_SETTLE_PARAMS).single()
        retraction.nodes[label].update(record["retracted"])
        retraction.orphan_nodes += record["orphan_nodes"]
        retraction.orphan_relationships += record["orphan_relationships"]
        _keep_before(retraction, label, record["restated"])
    for (rel, direction, label), ids in sorted(scope.anchors.items()):
        arrow = f"-[r:{rel}]->()" if direction == ">" else f"<-[r:{rel}]-()"
        record = tx.run(_PLAN + f"UNWIND $ids AS id MATCH (:{label} {{id: id}}){arrow} {_withdraw('orphans')}",
                        ids=sorted(ids), source=source_id, **_SETTLE_PARAMS).single()
        retraction.orphan_relationships += record["orphans"]
    return retraction


def prune_unsupported(tx: neo4j.ManagedTransaction, retraction: Retraction | None = None) -> None:
    """Delete relationships, then non-reference nodes, that no source supports any more.

    Only a retraction empties a `sources` list, and a rewrite only adds to them, so after a
    scoped retraction only what it left unsupported is checked (by element id); without one
    (or after a whole-graph retraction) the whole graph is scanned.
    """
    reference = " AND ".join(f"NOT n:{label}" for label in sorted(REFERENCE_LABELS))
    if retraction is None or retraction.scope is None:
        tx.run("MATCH ()-[r]->() WHERE r.sources = [] DELETE r").consume()
        tx.run(f"MATCH (n) WHERE n.sources = [] AND {reference} DETACH DELETE n").consume()
        return
    if not (retraction.orphan_relationships or retraction.orphan_nodes):
        return
    # Deleting an unsupported node also deletes its relationships, as the whole-graph prune does.
    tx.run(
        _PLAN + "CALL () { UNWIND $rels AS rid MATCH ()-[r]->() WHERE elementId(r) = rid AND r.sources = [] DELETE r } "
        f"CALL () {{ UNWIND $nodes AS nid MATCH (n) WHERE elementId(n) = nid AND n.sources = [] AND {reference} "
        "DETACH DELETE n }",
        rels=_Rows(dict.fromkeys(retraction.orphan_relationships)), nodes=_Rows(dict.fromkeys(retraction.orphan_nodes)),
    ).consume()


# -- merging rows ------------------------------------------------------------------------

@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building tens of thousands of small dicts triggers full collections that walk every
    object the process holds (parsed files included), a large share of the writer's CPU time.
    The rows hold no reference cycles, so nothing is lost by collecting after they are built."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _batches(rows: list[dict], size: int) -> Iterable[list[dict]]:
    if len(rows) <= size:
        yield _Rows(rows)
        return
    for start in range(0, len(rows), size):
        yield _Rows(rows[start:start + size])


def _absorb(entry: dict[str, Any], props: dict[str, Any], sources: tuple[str, ...]) -> None:
    """A second row for the same node or relationship: its properties win, sources are unioned.
    The first row's containers are shared with the caller's row, so they are copied, not changed."""
    entry["props"] = {**entry["props"], **props}
    merged = list(entry["sources"])
    merged.extend(s for s in sources if s not in merged)
    entry["sources"] = merged


def _node_payload(rows: list[NodeRow]) -> list[dict[str, Any]]:
    # One row per id: the last statement of a fact wins, sources are unioned.
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = merged.get(row.id)
        if entry is None:
            # A list, not the row's tuple: the driver packs lists natively but calls back into
            # Python for every tuple.
            sources = row.sources
            merged[row.id] = {"id": row.id, "props": row.props,
                              "sources": list(sources) if len(sources) < 2 else list(dict.fromkeys(sources))}
        else:
            _absorb(entry, row.props, row.sources)
    return list(merged.values())


def _relationship_payload(rows: list[RelRow]) -> list[dict[str, Any]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        entry = merged.get((row.start_id, row.end_id))
        if entry is None:
            sources = row.sources
            merged[(row.start_id, row.end_id)] = {
                "start": row.start_id, "end": row.end_id, "props": row.props,
                "sources": list(sources) if len(sources) < 2 else list(dict.fromkeys(sources))}
        else:
            _absorb(entry, row.props, row.sources)
    return list(merged.values())


def _merge_nodes(tx: neo4j.ManagedTransaction, label: Label, payload: list[dict[str, Any]], stats: WriteStats,
                 batch_size: int, with_sources: bool, retraction: Retraction | None) -> None:
    """MERGE and count created / updated / unchanged in the same statement.

    A node is unchanged when every property the row sets already has that value and (with
    sources) every source of the row already supports it, counting the support the rewritten
    source had before its retraction (`known`).
    """
    retracted = retraction.nodes.get(label, set()) if retraction is not None else set()
    hidden = retraction.source if retraction is not None else None
    before = retraction.before.get(label, {}) if retraction is not None else {}
    vague = []  # rows that would compare equal even to a node just created: decided by a lookup
    for row in payload:
        known = row["sources"]
        if with_sources and hidden in known and row["id"] in retracted:
            known = row["known"] = [s for s in known if s != hidden]
            if row["id"] in before:
                row["before"] = before[row["id"]]
        if not row["props"] and not (with_sources and known):
            vague.append(row["id"])
    existed_vague = 0
    if vague:
        records = tx.run(_PLAN + f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN count(n) AS n", ids=vague)
        existed_vague = records.single()["n"]
    same = "all(k IN keys(row.props) WHERE n[k] = row.props[k])"
    dates = _PARTIAL_DATES.get(label, ())
    old_dates = "".join(f", n.{key} AS old_{key}" for key in dates)
    if with_sources:
        known = "all(s IN coalesce(row.known, row.sources) WHERE s IN coalesce(n.sources, []))"
        # A node the rewritten source states with others was restated from the others' entries
        # by the retraction: it is unchanged when it ends as it was before that.
        restated = ("all(k IN keys(row.before) WHERE n[k] = row.before[k]) "
                    "AND all(k IN keys(n) WHERE k = 'sources' OR k IN keys(row.before))")
        # A node left without support keeps nothing its sources no longer state.
        exact = "(size(had) > 0 OR all(k IN keys(n) WHERE k IN $fixed OR k IN keys(row.props)))"
        statement = (
            _PLAN + f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
            f"WITH n, row, coalesce(n.sources, []) AS had{old_dates} "
            f"WITH n, row, had, {same} AND {known} AND {exact} AS same{old_dates}"
            + _state("n")
            + "".join(f" SET n.{key} = {_more_precise(key)}" for key in dates)
            + _record_statements("n")
            + f" WITH CASE WHEN row.before IS NULL THEN same ELSE {restated} AND {known} END AS same"
            " RETURN sum(CASE WHEN same THEN 1 ELSE 0 END) AS same"
        )
        params = {"fixed": _fixed(label), **_SETTLE_PARAMS}
    else:
        statement = (
            _PLAN + f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
            f"WITH n, row, {same} AS same, n.sources AS had{old_dates} SET n += row.props"
            + "".join(f" SET n.{key} = {_more_precise(key).replace('size(had) > 0 AND ', '')}" for key in dates)
            + " RETURN sum(CASE WHEN same THEN 1 ELSE 0 END) AS same"
        )
        params = {}
    created = unchanged = 0
    for batch in _batches(payload, batch_size):
        result = tx.run(statement, rows=batch, **params)
        unchanged += result.single()["same"]
        created += result.consume().counters.nodes_created
    unchanged -= len(vague) - existed_vague  # a vague row of a created node is not unchanged
    stats.created[label] += created
    stats.unchanged[label] += unchanged
    stats.updated[label] += len(payload) - created - unchanged


def _merge_relationships(tx: neo4j.ManagedTransaction, key: tuple[Rel, Label, Label], payload: list[dict[str, Any]],
                         stats: WriteStats, batch_size: int, with_sources: bool) -> None:
    rel, start_label, end_label = key
    found = (_PLAN + f"UNWIND $rows AS row "
             f"MATCH (a:{start_label} {{id: row.start}}) MATCH (b:{end_label} {{id: row.end}}) "
             f"MERGE (a)-[r:{rel}]->(b) ")
    if with_sources:
        statement = (found + "WITH r, row, coalesce(r.sources, []) AS had" + _state("r") + _record_statements("r")
                     + " RETURN count(*) AS written")
        params = {"fixed": _fixed(None), **_SETTLE_PARAMS}
    else:
        statement, params = found + "SET r += row.props RETURN count(*) AS written", {}
    for batch in _batches(payload, batch_size):
        result = tx.run(statement, rows=batch, **params)
        written = result.single()["written"]
        created = result.consume().counters.relationships_created
        if written != len(batch):
            raise LookupError(
                f"{len(batch) - written} {rel} relationship(s) from {start_label} to {end_label} "
                "name a node that is not in the graph"
            )
        stats.relationships_created[rel] += created
        stats.relationships_merged[rel] += written - created


def write_rows(tx: neo4j.ManagedTransaction, nodes: Iterable[NodeRow], relationships: Iterable[RelRow],
               batch_size: int = BATCH_SIZE, with_sources: bool = True, replace_source: str | None = None,
               ) -> WriteStats:
    """MERGE nodes by label, then relationships by (type, start label, end label).

    With `replace_source`, that source's earlier support is withdrawn first and whatever no
    source supports afterwards is pruned: a changed file replaces what it said before.
    With sources, each source's Source node records what it stated (`Statements`), which is
    what a later rewrite of it visits.
    """
    stats = WriteStats()
    with _collector_paused():
        grouped: dict[Label, list[NodeRow]] = defaultdict(list)
        node_rows = list(nodes)
        for node in node_rows:
            grouped[node.label].append(node)
        by_key: dict[tuple[Rel, Label, Label], list[RelRow]] = defaultdict(list)
        rel_rows = list(relationships)
        for rel in rel_rows:
            by_key[(rel.type, rel.start_label, rel.end_label)].append(rel)
        order = [label for label in Label if grouped.get(label)]  # a fixed order keeps locking predictable
        node_payloads = {label: _node_payload(grouped[label]) for label in order}
        rel_payloads = {key: _relationship_payload(by_key[key]) for key in sorted(by_key)}
        stated = _statements(node_rows, by_key) if with_sources else {}
    if replace_source is not None:
        stated.setdefault(replace_source, Statements())
    before: dict[str, Statements | None] = {}
    others = sorted(source for source in stated if source != replace_source)
    if others:
        before = _stored_statements(tx, others)
    retraction = None
    if replace_source is not None:
        retraction = retract_source(tx, replace_source)
        stats.retracted += 1

    for label, payload in node_payloads.items():
        _merge_nodes(tx, label, payload, stats, batch_size, with_sources, retraction)
    for key, payload in rel_payloads.items():
        _merge_relationships(tx, key, payload, stats, batch_size, with_sources)

    # What each source now stated: a rewritten source exactly these rows; one written again
    # without a rewrite adds to its record; one that has support but no record keeps none, so
    # its next rewrite scans the graph rather than miss what it stated before.
    record: dict[str, Statements] = {}
    for source, statements in stated.items():
        if source != replace_source and source in before:
            if before[source] is None:
                continue
            statements.merge(before[source])
        record[source] = statements
    _store_statements(tx, record)
    if retraction is not None:
        prune_unsupported(tx, retraction)
    return stats
