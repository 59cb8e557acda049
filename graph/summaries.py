"""Counts the loader keeps beside the facts, so aggregating queries need not expand every instrument.

Four kinds of node, internal to the graph (declared `internal` in the model: never exported as RDF,
shaped or released). Each holds counts per instrument status: `statuses` lists the statuses it
counts and every count list one number per status in that order, so a query sums the statuses it
asks for and one node answers every status filter:

- `DomainSummary`, per domain: instruments that cover it or a narrower domain (`counts`: an
  instrument is counted in each domain it covers and every broader one, so a question about a
  domain reads one node), and those that cover it itself (`direct`).
- `YearSummary`, per domain and signing year: as `counts` above, for the instruments of that year.
- `CountrySummary`, per scope and country: instruments of the scope the country is a party to
  (`counts`), those another country is a party to as well (`paired`), and those of them the
  country signed (`signed_paired`).
- `PairSummary`, per scope and pair of countries (`country_a` < `country_b`): instruments both are
  parties to.

A scope is `mode/domain`: the mode `state` counts a country's state parties only (itself or a state
body), `all` also its hospitals, universities and companies, whose signature then counts as the
country's side, as the canned queries define them; the domain is a domain id (folded as above) or
`*` for every instrument. Instruments without a status are counted by no query and left out.

Counts change by difference. `contributions` reads what a set of instruments counts in, as the
graph holds them; the transaction that writes a record file reads it for the instruments the file
touches before the write and again after it, and `refresh_summaries` adds the difference to the
stored counts (one statement reads them, one writes them), deleting a summary whose counts all fall
to zero. So a write costs what its own instruments count in, whatever the totals. The transaction
holds the graph version's write lock from its start (loaders/load.py), so no other write changes
the counts between that read and the write. `rebuild_summaries` recomputes them all from the facts
(a graph imported from a release has none; a changed domain hierarchy folds differently).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph.model import Label, Rel

#: The scope's domain that stands for every instrument, whatever it covers.
ANY_DOMAIN = "*"
#: The id part of a YearSummary for instruments without a signing year.
UNDATED = "undated"
#: Counting modes: state parties only, or non-state parties too (the queries' include_non_state).
MODES = {False: "state", True: "all"}

SUMMARY_LABELS = (Label.DOMAIN_SUMMARY, Label.YEAR_SUMMARY, Label.COUNTRY_SUMMARY, Label.PAIR_SUMMARY)

#: Per label: its count lists, one number per status each.
COUNT_LISTS: dict[Label, tuple[str, ...]] = {
    Label.DOMAIN_SUMMARY: ("counts", "direct"),
    Label.YEAR_SUMMARY: ("counts",),
    Label.COUNTRY_SUMMARY: ("counts", "paired", "signed_paired"),
    Label.PAIR_SUMMARY: ("counts",),
}

#: Instruments per statement when every summary is rebuilt.
REBUILD_BATCH = 5_000

_I, _P, _C, _O, _D = Label.INSTRUMENT, Label.PARTY, Label.COUNTRY, Label.ORGANIZATION, Label.DOMAIN

# What one instrument counts in: status, year, the domains it covers and every broader one, and,
# per country that is a party (role `party`), whether a state party of it is, whether it signed
# itself, and whether a non-state party of it signed.
_CONTRIBUTIONS = f"""
UNWIND $ids AS id
MATCH (i:{_I} {{id: id}}) WHERE i.status IS NOT NULL
RETURN i.status AS status, i.signed_year AS year,
       COLLECT {{ MATCH (i)-[:{Rel.COVERS}]->(d:{_D}) RETURN DISTINCT d.id }} AS direct,
       COLLECT {{ MATCH (i)-[:{Rel.COVERS}]->(:{_D})-[:{Rel.BROADER}*0..]->(d:{_D}) RETURN DISTINCT d.id }} AS folded,
       COLLECT {{
         MATCH (i)-[:{Rel.HAS_PARTY}]->(q:{_P})-[:{Rel.PARTY_COUNTRY}]->(c:{_C})
         WHERE coalesce(q.role, "party") = "party"
         WITH DISTINCT c
         RETURN {{
           country: c.id,
           state: EXISTS {{ (i)-[:{Rel.HAS_PARTY}]->(s:{_P})-[:{Rel.PARTY_COUNTRY}]->(c)
                           WHERE coalesce(s.role, "party") = "party" AND coalesce(s.state, false) }},
           signed: EXISTS {{ (c)-[:{Rel.SIGNED}]->(i) }},
           non_state_signed: EXISTS {{
             (i)-[:{Rel.HAS_PARTY}]->(s:{_P})-[:{Rel.PARTY_COUNTRY}]->(c)
             WHERE coalesce(s.role, "party") = "party" AND NOT coalesce(s.state, false)
               AND EXISTS {{ (s)-[:{Rel.PARTY_ORGANIZATION}]->(:{_O})-[:{Rel.SIGNED}]->(i) }} }}
         }} AS side
       }} AS sides
