"""Counts the loader keeps beside the facts, so aggregating queries need not expand every instrument.

Five kinds of node, internal to the graph (declared `internal` in the model: never exported as RDF,
shaped or released). Each holds counts per instrument status: `statuses` lists the statuses it
counts and every count list one number per status in that order, so a query sums the statuses it
asks for and one node answers every status filter:

- `DomainSummary`, per domain: instruments that cover it or a narrower domain (`counts`: an
  instrument is counted in each domain it covers and every broader one, so a question about a
  domain reads one node), and those that cover it itself (`direct`).
- `YearSummary`, per domain and signing year: as `counts` above, for the instruments of that year.
- `CountrySummary`, per scope and country: instruments of the scope the country is a party to
  (`counts`), those it signed (`signed`), those another country is a party to as well (`paired`),
  and those of them the country signed (`signed_paired`). In the scopes of every instrument
  (domain `*`, what a country profile reads) also broken down by signing year (`years`, and
  `signed_years` for those it signed), by the domains they cover themselves (`domains`), and with
  a list of its most recent instruments (as for pair summaries below, `recent_signed` telling
  whether the country signed).
- `OrganizationSummary`, per scope of every instrument, country and organization: instruments to
  which one of the country's parties (counted as the scope counts them) with that organization is
  a party (`counts`), with a recent list as the country's.
- `PairSummary`, per scope and pair of countries (`country_a` < `country_b`): instruments both are
  parties to (`counts`) and those both sides signed (`signed`), broken down by signing year
  (`years`, undated instruments left out), by the domains they cover themselves (`domains`) and by
  the organizations of each side's parties (`orgs_a` of `country_a`'s, `orgs_b` of `country_b`'s,
  counted as the scope counts parties: state ones only, or all). A breakdown holds one number per
  key and status, flat: `year_counts[j * size(statuses) + k]` counts the instruments of `years[j]`
  and `statuses[k]`. A pair summary also keeps, per status, its most recent instruments (signing
  date newest first, undated last, then by id, as the canned queries list evidence): the first ones
  in that order, at least `RECENT_KEPT` (or all when it has fewer) and at most twice as many, in one
  list in that order across statuses: `recent_ids`, with `recent_statuses`, `recent_dates` (`""` for
  undated) and `recent_signed` (both sides signed) beside it. So the evidence of a pair, for any set
  of statuses, is the head of the entries of those statuses, as long as it asks for no more than
  each lists.

A recent list is kept where a canned query lists evidence from a summary: pair summaries, and
country and organization summaries of the scopes of every instrument (`keeps_recent`).

A scope is `mode/domain`: the mode `state` counts a country's state parties only (itself or a state
body), `all` also its hospitals, universities and companies, whose signature then counts as the
country's side, as the canned queries define them; the domain is a domain id (folded as above) or
`*` for every instrument. Instruments without a status are counted by no query and left out.

Counts change by difference. `contributions` reads what a set of instruments counts in, as the
graph holds them; the transaction that writes a record file reads it for the instruments the file
touches before the write and again after it, and `refresh_summaries` adds the difference to the
stored counts (per round of `APPLY_BATCH` summaries one statement reads them, one writes them),
deleting a summary whose counts all fall to zero. So a write costs what its own instruments count
in, whatever the totals. The transaction holds the graph version's write lock from its start
(loaders/load.py), so no other write changes the counts between that read and the write. A kept
list of recent instruments changes the same way: an instrument taken away leaves the list, an
instrument added joins it unless it ranks after a list that leaves instruments out. Only when
instruments taken away leave fewer than `RECENT_KEPT` of a status while the summary counts more are
the instruments of that pair, country or organization read again (`_recent_from_facts`); the slack
up to twice as many makes that rare. `rebuild_summaries` recomputes them all from the facts (a
graph imported from a release has none; a changed domain hierarchy folds differently).
"""

from __future__ import annotations

from collections import defaultdict
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

#: A pair summary's recent list, one list per field of `Recent`, entries in rank order.
RECENT_LISTS = ("recent_ids", "recent_statuses", "recent_dates", "recent_signed")

