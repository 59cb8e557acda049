"""Scores of a draft against the record a curator wrote for the same report, per kind of fact.

Instruments are paired when they bind the same countries and share an organization (by id
or name) or, failing that, their type and a domain; among those, the pair sharing the most
organizations and domains wins (best pairs first, whatever order the record lists them in). An
organization named differently then counts against the parties, not against the instrument. On
each pair: type, status, signing date, parties (country and organization), signatories (by name)
and domains are compared.

A curated record states facts about the instruments it defines and about those it attaches to
under `updates:` (defined in another file): each update is a curated instrument too, with its id
and only the facts the update states, so a draft of what the report says is not a false positive
and nothing the other file says is credited to this report. A fact the update does not state
(the type, the domains, the parties) is not scored on that pair. The status compared is the one
the graph derives (graph/derive.py): the latest stage among the steps of `status_history` and the
shorthand `status`, on equal stages the later date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from draft.linking import name_key
from loaders.vocab import lifecycle


@dataclass
class Tally:
    """Counts behind precision and recall (true positives, drafted, gold)."""

    tp: int = 0
    drafted: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.drafted, self.gold = self.tp + other.tp, self.drafted + other.drafted, self.gold + other.gold

    @property
    def precision(self) -> float | None:
        return self.tp / self.drafted if self.drafted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def merge(self, other: Accuracy) -> None:
        self.right, self.total = self.right + other.right, self.total + other.total

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Score:
    instruments: Tally = field(default_factory=Tally)
    parties: Tally = field(default_factory=Tally)
    party_countries: Tally = field(default_factory=Tally)
    signatories: Tally = field(default_factory=Tally)
    domains: Tally = field(default_factory=Tally)
    engagements: Tally = field(default_factory=Tally)
    type: Accuracy = field(default_factory=Accuracy)
    status: Accuracy = field(default_factory=Accuracy)
    date: Accuracy = field(default_factory=Accuracy)
    misses: list[str] = field(default_factory=list)

    def merge(self, other: Score) -> None:
        for name in ("instruments", "parties", "party_countries", "signatories", "domains", "engagements"):
            getattr(self, name).add(getattr(other, name))
        for name in ("type", "status", "date"):
            getattr(self, name).merge(getattr(other, name))
        self.misses.extend(other.misses)


def _org_keys(record: dict[str, Any]) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for org in record.get("organizations", []):
        names = {org["id"], name_key(org["name"]), *(name_key(n) for n in (org.get("names") or {}).values())}
        keys[org["id"]] = {n for n in names if n}
    return keys


def _person_keys(record: dict[str, Any]) -> dict[str, str]:
    return {p["id"]: name_key(p["name"]) for p in record.get("people", [])}


def _same_org(a: str | None, b: str | None, keys_a: dict[str, set[str]], keys_b: dict[str, set[str]]) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    ka, kb = keys_a.get(a, {a}), keys_b.get(b, {b})
    if ka & kb:
        return True
    return any(x in y or y in x for x in ka for y in kb if len(x) > 8 and len(y) > 8)


def current_status(instrument: dict[str, Any]) -> str | None:
    """The instrument's status as the graph derives it from the record: its steps (`status_history`)
    and `status`, shorthand for one undated step; the latest stage wins, then the later date."""
    stages = lifecycle().stages
    steps = [(step.get("status"), step.get("date")) for step in instrument.get("status_history") or []]
    if instrument.get("status") and instrument["status"] not in {status for status, _ in steps}:
        steps.append((instrument["status"], None))
    steps = [(status, date) for status, date in steps if status]
    if not steps:
        return None
    return max(steps, key=lambda step: (stages.get(step[0], -1), str(step[1] or "")))[0]


def curated_instruments(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The instruments a record states facts about: its own, and each one it attaches to under
    `updates:`, merged into its own when the same file defines it, else as an instrument of the
    update's id with only what the update states (`type` None: the update does not say it)."""
    own = [{**i, "status_history": list(i.get("status_history") or []), "parties": [dict(p) for p in i.get("parties") or []],
            "domains": list(i.get("domains") or [])} for i in record.get("instruments") or []]
    by_id = {i["id"]: i for i in own}
    for update in record.get("updates") or []:
        steps = list(update.get("status_history") or [])
        if update.get("status"):
            steps.append({"status": update["status"]})
        parties = [dict(p) for p in update.get("parties") or []]
        target = by_id.get(update["instrument"])
        if target is None:
            target = {"id": update["instrument"], "type": None, "status_history": [], "parties": [], "domains": [],
                      "update": True}
            own.append(target)
            by_id[target["id"]] = target
        target["status_history"].extend(steps)
        if update.get("signed_date") and not target.get("signed_date"):
            target["signed_date"] = update["signed_date"]
        target["domains"].extend(d for d in update.get("domains") or [] if d not in target["domains"])
        for party in parties:
            known = next((p for p in target["parties"] if p.get("country") == party.get("country")
                          and p.get("organization") == party.get("organization")), None)
            if known is None:
                target["parties"].append(party)
            elif party.get("signatory") and not known.get("signatory"):
                known["signatory"] = party["signatory"]
    return own


def _countries(instrument: dict[str, Any]) -> frozenset[str]:
    return frozenset(p["country"] for p in instrument["parties"] if p.get("country"))


def _party_text(instrument: dict[str, Any]) -> str:
    return ", ".join(f"{p.get('country') or '-'}/{p.get('organization') or '-'}" for p in instrument["parties"])


