"""Checks of a load against what the graph already holds, not only within the load.

- A source id belongs to the file it was loaded from: another file claiming it would replace
  (and prune) what that file stated, so it is refused unless the load says `--replace-source`.
- A record the graph has from other sources keeps one set of facts: a file that gives an
  organization another name or country, an instrument another date, is refused; so is one that
  gives any other property (not a list) a value other than the one the graph's sources stated.

Nothing here talks to Neo4j: the loader passes lookups (see `graph.provenance`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.provenance import sources_stating
from loaders.checks import compatible_dates, shown
from loaders.crossfile import disagree, scalar_problem, stated_scalars
from loaders.validate import COLLECTIONS, CheckedFile, Path_, Problem, _field_label, _label_of, _line

#: collection -> ids -> the graph's identity facts of each, with "sources"
GraphFacts = Callable[[str, set[str]], dict[str, dict[str, Any]]]
SourceFiles = Callable[[set[str]], dict[str, str]]  # source ids -> file each was loaded from
#: nodes and relationships (graph.provenance.stored_properties) -> their properties in the graph
GraphProperties = Callable[[set[tuple[str, ...]]], dict[tuple[str, ...], dict[str, Any]]]


def _code(checked: CheckedFile, text: str | None) -> str | None:
    return checked.countries[text].code if text and text in checked.countries else None


def facts_of(checked: CheckedFile, collection: str, record: Any) -> dict[str, Any]:
    """A record's identity facts, in the form the graph stores them (country codes, sorted parties)."""
    if collection == "organizations":
        return {"name": record.name, "kind": record.kind, "country": _code(checked, record.country)}
    if collection == "people":
        return {"name": record.name}
    if collection == "events":
        return {"kind": record.kind, "date": record.date, "country": _code(checked, record.country)}
    if collection == "instruments":
        # No status: each report adds steps to the instrument's history, and its status is derived.
        return {"type": record.type, "signed_date": record.signed_date,
                "parties": sorted({code for p in record.parties if (code := _code(checked, p.country))})}
    return {"kind": record.kind, "status": record.status}


#: Per collection, the identity facts `facts_of` gives (checked on their own).
_FACT_NAMES = {"organizations": {"name", "kind", "country"}, "people": {"name"}, "events": {"kind", "date", "country"},
               "instruments": {"type", "signed_date"}, "engagements": {"kind", "status"}}


@dataclass(frozen=True)
class GraphConflict:
    """A fact that differs from the graph's; it stands unless every other source stating the
    record is itself rewritten by this load."""

    problem: Problem
    sources: frozenset[str]


def graph_conflicts(checked: CheckedFile, stored: GraphFacts, properties: GraphProperties | None = None,
                    files: SourceFiles | None = None) -> list[GraphConflict]:
    own_source = checked.records.source.id
    conflicts = []
    shared: set[tuple[str, str]] = set()  # records the graph has from other sources
    for collection in COLLECTIONS:
        records = getattr(checked.records, collection)
        if not records:
            continue
        in_graph = stored(collection, {record.id for record in records})
        for position, record in enumerate(records):
            theirs = in_graph.get(record.id)
            if theirs is None:
                continue
            others = frozenset(theirs["sources"]) - {own_source}
            if not others:
                continue  # only this file's own source states it: an edit of that file
            shared.add((collection, record.id))
            for name, mine in facts_of(checked, collection, record).items():
                if name == "signed_date" and (mine is None or theirs.get(name) is None
                                              or compatible_dates(mine, theirs[name])):
                    continue  # a vaguer or a more precise date of the same signing agrees
                if mine != theirs.get(name):
                    path: Path_ = (collection, position, name)
                    message = (f"'{record.id}' has {name} {shown(mine)} here but {shown(theirs.get(name))} in the "
                               f"graph, as stated by {_sources(others)}: one record, one set of facts; correct "
                               "this file, or load the corrected files of those sources with it")
                    conflicts.append(GraphConflict(
                        Problem(str(checked.path), _line(checked.lines, path), _label_of(checked.records, path),
                                _field_label(path), message), others))
    if properties is not None:
        updated = {update.instrument for update in checked.records.updates}
        if updated:
            shared |= {("instruments", instrument) for instrument, facts in stored("instruments", updated).items()
                       if set(facts["sources"]) - {own_source}}
        if shared:
            conflicts += _scalar_conflicts(checked, shared, properties, files)
    return conflicts


def _scalar_conflicts(checked: CheckedFile, shared: set[tuple[str, str]], properties: GraphProperties,
                      files: SourceFiles | None) -> list[GraphConflict]:
    """Properties of records other sources state too, that this file states otherwise."""
    own_source = checked.records.source.id
    stated = {group: items for group, items in stated_scalars(checked).items() if group in shared and items}
    in_graph = properties({element for items in stated.values() for element, _ in items})
    found: list[tuple[Path_, str, str, Any, Any, frozenset[str]]] = []
    for group, items in stated.items():
        for (element, key), (mine, path) in items.items():
            if path[0] == group[0] and element[2] == group[1] and key in _FACT_NAMES[group[0]]:
                continue  # an identity fact of the record: checked above
            theirs = in_graph.get(element, {})
            if key not in theirs or not disagree(key, mine, theirs[key]):
                continue
            staters = frozenset(sources_stating(theirs, key) - {own_source})
            if staters:
                found.append((path, group[1], key, mine, theirs[key], staters))
    named = files({source for *_, staters in found for source in staters}) if files and found else {}
    conflicts = []
    for path, record, _, mine, theirs, staters in found:
        where = "the graph, as stated by " + _sources(staters)
        shown_files = sorted({named[source] for source in staters if source in named})
        if shown_files:
            where += f" ({', '.join(shown_files[:3])})"
        message = (scalar_problem(record, _field_label(path), mine, theirs, where)
                   + "; or load the corrected files of those sources with it")
        conflicts.append(GraphConflict(Problem(str(checked.path), _line(checked.lines, path),
                                               _label_of(checked.records, path), _field_label(path), message), staters))
    return conflicts


def _sources(ids: frozenset[str]) -> str:
    shown_ids = sorted(ids)
    text = ", ".join(f"source '{source}'" for source in shown_ids[:3])
    return text + (f" and {len(shown_ids) - 3} more" if len(shown_ids) > 3 else "")


def ownership_problem(checked: CheckedFile, display_path: str, owner_file: str | None,
                      replace: frozenset[str]) -> Problem | None:
    """A problem when the graph has this file's source id from another file."""
    source_id = checked.records.source.id
    if owner_file is None or owner_file == display_path or source_id in replace:
        return None
    path: Path_ = ("source", "id")
    return Problem(str(checked.path), _line(checked.lines, path), "source", "id",
                   f"source id '{source_id}' belongs to {owner_file}, already loaded: this file would replace "
                   f"everything that file stated. Give this report its own source id, or, if this file supersedes "
                   f"{owner_file}, load it with --replace-source {source_id}")
