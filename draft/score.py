"""Scores of a draft against the record a curator wrote for the same report, per kind of fact.

Instruments are paired when they bind the same countries and share an organization (by id
or name) or, failing that, their type and a domain; among those, the pair sharing the most
organizations and domains wins. An organization named differently then counts against the
parties, not against the instrument. On each pair: type, status, signing
date, parties (country and organization), signatories (by name) and domains are compared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from draft.linking import name_key


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


def _countries(instrument: dict[str, Any]) -> frozenset[str]:
    return frozenset(p["country"] for p in instrument["parties"] if p.get("country"))


def _party_text(instrument: dict[str, Any]) -> str:
    return ", ".join(f"{p.get('country') or '-'}/{p.get('organization') or '-'}" for p in instrument["parties"])


def score_record(drafted: dict[str, Any], gold: dict[str, Any]) -> Score:
    score = Score()
    d_orgs, g_orgs = _org_keys(drafted), _org_keys(gold)
    d_people, g_people = _person_keys(drafted), _person_keys(gold)
    d_list, g_list = list(drafted.get("instruments", [])), list(gold.get("instruments", []))
    score.instruments.drafted, score.instruments.gold = len(d_list), len(g_list)
    pairs = []
    used: set[int] = set()
    for g in g_list:
        best, best_value = None, -1.0
        for k, d in enumerate(d_list):
            if k in used or _countries(d) != _countries(g):
                continue
            org_overlap = sum(1 for gp in g["parties"] for dp in d["parties"]
                              if gp.get("organization") and _same_org(dp.get("organization"), gp.get("organization"), d_orgs, g_orgs))
            domain_overlap = len(set(d.get("domains", [])) & set(g.get("domains", [])))
            gold_orgs = sum(1 for gp in g["parties"] if gp.get("organization"))
            draft_orgs = sum(1 for dp in d["parties"] if dp.get("organization"))
            if gold_orgs and draft_orgs and not org_overlap and not (d["type"] == g["type"] and domain_overlap):
                continue  # the same countries, but other bodies and subject: another instrument
            value = org_overlap * 10 + domain_overlap + (1 if d["type"] == g["type"] else 0)
            if value > best_value:
                best, best_value = k, value
        if best is None:
            score.misses.append(f"not found: {g['id']}")
            continue
        used.add(best)
        pairs.append((d_list[best], g))
    score.instruments.tp = len(pairs)
    for k, d in enumerate(d_list):
        if k not in used:
            score.misses.append(f"not in the curated record: {d['id']}")
    for d, g in pairs:
        score.type.add(d["type"] == g["type"])
        score.status.add(d.get("status") == g.get("status"))
        score.date.add(d.get("signed_date") == g.get("signed_date"))
        if d["type"] != g["type"]:
            score.misses.append(f"type of {g['id']}: drafted {d['type']}, curated {g['type']}")
        if d.get("status") != g.get("status"):
            score.misses.append(f"status of {g['id']}: drafted {d.get('status')}, curated {g.get('status')}")
        if d.get("signed_date") != g.get("signed_date"):
            score.misses.append(f"date of {g['id']}: drafted {d.get('signed_date')}, curated {g.get('signed_date')}")
        matched = sum(1 for dp in d["parties"] if any(
            dp.get("country") == gp.get("country") and _same_org(dp.get("organization"), gp.get("organization"), d_orgs, g_orgs)
            for gp in g["parties"]))
        score.parties.add(Tally(matched, len(d["parties"]), len(g["parties"])))
        if matched < max(len(d["parties"]), len(g["parties"])):
            score.misses.append(f"parties of {g['id']}: drafted {_party_text(d)}, curated {_party_text(g)}")
        dc, gc = _countries(d), _countries(g)
        score.party_countries.add(Tally(len(dc & gc), len(dc), len(gc)))
        ds = {d_people.get(p["signatory"], p["signatory"]) for p in d["parties"] if p.get("signatory")}
        gs = {g_people.get(p["signatory"], p["signatory"]) for p in g["parties"] if p.get("signatory")}
        score.signatories.add(Tally(len(ds & gs), len(ds), len(gs)))
        dd, gd = set(d.get("domains", [])), set(g.get("domains", []))
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