def score_record(drafted: dict[str, Any], gold: dict[str, Any]) -> Score:
    score = Score()
    d_orgs, g_orgs = _org_keys(drafted), _org_keys(gold)
    d_people, g_people = _person_keys(drafted), _person_keys(gold)
    d_list, g_list = curated_instruments(drafted), curated_instruments(gold)
    score.instruments.drafted, score.instruments.gold = len(d_list), len(g_list)
    # Every admissible pairing is valued, and the best pairs are taken first: which curated
    # instrument a draft is held against does not depend on the order the record lists them in.
    candidates = []
    for gi, g in enumerate(g_list):
        for k, d in enumerate(d_list):
            if not g["parties"]:  # an update naming no party: only its id identifies it
                if d["id"] != g["id"]:
                    continue
            elif _countries(d) != _countries(g):
                continue
            org_overlap = sum(1 for gp in g["parties"] for dp in d["parties"]
                              if gp.get("organization") and _same_org(dp.get("organization"), gp.get("organization"), d_orgs, g_orgs))
            domain_overlap = len(set(d.get("domains", [])) & set(g.get("domains", [])))
            gold_orgs = sum(1 for gp in g["parties"] if gp.get("organization"))
            draft_orgs = sum(1 for dp in d["parties"] if dp.get("organization"))
            if gold_orgs and draft_orgs and not org_overlap and not (d["type"] == g["type"] and domain_overlap):
                continue  # the same countries, but other bodies and subject: another instrument
            candidates.append((org_overlap * 10 + domain_overlap + (1 if d["type"] == g["type"] else 0), -gi, -k))
    matched_gold: dict[int, int] = {}
    used: set[int] = set()
    for _, neg_gi, neg_k in sorted(candidates, reverse=True):  # ties: the earlier listed first
        gi, k = -neg_gi, -neg_k
        if gi not in matched_gold and k not in used:
            matched_gold[gi] = k
            used.add(k)
    pairs = []
    for gi, g in enumerate(g_list):
        if gi not in matched_gold:
            score.misses.append(f"not found: {g['id']}")
            continue
        pairs.append((d_list[matched_gold[gi]], g))
    score.instruments.tp = len(pairs)
    for k, d in enumerate(d_list):
        if k not in used:
            score.misses.append(f"not in the curated record: {d['id']}")
    for d, g in pairs:
        if g["type"] is not None:  # None: an update, which does not restate the type
            score.type.add(d["type"] == g["type"])
            if d["type"] != g["type"]:
                score.misses.append(f"type of {g['id']}: drafted {d['type']}, curated {g['type']}")
        d_status, g_status = current_status(d), current_status(g)
        score.status.add(d_status == g_status)
        score.date.add(d.get("signed_date") == g.get("signed_date"))
        if d_status != g_status:
            score.misses.append(f"status of {g['id']}: drafted {d_status}, curated {g_status}")
        if d.get("signed_date") != g.get("signed_date"):
            score.misses.append(f"date of {g['id']}: drafted {d.get('signed_date')}, curated {g.get('signed_date')}")
        stated_parties = bool(g["parties"]) or not g.get("update")
        stated_domains = bool(g.get("domains")) or not g.get("update")
        matched = sum(1 for dp in d["parties"] if any(
            dp.get("country") == gp.get("country") and _same_org(dp.get("organization"), gp.get("organization"), d_orgs, g_orgs)
            for gp in g["parties"]))
        if stated_parties:
            score.parties.add(Tally(matched, len(d["parties"]), len(g["parties"])))
        if stated_parties and matched < max(len(d["parties"]), len(g["parties"])):
            score.misses.append(f"parties of {g['id']}: drafted {_party_text(d)}, curated {_party_text(g)}")
        dc, gc = _countries(d), _countries(g)
        if stated_parties:
            score.party_countries.add(Tally(len(dc & gc), len(dc), len(gc)))
        ds = {d_people.get(p["signatory"], p["signatory"]) for p in d["parties"] if p.get("signatory")}
        gs = {g_people.get(p["signatory"], p["signatory"]) for p in g["parties"] if p.get("signatory")}
        score.signatories.add(Tally(len(ds & gs), len(ds), len(gs)))
        dd, gd = set(d.get("domains", [])), set(g.get("domains", []))
        if not stated_domains:
            continue  # the update adds no domain: the other file's are not this report's to score
        score.domains.add(Tally(len(dd & gd), len(dd), len(gd)))
        for extra in sorted(dd - gd):
            score.misses.append(f"domain of {g['id']} not curated: {extra}")
        for missing in sorted(gd - dd):
            score.misses.append(f"domain of {g['id']} not drafted: {missing}")
    # Engagements: the same countries and at least one shared domain.
    d_eng, g_eng = drafted.get("engagements", []), gold.get("engagements", [])
    taken: set[int] = set()
    hits = 0
    for g in g_eng:
        gc = {p.get("country") for p in g["participants"] if p.get("country")}
        for k, d in enumerate(d_eng):
            dc = {p.get("country") for p in d["participants"] if p.get("country")}
            if k not in taken and dc == gc and set(d["domains"]) & set(g["domains"]):
                taken.add(k)
                hits += 1
                break
    score.engagements.add(Tally(hits, len(d_eng), len(g_eng)))
    return score


def by_language(scores: dict[str, tuple[str, Score]]) -> dict[str, Score]:
    """Scores summed per language, plus 'all'."""
    out: dict[str, Score] = defaultdict(Score)
    for lang, score in scores.values():
        out[lang].merge(score)
        out["all"].merge(score)
    return dict(out)
