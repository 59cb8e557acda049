"""Typed node and relationship rows: what a loader hands to graph/ to write.

Every row carries the ids of the sources behind it (provenance); the writer unions them when
several reports state the same fact, so one signing reported twice is one instrument with
two sources.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from graph.model import Label, NodeRow, Rel, RelRow
from loaders.countries import NAME_LANGUAGES, CountryIndex
from loaders.records import Evidence, Participant, RecordFile
from loaders.validate import CheckedFile
from loaders.vocab import Scheme


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Neo4j stores no nulls and no empty lists worth keeping."""
    return {k: v for k, v in props.items() if v is not None and v != [] and v != {}}


def year_of(partial: str | None) -> int | None:
    return int(partial[:4]) if partial and not partial.startswith("--") else None


# -- reference data: countries and domains -----------------------------------------------

def country_rows(index: CountryIndex) -> Iterator[NodeRow]:
    for country in index:
        props = {
            "code": country.code, "alpha3": country.alpha3, "numeric": country.numeric,
            "name": country.name, "official_name": country.official_name, "wikidata": country.wikidata,
            "names": sorted(set(country.names.values())),
        }
        props.update({f"name_{lang}": country.names.get(lang) for lang in NAME_LANGUAGES})
        yield NodeRow(Label.COUNTRY, country.code, _clean(props))


def domain_rows(domains: Scheme) -> tuple[list[NodeRow], list[RelRow]]:
    nodes, rels = [], []
    for concept in domains.concepts.values():
        props = {
            "iri": concept.iri, "label": concept.label, "definition": concept.definition,
            "labels": sorted({*concept.labels.values(), *(label for _, label in concept.alt_labels)}),
            "exact_match": list(concept.exact_match),
        }
        props.update({f"label_{lang}": text for lang, text in concept.labels.items() if lang})
        nodes.append(NodeRow(Label.DOMAIN, concept.id, _clean(props)))
        rels.extend(RelRow(Rel.BROADER, Label.DOMAIN, concept.id, Label.DOMAIN, parent) for parent in concept.broader)
    return nodes, rels


# -- curated records ---------------------------------------------------------------------

