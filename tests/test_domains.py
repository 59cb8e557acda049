"""The health-domain scheme (ontology/domains.ttl): size, labels in seven languages, a hierarchy
without cycles, unambiguous labels, checked external matches, and every domain the data and the
benchmark generator use. No Neo4j needed."""

from __future__ import annotations

import re

import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from benchmarks.generate import COMMON_DOMAINS
from hdkg import PROJECT_ROOT
from loaders.vocab import DOMAIN_NS, ONTOLOGY_DIR, _key, vocabularies

LANGUAGES = ("en", "ru", "uk", "be", "vi", "es", "fr")
SCHEME = URIRef(DOMAIN_NS + "scheme")


def _narrower_closure(scheme, concept_id: str) -> set[str]:
    """The concept and everything below it, by following skos:broader upwards from every concept."""
    found = {concept_id}
    changed = True
    while changed:
        changed = False
        for concept in scheme.concepts.values():
            if concept.id not in found and found.intersection(concept.broader):
                found.add(concept.id)
                changed = True
    return found


@pytest.fixture(scope="module")
def domains():
    return vocabularies().domains


@pytest.fixture(scope="module")
def graph():
    return Graph().parse(ONTOLOGY_DIR / "domains.ttl")


def test_the_scheme_has_at_least_150_concepts(domains):
    assert len(domains.concepts) >= 150


def test_every_concept_has_one_preferred_label_in_each_language(graph, domains):
    for concept in domains.concepts.values():
        labels = [lit.language for lit in graph.objects(URIRef(concept.iri), SKOS.prefLabel)]
        assert sorted(labels) == sorted(LANGUAGES), concept.id
        assert all(concept.labels[lang].strip() for lang in LANGUAGES), concept.id
        assert concept.definition, concept.id


def test_labels_are_written_in_their_script(domains):
    cyrillic = re.compile(r"[\u0400-\u04FF]")
    for concept in domains.concepts.values():
        for lang in ("ru", "uk", "be"):
            assert cyrillic.search(concept.labels[lang]) or concept.labels[lang] == concept.labels["en"], (concept.id, lang)
        for lang in ("en", "vi", "es", "fr"):
            assert not cyrillic.search(concept.labels[lang]), (concept.id, lang)


def test_no_label_names_two_concepts(domains):
    owner: dict[str, str] = {}
    for concept in domains.concepts.values():
        for text in [concept.id, *concept.labels.values(), *(label for _, label in concept.alt_labels)]:
            assert owner.setdefault(_key(text), concept.id) == concept.id, \
                f"'{text}' names both {owner[_key(text)]} and {concept.id}"


def test_the_hierarchy_has_no_cycles_and_reaches_every_concept_from_a_top_concept(graph, domains):
    tops = {str(t).removeprefix(DOMAIN_NS) for t in graph.objects(SCHEME, SKOS.hasTopConcept)}
    assert tops == {"health", "social-protection"}
    for concept in domains.concepts.values():
        assert all(parent in domains.concepts for parent in concept.broader), concept.id
        assert bool(concept.broader) != (concept.id in tops), concept.id
        # Walking up never returns to the concept and always ends at a top concept.
        seen, frontier = set(), set(concept.broader)
        while frontier:
            assert concept.id not in frontier, f"cycle through {concept.id}"
            seen |= frontier
            frontier = {p for f in frontier for p in domains.concepts[f].broader} - seen
        assert concept.id in tops or seen & tops, concept.id


def test_broader_and_narrower_are_stated_both_ways(graph):
    broader = {(s, o) for s, o in graph.subject_objects(SKOS.broader)}
    narrower = {(o, s) for s, o in graph.subject_objects(SKOS.narrower)}
    assert broader == narrower and broader
    related = set(graph.subject_objects(SKOS.related))
    assert related == {(o, s) for s, o in related}


