"""The RDF export against the real graph of data/records/: it parses, conforms to the shapes,
round-trips the counts, answers the same questions as Cypher, and is served over HTTP."""

from __future__ import annotations

import inspect
import io
import json
import threading

import pyoxigraph
import pyshacl
import pytest
import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS
from typer.testing import CliRunner

from cli.main import app
from graph import rdf
from graph.model import COOPERATION_STATUSES, STATED, Label, Rel
from hdkg import PROJECT_ROOT
from tests.conftest import curated_files, curated_instrument_ids

HD = rdf.HD
BASE = "https://w3id.org/hdkg/id/"
ONCOLOGY_MOC = "az-ua-moc-oncology-centres"
ONCOLOGY_MOC_TITLE = ("Memorandum of Cooperation between Azerbaijan's National Oncology Center "
                      "and Ukraine's National Cancer Institute")


def _serialize(driver, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    rdf.export(driver, out, fmt, **options)
    return out.getvalue()


def _cypher(driver, settings, query: str, **params) -> list[dict]:
    with driver.session(database=settings.neo4j_database) as session:
        return [record.data() for record in session.run(query, **params)]


@pytest.fixture(scope="module")
def exported(loaded_graph, settings) -> dict[str, bytes]:
    return {fmt: _serialize(loaded_graph, fmt, database=settings.neo4j_database, base=BASE)
            for fmt in ("turtle", "ntriples", "jsonld")}


@pytest.fixture(scope="module")
def graph(exported) -> Graph:
    return Graph().parse(data=exported["ntriples"], format="nt")


@pytest.fixture(scope="module")
def oxigraph_store(exported) -> pyoxigraph.Store:
    """The export in an in-memory Oxigraph store: the engine /sparql serves (rdflib's own SPARQL
    evaluator takes minutes over the curated graph's property paths and joins)."""
    store = pyoxigraph.Store()
    store.load(exported["ntriples"], format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def iri(kind: str, node_id: str) -> URIRef:
    return URIRef(f"{BASE}{kind}/{node_id}")


# -- streaming and formats -------------------------------------------------------------------

def test_export_is_a_generator_of_triples_not_a_graph(loaded_graph, settings):
    triples = rdf.export_triples(loaded_graph, database=settings.neo4j_database, base=BASE, include_ontology=False,
                                 terms=rdf.RDFLIB)
    assert inspect.isgenerator(triples)
    assert not isinstance(triples, Graph)
    first = next(triples)
    assert len(first) == 3 and all(hasattr(term, "n3") for term in first)
    triples.close()


def test_both_term_flavours_give_the_same_triples(loaded_graph, settings):
    """The streaming export's pyoxigraph terms and rdflib's terms come from one mapping."""
    options = {"database": settings.neo4j_database, "base": BASE}
    streamed = list(rdf.export_triples(loaded_graph, **options))
    assert all(isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal))
               for triple in streamed for term in triple)
    with_rdflib = [tuple(map(rdf.to_oxigraph, triple))
                   for triple in rdf.export_triples(loaded_graph, terms=rdf.RDFLIB, **options)]
    assert streamed == with_rdflib


def test_small_pages_give_the_same_triples(loaded_graph, settings):
    """The id cursor continues exactly where each page stopped: nothing lost, nothing twice."""
    options = dict(database=settings.neo4j_database, base=BASE, include_ontology=False, terms=rdf.RDFLIB)
    pages: list[tuple[Label, int]] = []
    paged = list(rdf.export_triples(loaded_graph, page_size=7, progress=lambda label, n: pages.append((label, n)),
                                    **options))
    whole = list(rdf.export_triples(loaded_graph, **options))
    assert sorted(paged) == sorted(whole)
    assert len(paged) == len(set(paged)), "no triple is written twice"
    assert max(n for _, n in pages) == 7 and len(pages) > 40


