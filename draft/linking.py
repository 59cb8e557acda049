"""Entities the graph already holds are referred to by their ids, not drafted again.

Organizations and people are matched by any name the graph has for them (English, original
script, other languages, aliases), compared case- and accent-folded and transliterated, so
"Нгуен Чи Тхык" or "Nguyễn Tri Thức" finds `nguyen-tri-thuc`. An instrument matches when the
graph has one of the same kind between the same countries that shares an organization (or,
between countries only, the same signing date); the report then adds a status event to it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import neo4j
from anyascii import anyascii

from draft.lexicon import english_country_name
from draft.model import Draft, DraftInstrument, Fact, Review
from graph.connection import GraphUnavailable, open_driver
from graph.model import Label, Rel
from loaders.countries import countries

_MEMORANDA = {"memorandum-of-understanding", "memorandum-of-cooperation"}
#: How alike two transliterations of one name must be (difflib ratio) to be taken as one person.
CLOSE_NAME = 0.88


class LinkingUnavailable(RuntimeError):
    pass


# British and American spellings of one name are one name.
_SPELLINGS = {"centre": "center", "centres": "centers", "programme": "program", "organisation": "organization"}


def name_key(text: str) -> str:
    """A name compared across scripts, cases, accents, possessives and spellings."""
    latin = anyascii(unicodedata.normalize("NFC", text)).casefold()
    latin = re.sub(r"['’]s\b", "", latin)
    words = "".join(ch if ch.isalnum() else " " for ch in latin).split()
    return " ".join(_SPELLINGS.get(w, w) for w in words)


@dataclass
class GraphIndex:
    """What the graph knows, keyed for matching."""

    organizations: dict[str, dict] = field(default_factory=dict)  # id -> {name, kind, country}
    organization_names: dict[str, set[str]] = field(default_factory=dict)  # name key -> ids
    people: dict[str, dict] = field(default_factory=dict)
    people_names: dict[str, set[str]] = field(default_factory=dict)
    instruments: list[dict] = field(default_factory=list)

    def add_organization(self, record: dict, names: list[str]) -> None:
        self.organizations[record["id"]] = record
        for name in names:
            if name:
                self.organization_names.setdefault(name_key(name), set()).add(record["id"])

    def add_person(self, record: dict, names: list[str]) -> None:
        self.people[record["id"]] = record
        for name in names:
            if name:
                self.people_names.setdefault(name_key(name), set()).add(record["id"])


_ORGANIZATIONS = f"""
MATCH (o:{Label.ORGANIZATION})
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.country AS country, coalesce(o.aliases, []) AS aliases,
       [k IN keys(o) WHERE k STARTS WITH 'name_' | o[k]] AS names
"""
_PEOPLE = f"""
MATCH (p:{Label.PERSON})
RETURN p.id AS id, p.name AS name, p.name_original AS name_original, coalesce(p.aliases, []) AS aliases
"""
_INSTRUMENTS = f"""
MATCH (i:{Label.INSTRUMENT})
OPTIONAL MATCH (o:{Label.ORGANIZATION})-[:{Rel.SIGNED}]->(i)
RETURN i.id AS id, i.type AS type, i.status AS status, i.signed_date AS signed_date,
       coalesce(i.party_countries, []) AS countries, collect(o.id) AS organizations