"""

_ALL_INSTRUMENTS = f"MATCH (i:{_I}) WHERE i.status IS NOT NULL RETURN i.id AS id ORDER BY id"

Key = tuple[Label, str]


def scope(non_state: bool, domain: str) -> str:
    return f"{MODES[non_state]}/{domain}"


@dataclass
class Counts:
    """Counts per summary, as a difference or a total: per (label, id) the key's properties and,
    per count list, a number per status."""

    keys: dict[Key, dict[str, Any]] = field(default_factory=dict)
    lists: dict[Key, dict[str, Counter[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))

    def add(self, key: Key, properties: dict[str, Any], status: str, sign: int, *names: str) -> None:
        self.keys[key] = properties
        for name in names:
            self.lists[key][name][status] += sign

    def count(self, row: dict[str, Any], sign: int) -> None:
        """Add (`sign` 1) or take away (-1) what one instrument counts in."""
        status, year = row["status"], row["year"]
        direct = set(row["direct"])
        for domain in row["folded"]:
            self.add((Label.DOMAIN_SUMMARY, domain), {}, status, sign,
                     *(("counts", "direct") if domain in direct else ("counts",)))
            self.add((Label.YEAR_SUMMARY, f"{domain}/{UNDATED if year is None else year}"),
                     {"domain": domain, "year": year}, status, sign, "counts")
        for non_state in (False, True):
            sides = sorted((side["country"], bool(side["signed"] or (non_state and side["non_state_signed"])))
                           for side in row["sides"] if non_state or side["state"])
            paired = len(sides) > 1
            for domain in (*row["folded"], ANY_DOMAIN):
                where = scope(non_state, domain)
                for n, (country, signed) in enumerate(sides):
                    names = ("counts", "paired", "signed_paired")[:1 + paired + (paired and signed)]
                    self.add((Label.COUNTRY_SUMMARY, f"{where}/{country}"), {"scope": where, "country": country},
                             status, sign, *names)
                    for partner, _ in sides[n + 1:]:
                        self.add((Label.PAIR_SUMMARY, f"{where}/{country}/{partner}"),
                                 {"scope": where, "country_a": country, "country_b": partner}, status, sign, "counts")


def contributions(tx: neo4j.ManagedTransaction, ids: Iterable[str], sign: int = 1, into: Counts | None = None) -> Counts:
    """What these instruments, as the graph holds them now, count in (times `sign`), added to `into`."""
    found = into if into is not None else Counts()
    ids = sorted(set(ids))
    if ids:
        for record in tx.run(_CONTRIBUTIONS, ids=ids):
            found.count(record.data(), sign)
    return found


def _read(tx: neo4j.ManagedTransaction, wanted: dict[Label, list[str]]) -> dict[Key, dict[str, Counter[str]]]:
    """The stored counts of these summaries, in one statement for every label."""
    branches = [f"UNWIND ${label} AS key MATCH (s:{label} {{id: key}}) RETURN '{label}' AS label, s.id AS id, "
                f"s.statuses AS statuses, [{', '.join(f's.{name}' for name in COUNT_LISTS[label])}] AS lists"
                for label in wanted]
    result = tx.run("CALL () {\n" + "\nUNION ALL\n".join(branches) + "\n}\nRETURN label, id, statuses, lists",
                    {str(label): ids for label, ids in wanted.items()})
    stored: dict[Key, dict[str, Counter[str]]] = {}
    for record in result:
        label = Label(record["label"])
        stored[(label, record["id"])] = {
            name: Counter(dict(zip(record["statuses"], values or [])))
            for name, values in zip(COUNT_LISTS[label], record["lists"])}
    return stored


def _write(tx: neo4j.ManagedTransaction, rows: dict[Label, list[dict[str, Any]]], gone: dict[Label, list[str]]) -> None:
    """Delete the summaries left empty and write the others, in one statement for every label."""
    parts = [f"CALL () {{ UNWIND $gone_{label} AS key MATCH (s:{label} {{id: key}}) DELETE s }}"
             for label in gone if gone[label]]
    parts += [f"CALL () {{ UNWIND $rows_{label} AS row MERGE (s:{label} {{id: row.id}}) SET s = row }}"
              for label in rows if rows[label]]
    if parts:
        tx.run("\n".join(parts), {**{f"gone_{label}": ids for label, ids in gone.items()},
                                  **{f"rows_{label}": batch for label, batch in rows.items()}}).consume()


def _rows(label: Label, summary_id: str, properties: dict[str, Any],
          totals: dict[str, Counter[str]]) -> dict[str, Any] | None:
    """The node's properties for these totals, or None when it counts nothing."""
    statuses = sorted(status for status, n in totals["counts"].items() if n)
    if not statuses:
        return None
    row = {"id": summary_id, **{k: v for k, v in properties.items() if v is not None}, "statuses": statuses}
    for name in COUNT_LISTS[label]:
        row[name] = [totals[name][status] for status in statuses]
    return row