SUMMARY_LABELS = (Label.DOMAIN_SUMMARY, Label.YEAR_SUMMARY, Label.COUNTRY_SUMMARY, Label.PAIR_SUMMARY,
                  Label.ORGANIZATION_SUMMARY)
#: The labels whose summaries may keep a recent list (`keeps_recent` tells which do).
RECENT_LABELS = (Label.PAIR_SUMMARY, Label.COUNTRY_SUMMARY, Label.ORGANIZATION_SUMMARY)

#: Per label: its count lists, one number per status each; `counts` first (`Stored.counts` reads it so).
COUNT_LISTS: dict[Label, tuple[str, ...]] = {
    Label.DOMAIN_SUMMARY: ("counts", "direct"),
    Label.YEAR_SUMMARY: ("counts",),
    Label.COUNTRY_SUMMARY: ("counts", "signed", "paired", "signed_paired"),
    Label.PAIR_SUMMARY: ("counts", "signed"),
    Label.ORGANIZATION_SUMMARY: ("counts",),
}


@dataclass(frozen=True)
class Breakdown:
    """A count list split by a key: `keys` lists the keys in order, `counts` the numbers, flat."""
    keys: str
    counts: str
    key_type: type = str

    def name(self, key: Any) -> str:
        return f"{self.keys}:{key}"


#: Per label: its breakdowns.
BREAKDOWNS: dict[Label, tuple[Breakdown, ...]] = {
    Label.COUNTRY_SUMMARY: (Breakdown("years", "year_counts", int), Breakdown("signed_years", "signed_year_counts", int),
                            Breakdown("domains", "domain_counts")),
    Label.PAIR_SUMMARY: (Breakdown("years", "year_counts", int), Breakdown("domains", "domain_counts"),
                         Breakdown("orgs_a", "org_a_counts"), Breakdown("orgs_b", "org_b_counts")),
}

#: Instruments per statement when every summary is rebuilt.
REBUILD_BATCH = 5_000
#: Summaries of one label written or deleted per statement.
WRITE_BATCH = 10_000
#: Summaries read, merged with a change and written back per round.
APPLY_BATCH = 500

_I, _P, _C, _O, _D = Label.INSTRUMENT, Label.PARTY, Label.COUNTRY, Label.ORGANIZATION, Label.DOMAIN

# What one instrument counts in, read from the instrument outwards (a country's or ministry's
# SIGNED edges are many, an instrument's few): status, year, the domains it covers, who signed it,
# and per party (role `party`) with a country: the country, whether the party is a state one, and
# its organization.
_CONTRIBUTIONS = f"""
UNWIND $ids AS id
MATCH (i:{_I} {{id: id}}) WHERE i.status IS NOT NULL
RETURN i.id AS id, i.status AS status, i.signed_year AS year, i.signed_date AS date,
       COLLECT {{ MATCH (i)-[:{Rel.COVERS}]->(d:{_D}) RETURN d.id }} AS direct,
       COLLECT {{ MATCH (i)<-[:{Rel.SIGNED}]-(c:{_C}) RETURN c.id }} AS country_signers,
       COLLECT {{ MATCH (i)<-[:{Rel.SIGNED}]-(o:{_O}) RETURN o.id }} AS organization_signers,
       COLLECT {{
         MATCH (i)-[:{Rel.HAS_PARTY}]->(q:{_P})-[:{Rel.PARTY_COUNTRY}]->(c:{_C})
         WHERE coalesce(q.role, "party") = "party"
         RETURN [c.id, coalesce(q.state, false), COLLECT {{ MATCH (q)-[:{Rel.PARTY_ORGANIZATION}]->(o:{_O}) RETURN o.id }}]
       }} AS parties
"""

# Each domain with itself and every broader domain: reference data, read once per transaction.
_FOLDS = f"MATCH (d:{_D}) RETURN d.id AS id, COLLECT {{ MATCH (d)-[:{Rel.BROADER}*0..]->(b:{_D}) RETURN DISTINCT b.id }} AS folds"

