"""Vocabularies as data: the SKOS files in ontology/ are the only list of valid terms.

`domains.ttl` holds the health-domain scheme; `vocabularies.ttl` the controlled vocabularies
(instrument types, statuses, organization kinds, roles, events, engagements, attendance).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from hdkg import PROJECT_ROOT

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
DOMAIN_NS = "https://w3id.org/hdkg/domain/"
VOCAB_NS = "https://w3id.org/hdkg/vocab/"
HD_NS = "https://w3id.org/hdkg/ontology#"


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Concept:
    id: str
    iri: str
    labels: dict[str, str]  # prefLabel by language
    alt_labels: tuple[tuple[str, str], ...]  # (language, label)
    broader: tuple[str, ...]
    definition: str | None
    exact_match: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.labels.get("en") or self.id


class UnknownTerm(ValueError):
    def __init__(self, scheme: str, text: str, suggestions: list[str], valid: list[str]):
        self.scheme, self.text, self.suggestions = scheme, text, suggestions
        if suggestions:
            hint = "did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
        else:
            hint = "valid: " + ", ".join(valid[:20]) + (" ..." if len(valid) > 20 else "")
        super().__init__(f"unknown {scheme} '{text}': {hint}")


class Scheme:
    """One SKOS concept scheme, resolvable by id or by any label in any language."""

    def __init__(self, name: str, concepts: dict[str, Concept]) -> None:
        self.name = name
        self.concepts = concepts
        self._by_key: dict[str, str] = {}
        for concept in concepts.values():
            self._by_key.setdefault(_key(concept.id), concept.id)
            for label in concept.labels.values():
                self._by_key.setdefault(_key(label), concept.id)
            for _, label in concept.alt_labels:
                self._by_key.setdefault(_key(label), concept.id)

    def __contains__(self, term: str) -> bool:
        return term in self.concepts

    def resolve(self, text: str) -> Concept:
        concept_id = self._by_key.get(_key(text))
        if concept_id is None:
            close = [match for match, _, _ in process.extract(_key(text), self._by_key.keys(), scorer=fuzz.ratio,
                                                                limit=3, score_cutoff=60)]
            suggestions = list(dict.fromkeys(self._by_key[c] for c in close))
            raise UnknownTerm(self.name, text, suggestions, sorted(self.concepts))
        return self.concepts[concept_id]


def _concepts(graph: Graph, scheme_iri: URIRef, namespace: str) -> dict[str, Concept]:
    concepts = {}
    for iri in graph.subjects(SKOS.inScheme, scheme_iri):
        if (iri, RDF.type, SKOS.Concept) not in graph:
            continue
        concept_id = str(iri).removeprefix(namespace).rsplit("/", 1)[-1]
        labels = {lit.language or "": str(lit) for lit in graph.objects(iri, SKOS.prefLabel)}
        alt = tuple(sorted((lit.language or "", str(lit)) for lit in graph.objects(iri, SKOS.altLabel)))
        broader = tuple(sorted(str(b).rsplit("/", 1)[-1] for b in graph.objects(iri, SKOS.broader)))
        definition = next((str(d) for d in graph.objects(iri, SKOS.definition)), None)
        exact = tuple(sorted(str(m) for m in graph.objects(iri, SKOS.exactMatch)))
        concepts[concept_id] = Concept(concept_id, str(iri), labels, alt, broader, definition, exact)
    return concepts


@dataclass(frozen=True)
class Vocabularies:
    domains: Scheme
    schemes: dict[str, Scheme]

    def scheme(self, name: str) -> Scheme:
        return self.schemes[name]


@lru_cache
def vocabularies() -> Vocabularies:
    domain_graph = Graph().parse(ONTOLOGY_DIR / "domains.ttl")
    domains = Scheme("domain", _concepts(domain_graph, URIRef(DOMAIN_NS + "scheme"), DOMAIN_NS))
    vocab_graph = Graph().parse(ONTOLOGY_DIR / "vocabularies.ttl")
    schemes = {}
    for scheme_iri in vocab_graph.subjects(RDF.type, SKOS.ConceptScheme):
        name = str(scheme_iri).removeprefix(VOCAB_NS)
        schemes[name] = Scheme(name, _concepts(vocab_graph, scheme_iri, VOCAB_NS + name + "/"))
    return Vocabularies(domains, schemes)


@dataclass(frozen=True)
class Lifecycle:
    """What the vocabularies say about an instrument's life, as the graph's derivation needs it."""

    stages: dict[str, int]  # instrument status -> its stage (hd:lifecycleStage)
    signing_statuses: tuple[str, ...]  # steps meaning the parties they apply to signed (hd:meansSigned)
    state_kinds: tuple[str, ...]  # organization kinds whose signature is their state's (hd:stateBody)

    def as_params(self) -> dict[str, object]:
        return {"stages": self.stages, "signing": list(self.signing_statuses), "state_kinds": list(self.state_kinds)}


@lru_cache
def lifecycle() -> Lifecycle:
    graph = Graph().parse(ONTOLOGY_DIR / "vocabularies.ttl")
    stage, signs, state = (URIRef(HD_NS + name) for name in ("lifecycleStage", "meansSigned", "stateBody"))
    concept_id = lambda iri: str(iri).rsplit("/", 1)[-1]  # noqa: E731
    return Lifecycle(
        stages={concept_id(s): int(o) for s, o in graph.subject_objects(stage)},
        signing_statuses=tuple(sorted(concept_id(s) for s, o in graph.subject_objects(signs) if o.toPython() is True)),
        state_kinds=tuple(sorted(concept_id(s) for s, o in graph.subject_objects(state) if o.toPython() is True)),
    )
