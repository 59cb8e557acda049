"""Synthetic record files for load benchmarks: deterministic, realistic in shape, valid.

The corpus is written in the same format curators use (`loaders.records.RecordFile`, one YAML
file per source report) and passes every check `hdkg load` makes:

- countries are real ISO 3166-1 countries, sometimes written by name instead of code;
- partners are skewed: countries are ranked (a few hubs first) and drawn with Zipf-like
  weights, so a handful of hubs sign far more than the long tail;
- about 10% of instruments are multilateral (3 to 6 parties);
- about 15% of instruments are reported by two source files with identical facts, so the
  loader's de-duplication and provenance union are exercised;
- parties are governments, ministries, hospitals, universities, research institutes,
  companies and company offices, with signatories holding roles; signing ceremonies group
  several instruments of one visit; some instruments renew or implement others;
- each file also holds a few engagements (cooperation without an instrument).

Everything is a pure function of (--seed, --instruments, --per-file): the same arguments give
the same bytes. Each instrument is drawn from its own seeded stream, so an instrument copied
into a second file is regenerated identically.

    python -m benchmarks.generate --instruments 10000 --seed 7 --out /tmp/corpus-10k
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import hashlib
import json
import math
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from hdkg import PROJECT_ROOT
from loaders.countries import countries
from loaders.vocab import vocabularies

GENERATOR_VERSION = 1
MANIFEST = ".corpus.json"  # dot-prefixed: the loader skips it
DEFAULT_PER_FILE = 200
MULTILATERAL_SHARE = 0.10
MULTI_SOURCE_SHARE = 0.15
ZIPF_EXPONENT = 1.1

#: Dates stay in the past on any machine that can run this code.
EARLIEST = dt.date(1992, 1, 1)
LATEST = dt.date(2024, 12, 31)

#: Countries that sign the most, first; the rest follow in a seeded order.
HUBS = ("RU", "CN", "TR", "US", "DE", "KZ", "FR", "IN", "UZ", "BY", "GB", "AZ", "VN", "JP", "KR", "IT",
        "AE", "SA", "EG", "BR", "KG", "AM", "IR", "CU", "HU")

#: Domains most agreements name, first; the rest follow in a seeded order.
COMMON_DOMAINS = ("health-cooperation", "medical-education", "pharmaceuticals", "public-health",
                  "medical-research", "health-workforce", "digital-health", "vaccines", "oncology",
                  "maternal-and-child-health")

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_GIVEN = ("Alia", "Aram", "Bakyt", "Chen", "Daria", "Elif", "Farid", "Giulia", "Hana", "Ivan", "Jae", "Karim",
          "Lena", "Marat", "Nadia", "Omar", "Pavel", "Rustam", "Sofia", "Timur", "Umida", "Viktor", "Wei",
          "Yusuf", "Zarina", "Anh", "Mehmet", "Olga", "Ravi", "Sanjar", "Tatiana", "Leila", "Pierre", "Ana")
_SYLLABLES = ("ka", "ro", "va", "li", "ne", "mu", "ta", "shi", "bek", "ov", "en", "sa", "dor", "mi", "lan",
              "gu", "ze", "ri", "no", "ha", "tu", "vi", "ko", "pe", "ra", "yi", "sun", "man", "dal", "es")
_CYRILLIC = {"a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
             "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
             "t": "т", "u": "у", "v": "в", "w": "в", "y": "й", "z": "з", "sh": "ш", "ch": "ч", "ya": "я",
             "yu": "ю", "kh": "х", "zh": "ж", "ts": "ц"}
_CYRILLIC_COUNTRIES = frozenset({"RU", "BY", "KZ", "KG", "UA", "TJ", "BG", "RS", "MK", "MN"})
_PUBLISHERS = ("Health Diplomacy Monitor", "Global Health Cooperation Review", "International Health Desk",
               "Ministry Press Digest", "Regional Health Bulletin", "Medical Cooperation Weekly")
_HOSPITALS = ("Republican Clinical Hospital", "National Centre of Cardiology", "City Children's Hospital",
              "National Cancer Centre", "Regional Multidisciplinary Hospital", "Centre of Traumatology")
_RESEARCH = ("Institute of Epidemiology", "Research Institute of Oncology", "Institute of Virology",
             "Centre for Medical Biotechnology", "Institute of Nutrition")
_COMPANY_WORDS = ("Pharm", "Med", "Bio", "Gen", "Vita", "Cura", "Thera", "Nova")

_TITLE_RU = {
    "agreement": "Соглашение о сотрудничестве в области здравоохранения",
    "memorandum-of-understanding": "Меморандум о взаимопонимании в области здравоохранения",
    "memorandum-of-cooperation": "Меморандум о сотрудничестве в области здравоохранения",
    "protocol": "Протокол о сотрудничестве в области здравоохранения",
    "plan-of-cooperation": "План сотрудничества в области здравоохранения",
    "programme-of-cooperation": "Программа сотрудничества в области здравоохранения",
}
_QUOTES_FOREIGN = {
    "ru": ("Стороны подписали документ о сотрудничестве в области здравоохранения.",
           "The parties signed a document on cooperation in health care."),
    "fr": ("Les parties ont signé un document de coopération dans le domaine de la santé.",
           "The parties signed a document on cooperation in the field of health."),
    "es": ("Las partes firmaron un documento de cooperación en el ámbito de la salud.",
           "The parties signed a document on cooperation in the field of health."),
    "tr": ("Taraflar sağlık alanında bir işbirliği belgesi imzaladı.",
           "The parties signed a cooperation document in the field of health."),
}


# -- helpers ---------------------------------------------------------------------------

def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _rng(seed: int, *parts: Any) -> random.Random:
    """An independent stream per (seed, kind, index): string seeds hash with SHA-512, stably."""
    return random.Random(":".join(str(part) for part in (seed, *parts)))


def _zipf(count: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    return [1.0 / (rank + 1) ** exponent for rank in range(count)]


def _weighted_distinct(rng: random.Random, items: list[str], cumulative: list[float], k: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < k:
        item = rng.choices(items, cum_weights=cumulative)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _date(rng: random.Random, start: dt.date = EARLIEST, end: dt.date = LATEST, recent_bias: float = 2.0) -> dt.date:
    """A day between start and end, more often recent (cooperation has grown)."""
    span = (end - start).days
    return start + dt.timedelta(days=int(span * rng.random() ** (1 / recent_bias)))


def _partial(day: dt.date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.78:
        return day.isoformat()
    if roll < 0.93:
        return day.isoformat()[:7]
    return day.isoformat()[:4]


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _last_day(partial: str) -> dt.date:
    """The latest day a partial date can mean."""
    year = int(partial[:4])
    month = int(partial[5:7]) if len(partial) >= 7 else 12
    day = int(partial[8:10]) if len(partial) == 10 else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def _cyrillic(name: str) -> str:
    out, i, lower = [], 0, name.lower()
    while i < len(lower):
        pair = lower[i:i + 2]
        if pair in _CYRILLIC:
            out.append(_CYRILLIC[pair])
            i += 2
            continue
        out.append(_CYRILLIC.get(lower[i], lower[i]))
        i += 1
    return " ".join(word[:1].upper() + word[1:] for word in "".join(out).split(" "))


# -- the world: countries, organizations, people ---------------------------------------

@dataclass(frozen=True)
class Org:
    id: str
    name: str
    kind: str
    country: str
    host_country: str | None = None
    parent: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    evidence: tuple[dict, ...] = ()
    people: tuple[str, ...] = ()  # ids of people holding a role here

    def record(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.names:
            data["names"] = dict(self.names)
        data["kind"] = self.kind
        data["country"] = self.country
        if self.host_country:
            data["host_country"] = self.host_country
        if self.parent:
            data["parent"] = self.parent
        if self.aliases:
            data["aliases"] = list(self.aliases)
        if self.evidence:
            data["evidence"] = [dict(e) for e in self.evidence]
        return data


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    title: str
    organization: str
    country: str
    name_original: str | None = None
    evidence: tuple[dict, ...] = ()

    def record(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.name_original:
            data["name_original"] = self.name_original
            data["name_original_lang"] = "ru"
        data["roles"] = [{"role": self.role, "title": self.title, "organization": self.organization,
                          "country": self.country}]
        if self.evidence:
            data["evidence"] = [dict(e) for e in self.evidence]
        return data


class World:
    """Countries ranked by weight, and the organizations and people of each (seeded)."""

    def __init__(self, seed: int, instruments: int) -> None:
        self.seed = seed
        rng = _rng(seed, "world")
        index = countries()
        rest = sorted(c.code for c in index if c.code not in HUBS)
        rng.shuffle(rest)
        self.codes: list[str] = [*HUBS, *rest]
        self.names = {c.code: c.name for c in index}
        weights = _zipf(len(self.codes))
        self.country_cum = _cumulative(weights)
        share = {code: w / sum(weights) for code, w in zip(self.codes, weights, strict=True)}

        vocab = vocabularies()
        domain_ids = sorted(vocab.domains.concepts)
        tail = [d for d in domain_ids if d not in COMMON_DOMAINS]
        rng.shuffle(tail)
        self.domains = [*COMMON_DOMAINS, *tail]
        self.domain_labels = {d: vocab.domains.concepts[d].label for d in self.domains}
        self.domain_cum = _cumulative(_zipf(len(self.domains), 0.9))
        self.type_labels = {c.id: c.label for c in vocab.scheme("instrument-type").concepts.values()}

        self.orgs: dict[str, Org] = {}
        self.people: dict[str, Person] = {}
        self.institutions: dict[str, list[str]] = {}
        self.companies: dict[str, list[str]] = {}
        for code in self.codes:
            # Institutions grow with how often a country is expected to sign.
            expected = share[code] * instruments * 2.2
            self._build_country(code, max(1, min(40, math.ceil(expected / 60))))

    # organizations and their people
    def _person(self, rng: random.Random, code: str, org: str, position: int, role: str, title: str) -> str:
        given = rng.choice(_GIVEN)
        family = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = f"{given} {family}"
        # Derived from the post, not from creation order, so lazily created offices stay stable.
        post = hashlib.sha256(f"{self.seed}/{org}/{position}".encode()).hexdigest()
        person_id = f"{_slug(name)}-{code.lower()}-{post[:8]}"
        if person_id in self.people:
            person_id = f"{_slug(name)}-{code.lower()}-{post[:16]}"
        evidence = ()
        if rng.random() < 0.4:
            evidence = ({"quote": f"{title} {name} took part in the talks", "lang": "en"},)
        original = _cyrillic(name) if code in _CYRILLIC_COUNTRIES and rng.random() < 0.5 else None
        self.people[person_id] = Person(person_id, name, role, title, org, code, original, evidence)
        return person_id

    def _org(self, rng: random.Random, org_id: str, name: str, kind: str, code: str,
             roles: tuple[tuple[str, str], ...], **extra: Any) -> Org:
        people = tuple(self._person(rng, code, org_id, n, role, title) for n, (role, title) in enumerate(roles))
        evidence = ({"quote": f"the {name}", "lang": "en", "supports": ["name"]},) if rng.random() < 0.3 else ()
        org = Org(org_id, name, kind, code, people=people, evidence=evidence, **extra)
        self.orgs[org_id] = org
        return org

    def _build_country(self, code: str, size: int) -> None:
        rng = _rng(self.seed, "country", code)
        name = self.names[code]
        lower = code.lower()
        names = {"ru": f"Министерство здравоохранения ({name})"} if code in _CYRILLIC_COUNTRIES else {}
        self._org(rng, f"{lower}-ministry-of-health", f"Ministry of Health of {name}", "ministry", code,
                  (("minister", f"Minister of Health of {name}"),
                   ("first-deputy-minister", f"First Deputy Minister of Health of {name}"),
                   ("deputy-minister", f"Deputy Minister of Health of {name}"),
                   ("deputy-minister", f"Deputy Minister of Health of {name}")),
                  names=names, aliases=(f"{name} Health Ministry",))
        self._org(rng, f"{lower}-government", f"Government of {name}", "government", code,
                  (("head-of-government", f"Prime Minister of {name}"),
                   ("deputy-head-of-government", f"Deputy Prime Minister of {name}")))
        institutions, companies = [], []
        for n in range(1, size + 1):
            hospital = self._org(rng, f"{lower}-hospital-{n}", f"{rng.choice(_HOSPITALS)} No. {n} ({name})",
                                 "hospital", code, (("director", "Chief Physician"),))
            university = self._org(rng, f"{lower}-medical-university-{n}", f"Medical University No. {n} of {name}",
                                   "university", code, (("rector", "Rector"),))
            institute = self._org(rng, f"{lower}-research-institute-{n}", f"{rng.choice(_RESEARCH)} No. {n} ({name})",
                                  "research-institute", code, (("director", "Director"),))
            word = rng.choice(_COMPANY_WORDS) + rng.choice(("ex", "ia", "on", "ar", "is"))
            company = self._org(rng, f"{lower}-{word.lower()}-{n}", f"{word} {name} {n}", "company", code,
                                (("head", "Chief Executive Officer"),))
            institutions += [hospital.id, university.id, institute.id]
            companies.append(company.id)
        self.institutions[code] = institutions
        self.companies[code] = companies

    def company_office(self, company_id: str, host: str) -> Org:
        """The local office of a company in another country (created on first use, seeded by id)."""
        office_id = f"{company_id}-office-{host.lower()}"
        if office_id not in self.orgs:
            company = self.orgs[company_id]
            rng = _rng(self.seed, "office", office_id)
            self._org(rng, office_id, f"{company.name} representative office in {self.names[host]}",
                      "company-office", host, (("director", "Director of the representative office"),),
                      host_country=host, parent=company_id)
        return self.orgs[office_id]

    # draws
    def countries_for(self, rng: random.Random, k: int) -> list[str]:
        return _weighted_distinct(rng, self.codes, self.country_cum, k)

    def domains_for(self, rng: random.Random, k: int) -> list[str]:
        return _weighted_distinct(rng, self.domains, self.domain_cum, k)


# -- instruments -----------------------------------------------------------------------

@dataclass(frozen=True)
class Cluster:
    """Instruments that share parties: one visit (same day, one ceremony) or a renewal pair."""

    index: int
    kind: str  # single | visit | renewal
    start: int  # first instrument index
    size: int


@dataclass
class Plan:
    """Which instrument goes in which file: a pure function of (seed, instruments, per_file)."""

    seed: int
    instruments: int
    per_file: int

    @cached_property
    def files(self) -> int:
        if self.instruments < 2:
            return 1
        return max(2, math.ceil(self.instruments * (1 + MULTI_SOURCE_SHARE) / self.per_file))

    def home(self, i: int) -> int:
        return i * self.files // self.instruments

    @cached_property
    def clusters(self) -> list[Cluster]:
        rng = _rng(self.seed, "clusters")
        out, i = [], 0
        while i < self.instruments:
            roll = rng.random()
            kind, size = ("visit", rng.randint(2, 4)) if roll < 0.10 else ("renewal", 2) if roll < 0.16 else ("single", 1)
            size = min(size, self.instruments - i)
            out.append(Cluster(len(out), kind if size > 1 else "single", i, size))
            i += size
        return out

    @cached_property
    def cluster_of(self) -> list[int]:
        owner = [0] * self.instruments
        for cluster in self.clusters:
            for i in range(cluster.start, cluster.start + cluster.size):
                owner[i] = cluster.index
        return owner

    @cached_property
    def second_file(self) -> dict[int, int]:
        """Instruments reported twice -> the other file that reports them."""
        if self.files < 2:
            return {}
        rng = _rng(self.seed, "multi-source")
        chosen = sorted(rng.sample(range(self.instruments), round(self.instruments * MULTI_SOURCE_SHARE)))
        out = {}
        for i in chosen:
            other = rng.randrange(self.files - 1)
            out[i] = other if other < self.home(i) else other + 1
        return out

    @cached_property
    def _copies(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i, f in self.second_file.items():
            out.setdefault(f, []).append(i)
        return out

    def members(self, file_index: int) -> list[int]:
        """Instruments of file k: those whose home it is, and copies of others reported twice."""
        home = [i for i in range(self.instruments * file_index // self.files,
                                 self.instruments * (file_index + 1) // self.files + 1)
                if i < self.instruments and self.home(i) == file_index]
        return sorted(home + self._copies.get(file_index, []))


class Generator:
    def __init__(self, instruments: int, seed: int, per_file: int = DEFAULT_PER_FILE) -> None:
        if instruments < 1:
            raise ValueError("at least one instrument")
        self.seed = seed
        self.plan = Plan(seed, instruments, per_file)
        self.world = World(seed, instruments)
        self._cluster_cache: dict[int, dict[str, Any]] = {}

    # shared facts of a cluster
    def cluster_facts(self, c: int) -> dict[str, Any]:
        if c in self._cluster_cache:
            return self._cluster_cache[c]
        cluster = self.plan.clusters[c]
        rng = _rng(self.seed, "cluster", c)
        w = self.world
        roll = rng.random()
        if roll < MULTILATERAL_SHARE:
            parties = w.countries_for(rng, rng.randint(3, 6))
        elif roll < MULTILATERAL_SHARE + 0.02 and cluster.kind == "single":
            parties = w.countries_for(rng, 1)  # a ministry and a foreign company's local office
        else:
            parties = w.countries_for(rng, 2)
        day = _date(rng)
        facts: dict[str, Any] = {"parties": parties, "day": day, "event": None}
        if cluster.kind == "renewal":
            facts["later"] = min(LATEST, _add_years(day, rng.randint(3, 10)))
        if cluster.kind == "visit" or (cluster.kind == "single" and rng.random() < 0.25):
            host = parties[0] if len(parties) == 1 else rng.choice(parties)
            kind = "official-visit" if cluster.kind == "visit" else "signing-ceremony"
            others = "-".join(p.lower() for p in parties if p != host)[:40] or "domestic"
            event_id = f"{host.lower()}-{others}-{kind}-{day.isoformat()}-{c}"
            attendees = []
            for code in parties[:4]:
                minister = w.orgs[f"{code.lower()}-ministry-of-health"].people[0]
                attendees.append({"person": minister, "represents": code})
            organizer = f"{host.lower()}-ministry-of-health" if rng.random() < 0.5 else None
            kind_label = "Official visit" if kind == "official-visit" else "Signing ceremony"
            guests = ", ".join(w.names[p] for p in parties if p != host)[:150] or "partners"
            event = {
                "id": event_id, "kind": kind,
                "name": f"{kind_label} in {w.names[host]} with {guests}",
                "date": day.isoformat(), "country": host,
                "mode": rng.choice(("in-person", "in-person", "in-person", "online", "hybrid")),
            }
            if organizer:
                event["organizer"] = organizer
            event["attendees"] = attendees
            event["evidence"] = [{"quote": f"On {day:%d %B %Y} delegations met in {w.names[host]} and signed documents",
                                  "lang": "en", "supports": ["date", "country"]}]
            facts["event"] = event
        self._cluster_cache[c] = facts
        if len(self._cluster_cache) > 4096:
            self._cluster_cache.pop(next(iter(self._cluster_cache)))
        return facts

    def instrument_id(self, i: int) -> str:
        facts = self.cluster_facts(self.plan.cluster_of[i])
        cluster = self.plan.clusters[self.plan.cluster_of[i]]
        day = facts["later"] if cluster.kind == "renewal" and i > cluster.start else facts["day"]
        codes = "-".join(sorted(p.lower() for p in facts["parties"]))
        return f"{codes}-health-{day.year}-{i + 1}"

    def instrument(self, i: int) -> dict[str, Any]:
        """Instrument i: the same dict whichever file it is written into."""
        w = self.world
        c = self.plan.cluster_of[i]
        cluster = self.plan.clusters[c]
        facts = self.cluster_facts(c)
        rng = _rng(self.seed, "instrument", i)
        codes: list[str] = facts["parties"]
        multilateral = len(codes) > 2
        day: dt.date = facts["later"] if cluster.kind == "renewal" and i > cluster.start else facts["day"]

        status_roll = rng.random()
        parties: list[dict[str, Any]] = []
        if len(codes) == 1:
            code = codes[0]
            foreign = w.countries_for(rng, 2)
            company = rng.choice(w.companies[next(f for f in foreign if f != code)])
            office = w.company_office(company, code)
            level = "institution"
            parties = [{"country": code, "organization": f"{code.lower()}-ministry-of-health"},
                       {"country": code, "organization": office.id}]
        else:
            level = rng.choices(("government", "ministry", "institution", "countries"),
                                weights=(15, 50, 35, 0) if not multilateral else (30, 40, 0, 30))[0]
            for code in codes:
                party: dict[str, Any] = {"country": w.names[code] if rng.random() < 0.15 else code}
                if level == "government":
                    party["organization"] = f"{code.lower()}-government"
                elif level == "ministry":
                    party["organization"] = f"{code.lower()}-ministry-of-health"
                elif level == "institution":
                    party["organization"] = rng.choice(w.institutions[code])
                parties.append(party)
        for party in parties:
            org = party.get("organization")
            if org and rng.random() < 0.65 and status_roll >= 0.04:
                party["signatory"] = rng.choice(w.orgs[org].people)

        types = {
            "government": ("agreement", "protocol", "programme-of-cooperation"),
            "ministry": ("memorandum-of-understanding", "memorandum-of-understanding", "memorandum-of-cooperation",
                         "plan-of-cooperation", "agreement"),
            "institution": ("memorandum-of-understanding", "agreement", "contract", "memorandum-of-intent"),
            "countries": ("declaration", "joint-communique", "agreement", "statement-of-intent"),
        }[level]
        kind = rng.choice(types)
        if cluster.kind == "renewal" and i > cluster.start:
            kind = "protocol"

        if status_roll < 0.04:
            status = rng.choice(("under-negotiation", "proposed", "approved-for-signing"))
        elif status_roll < 0.70:
            status = "signed"
        elif status_roll < 0.90:
            status = "in-force"
        elif status_roll < 0.98 and day.year < 2016:
            status = "expired"
        else:
            status = "signed" if day.year >= 2016 else "terminated"
        signed = status not in ("under-negotiation", "proposed", "approved-for-signing")
        full_date = cluster.kind != "single" or facts["event"] is not None
        signed_date = (day.isoformat() if full_date else _partial(day, rng)) if signed and rng.random() > 0.03 else None

        domains = w.domains_for(rng, rng.choices((1, 2, 3, 4), weights=(35, 30, 20, 15))[0])
        domain_text = [w.domain_labels[d] if rng.random() < 0.1 else d for d in domains]
        names = [w.names[c] for c in codes]
        if len(names) == 1:
            between = f"the {w.orgs[parties[0]['organization']].name} and {w.orgs[parties[1]['organization']].name}"
        elif multilateral:
            between = f"{len(names)} countries ({', '.join(names)})"
        else:
            between = f"{names[0]} and {names[1]}"
        topic = "health" if domains[0] == "health-cooperation" else w.domain_labels[domains[0]]
        title = f"{w.type_labels[kind].capitalize()} on cooperation in {topic} between {between}"
        if len(title) > 290:
            title = title[:287].rstrip(" ,(") + "..."

        record: dict[str, Any] = {"id": self.instrument_id(i), "type": kind, "title": title}
        if kind in _TITLE_RU and any(c in _CYRILLIC_COUNTRIES for c in codes) and rng.random() < 0.6:
            record["title_original"] = _TITLE_RU[kind]
            record["language"] = "ru"
        record["status"] = status

        history: list[dict[str, Any]] = []
        if signed:
            history.append({"status": "signed", **({"date": signed_date} if signed_date else {})})
            if status in ("in-force", "expired", "terminated") and signed_date:
                entry = min(LATEST, day + dt.timedelta(days=rng.randint(0, 365)))
                history.append({"status": "in-force", "date": entry.isoformat()[:len(signed_date)]})
            if status in ("expired", "terminated") and signed_date:
                end = min(LATEST, _add_years(day, rng.randint(3, 8)))
                history.append({"status": status, "date": end.isoformat()[:len(signed_date)]})
        else:
            history.append({"status": status})
        for entry in history:
            if rng.random() < 0.5:
                entry["evidence"] = [{"quote": f"The document's status is reported as {entry['status'].replace('-', ' ')}",
                                      "lang": "en", "supports": ["status"]}]
        record["status_history"] = history
        if signed_date:
            record["signed_date"] = signed_date
            if len(signed_date) == 10 and rng.random() < 0.3:
                term = rng.choice((2, 3, 5, 5, 10))
                record["valid_from"] = signed_date
                until = _add_years(day, term)
                if until <= LATEST:
                    record["valid_until"] = until.isoformat()
                record["term_years"] = term
        record["parties"] = parties
        record["domains"] = domain_text
        if facts["event"] is not None:
            record["signed_at"] = facts["event"]["id"]

        # Links to instruments of the same cluster: only from an instrument reported once, to
        # one in the same file, so every file that holds the link also holds its target.
        if i > cluster.start and i not in self.plan.second_file and self.plan.home(i) == self.plan.home(cluster.start):
            first = self.instrument_id(cluster.start)
            if cluster.kind == "renewal":
                record["renews"] = [first]
            elif rng.random() < 0.5:
                record["implements"] = [first]
        if rng.random() < 0.5:
            record["summary"] = (f"{w.type_labels[kind].capitalize()} in which the parties agree to cooperate on "
                                 + ", ".join(w.domain_labels[d] for d in domains) + ".")
        unknown = []
        if signed and not signed_date:
            unknown.append("signing date: not given")
        if not any("signatory" in p for p in parties):
            unknown.append("signatories: not named")
        if unknown:
            record["unknown"] = unknown
        label = w.type_labels[kind]
        article = "an" if label[0] in "aeiou" else "a"
        verb = "signed" if signed else "are preparing"
        evidence = [{"quote": f"{between[:200]} {verb} {article} {label} on cooperation in {topic}",
                     "lang": "en", "supports": ["parties", "type"]}]
        if rng.random() < 0.35:
            lang = rng.choice(sorted(_QUOTES_FOREIGN))
            quote, english = _QUOTES_FOREIGN[lang]
            evidence.append({"quote": quote, "lang": lang, "english": english, "supports": ["domains"]})
        record["evidence"] = evidence
        return record

    # files
    def source(self, k: int, latest: dt.date) -> dict[str, Any]:
        rng = _rng(self.seed, "source", k)
        publisher = rng.choice(_PUBLISHERS)
        published = min(LATEST + dt.timedelta(days=60), latest + dt.timedelta(days=rng.randint(1, 45)))
        source_id = f"{_slug(publisher)}-{published.isoformat()}-digest-{k + 1:05d}"
        return {
            "id": source_id,
            "title": f"{publisher}: digest no. {k + 1} of health cooperation agreements",
            "publisher": publisher,
            "url": f"https://reports.example.org/{source_id}",
            "language": "en",
            "published": published.isoformat(),
            "document": f"synthetic-{self.seed}-{k + 1:05d}",
            "notes": f"Synthetic report generated for load benchmarks (seed {self.seed}); the facts are invented.",
        }

    def engagements(self, k: int, events: list[str]) -> list[dict[str, Any]]:
        rng = _rng(self.seed, "engagements", k)
        w = self.world
        pairs = (("discussion", "discussed"), ("proposal", "proposed"), ("decision", "agreed"),
                 ("planned-activity", "planned"), ("ongoing-work", "ongoing"), ("assistance", "completed"))
        out = []
        for n in range(max(1, self.plan.per_file // 60)):
            kind, status = rng.choice(pairs)
            codes = w.countries_for(rng, rng.choice((2, 2, 3)))
            domains = w.domains_for(rng, rng.randint(1, 2))
            day = _date(rng)
            record: dict[str, Any] = {
                "id": f"{'-'.join(c.lower() for c in codes)}-{kind}-{day.year}-{k + 1}-{n + 1}",
                "kind": kind, "status": status,
                "title": f"{', '.join(w.names[c] for c in codes)}: {kind.replace('-', ' ')} on "
                         f"{w.domain_labels[domains[0]]}",
                "date": day.isoformat()[:rng.choice((4, 7, 10))],
                "participants": [{"country": c} if rng.random() < 0.5 else
                                 {"country": c, "organization": f"{c.lower()}-ministry-of-health"} for c in codes],
                "domains": domains,
            }
            if kind == "proposal":
                record["proposed_by"] = [{"country": codes[0]}]
            if rng.random() < 0.05:
                record["opposed_by"] = [{"country": codes[-1]}]
            if events and rng.random() < 0.3:
                record["event"] = rng.choice(events)
            record["evidence"] = [{"quote": f"The sides {status} cooperation on {w.domain_labels[domains[0]]}",
                                   "lang": "en"}]
            out.append(record)
        return out

    def document(self, k: int) -> tuple[str, dict[str, Any]]:
        """File k: (file name, the record file as a mapping)."""
        w = self.world
        instruments = [self.instrument(i) for i in self.plan.members(k)]
        events: dict[str, dict[str, Any]] = {}
        for i in self.plan.members(k):
            event = self.cluster_facts(self.plan.cluster_of[i])["event"]
            if event is not None:
                events[event["id"]] = event
        engagements = self.engagements(k, sorted(events))

        orgs: set[str] = set()
        people: set[str] = set()
        for record in instruments:
            for party in record["parties"]:
                if "organization" in party:
                    orgs.add(party["organization"])
                if "signatory" in party:
                    people.add(party["signatory"])
        for event in events.values():
            people.update(a["person"] for a in event["attendees"])
            if "organizer" in event:
                orgs.add(event["organizer"])
        for record in engagements:
            orgs.update(p["organization"] for key in ("participants", "proposed_by", "opposed_by")
                        for p in record.get(key, []) if "organization" in p)
        orgs.update(w.people[p].organization for p in people)
        orgs.update(w.orgs[o].parent for o in list(orgs) if w.orgs[o].parent)

        dates = [_last_day(e["date"]) for e in events.values()]
        dates += [_last_day(entry["date"]) for record in instruments for entry in record["status_history"]
                  if "date" in entry]
        dates += [_last_day(record["date"]) for record in engagements]
        source = self.source(k, max(dates, default=LATEST))
        document = {
            "schema_version": 1,
            "source": source,
            "organizations": [w.orgs[o].record() for o in sorted(orgs)],
            "people": [w.people[p].record() for p in sorted(people)],
            "events": [events[e] for e in sorted(events)],
            "instruments": instruments,
            "engagements": engagements,
        }
        return f"{source['id']}.yaml", document

    def documents(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for k in range(self.plan.files):
            yield self.document(k)


def dump(document: dict[str, Any]) -> bytes:
    return yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False).encode("utf-8")


# -- writing a corpus ------------------------------------------------------------------

@dataclass
class Manifest:
    generator: int
    seed: int
    instruments: int
    per_file: int
    files: int
    instrument_entries: int
    multi_source: int
    multilateral: int
    bytes: int
    digest: str
    names: list[str] = field(default_factory=list)

    def matches(self, instruments: int, seed: int, per_file: int) -> bool:
        return (self.generator, self.instruments, self.seed, self.per_file) == (
            GENERATOR_VERSION, instruments, seed, per_file)


def read_manifest(out: Path) -> Manifest | None:
    try:
        return Manifest(**json.loads((out / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def write_corpus(out: Path, instruments: int, seed: int, per_file: int = DEFAULT_PER_FILE,
                 progress=None) -> Manifest:
    """Write the corpus into `out` (replacing an earlier corpus there, refusing anything else)."""
    out = out.resolve()
    if out == PROJECT_ROOT or PROJECT_ROOT / "data" in (out, *out.parents):
        raise SystemExit(f"refusing to write a synthetic corpus into {out}: use a temporary folder")
    if out.exists() and any(out.iterdir()) and read_manifest(out) is None:
        raise SystemExit(f"{out} holds files that are not a generated corpus; choose an empty folder")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    generator = Generator(instruments, seed, per_file)
    digest = hashlib.sha256()
    names, total_bytes, entries = [], 0, 0
    for k, (name, document) in enumerate(generator.documents()):
        data = dump(document)
        (out / name).write_bytes(data)
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        names.append(name)
        total_bytes += len(data)
        entries += len(document["instruments"])
        if progress:
            progress(k + 1, generator.plan.files)
    multilateral = sum(c.size for c in generator.plan.clusters if len(generator.cluster_facts(c.index)["parties"]) > 2)
    manifest = Manifest(GENERATOR_VERSION, seed, instruments, per_file, generator.plan.files, entries,
                        len(generator.plan.second_file), multilateral, total_bytes, digest.hexdigest(), names)
    (out / MANIFEST).write_text(json.dumps(asdict(manifest), indent=1) + "\n", encoding="utf-8")
    return manifest


def default_out(instruments: int, seed: int, per_file: int = DEFAULT_PER_FILE) -> Path:
    suffix = "" if per_file == DEFAULT_PER_FILE else f"-per{per_file}"
    return Path(tempfile.gettempdir()) / "hdkg-bench" / f"corpus-{instruments}-seed{seed}{suffix}"


def parse_count(text: str) -> int:
    """'10000', '10k', '1m'."""
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--instruments", type=parse_count, default=1000, help="distinct instruments (1k, 10k, 100k)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=DEFAULT_PER_FILE,
                        help="instruments per file, counting those reported twice (default 200)")
    parser.add_argument("--out", type=Path, help="folder to write (default: a folder under the system temp dir)")
    args = parser.parse_args(argv)
    out = args.out or default_out(args.instruments, args.seed, args.per_file)
    manifest = write_corpus(out, args.instruments, args.seed, args.per_file,
                            progress=lambda done, total: print(f"\r{done}/{total} files", end="", file=sys.stderr))
    print(file=sys.stderr)
    print(f"{out}: {manifest.files} files, {manifest.instruments} instruments "
          f"({manifest.instrument_entries} entries, {manifest.multi_source} in two files, "
          f"{manifest.multilateral} multilateral), {manifest.bytes / 1e6:.1f} MB, digest {manifest.digest[:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