_ALL_INSTRUMENTS = f"MATCH (i:{_I}) WHERE i.status IS NOT NULL RETURN i.id AS id ORDER BY id"

Key = tuple[Label, str]

#: Instruments a pair summary keeps per status, most recent first, at least (the canned queries'
#: default evidence list) and, times RECENT_SLACK, at most.
RECENT_KEPT = 20
RECENT_SLACK = 2


@dataclass(frozen=True)
class Recent:
    """One instrument in a pair summary's recent list."""
    status: str
    id: str
    date: str | None  # partial ISO date: "2021", "2021-03" or "2021-03-05"
    signed: bool  # both sides signed

    def rank(self) -> tuple[bool, tuple[int, ...], str]:
        """Sorts as `ORDER BY signed_date IS NULL, signed_date DESC, id` does: a date's code points
        negated, with a sentinel so a longer date sorts before its own prefix (as "2021-03" after
        "2021" ascending)."""
        return (self.date is None, (*(-ord(c) for c in self.date or ""), 1), self.id)


def _most_recent(entries: Iterable[Recent]) -> list[Recent]:
    """Per status the most recent, as many as a list holds at most, in one list in rank order."""
    kept: list[Recent] = []
    per_status: dict[str, int] = defaultdict(int)
    for entry in sorted(entries, key=Recent.rank):
        if per_status[entry.status] < RECENT_KEPT * RECENT_SLACK:
            per_status[entry.status] += 1
            kept.append(entry)
    return kept


def scope(non_state: bool, domain: str) -> str:
    return f"{MODES[non_state]}/{domain}"


@dataclass
class Counts:
    """Counts per summary, as a difference or as totals: per (label, id), per (count list, status)
    a number. A summary's other properties follow from its id (`_properties`)."""

    values: dict[Key, dict[tuple[str, str], int]] = field(default_factory=dict)
    #: The domain folds these counts were made with, so the same transaction reads them once.
    folds: dict[str, list[str]] | None = None
    #: Per pair summary, the instruments it counts as entries of its recent lists, each with its
    #: sign (as a difference: taken away -1, added 1, unchanged 0).
    recent: dict[Key, dict[Recent, int]] = field(default_factory=dict)

    def add(self, key: Key, status: str, sign: int, names: tuple[str, ...]) -> None:
        entry = self.values.get(key)
        if entry is None:
            entry = self.values[key] = {}
        for name in names:
            entry[(name, status)] = entry.get((name, status), 0) + sign

    def count(self, row: dict[str, Any], folds: dict[str, list[str]], sign: int) -> None:
        """Add (`sign` 1) or take away (-1) what one instrument counts in."""
        status, year = row["status"], row["year"]
        direct = set(row["direct"])
        folded = sorted({broader for domain in direct for broader in folds.get(domain, [domain])})
        for domain in folded:
            self.add((Label.DOMAIN_SUMMARY, domain), status, sign, _BOTH if domain in direct else _COUNTS)
            self.add((Label.YEAR_SUMMARY, f"{domain}/{UNDATED if year is None else year}"), status, sign, _COUNTS)
        years, domains, orgs_a, orgs_b = BREAKDOWNS[Label.PAIR_SUMMARY]
        pair_keys = (*((years.name(year),) if year is not None else ()), *(domains.name(d) for d in sorted(direct)))
        country_years, country_signed_years, country_domains = BREAKDOWNS[Label.COUNTRY_SUMMARY]
        countries = _sides(row)
        for non_state in (False, True):
            sides = sorted((country, side.signed or (non_state and side.non_state_signed),
                            sorted(side.organizations if non_state else side.state_organizations))
                           for country, side in countries.items() if non_state or side.state)
            paired = len(sides) > 1
            for domain in (*folded, ANY_DOMAIN):
                where = scope(non_state, domain)
                for n, (country, signed, organizations) in enumerate(sides):
                    key = (Label.COUNTRY_SUMMARY, f"{where}/{country}")
                    names = _COUNTS + (_SIGNED if signed else ()) + (
                        (_SIGNED_PAIRED if signed else _PAIRED) if paired else ())
                    if domain == ANY_DOMAIN:
                        # What a country profile reads: its years, domains, organizations and
                        # most recent instruments.
                        entry = Recent(status, row["id"], row["date"], signed)
                        if year is not None:
                            names += (country_years.name(year),) + ((country_signed_years.name(year),) if signed else ())
                        names += tuple(map(country_domains.name, sorted(direct)))
                        self.note(key, entry, sign)
                        for organization in organizations:
                            organization_key = (Label.ORGANIZATION_SUMMARY, f"{where}/{country}/{organization}")
                            self.add(organization_key, status, sign, _COUNTS)
                            self.note(organization_key, entry, sign)
                    self.add(key, status, sign, names)
                    for partner, partner_signed, partner_organizations in sides[n + 1:]:
                        both = signed and partner_signed
                        key = (Label.PAIR_SUMMARY, f"{where}/{country}/{partner}")
                        self.add(key, status, sign, (_SIGNED_PAIR if both else _COUNTS) + pair_keys
                                 + tuple(map(orgs_a.name, organizations))
                                 + tuple(map(orgs_b.name, partner_organizations)))
                        self.note(key, Recent(status, row["id"], row["date"], both), sign)

    def note(self, key: Key, entry: Recent, sign: int) -> None:
        entries = self.recent.get(key)
        if entries is None:
            entries = self.recent[key] = {}
        entries[entry] = entries.get(entry, 0) + sign

    def negated(self) -> Counts:
        return Counts({key: {k: -n for k, n in entry.items()} for key, entry in self.values.items()}, self.folds,
                      {key: {e: -n for e, n in entries.items()} for key, entries in self.recent.items()})

    def trim(self) -> None:
        """Drop the entries no kept list can hold (totals only: every entry counted once)."""
        for key, entries in self.recent.items():
            if len(entries) > RECENT_KEPT * RECENT_SLACK:
                self.recent[key] = {e: 1 for e in _most_recent(entries)}