def _apply(tx: neo4j.ManagedTransaction, change: Counts, fresh: bool = False) -> None:
    changed = {key for key, lists in change.lists.items() if any(any(c.values()) for c in lists.values())}
    wanted: dict[Label, list[str]] = defaultdict(list)
    for label, summary_id in sorted(changed):
        wanted[label].append(summary_id)
    if not wanted:
        return
    stored = {} if fresh else _read(tx, wanted)
    rows: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    gone: dict[Label, list[str]] = defaultdict(list)
    for key in sorted(changed):
        label, summary_id = key
        before = stored.get(key, {})
        totals = {name: before.get(name, Counter()) + Counter() for name in COUNT_LISTS[label]}
        for name in COUNT_LISTS[label]:
            totals[name].update(change.lists[key][name])
        row = _rows(label, summary_id, change.keys[key], totals)
        if row is None:
            if key in stored:
                gone[label].append(summary_id)
        else:
            rows[label].append(row)
    _write(tx, rows, gone)


def refresh_summaries(tx: neo4j.ManagedTransaction, touched: Iterable[str], before: Counts) -> None:
    """Add to the stored counts what the `touched` instruments count in now less what they counted
    in `before` (read with `contributions` before the write)."""
    _apply(tx, contributions(tx, touched, 1, into=_negated(before)))


def _negated(counts: Counts) -> Counts:
    negated = Counts(dict(counts.keys))
    for key, lists in counts.lists.items():
        for name, per_status in lists.items():
            negated.lists[key][name].update({status: -n for status, n in per_status.items()})
    return negated


def _batched(ids: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def rebuild_summaries(tx: neo4j.ManagedTransaction) -> None:
    """Recompute every summary from the facts."""
    for label in SUMMARY_LABELS:
        tx.run(f"MATCH (s:{label}) DELETE s").consume()
    ids = [record["id"] for record in tx.run(_ALL_INSTRUMENTS)]
    totals = Counts()
    for batch in _batched(ids, REBUILD_BATCH):
        contributions(tx, batch, 1, into=totals)
    _apply(tx, totals, fresh=True)


def summaries_missing(tx: neo4j.ManagedTransaction) -> bool:
    """True when the graph counts instruments but keeps no summary of them."""
    record = tx.run(f"RETURN EXISTS {{ MATCH (i:{_I}) WHERE i.status IS NOT NULL }} AS counted, "
                    f"EXISTS {{ MATCH (s:{Label.DOMAIN_SUMMARY}) }} OR EXISTS {{ MATCH (s:{Label.COUNTRY_SUMMARY}) }} "
                    "AS kept").single()
    return bool(record["counted"] and not record["kept"])