class RecordRows:
    """Node and relationship rows for one checked record file."""

    def __init__(self, checked: CheckedFile, relative_path: str) -> None:
        self.checked = checked
        self.records: RecordFile = checked.records
        self.source_id = self.records.source.id
        self.relative_path = relative_path
        self._nodes: list[NodeRow] = []
        self._rels: list[RelRow] = []
        self._build()

    def nodes(self) -> Iterator[NodeRow]:
        yield from self._nodes

    def relationships(self) -> Iterator[RelRow]:
        yield from self._rels

    # helpers
    def _code(self, text: str) -> str:
        return self.checked.countries[text].code

    def _domain(self, text: str) -> str:
        return self.checked.domains[text]

    def _node(self, label: Label, node_id: str, props: dict[str, Any]) -> None:
        self._nodes.append(NodeRow(label, node_id, _clean(props), (self.source_id,)))

    def _rel(self, rel: Rel, start: tuple[Label, str], end: tuple[Label, str], **props: Any) -> None:
        self._rels.append(RelRow(rel, start[0], start[1], end[0], end[1], _clean(props), (self.source_id,)))

    def _evidence(self, subject: tuple[Label, str], evidence: list[Evidence]) -> None:
        for item in evidence:
            digest = hashlib.sha256(f"{subject[1]}\n{item.quote}".encode()).hexdigest()[:12]
            claim_id = f"{self.source_id}-{digest}"
            self._node(Label.CLAIM, claim_id, {
                "quote": item.quote, "lang": item.lang, "english": item.english,
                "supports": list(item.supports), "subject": subject[1], "subject_kind": str(subject[0]),
            })
            self._rel(Rel.EVIDENCED_BY, subject, (Label.CLAIM, claim_id))
            self._rel(Rel.FROM_SOURCE, (Label.CLAIM, claim_id), (Label.SOURCE, self.source_id))

    def _actor(self, participant: Participant) -> tuple[Label, str]:
        if participant.organization:
            return (Label.ORGANIZATION, participant.organization)
        return (Label.COUNTRY, self._code(participant.country))

    def _build(self) -> None:
        r = self.records
        s = r.source
        self._node(Label.SOURCE, s.id, {
            "title": s.title, "publisher": s.publisher, "url": s.url, "language": s.language,
            "published": s.published, "published_year": year_of(s.published), "dateline": s.dateline,
            "document": s.document, "notes": s.notes, "file": self.relative_path,
            "checksum": self.checked.checksum,
        })
        for org in r.organizations:
            node = (Label.ORGANIZATION, org.id)
            self._node(Label.ORGANIZATION, org.id, {
                "name": org.name, "kind": org.kind, "aliases": list(org.aliases), "wikidata": org.wikidata,
                "country": self._code(org.country), **{f"name_{lang}": name for lang, name in org.names.items()},
            })
            self._rel(Rel.BASED_IN, node, (Label.COUNTRY, self._code(org.country)))
            if org.host_country:
                self._rel(Rel.HOST_COUNTRY, node, (Label.COUNTRY, self._code(org.host_country)))
            if org.parent:
                self._rel(Rel.PART_OF, node, (Label.ORGANIZATION, org.parent))
            self._evidence(node, org.evidence)
        for person in r.people:
            node = (Label.PERSON, person.id)
            self._node(Label.PERSON, person.id, {
                "name": person.name, "name_original": person.name_original,
                "name_original_lang": person.name_original_lang, "aliases": list(person.aliases),
            })
            for role in person.roles:
                anchor = role.organization or self._code(role.country)
                role_id = f"{person.id}--{role.role}--{anchor}"
                self._node(Label.ROLE, role_id, {"role": role.role, "title": role.title, "date": role.date})
                self._rel(Rel.HOLDS_ROLE, node, (Label.ROLE, role_id))
                if role.organization:
                    self._rel(Rel.ROLE_AT, (Label.ROLE, role_id), (Label.ORGANIZATION, role.organization))
                    self._rel(Rel.REPRESENTS, node, (Label.ORGANIZATION, role.organization))
                if role.country:
                    self._rel(Rel.ROLE_FOR, (Label.ROLE, role_id), (Label.COUNTRY, self._code(role.country)))
                    self._rel(Rel.REPRESENTS, node, (Label.COUNTRY, self._code(role.country)))
            self._evidence(node, person.evidence)
        for event in r.events:
            node = (Label.EVENT, event.id)
            self._node(Label.EVENT, event.id, {
                "kind": event.kind, "name": event.name, "date": event.date, "end_date": event.end_date,
                "year": year_of(event.date), "place": event.place, "mode": event.mode,
                "session_number": event.session_number,
            })
            if event.country:
                self._rel(Rel.HELD_IN, node, (Label.COUNTRY, self._code(event.country)))
            if event.organizer:
                self._rel(Rel.ORGANIZED_BY, node, (Label.ORGANIZATION, event.organizer))
            if event.part_of:
                self._rel(Rel.PART_OF, node, (Label.EVENT, event.part_of))
            for attendance in event.attendees:
                represents = attendance.represents
                if represents and represents in self.checked.countries:
                    represents = self._code(represents)
                self._rel(Rel.ATTENDED, (Label.PERSON, attendance.person), node, represents=represents)
            self._evidence(node, event.evidence)
        for inst in r.instruments:
            node = (Label.INSTRUMENT, inst.id)
            party_countries = sorted({self._code(p.country) for p in inst.parties})
            self._node(Label.INSTRUMENT, inst.id, {
                "type": inst.type, "title": inst.title, "title_original": inst.title_original,
                "language": inst.language, "status": inst.status, "signed_date": inst.signed_date,
                "signed_year": year_of(inst.signed_date), "valid_from": inst.valid_from,
                "valid_until": inst.valid_until, "term_years": inst.term_years, "summary": inst.summary,
                "unknown": list(inst.unknown), "multilateral": len(party_countries) > 2,
                "party_count": len(inst.parties), "party_countries": party_countries,
            })
            for code in party_countries:
                self._rel(Rel.SIGNED, (Label.COUNTRY, code), node)
            for party in inst.parties:
                code = self._code(party.country)
                if party.organization:
                    self._rel(Rel.SIGNED, (Label.ORGANIZATION, party.organization), node,
                              country=code, signatory=party.signatory)
                if party.signatory:
                    self._rel(Rel.SIGNATORY_OF, (Label.PERSON, party.signatory), node,
                              country=code, organization=party.organization)
            for domain in dict.fromkeys(self._domain(d) for d in inst.domains):
                self._rel(Rel.COVERS, node, (Label.DOMAIN, domain))
            if inst.signed_at:
                self._rel(Rel.SIGNED_AT, node, (Label.EVENT, inst.signed_at))
            for rel, targets in ((Rel.RENEWS, inst.renews), (Rel.AMENDS, inst.amends),
                                 (Rel.IMPLEMENTS, inst.implements), (Rel.REFERS_TO, inst.refers_to)):
                for target in targets:
                    self._rel(rel, node, (Label.INSTRUMENT, target))
            for position, change in enumerate(inst.status_history):
                change_id = f"{inst.id}--{position + 1}-{change.status}"
                self._node(Label.STATUS_CHANGE, change_id, {
                    "status": change.status, "date": change.date, "position": position + 1,
                })
                self._rel(Rel.HAS_STATUS_CHANGE, node, (Label.STATUS_CHANGE, change_id))
                self._evidence((Label.STATUS_CHANGE, change_id), change.evidence)
            self._evidence(node, inst.evidence)
        for eng in r.engagements:
            node = (Label.ENGAGEMENT, eng.id)
            self._node(Label.ENGAGEMENT, eng.id, {
                "kind": eng.kind, "status": eng.status, "title": eng.title, "summary": eng.summary,
                "date": eng.date, "year": year_of(eng.date),
            })
            for rel, group in ((Rel.PARTICIPATED_IN, eng.participants), (Rel.PROPOSED, eng.proposed_by),
                               (Rel.OPPOSED, eng.opposed_by)):
                for participant in group:
                    self._rel(rel, self._actor(participant), node)
            for domain in dict.fromkeys(self._domain(d) for d in eng.domains):
                self._rel(Rel.COVERS, node, (Label.DOMAIN, domain))
            if eng.event:
                self._rel(Rel.AT_EVENT, node, (Label.EVENT, eng.event))
            self._evidence(node, eng.evidence)