_COUNTS, _BOTH, _SIGNED = ("counts",), ("counts", "direct"), ("signed",)
_PAIRED, _SIGNED_PAIRED = ("paired",), ("paired", "signed_paired")
_SIGNED_PAIR = ("counts", "signed")


def _properties(label: Label, summary_id: str) -> dict[str, Any]:
    """The properties a summary's id stands for (scopes and domain ids hold no '/' of their own)."""
    parts = summary_id.split("/")
    if label == Label.YEAR_SUMMARY:
        return {"domain": parts[0], **({} if parts[1] == UNDATED else {"year": int(parts[1])})}
    if label == Label.COUNTRY_SUMMARY:
        return {"scope": "/".join(parts[:2]), "country": parts[2]}
    if label == Label.PAIR_SUMMARY:
        return {"scope": "/".join(parts[:2]), "country_a": parts[2], "country_b": parts[3]}
    if label == Label.ORGANIZATION_SUMMARY:
        return {"scope": "/".join(parts[:2]), "country": parts[2], "organization": parts[3]}
    return {}


def keeps_recent(key: Key) -> bool:
    """Whether this summary keeps a list of its most recent instruments."""
    label, summary_id = key
    return label == Label.PAIR_SUMMARY or (label in RECENT_LABELS and summary_id.split("/")[1] == ANY_DOMAIN)


@dataclass
class _Side:
    state: bool = False  # a state party of the country is a party
    signed: bool = False  # the country signed
    non_state_signed: bool = False  # a non-state party of the country signed (its organization)
    organizations: set[str] = field(default_factory=set)  # of its parties
    state_organizations: set[str] = field(default_factory=set)  # of its state parties


def _sides(row: dict[str, Any]) -> dict[str, _Side]:
    """Per party country, as the canned queries count it."""
    signers, organizations = set(row["country_signers"]), set(row["organization_signers"])
    sides: dict[str, _Side] = {}
    for country, state, party_organizations in row["parties"]:
        side = sides.setdefault(country, _Side(signed=country in signers))
        side.state |= state
        side.non_state_signed |= not state and any(o in organizations for o in party_organizations)
        side.organizations.update(party_organizations)
        if state:
            side.state_organizations.update(party_organizations)
    return sides