def test_health_and_medicine_maps_to_the_general_health_concept(domains):
    assert domains.resolve("Health & Medicine").id == "health"
    everything_but_social = {c for c in domains.concepts if "social-protection" not in _ancestors(domains, c)}
    assert _narrower_closure(domains, "health") == everything_but_social - {"social-protection"}


def _ancestors(domains, concept_id: str) -> set[str]:
    found, frontier = {concept_id}, {concept_id}
    while frontier:
        frontier = {p for f in frontier for p in domains.concepts[f].broader} - found
        found |= frontier
    return found


@pytest.mark.parametrize(("text", "concept", "ancestor"), [
    ("universal health coverage", "universal-health-coverage", "health-systems"),
    ("всеобщий охват услугами здравоохранения", "universal-health-coverage", "health-systems"),
    ("pandemic preparedness", "pandemic-preparedness", "health-security"),
    ("health emergencies", "health-emergencies", "health-security"),
    ("patient safety", "patient-safety", "quality-of-care"),
    ("blood services", "blood-services", "health-systems"),
    ("служба крови", "blood-services", "hematology"),
    ("health financing", "health-financing", "health-systems"),
    ("investment in health care", "health-investment", "health-financing"),
    ("health infrastructure", "health-infrastructure", "health-systems"),
    ("community health", "community-health", "primary-health-care"),
    ("neglected tropical diseases", "neglected-tropical-diseases", "communicable-diseases"),
    ("bệnh nhiệt đới bị lãng quên", "neglected-tropical-diseases", "public-health"),
    ("homeopathy", "homeopathy", "traditional-medicine"),
    ("гомеопатия", "homeopathy", "clinical-medicine"),
    ("vi lượng đồng căn", "homeopathy", "traditional-medicine"),
    ("Ayurveda", "ayurveda", "traditional-medicine"),
    ("médecine traditionnelle chinoise", "traditional-chinese-medicine", "traditional-medicine"),
    ("cobertura sanitaria universal", "universal-health-coverage", "health"),
    ("generic drugs", "generic-medicines", "pharmaceuticals"),
    ("soins hospitaliers", "hospitals", "health-infrastructure"),
    ("громадське здоров'я", "public-health", "health"),
    ("медична реформа", "health-governance", "health-systems"),
    ("паліятыўная медыцынская дапамога", "palliative-care", "clinical-medicine"),
])
def test_domains_real_agreements_name(domains, text, concept, ancestor):
    assert domains.resolve(text).id == concept
    assert concept in _narrower_closure(domains, ancestor)


def test_external_matches_are_the_checked_ones(graph):
    matches = {(str(s).removeprefix(DOMAIN_NS), str(o)) for s, o in graph.subject_objects(SKOS.exactMatch)}
    mesh, wikidata = "http://id.nlm.nih.gov/mesh/", "http://www.wikidata.org/entity/"
    assert {("public-health", mesh + "D011634"), ("tuberculosis", mesh + "D014376"), ("tuberculosis", wikidata + "Q12204"),
            ("malaria", wikidata + "Q12156"), ("covid-19", mesh + "D000086382"), ("diabetes", mesh + "D003920")} <= matches
    for _, target in matches | {(s, str(o)) for s, o in graph.subject_objects(SKOS.closeMatch)}:
        assert re.fullmatch(re.escape(mesh) + r"D\d{6,9}|" + re.escape(wikidata) + r"Q[1-9]\d*", target), target


def _record_domains() -> set[str]:
    used = set()
    for path in (PROJECT_ROOT / "data" / "records").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("instruments", "engagements"):
            for item in data.get(kind) or []:
                used.update(item.get("domains") or [])
    return used


def test_every_domain_the_data_and_the_benchmarks_use_is_valid(domains):
    used = _record_domains()
    assert len(used) >= 20
    assert used <= set(domains.concepts), used - set(domains.concepts)
    assert set(COMMON_DOMAINS) <= set(domains.concepts)