def test_http_stream_comes_in_chunks_and_stops_when_the_reader_leaves(loaded_graph, settings):
    def triples():
        return rdf.export_triples(loaded_graph, database=settings.neo4j_database, base=BASE)

    chunks = list(rdf.iter_serialized(triples(), "ntriples", chunk_size=16 * 1024))
    assert len(chunks) > 10
    assert len(Graph().parse(data=b"".join(chunks), format="nt")) > 5000
    reader = rdf.iter_serialized(triples(), "turtle", chunk_size=1024)
    assert next(reader).startswith(b"@prefix")
    reader.close()  # as when an HTTP client disconnects
    assert not [t for t in threading.enumerate() if t.name == "rdf-serializer" and t.is_alive()]


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_every_format_parses_to_the_same_graph(exported, graph, fmt, parser):
    parsed = Graph().parse(data=exported[fmt], format=parser)
    assert len(parsed) == len(graph) > 5000
    assert (iri("instrument", ONCOLOGY_MOC), DCTERMS.title, Literal(ONCOLOGY_MOC_TITLE)) in parsed


def test_export_includes_the_ontology_files_unless_asked_not_to(loaded_graph, settings, graph):
    assert (URIRef("https://w3id.org/hdkg/ontology"), RDF.type, OWL.Ontology) in graph
    assert (rdf.DOMAIN_SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    assert (URIRef("https://w3id.org/hdkg/vocab/instrument-type"), RDF.type, SKOS.ConceptScheme) in graph
    bare = Graph().parse(data=_serialize(loaded_graph, "ntriples", database=settings.neo4j_database, base=BASE,
                                         include_ontology=False), format="nt")
    assert not list(bare.subjects(RDF.type, OWL.Ontology))
    assert not list(bare.subjects(RDF.type, SKOS.ConceptScheme))
    # Without domains.ttl the Domain nodes come from Neo4j, with their hierarchy.
    assert (rdf.DOM["oncology"], SKOS.broader, rdf.DOM["clinical-medicine"]) in bare
    assert (rdf.DOM["oncology"], SKOS.prefLabel, Literal("oncology", lang="en")) in bare


def test_the_base_iri_is_configurable(loaded_graph, settings):
    base = "https://example.org/kg/"
    data = Graph().parse(data=_serialize(loaded_graph, "ntriples", database=settings.neo4j_database, base=base,
                                         include_ontology=False), format="nt")
    instrument = URIRef(f"{base}instrument/{ONCOLOGY_MOC}")
    assert (instrument, RDF.type, HD.Instrument) in data
    assert not any(str(s).startswith(BASE) for s in data.subjects())


# -- SHACL -----------------------------------------------------------------------------------

def test_export_conforms_to_the_shapes(graph):
    shapes = Graph().parse(PROJECT_ROOT / "ontology" / "shapes.ttl")
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    assert conforms, report
    # The shapes do bite: an instrument without its title is reported.
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    broken.remove((iri("instrument", ONCOLOGY_MOC), DCTERMS.title, None))
    conforms, _, report = pyshacl.validate(broken, shacl_graph=shapes, inference="none")
    assert not conforms and ONCOLOGY_MOC in report


def test_an_alias_with_its_language_conforms(graph):
    # A record may give an alias as {name, lang}; the export tags it, and the shapes accept that.
    shapes = Graph().parse(PROJECT_ROOT / "ontology" / "shapes.ttl")
    tagged = Graph()
    for triple in graph:
        tagged.add(triple)
    tagged.add((iri("organization", "az-national-oncology-center"), rdf.SDO.alternateName,
                Literal("Milli Onkologiya Mərkəzi", lang="az")))
    conforms, _, report = pyshacl.validate(tagged, shacl_graph=shapes, inference="none")
    assert conforms, report
    tagged.add((iri("organization", "az-national-oncology-center"), rdf.SDO.alternateName,
                Literal(3)))  # and still refuse what is no name
    conforms, _, _ = pyshacl.validate(tagged, shacl_graph=shapes, inference="none")
    assert not conforms


# -- round trip ------------------------------------------------------------------------------

def _sparql_count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


def test_counts_read_back_from_rdf_equal_the_graph(loaded_graph, settings, graph):
    neo4j_counts = _cypher(loaded_graph, settings, f"""
        CALL () {{ MATCH (i:{Label.INSTRUMENT}) RETURN count(i) AS instruments }}
        CALL () {{ MATCH (:{Label.INSTRUMENT})-[:{Rel.HAS_PARTY}]->(p:{Label.PARTY}) RETURN count(p) AS parties }}
        CALL () {{ MATCH ()-[:{Rel.COVERS}]->(d:{Label.DOMAIN}) RETURN count(DISTINCT d) AS domains }}
        CALL () {{ MATCH (s:{Label.SOURCE}) RETURN count(s) AS sources }}
        RETURN instruments, parties, domains, sources
    """)[0]
    prefix = "PREFIX hd: <https://w3id.org/hdkg/ontology#> "
    rdf_counts = {
        "instruments": _sparql_count(graph, prefix + "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a hd:Instrument }"),
        "parties": _sparql_count(graph, prefix + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?i hd:hasParty ?p . ?p a hd:InstrumentParty }"),
        "domains": _sparql_count(graph, prefix + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?x hd:covers ?d }"),
        "sources": _sparql_count(graph, prefix + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a hd:Source }"),
    }
    assert rdf_counts == neo4j_counts
    assert neo4j_counts["instruments"] == len(curated_instrument_ids())
    assert neo4j_counts["sources"] == len(curated_files())


PAIRS_SPARQL = """
PREFIX hd: <https://w3id.org/hdkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?a ?b WHERE {
  ?instrument hd:covers/skos:broader* <https://w3id.org/hdkg/domain/%(domain)s> ;
              hd:status ?status .
  ?status skos:notation ?statusId .
  FILTER (STR(?statusId) IN (%(statuses)s))
  ?signerA hd:signed ?instrument ; a %(cls)s ; hd:recordId ?a .
  ?signerB hd:signed ?instrument ; a %(cls)s ; hd:recordId ?b .
  FILTER (STR(?a) < STR(?b))
}
"""


@pytest.mark.parametrize("domain, label, expected", [
    ("public-health", Label.COUNTRY, ("AZ", "UA")),  # the ministries' agreement: the states signed
    ("oncology", Label.ORGANIZATION, ("az-national-oncology-center", "ua-national-cancer-institute")),
])
def test_who_signed_together_on_a_domain_is_the_same_in_sparql_and_cypher(loaded_graph, settings, oxigraph_store,
                                                                          domain, label, expected):
    cypher_pairs = {
        (row["a"], row["b"]) for row in _cypher(loaded_graph, settings, f"""
            MATCH (sub:{Label.DOMAIN})-[:{Rel.BROADER}*0..]->(:{Label.DOMAIN} {{id: $domain}})
            MATCH (i:{Label.INSTRUMENT})-[:{Rel.COVERS}]->(sub) WHERE i.status IN $statuses
            MATCH (a:{label})-[:{Rel.SIGNED}]->(i)<-[:{Rel.SIGNED}]-(b:{label})
            WHERE a.id < b.id
            RETURN DISTINCT a.id AS a, b.id AS b
        """, domain=domain, statuses=list(COOPERATION_STATUSES))
    }
    query = PAIRS_SPARQL % {"domain": domain, "cls": "hd:" + str(label),
                            "statuses": ", ".join(f'"{status}"' for status in COOPERATION_STATUSES)}
    sparql_pairs = {(solution["a"].value, solution["b"].value) for solution in oxigraph_store.query(query)}
    assert sparql_pairs == cypher_pairs
    assert expected in sparql_pairs


def test_no_state_signed_the_hospitals_oncology_memorandum(graph):
    signers = set(graph.subjects(HD.signed, iri("instrument", "az-ua-moc-oncology-centres")))
    assert signers == {iri("organization", "az-national-oncology-center"), iri("organization", "ua-national-cancer-institute")}


# -- literals, links and types ---------------------------------------------------------------

def test_partial_dates_are_typed_by_precision(graph):
    event = iri("event", "az-uz-social-protection-meeting-2023")
    assert (event, rdf.SDO.startDate, Literal("2023", datatype=rdflib.XSD.gYear)) in graph
    source = iri("source", "azertac-undated-azerbaijan-ukraine-health-visit")
    assert (source, DCTERMS.date, Literal("--11-01", datatype=rdflib.XSD.gMonthDay)) in graph
    # Each signing date keeps its precision: a day is an xsd:date, a year an xsd:gYear ...
    signed = list(graph.objects(None, HD.signedDate))
    assert signed and all(value.datatype == rdf.partial_date(str(value)).datatype for value in signed)
    assert rdf.partial_date("2024-10-08").datatype == rdflib.XSD.date
    assert rdf.partial_date("2024-10").datatype == rdflib.XSD.gYearMonth


def test_quotes_carry_their_language(graph):
    quotes = list(graph.objects(None, HD.quote))
    assert quotes and all(isinstance(q, Literal) and q.language for q in quotes)
    assert any(q.language == "vi" for q in quotes)
    assert all(q.language == "en" for q in graph.objects(None, HD.quoteEnglish))


def test_countries_link_to_wikidata_and_carry_iso_codes(graph):
    azerbaijan = iri("country", "AZ")
    assert (azerbaijan, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q227")) in graph
    assert (azerbaijan, HD.iso3166Alpha3, Literal("AZE")) in graph


def test_organizations_have_both_the_general_and_the_kind_class(graph):
    ministry = iri("organization", "az-ministry-of-health")
    assert {HD.Organization, HD.Ministry} <= set(graph.objects(ministry, RDF.type))
    assert (ministry, HD.organizationKind, URIRef("https://w3id.org/hdkg/vocab/organization-kind/ministry")) in graph


def test_vocabulary_values_are_concepts_of_their_scheme(graph):
    for predicate in (HD.instrumentType, HD.status, HD.organizationKind, HD.roleType, HD.eventKind,
                      HD.engagementKind):
        values = set(graph.objects(None, predicate))
        assert values, predicate
        for value in values:
            assert (value, RDF.type, SKOS.Concept) in graph and list(graph.objects(value, SKOS.inScheme)), value


def test_claims_are_derived_from_their_source(graph):
    claims = set(graph.subjects(RDF.type, HD.Claim))
    assert claims
    for claim in claims:
        sources = list(graph.objects(claim, rdf.PROV.wasDerivedFrom))
        assert len(sources) == 1 and (sources[0], RDF.type, HD.Source) in graph


def test_parties_one_per_country_and_organization(graph):
    ministries = iri("instrument", "az-ua-agreement-health-medical-science")
    found = {
        (str(graph.value(p, HD.partyCountry)), str(graph.value(p, HD.partyOrganization)),
         str(graph.value(p, HD.signatory)))
        for p in graph.objects(ministries, HD.hasParty)
    }
    assert found == {
        (f"{BASE}country/AZ", f"{BASE}organization/az-ministry-of-health", f"{BASE}person/teymur-musayev"),
        (f"{BASE}country/UA", f"{BASE}organization/ua-ministry-of-health", f"{BASE}person/viktor-liashko"),
    }
    assert URIRef(f"{BASE}party/az-ua-agreement-health-medical-science--AZ--az-ministry-of-health") in set(
        graph.objects(ministries, HD.hasParty))
    # Parties recorded only by country: one organization-less party each.
    earlier = iri("instrument", "az-ua-agreement-health-medical-science-earlier")
    parties = set(graph.objects(earlier, HD.hasParty))
    assert parties == {URIRef(f"{BASE}party/az-ua-agreement-health-medical-science-earlier--AZ"),
                       URIRef(f"{BASE}party/az-ua-agreement-health-medical-science-earlier--UA")}
    assert all(graph.value(p, HD.partyOrganization) is None for p in parties)
    # Countries still sign directly.
    assert (iri("country", "AZ"), HD.signed, earlier) in graph


def _signed_pairs(loaded_graph, settings) -> set[tuple[str, str, str]]:
    rows = _cypher(loaded_graph, settings, f"""
        MATCH (s)-[:{Rel.SIGNED}]->(i:{Label.INSTRUMENT})
        RETURN CASE WHEN s:{Label.COUNTRY} THEN 'country' ELSE 'organization' END AS kind, s.id AS signer, i.id AS instrument""")
    return {(row["kind"], row["signer"], row["instrument"]) for row in rows}


def test_signed_triples_are_the_signed_relationships(loaded_graph, settings, graph):
    expected = _signed_pairs(loaded_graph, settings)
    assert expected
    got = {(str(s).removeprefix(BASE).split("/")[0], str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1])
           for s, o in graph.subject_objects(HD.signed)}
    assert got == expected


def test_a_signer_page_holds_none_of_its_signed_links(loaded_graph, settings):
    # A hub country signs thousands of instruments: its page must not gather them all.
    with loaded_graph.session(database=settings.neo4j_database) as session:
        signer_links = [link for label in (Label.COUNTRY, Label.ORGANIZATION)
                        for page in rdf.iter_nodes(session, label, 2) for record in page for link in record.out
                        if link.rel == Rel.SIGNED]
        instrument_links = [(link.id, record.id) for page in rdf.iter_nodes(session, Label.INSTRUMENT, 2)
                            for record in page for link in record.inc if link.rel == Rel.SIGNED]
    assert signer_links == []
    assert {(signer, instrument) for _, signer, instrument in _signed_pairs(loaded_graph, settings)} == \
        set(instrument_links)


def test_describe_a_country_keeps_what_it_signed(loaded_graph, settings):
    signed = {i for kind, signer, i in _signed_pairs(loaded_graph, settings) if (kind, signer) == ("country", "AZ")}
    assert signed
    described = rdf.describe(loaded_graph, "country", "AZ", database=settings.neo4j_database, base=BASE)
    assert set(described.objects(iri("country", "AZ"), HD.signed)) == {iri("instrument", i) for i in signed}


# -- one resource ----------------------------------------------------------------------------

def test_describe_one_instrument(loaded_graph, settings):
    described = rdf.describe(loaded_graph, "instrument", ONCOLOGY_MOC, database=settings.neo4j_database, base=BASE)
    assert isinstance(described, Graph)
    subject = iri("instrument", ONCOLOGY_MOC)
    assert (subject, DCTERMS.title, Literal(ONCOLOGY_MOC_TITLE)) in described
    assert (iri("organization", "az-national-oncology-center"), HD.signed, subject) in described  # pointing in
    assert not any(s for s in described.subjects(HD.signed, subject) if "/country/" in str(s))
    assert (rdf.DOM["oncology"], SKOS.prefLabel, Literal("oncology", lang="en")) in described  # linked name
    assert len(list(described.objects(subject, HD.hasParty))) == 2


def test_describe_a_party(loaded_graph, settings):
    party = f"{ONCOLOGY_MOC}--UA--ua-national-cancer-institute"
    described = rdf.describe(loaded_graph, "party", party, database=settings.neo4j_database, base=BASE)
    node = URIRef(f"{BASE}party/{party}")
    assert (node, HD.partyCountry, iri("country", "UA")) in described
    assert (node, HD.partyOrganization, iri("organization", "ua-national-cancer-institute")) in described


@pytest.mark.parametrize("kind,node_id,message", [
    ("instrument", "no-such-instrument", "no instrument with id 'no-such-instrument'"),
    ("treaty", "x", "unknown resource kind 'treaty'"),
    ("party", f"{ONCOLOGY_MOC}--FR", f"no party with id '{ONCOLOGY_MOC}--FR'"),
])
def test_describe_raises_not_found(loaded_graph, settings, kind, node_id, message):
    with pytest.raises(rdf.NotFound, match=message):
        rdf.describe(loaded_graph, kind, node_id, database=settings.neo4j_database)


# -- HTTP ------------------------------------------------------------------------------------

def test_api_resource_as_turtle(client, settings):
    response = client.get(f"/id/instrument/{ONCOLOGY_MOC}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    parsed = Graph().parse(data=response.text, format="turtle")
    subject = URIRef(f"{settings.base_iri}instrument/{ONCOLOGY_MOC}")
    assert (subject, DCTERMS.title, Literal(ONCOLOGY_MOC_TITLE)) in parsed


def test_api_resource_as_json_and_jsonld(client):
    response = client.get(f"/id/instrument/{ONCOLOGY_MOC}", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["properties"]["title"] == ONCOLOGY_MOC_TITLE
    parties = [link for link in body["links"] if link["type"] == "HAS_PARTY"]
    assert {link["id"] for link in parties} == {f"{ONCOLOGY_MOC}--AZ--az-national-oncology-center",
                                                f"{ONCOLOGY_MOC}--UA--ua-national-cancer-institute"}
    assert any(link["type"] == "COVERS" and link["id"] == "oncology" for link in body["links"])
    jsonld = client.get(f"/id/instrument/{ONCOLOGY_MOC}?format=jsonld")
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    parsed = Graph().parse(data=jsonld.text, format="json-ld")
    assert Literal(ONCOLOGY_MOC_TITLE) in set(parsed.objects(None, DCTERMS.title))


@pytest.mark.parametrize("path,code,fragment", [
    ("/id/instrument/no-such-instrument", "unknown_resource", "no instrument with id 'no-such-instrument'"),
    ("/id/treaty/x", "unknown_kind", "unknown resource kind 'treaty'"),
    ("/id/party/az-ua-moc-oncology-centres--FR", "unknown_resource", "no party with id 'az-ua-moc-oncology-centres--FR'"),
    ("/ontology/nothing", "unknown_ontology", "no ontology file 'nothing'"),
])
def test_api_not_found_says_what_is_missing(client, path, code, fragment):
    for accept in ("application/json", "text/turtle"):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 404
        error = response.json()["error"]
        assert error["code"] == code and fragment in error["message"]


def test_api_export_streams_ntriples_and_jsonld(client):
    response = client.get("/export?format=ntriples")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-triples")
    parsed = Graph().parse(data=response.text, format="nt")
    assert (URIRef("https://w3id.org/hdkg/ontology"), RDF.type, OWL.Ontology) in parsed
    assert {str(s).rsplit("/", 1)[1] for s in parsed.subjects(RDF.type, URIRef(HD.Instrument))} == curated_instrument_ids()
    jsonld = client.get("/export?ontology=false", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert isinstance(json.loads(jsonld.text), list)
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) > 1000


def test_api_negotiation_rejects_what_it_cannot_produce(client):
    assert client.get("/export?format=rdfxml").json()["error"]["code"] == "unknown_format"
    refused = client.get("/export", headers={"Accept": "application/rdf+xml"})
    assert refused.status_code == 406 and "text/turtle" in refused.json()["error"]["message"]
    assert client.get("/export", headers={"Accept": "application/rdf+xml, text/turtle;q=0.5"}).status_code == 200


def test_api_serves_the_ontology_files(client):
    response = client.get("/ontology/domains.ttl")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert (rdf.DOMAIN_SCHEME, RDF.type, SKOS.ConceptScheme) in Graph().parse(data=response.text, format="turtle")
    ontology = client.get("/ontology", headers={"Accept": "application/ld+json"})
    assert ontology.headers["content-type"].startswith("application/ld+json")
    parsed = Graph().parse(data=ontology.text, format="json-ld")
    assert (URIRef("https://w3id.org/hdkg/ontology"), RDF.type, OWL.Ontology) in parsed


# -- CLI -------------------------------------------------------------------------------------

def test_cli_export_writes_a_file(loaded_graph, tmp_path):
    out = tmp_path / "graph.nt"
    result = CliRunner().invoke(app, ["export", "--format", "ntriples", "--out", str(out), "--no-ontology"])
    assert result.exit_code == 0, result.output
    parsed = Graph().parse(out, format="nt")
    assert {str(s).rsplit("/", 1)[1] for s in parsed.subjects(RDF.type, HD.Instrument)} == curated_instrument_ids()
    assert not list(parsed.subjects(RDF.type, OWL.Ontology))


def test_loader_bookkeeping_is_not_published(loaded_graph, settings):
    source_id = loaded_graph.execute_query(f"MATCH (s:Source) WHERE s.{STATED} IS NOT NULL RETURN s.id AS id LIMIT 1",
                                           database_=settings.neo4j_database).records[0]["id"]
    document = rdf.resource_json(loaded_graph, "source", source_id, database=settings.neo4j_database)
    assert document["properties"]["id"] == source_id and STATED not in document["properties"]
    with loaded_graph.session(database=settings.neo4j_database) as session:
        pages = [record for page in rdf.iter_nodes(session, Label.SOURCE) for record in page]
    assert pages and all(STATED not in record.props for record in pages)