def domain_folds(tx: neo4j.ManagedTransaction) -> dict[str, list[str]]:
    """Each domain with itself and every broader one."""
    return {record["id"]: record["folds"] for record in tx.run(_FOLDS)}


def contributions(tx: neo4j.ManagedTransaction, ids: Iterable[str], sign: int = 1, into: Counts | None = None,
                  folds: dict[str, list[str]] | None = None) -> Counts:
    """What these instruments, as the graph holds them now, count in (times `sign`), added to `into`."""
    found = into if into is not None else Counts()
    ids = sorted(set(ids))
    if ids:
        folds = folds if folds is not None else found.folds if found.folds is not None else domain_folds(tx)
        found.folds = folds
        for record in tx.run(_CONTRIBUTIONS, ids=ids):
            found.count(record.data(), folds, sign)
    return found


@dataclass(frozen=True)
class Stored:
    """A summary as the graph holds it: its statuses, and per count list and breakdown its numbers
    in the stored order (one per status; a breakdown's flat, key after key)."""
    statuses: list[str]
    lists: list[list[int]]  # in the order of COUNT_LISTS[label]
    breakdowns: list[tuple[list[Any], list[int]]]  # keys and counts, in the order of BREAKDOWNS[label]

    def counts(self) -> dict[tuple[str, str], int]:
        """Its `counts` list as totals per ("counts", status)."""
        return {("counts", status): n for status, n in zip(self.statuses, self.lists[0])}


def _read(tx: neo4j.ManagedTransaction, wanted: dict[Label, list[str]]) -> tuple[dict[Key, Stored], dict[Key, list[Recent]]]:
    """The stored counts of these summaries, and the recent lists of those that keep one, in one
    statement for every label."""
    def split(label: Label) -> str:
        return f"[{', '.join(f'[s.{b.keys}, s.{b.counts}]' for b in BREAKDOWNS.get(label, ()))}]"

    def recent(label: Label) -> str:
        return f"[{', '.join(f's.{name}' for name in RECENT_LISTS)}]" if label in RECENT_LABELS else "[]"
    branches = [f"UNWIND ${label} AS key MATCH (s:{label} {{id: key}}) RETURN '{label}' AS label, s.id AS id, "
                f"s.statuses AS statuses, [{', '.join(f's.{name}' for name in COUNT_LISTS[label])}] AS lists, "
                f"{split(label)} AS breakdowns, {recent(label)} AS recent"
                for label in wanted]
    result = tx.run("CALL () {\n" + "\nUNION ALL\n".join(branches) + "\n}\n"
                    "RETURN label, id, statuses, lists, breakdowns, recent",
                    {str(label): ids for label, ids in wanted.items()})
    stored: dict[Key, Stored] = {}
    stored_recent: dict[Key, list[Recent]] = {}
    for record in result:
        key = (Label(record["label"]), record["id"])
        stored[key] = Stored(record["statuses"] or [], [values or [] for values in record["lists"]],
                             [(keys or [], counts or []) for keys, counts in record["breakdowns"]])
        if keeps_recent(key):
            ids, entry_statuses, dates, signed = (values or [] for values in record["recent"])
            stored_recent[key] = [Recent(*entry) for entry in zip(
                entry_statuses, ids, (date or None for date in dates), signed)]
    return stored, stored_recent


