"""Checks of a load against what the graph already holds, not only within the load.

- A source id belongs to the file it was loaded from: another file claiming it would replace
  (and prune) what that file stated, so it is refused unless the load says `--replace-source`.
- A record the graph has from other sources keeps one set of facts: a file that gives an
  organization another name or country, an instrument another date, is refused.

Nothing here talks to Neo4j: the loader passes lookups (see `graph.provenance`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from loaders.checks import compatible_dates, shown
from loaders.validate import COLLECTIONS, CheckedFile, Path_, Problem, _field_label, _label_of, _line

#: collection -> ids -> the graph's identity facts of each, with "sources"
GraphFacts = Callable[[str, set[str]], dict[str, dict[str, Any]]]
SourceFiles = Callable[[set[str]], dict[str, str]]  # source ids -> file each was loaded from


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


@dataclass(frozen=True)
class GraphConflict:
    """A fact that differs from the graph's; it stands unless every other source stating the
    record is itself rewritten by this load."""

    problem: Problem
    sources: frozenset[str]


def graph_conflicts(checked: CheckedFile, stored: GraphFacts) -> list[GraphConflict]:
    own_source = checked.records.source.id
    conflicts = []
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