"""


def read_index(driver: neo4j.Driver, database: str) -> GraphIndex:
    index = GraphIndex()
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for row in session.run(_ORGANIZATIONS):
            index.add_organization({"id": row["id"], "name": row["name"], "kind": row["kind"],
                                    "country": row["country"]}, [row["name"], *row["aliases"], *row["names"]])
        for row in session.run(_PEOPLE):
            index.add_person({"id": row["id"], "name": row["name"]},
                             [row["name"], row["name_original"], *row["aliases"]])
        index.instruments = [dict(row) for row in session.run(_INSTRUMENTS)]
    return index


class GraphLinker:
    def __init__(self, index: GraphIndex, driver: neo4j.Driver | None = None) -> None:
        self.index = index
        self._driver = driver

    @classmethod
    def from_settings(cls, settings) -> GraphLinker:
        try:
            driver = open_driver(settings)
        except GraphUnavailable as error:
            raise LinkingUnavailable(str(error)) from None
        return cls(read_index(driver, settings.neo4j_database), driver)

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()

    # -- linking ---------------------------------------------------------------------------

    def link(self, draft: Draft) -> None:
        org_ids = self._link_organizations(draft)
        person_ids = self._link_people(draft)
        self._rename(draft, org_ids, person_ids)
        for inst in draft.instruments:
            self._link_instrument(draft, inst)

    def _one(self, ids: set[str] | None) -> str | None:
        return next(iter(ids)) if ids and len(ids) == 1 else None

    def _link_organizations(self, draft: Draft) -> dict[str, str]:
        renamed = {}
        for org in draft.organizations:
            found = org.id if org.id in self.index.organizations else None
            for name in [org.name, *org.names.values(), *self._without_country(org)]:
                found = found or self._one(self.index.organization_names.get(name_key(name)))
            if found and self.index.organizations[found].get("country") in (None, org.country):
                known = self.index.organizations[found]
                draft.explain.append((f"organization {org.id}", f"linked to the graph's '{found}' by name or id"))
                renamed[org.id] = found
                org.id, org.name = found, known["name"] or org.name
                org.kind = known["kind"] or org.kind
                org.linked = True
                org.review = [r for r in org.review if not r.startswith("English name")]
        return renamed

    @staticmethod
    def _without_country(org) -> list[str]:
        """The name without the country the draft adds to it ("Ministry of Labor and Social
        Protection of Azerbaijan" is the graph's "Ministry of Labor and Social Protection" of AZ)."""
        if not org.country or org.country not in countries().by_code:
            return []
        suffix = f" of {english_country_name(org.country)}"
        return [org.name[:-len(suffix)]] if org.name.endswith(suffix) else []

    def _link_people(self, draft: Draft) -> dict[str, str]:
        renamed = {}
        for person in draft.people:
            found = person.id if person.id in self.index.people else None
            for name in (person.name, person.name_original):
                found = found or (self._one(self.index.people_names.get(name_key(name))) if name else None)
            close = None
            if not found:
                found, close = self._close_person(person)
            if found:
                draft.explain.append((f"person {person.id}", f"linked to the graph's '{found}' by "
                                      + (f"the close spelling '{close}'" if close else "name or id")))
                if close:
                    draft.review.append(Review(f"person '{found}'", f"'{person.name_original or person.name}' taken for "
                                               f"the graph's '{close}' (a transliteration differs): check it is them"))
                renamed[person.id] = found
                person.id, person.name = found, self.index.people[found]["name"] or person.name
                person.linked = True
        return renamed

    def _close_person(self, person) -> tuple[str | None, str | None]:
        """Transliterations differ ("Lyashko", "Liashko"): one close name, and only one, is taken."""
        keys = [name_key(n) for n in (person.name, person.name_original) if n]
        for key in keys:
            close = difflib.get_close_matches(key, list(self.index.people_names), n=3, cutoff=CLOSE_NAME)
            ids = {pid for match in close for pid in self.index.people_names[match]}
            if len(ids) == 1:
                return ids.pop(), close[0]
        return None, None

    def _rename(self, draft: Draft, orgs: dict[str, str], people: dict[str, str]) -> None:
        for person in draft.people:
            person.organization = orgs.get(person.organization, person.organization)
        for event in draft.events:
            event.attendees = [(people.get(p, p), orgs.get(r, r) if r else r) for p, r in event.attendees]
        for inst in draft.instruments:
            for party in inst.parties:
                party.organization = orgs.get(party.organization, party.organization)
                party.signatory = people.get(party.signatory, party.signatory)
        for eng in draft.engagements:
            for group in (eng.participants, eng.proposed_by, eng.opposed_by):
                group[:] = [(c, orgs.get(o, o) if o else o) for c, o in group]

    def _link_instrument(self, draft: Draft, inst: DraftInstrument) -> None:
        countries = {p.country for p in inst.parties if p.country}
        orgs = {p.organization for p in inst.parties if p.organization}
        for known in self.index.instruments:
            kinds = {known["type"], inst.type}
            if len(kinds) > 1 and not kinds <= _MEMORANDA:
                continue
            if set(known["countries"]) != countries:
                continue
            shared = orgs & set(known["organizations"])
            same_day = inst.signed_date and inst.signed_date == known["signed_date"]
            if not shared and not (not orgs and not known["organizations"] and (same_day or inst.status == known["status"])):
                continue
            old_id = inst.id
            inst.id, inst.linked, inst.graph_status = known["id"], True, known["status"]
            inst.type = known["type"]
            draft.explain.append((f"instrument {old_id}", f"linked to the graph's '{known['id']}': same kind, "
                                  f"same countries, {'shared organizations' if shared else 'same date or status'}"))
            if len(kinds) > 1:
                draft.review.append(Review(f"instrument '{known['id']}'.type", f"the graph has it as {known['type']}; "
                                           f"this report's wording suggested {', '.join(sorted(kinds - {known['type']}))}"))
            for other in draft.instruments:
                other.renews = [known["id"] if r == old_id else r for r in other.renews]
            inst.facts.append(Fact("status", inst.status, next((f.quote for f in inst.facts if f.field == "status"), ""),
                                   "a report of an instrument the graph holds: a status event on it"))
            return