def _write(tx: neo4j.ManagedTransaction, rows: dict[Label, list[dict[str, Any]]], gone: dict[Label, list[str]]) -> None:
    """Delete the summaries left empty and write the others, in one statement for every label
    (per WRITE_BATCH summaries of a label, when more change)."""
    while any(rows.values()) or any(gone.values()):
        batch_gone = {label: ids[:WRITE_BATCH] for label, ids in gone.items() if ids}
        batch_rows = {label: batch[:WRITE_BATCH] for label, batch in rows.items() if batch}
        parts = [f"CALL () {{ UNWIND $gone_{label} AS key MATCH (s:{label} {{id: key}}) DELETE s }}"
                 for label in batch_gone]
        parts += [f"CALL () {{ UNWIND $rows_{label} AS row MERGE (s:{label} {{id: row.id}}) SET s = row }}"
                  for label in batch_rows]
        tx.run("\n".join(parts), {**{f"gone_{label}": ids for label, ids in batch_gone.items()},
                                  **{f"rows_{label}": batch for label, batch in batch_rows.items()}}).consume()
        gone = {label: ids[WRITE_BATCH:] for label, ids in gone.items()}
        rows = {label: batch[WRITE_BATCH:] for label, batch in rows.items()}


def _row(label: Label, summary_id: str, stored: Stored | None, change: dict[tuple[str, str], int],
         recent: list[Recent] | None = None) -> dict[str, Any] | None:
    """The node's properties once `change` is added to what it holds, or None when it then counts
    nothing. The stored lists are merged as they are, not spread into totals per key and status:
    a summary's breakdowns can hold thousands of numbers, a change to it a few."""
    old = stored.statuses if stored is not None else []
    count_lists = {name: dict(zip(old, values)) for name, values in
                   zip(COUNT_LISTS[label], stored.lists if stored is not None else [[] for _ in COUNT_LISTS[label]])}
    # The change to each breakdown, per key (typed as stored) and status.
    breakdown_change: dict[str, dict[Any, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    types = {breakdown.keys: breakdown.key_type for breakdown in BREAKDOWNS.get(label, ())}
    for (name, status), n in change.items():
        if name in count_lists:
            count_lists[name][status] = count_lists[name].get(status, 0) + n
        else:  # a breakdown's "keys:key" (a count list's name holds no ':')
            keys, _, key = name.partition(":")
            entry = breakdown_change[keys][types[keys](key)]
            entry[status] = entry.get(status, 0) + n
    statuses = sorted(status for status, n in count_lists["counts"].items() if n)
    if not statuses:
        return None
    row = {"id": summary_id, **_properties(label, summary_id), "statuses": statuses}
    for name, values in count_lists.items():
        row[name] = [values.get(status, 0) for status in statuses]
    position = {status: k for k, status in enumerate(old)}
    width = len(old)
    for b, breakdown in enumerate(BREAKDOWNS.get(label, ())):
        stored_keys, stored_counts = stored.breakdowns[b] if stored is not None else ([], [])
        changed = breakdown_change.get(breakdown.keys, {})
        index = {key: j for j, key in enumerate(stored_keys)}
        keys, counts = [], []
        # A breakdown counts a subset of `counts` per status: a status it leaves out counts nothing here.
        for key in sorted(index.keys() | changed.keys()):
            j, delta = index.get(key), changed.get(key, {})
            values = [(stored_counts[j * width + position[status]] if j is not None and status in position else 0)
                      + delta.get(status, 0) for status in statuses]
            if any(values):
                keys.append(key)
                counts += values
        row[breakdown.keys], row[breakdown.counts] = keys, counts
    if keeps_recent((label, summary_id)):
        entries = recent or []
        row.update(recent_ids=[e.id for e in entries], recent_statuses=[e.status for e in entries],
                   recent_dates=[e.date or "" for e in entries], recent_signed=[e.signed for e in entries])
    return row


def _recent_after(listed: list[Recent], before: dict[tuple[str, str], int], after: dict[tuple[str, str], int],
                  change: dict[Recent, int]) -> tuple[list[Recent], set[str]]:
    """A pair summary's recent list after this change, and the statuses whose list cannot be told
    from it: instruments listed went, and fewer than RECENT_KEPT are left while the pair counts
    more of that status."""
    removed = {e for e, n in change.items() if n < 0}
    added = [e for e, n in change.items() if n > 0]
    kept: list[Recent] = []
    short: set[str] = set()
    for status in sorted({e.status for e in listed} | {e.status for e in change}):
        of_status = [e for e in listed if e.status == status]
        remaining = [e for e in of_status if e not in removed]
        new = [e for e in added if e.status == status]
        if of_status and before.get(("counts", status), 0) > len(of_status):
            # What the list leaves out ranks after its last entry, and so may an added instrument:
            # past that entry, the order is unknown.
            last = of_status[-1].rank()
            new = [e for e in new if e.rank() <= last]
        merged = sorted(remaining + new, key=Recent.rank)[:RECENT_KEPT * RECENT_SLACK]
        if len(merged) < min(RECENT_KEPT, after.get(("counts", status), 0)):
            short.add(status)
        else:
            kept += merged
    return sorted(kept, key=Recent.rank), short


# The instruments of some statuses of a pair (from its first country), of a country or of an
# organization, each once.
_INSTRUMENTS_OF = {
    Label.PAIR_SUMMARY: f"""
UNWIND $wanted AS pair
MATCH (:{_C} {{id: pair.country_a}})<-[:{Rel.PARTY_COUNTRY}]-(:{_P})<-[:{Rel.HAS_PARTY}]-(i:{_I})
WHERE i.status IN pair.statuses
  AND EXISTS {{ (i)-[:{Rel.HAS_PARTY}]->(:{_P})-[:{Rel.PARTY_COUNTRY}]->(:{_C} {{id: pair.country_b}}) }}
RETURN DISTINCT i.id AS id
""",
    Label.COUNTRY_SUMMARY: f"""
UNWIND $wanted AS country
MATCH (:{_C} {{id: country.country}})<-[:{Rel.PARTY_COUNTRY}]-(:{_P})<-[:{Rel.HAS_PARTY}]-(i:{_I})
WHERE i.status IN country.statuses
RETURN DISTINCT i.id AS id
""",
    Label.ORGANIZATION_SUMMARY: f"""
UNWIND $wanted AS organization
MATCH (:{_O} {{id: organization.organization}})<-[:{Rel.PARTY_ORGANIZATION}]-(:{_P})<-[:{Rel.HAS_PARTY}]-(i:{_I})
WHERE i.status IN organization.statuses
RETURN DISTINCT i.id AS id
""",
}


def _recent_from_facts(tx: neo4j.ManagedTransaction, short: dict[Key, set[str]],
                       folds: dict[str, list[str]] | None) -> dict[Key, list[Recent]]:
    """For these summaries, the recent lists of these statuses, from the instruments."""
    wanted: dict[Label, dict[tuple[tuple[str, Any], ...], set[str]]] = defaultdict(lambda: defaultdict(set))
    for (label, summary_id), statuses in short.items():
        properties = _properties(label, summary_id)
        properties.pop("scope")
        wanted[label][tuple(sorted(properties.items()))] |= statuses
    ids = {record["id"] for label, of_label in sorted(wanted.items())
           for record in tx.run(_INSTRUMENTS_OF[label], wanted=[
               {**dict(properties), "statuses": sorted(statuses)} for properties, statuses in sorted(of_label.items())])}
    found = contributions(tx, ids, folds=folds)
    return {key: _most_recent(e for e in found.recent.get(key, {}) if e.status in statuses)
            for key, statuses in short.items()}


def _apply(tx: neo4j.ManagedTransaction, change: Counts, fresh: bool = False) -> None:
    # A recent list changes without any count when an instrument's signing date does.
    changed = sorted(key for key in change.values.keys() | change.recent.keys()
                     if any(change.values.get(key, {}).values()) or any(change.recent.get(key, {}).values()))
    # A round at a time: what the client holds of stored summaries, their totals and their rows is
    # bounded by the round, not by all a file touches (which grows with the graph).
    for batch in _batched(changed, APPLY_BATCH):
        _apply_round(tx, change, batch, fresh)


def _apply_round(tx: neo4j.ManagedTransaction, change: Counts, changed: list[Key], fresh: bool) -> None:
    wanted: dict[Label, list[str]] = defaultdict(list)
    for label, summary_id in changed:
        wanted[label].append(summary_id)
    if not wanted:
        return
    stored, stored_recent = ({}, {}) if fresh else _read(tx, wanted)
    rows: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    gone: dict[Label, list[str]] = defaultdict(list)
    recent: dict[Key, list[Recent]] = {}
    short: dict[Key, set[str]] = {}
    for key in changed:
        if keeps_recent(key):
            before = stored[key].counts() if key in stored else {}
            after = dict(before)
            for (name, status), n in change.values.get(key, {}).items():
                if name == "counts":
                    after[(name, status)] = after.get((name, status), 0) + n
            recent[key], statuses = _recent_after(stored_recent.get(key, []), before, after, change.recent.get(key, {}))
            if statuses:
                short[key] = statuses
    if short:
        for key, found in _recent_from_facts(tx, short, change.folds).items():
            recent[key] = sorted(recent[key] + found, key=Recent.rank)
    for key in changed:
        label, summary_id = key
        row = _row(label, summary_id, stored.get(key), change.values.get(key, {}), recent.get(key))
        if row is None:
            if key in stored:
                gone[label].append(summary_id)
        else:
            rows[label].append(row)
    _write(tx, rows, gone)


def refresh_summaries(tx: neo4j.ManagedTransaction, touched: Iterable[str], before: Counts) -> None:
    """Add to the stored counts what the `touched` instruments count in now less what they counted
    in `before` (read with `contributions` before the write)."""
    _apply(tx, contributions(tx, touched, 1, into=before.negated()))


def _batched(ids: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def rebuild_summaries(tx: neo4j.ManagedTransaction) -> None:
    """Recompute every summary from the facts."""
    # Summaries are rewritten in place and only those no longer counted deleted: deleting them all
    # and creating them again in one transaction makes every MERGE's index seek wade through the
    # transaction's deletions, which at tens of thousands of summaries takes minutes.
    existing = {label: {record["id"] for record in tx.run(f"MATCH (s:{label}) RETURN s.id AS id")}
                for label in SUMMARY_LABELS}
    ids = [record["id"] for record in tx.run(_ALL_INSTRUMENTS)]
    totals, folds = Counts(), domain_folds(tx)
    for batch in _batched(ids, REBUILD_BATCH):
        contributions(tx, batch, 1, into=totals, folds=folds)
        totals.trim()
    _apply(tx, totals, fresh=True)
    for label in SUMMARY_LABELS:
        counted = {summary_id for key_label, summary_id in totals.values if key_label == label}
        for gone in _batched(sorted(existing[label] - counted), WRITE_BATCH):
            _write(tx, {}, {label: gone})


def summaries_missing(tx: neo4j.ManagedTransaction) -> bool:
    """True when the graph counts instruments but keeps no summary of them, or keeps them in an
    earlier shape (pair summaries without their recent lists or organization breakdowns, country
    summaries without their recent lists: one of each tells, as every write keeps them all in one
    shape)."""
    record = tx.run(f"RETURN EXISTS {{ MATCH (i:{_I}) WHERE i.status IS NOT NULL }} AS counted, "
                    f"EXISTS {{ MATCH (s:{Label.DOMAIN_SUMMARY}) }} OR EXISTS {{ MATCH (s:{Label.COUNTRY_SUMMARY}) }} "
                    f"AS kept, COLLECT {{ MATCH (s:{Label.PAIR_SUMMARY}) RETURN s.{RECENT_LISTS[0]} IS NULL "
                    f"OR s.{BREAKDOWNS[Label.PAIR_SUMMARY][-1].keys} IS NULL LIMIT 1 }} = [true] "
                    f"OR COLLECT {{ MATCH (s:{Label.COUNTRY_SUMMARY}) WHERE s.scope IN $every "
                    f"RETURN s.{RECENT_LISTS[0]} IS NULL LIMIT 1 }} = [true] AS earlier",
                    every=[scope(mode, ANY_DOMAIN) for mode in MODES]).single()
    return bool(record["counted"] and (not record["kept"] or record["earlier"]))
