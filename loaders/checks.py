"""Record-level rules the types alone cannot state: dates in order, no cycles, no record that
is part of itself, one organization under one id.

Each rule is a small function of one parsed file that reports what it finds through `report`
(a path into the file and a message); `loaders.validate` words it with file, line and record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from loaders.records import RecordFile

Path_ = tuple[str | int, ...]
Report = Callable[[Path_, str], None]

#: Statuses an instrument reaches only once signed, and those it has only before.
AFTER_SIGNING = frozenset({"signed", "in-force", "expired", "terminated"})
BEFORE_SIGNING = frozenset({"proposed", "under-negotiation", "approved-for-signing"})
#: Relations that make the instrument later than (a successor of) the one it names.
SUCCESSION = ("renews", "amends", "implements")


def _comparable(partial: str | None) -> str | None:
    """A date that can be compared with another (no year-less --MM-DD)."""
    return partial if partial and not partial.startswith("--") else None


def certainly_before(first: str | None, second: str | None) -> bool:
    """True only when `first` is before `second` at their common precision."""
    first, second = _comparable(first), _comparable(second)
    if not first or not second:
        return False
    width = min(len(first), len(second))
    return first[:width] < second[:width]


def check_validity_after_signing(records: RecordFile, report: Report) -> None:
    for i, instrument in enumerate(records.instruments):
        if certainly_before(instrument.valid_until, instrument.signed_date):
            report(("instruments", i, "valid_until"),
                   f"valid until {instrument.valid_until}, before it was signed ({instrument.signed_date}): "
                   "check both dates")


def check_status_history_dates(records: RecordFile, report: Report) -> None:
    published = records.source.published
    for i, instrument in enumerate(records.instruments):
        previous: tuple[int, str] | None = None
        for j, change in enumerate(instrument.status_history):
            path = ("instruments", i, "status_history", j, "date")
            if not _comparable(change.date):
                continue
            if change.status in AFTER_SIGNING and certainly_before(change.date, instrument.signed_date):
                report(path, f"'{change.status}' on {change.date}, before the instrument was signed "
                             f"({instrument.signed_date}): an instrument is {change.status} only once signed")
            elif change.status in BEFORE_SIGNING and certainly_before(instrument.signed_date, change.date):
                report(path, f"'{change.status}' on {change.date}, after the instrument was signed "
                             f"({instrument.signed_date})")
            if published and certainly_before(published, change.date):
                report(path, f"'{change.status}' on {change.date}, after the report was published ({published})")
            if previous and certainly_before(change.date, previous[1]):
                report(path, f"dated {change.date}, before the change above it (status_history[{previous[0]}], "
                             f"{previous[1]}): list status changes oldest first")
            previous = (j, change.date)


def check_no_succession_cycle(records: RecordFile, report: Report) -> None:
    edges = {inst.id: [t for key in SUCCESSION for t in getattr(inst, key)] for inst in records.instruments}
    positions = {inst.id: i for i, inst in enumerate(records.instruments)}
    for cycle in find_cycles(edges):
        report(("instruments", positions[cycle[0]], _relation_of(records, positions[cycle[0]], cycle[1])),
               f"succession cycle {' -> '.join(cycle + [cycle[0]])}: an instrument cannot renew, amend or "
               "implement one that (through others) renews, amends or implements it")


def _relation_of(records: RecordFile, index: int, target: str) -> str:
    instrument = records.instruments[index]
    return next((key for key in SUCCESSION if target in getattr(instrument, key)), "renews")


def _check_no_containment_cycle(records: RecordFile, report: Report, collection: str, field: str,
                                self_message: str, cycle_message: str) -> None:
    """A record may not contain itself through `field`, directly or round a cycle."""
    items = getattr(records, collection)
    positions = {item.id: i for i, item in enumerate(items)}
    for i, item in enumerate(items):
        if getattr(item, field) == item.id:
            report((collection, i, field), f"'{item.id}' {self_message}")
    edges = {item.id: [getattr(item, field)] for item in items
             if getattr(item, field) and getattr(item, field) != item.id}
    for cycle in find_cycles(edges):
        report((collection, positions[cycle[0]], field),
               f"{field} cycle {' -> '.join(cycle + [cycle[0]])}: {cycle_message}")


def check_no_parent_cycle(records: RecordFile, report: Report) -> None:
    _check_no_containment_cycle(records, report, "organizations", "parent",
                                "is its own parent: name the organization it is part of",
                                "an organization cannot be part of itself")


def check_no_event_cycle(records: RecordFile, report: Report) -> None:
    _check_no_containment_cycle(records, report, "events", "part_of",
                                "is part of itself: name the larger event, or remove part_of",
                                "an event cannot be part of itself")


def name_key(name: str, country: str | None) -> tuple[str, str]:
    """Names that read the same: case and spacing aside (text is already NFC at the door)."""
    return " ".join(name.casefold().split()), (country or "").casefold()


def check_one_id_per_organization(records: RecordFile, report: Report) -> None:
    seen: dict[tuple[str, str], int] = {}
    for i, org in enumerate(records.organizations):
        key = name_key(org.name, org.country)
        if key in seen and records.organizations[seen[key]].id != org.id:
            first = records.organizations[seen[key]]
            report(("organizations", i, "name"),
                   f"'{org.id}' has the name and country of organizations[{seen[key]}] '{first.id}' ({first.name!r}, "
                   f"{first.country or 'no country'}): one organization, one id; use '{first.id}' or tell them apart by name")
        else:
            seen.setdefault(key, i)


CYCLE_REASONS = {
    "succession": "an instrument cannot renew, amend or implement one that (through others) renews, amends "
                  "or implements it",
    "parent": "an organization cannot be part of itself",
    "part_of": "an event cannot be part of itself",
}


def cycle_edges(records: RecordFile) -> Iterable[tuple[str, str, str, Path_]]:
    """(relation, from id, to id, path of the link) of every link that must not close a cycle."""
    for i, instrument in enumerate(records.instruments):
        for key in SUCCESSION:
            for j, target in enumerate(getattr(instrument, key)):
                yield "succession", instrument.id, target, ("instruments", i, key, j)
    for i, org in enumerate(records.organizations):
        if org.parent:
            yield "parent", org.id, org.parent, ("organizations", i, "parent")
    for i, event in enumerate(records.events):
        if event.part_of:
            yield "part_of", event.id, event.part_of, ("events", i, "part_of")


def find_cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of a directed graph once, as the list of its nodes (iterative depth-first)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []
    for start in edges:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterable[str]]] = [(start, iter(edges.get(start, ())))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                cycles.append(path[path.index(child):])
            elif not state.get(child) and child in edges:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges[child])))
    return cycles


RULES: tuple[Callable[[RecordFile, Report], None], ...] = (
    check_validity_after_signing, check_status_history_dates, check_no_succession_cycle, check_no_parent_cycle,
    check_no_event_cycle, check_one_id_per_organization,
)


def run_rules(records: RecordFile, report: Report) -> None:
    for rule in RULES:
        rule(records, report)


def shown(value: Any) -> str:
    """A value as a message shows it; text that is not plain ASCII also gets its code points,
    so two names that print alike but differ can be told apart. A missing value is said in words."""
    if value is None or value == [] or value == "":
        return "none given"
    if isinstance(value, str) and not value.isascii():
        return f"{value!r} ({value.encode('unicode_escape').decode('ascii')})"
    return repr(value)


def compatible_dates(first: str, second: str) -> bool:
    """Two partial dates that can be the same day: equal, or one a prefix of the other."""
    return first.startswith(second) or second.startswith(first)
