"""The HTTP API, through FastAPI's TestClient, against the curated records in real Neo4j."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api import deps
from api.errors import install_error_handlers
from api.main import create_app
from api.routers import countries, domains, health, instruments
from api.routers import queries as queries_router
from graph.queries import run_query
from hdkg.settings import Settings
from loaders.vocab import vocabularies
from queries import QUERIES_DIR, registry
from tests.conftest import SEED_RECORDS, closed_port

#: The answers here were worked out by hand from the five seed reports: only their records are loaded.
GRAPH_RECORDS = SEED_RECORDS

def _query_string(params: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, str(item).lower() if isinstance(item, bool) else str(item)))
    return pairs


def _error(response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "details"} <= set(body["error"])
    return body["error"]


def test_health_reports_api_and_neo4j(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["api"]["status"] == "ok"
    assert body["neo4j"]["status"] == "ok" and body["neo4j"]["server"].startswith("Neo4j/5.26")


@pytest.mark.parametrize(("country", "domain"), [("UA", "oncology"), ("Україна", "онкология"), ("UKR", "cancer")])
def test_who_cooperates_with_ukraine_on_oncology(client, country, domain):
    # the oncology memorandum is the two countries' cancer centres': non-state parties
    assert client.get(f"/countries/{country}/partners", params={"domain": domain}).json()["total"] == 0
    response = client.get(f"/countries/{country}/partners", params={"domain": domain, "include_non_state": "true"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["params"]["country"] == "UA" and body["params"]["domain"] == "oncology"
    assert body["params"]["include_non_state"] is True
    (row,) = body["rows"]
    assert (row["partner_id"], row["partner_name"]) == ("AZ", "Azerbaijan")
    assert row["instrument_ids"] == ["az-ua-moc-oncology-centres"]
    assert row["partner_organizations"] == ["az-national-oncology-center"]
    (source,) = row["sources"]
    assert source == {"id": "azertac-undated-azerbaijan-ukraine-health-visit", "publisher": "AZERTAC",
                      "title": source["title"], "url": None}


def test_kazakhstan_partners_with_companies(client):
    without = client.get("/countries/KZ/partners").json()
    assert without["total"] == 0
    body = client.get("/countries/Kazakhstan/partners", params={"include_companies": "true"}).json()
    ids = {row["partner_id"] for row in body["rows"]} | {row["parent_organization"] for row in body["rows"]}
    assert {"astrazeneca-kazakhstan", "astrazeneca"} <= ids
    (row,) = body["rows"]
    assert row["instrument_ids"] == ["kz-mou-ministry-astrazeneca-2021"] and row["sources"]


def test_a_broader_domain_counts_oncology(client):
    # ontology/domains.ttl: dom:oncology skos:broader dom:clinical-medicine
    wider = {"include_non_state": "true"}
    response = client.get("/domains/clinical-medicine/cooperation", params=wider)
    (pair,) = response.json()["rows"]
    assert (pair["country_a"], pair["country_b"]) == ("AZ", "UA")
    assert "az-ua-moc-oncology-centres" in pair["instrument_ids"] and pair["instrument_count"] == 4
    assert pair["status_counts"] == [{"status": "signed", "instruments": 4}] and pair["signed_count"] == 4
    (states,) = client.get("/domains/clinical-medicine/cooperation").json()["rows"]
    assert states["instruments"] == [{"id": "az-ua-agreement-health-medical-science", "status": "signed",
                                      "signed_date": None, "signed": True}]
    partners = client.get("/countries/UA/partners", params={"domain": "clinical-medicine", **wider}).json()
    assert "az-ua-moc-oncology-centres" in partners["rows"][0]["instrument_ids"]
    overview = client.get("/domains/clinical-medicine", params=wider).json()
    assert "oncology" in overview["included_domains"] and overview["pairs"][0]["instruments"] == 4
    assert client.get("/domains/clinical-medicine").json()["pairs"][0]["instruments"] == 1


def test_unknown_country_is_404_with_suggestions(client):
    for url in ("/countries/Bielarus", "/countries/Bielarus/partners", "/instruments?country=Bielarus"):
        error = _error(client.get(url), 404)
        assert error["code"] == "unknown_country"
        assert "BY" in [s["code"] for s in error["details"]["suggestions"]]


def test_unknown_domain_is_404_with_suggestions(client):
    error = _error(client.get("/domains/oncolgy/cooperation"), 404)
    assert error["code"] == "unknown_domain" and "oncology" in error["details"]["suggestions"]
    error = _error(client.get("/countries/UA/partners", params={"domain": "oncolgy"}), 404)
    assert error["details"]["parameter"] == "domain"


def test_unknown_instrument_and_query_are_404(client):
    error = _error(client.get("/instruments/az-ua-moc-oncology-centre"), 404)
    assert "az-ua-moc-oncology-centres" in error["details"]["suggestions"]
    error = _error(client.get("/queries/partner"), 404)
    assert error["code"] == "unknown_query" and "partners" in error["details"]["known"]
    _error(client.get("/no/such/route"), 404)


@pytest.mark.parametrize(("url", "parameter"), [
    ("/queries/partners", "country"),
    ("/queries/partners?country=UA&colour=red", "colour"),
    ("/queries/partners?country=UA&from_year=soon", "from_year"),
    ("/countries/UA/partners?from_year=soon", "from_year"),
    ("/countries/UA/partners?statuses=sgned", "statuses"),
    ("/countries/UA/partners?level=planet", "level"),
    ("/instruments?type=treaty", "type"),
    ("/domains?limit=0", "limit"),
    ("/queries/domains?offset=-1", "offset"),
])
def test_bad_parameter_is_422_naming_it(client, url, parameter):
    error = _error(client.get(url), 422)
    assert error["code"] == "invalid_parameter"
    assert f"'{parameter}'" in error["message"]
    details = error["details"] if isinstance(error["details"], list) else [error["details"]]
    assert parameter in [d["parameter"] for d in details]


def test_catalog_lists_every_cypher_file(client):
    body = client.get("/queries").json()
    names = [q["name"] for q in body["queries"]]
    assert sorted(names) == sorted(path.stem for path in QUERIES_DIR.glob("*.cypher"))
    assert body["total"] == len(names)
    partners = next(q for q in body["queries"] if q["name"] == "partners")
    params = {p["name"]: p for p in partners["params"]}
    assert params["country"]["required"] and params["country"]["schema"]["type"] == "string"
    assert params["statuses"]["default"] == ["signed", "adopted", "ratified", "in-force", "extended"]
    assert params["include_non_state"]["default"] is False
    assert "in-force" in params["statuses"]["schema"]["items"]["enum"]
    assert params["level"]["schema"]["enum"] == ["country", "organization"]


@pytest.mark.parametrize("name", registry().names())
def test_every_query_runs_over_http_with_its_examples(client, name):
    query = registry().get(name)
    response = client.get(f"/queries/{name}", params=_query_string(query.example_params()))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == name and body["has_more"] is (body["total"] is None)
    assert body["total"] is None or body["total"] == len(body["rows"])
    assert set(body["params"]) == {p.name for p in query.params}


def test_engagements_only_when_asked(client):
    body = client.get("/queries/engagements", params={"statuses": "opposed"}).json()
    assert [row["id"] for row in body["rows"]] == ["kg-ru-bsl3-laboratory-proposal"]
    assert body["rows"][0]["opposed_by"] == ["KG"]
    # no cooperation answer counts it: Kyrgyzstan has no partners from instruments
    assert client.get("/countries/KG/partners").json()["total"] == 0
    several = client.get("/queries/engagements", params=[("statuses", "opposed"), ("statuses", "planned")]).json()
    assert {row["status"] for row in several["rows"]} == {"opposed", "planned"} and several["total"] == 3


def test_instrument_in_full_with_sources_and_quotes(client):
    body = client.get("/instruments/az-ua-moc-oncology-centres").json()
    assert [p["organization"] for p in body["parties"]] == ["az-national-oncology-center", "ua-national-cancer-institute"]
    assert body["domains"] == [{"id": "oncology", "label": "oncology"}]
    (source,) = body["sources"]
    assert source["id"] == "azertac-undated-azerbaijan-ukraine-health-visit" and source["url"] is None
    assert any("National Oncology Center" in q["quote"] for q in source["quotes"])


def test_instruments_between_vietnam_and_belarus(client):
    body = client.get("/instruments", params={"country": "Vietnam", "partner": "Belarus"}).json()
    assert [row["id"] for row in body["rows"]] == ["by-vn-mou-health-cooperation-2024"]
    assert body["rows"][0]["sources"][0]["id"] == "vietnam-belarus-2024-10-08-health-mou-signing"


def test_country_profile(client):
    body = client.get("/countries/UA").json()
    assert (body["country"], body["alpha3"], body["instrument_count"], body["signed_count"]) == ("UA", "UKR", 2, 2)
    assert body["partners"][0]["id"] == "AZ" and body["partners"][0]["instruments"] == 2
    assert [o["id"] for o in body["organizations"]] == ["ua-ministry-of-health"]
    assert len(body["timeline"]) == 2 and all(entry["signed"] for entry in body["timeline"]) and body["sources"]
    wider = client.get("/countries/UA", params={"include_non_state": "true"}).json()
    assert (wider["instrument_count"], wider["partners"][0]["instruments"], len(wider["timeline"])) == (6, 6, 6)
    assert "ua-national-cancer-institute" in [o["id"] for o in wider["organizations"]]
    # The timeline and the ids per partner stop at evidence_limit; the counts and years do not.
    short = client.get("/countries/UA", params={"include_non_state": "true", "evidence_limit": 1}).json()
    assert (len(short["timeline"]), short["evidence_capped"], short["instrument_count"]) == (1, True, 6)
    assert short["timeline"][0] == wider["timeline"][0] and not wider["evidence_capped"]
    assert sum(year["instruments"] for year in short["years"]) == 6 and short["years"] == wider["years"]
    assert (short["partners"][0]["instruments"], len(short["partners"][0]["instrument_ids"])) == (6, 1)
    assert client.get("/countries/UA", params={"evidence_limit": -1}).status_code == 422
    # A country no record names still has a profile, with nothing in it.
    quiet = client.get("/countries/IS").json()
    assert (quiet["instrument_count"], quiet["years"], quiet["timeline"], quiet["partners"], quiet["evidence_capped"]) \
        == (0, [], [], [], False)


def test_pagination_totals(client):
    first = client.get("/domains", params={"limit": 10}).json()
    assert (first["total"], first["has_more"], len(first["rows"]), first["offset"], first["limit"]) == \
        (None, True, 10, 0, 10)
    total = len(vocabularies().domains.concepts)  # one row per concept of ontology/domains.ttl
    last = client.get("/domains", params={"limit": 10, "offset": total - 5}).json()
    assert (last["total"], last["has_more"], len(last["rows"])) == (total, False, 5)
    every = client.get("/domains", params={"limit": total}).json()["rows"]
    assert [r["id"] for r in first["rows"]] + [r["id"] for r in last["rows"]] == \
        [r["id"] for r in every[:10]] + [r["id"] for r in every[total - 5:]]
    # 18 domains that counted instruments cover, and 3 more above them only (clinical-medicine,
    # medical-products and health).
    used = client.get("/domains", params={"used_only": "true", "limit": 2, "offset": 19}).json()
    assert (used["total"], used["has_more"], len(used["rows"])) == (21, False, 2)
    organizations = {"country": "UA", "level": "organization", "include_non_state": "true"}
    generic = client.get("/queries/partners", params={**organizations, "limit": 2}).json()
    assert (generic["total"], generic["has_more"], len(generic["rows"])) == (None, True, 2)
    rest = client.get("/queries/partners", params={**organizations, "offset": 2}).json()
    assert (rest["total"], len(rest["rows"])) == (5, 3)


def test_openapi_documents_routes_and_examples(client):
    schema = client.get("/openapi.json").json()
    for path in ("/health", "/queries", "/queries/{name}", "/countries/{code}", "/countries/{code}/partners",
                 "/domains", "/domains/{domain}", "/domains/{domain}/cooperation", "/instruments",
                 "/instruments/{instrument_id}", "/instruments/{instrument_id}/signatories",
                 "/instruments/{instrument_id}/lineage", "/instruments/links"):
        assert path in schema["paths"], path
    text = str(schema)
    for example in ("UA", "oncology", "az-ua-moc-oncology-centres"):
        assert f"'{example}'" in text
    assert "ErrorBody" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_openapi_names_each_schema_by_its_model_alone(settings):
    # Two models of one name are told apart by their module path (`api__models__X__1`), and a
    # generic page by its parameters (`Page_PartnerRow_`): those are the type names generated
    # clients show.
    names = create_app(settings).openapi()["components"]["schemas"]
    assert {"CountryProfile", "PartnerPage", "QueryPage"} <= names.keys(), sorted(names)
    assert not [name for name in names if "_" in name], sorted(names)


def test_every_route_has_a_response_model():
    routes = [route for router in (health.router, queries_router.router, countries.router, domains.router,
                                   instruments.router) for route in router.routes]
    assert len(routes) >= 10
    for route in routes:
        assert isinstance(route, APIRoute) and route.response_model is not None, route.path


#: One request per route that answers a canned query with a body it encodes itself.
ENCODED_BY_THE_ROUTE = {
    "/countries/{code}": "/countries/UA",
    "/countries/{code}/partners": "/countries/UA/partners?domain=oncology&include_non_state=true",
    "/domains": "/domains?limit=3",
    "/domains/{domain}": "/domains/oncology",
    "/domains/{domain}/cooperation": "/domains/health-cooperation/cooperation",
    "/instruments": "/instruments?country=VN",
    "/instruments/links": "/instruments/links",
    "/instruments/{instrument_id}": "/instruments/az-ua-moc-oncology-centres",
    "/instruments/{instrument_id}/signatories": "/instruments/az-ua-agreement-health-medical-science/signatories",
    "/instruments/{instrument_id}/lineage": "/instruments/az-ua-agreement-health-medical-science/lineage",
    "/queries/{name}": "/queries/partners?country=UA",
}


def test_routes_write_the_bytes_fastapi_writes_from_their_response_model(client):
    # These routes return their Response; FastAPI would validate and encode the answer with the
    # route's response field. Both must give the same bytes, on a miss and on a hit.
    routes = {route.path: route for router in (queries_router.router, countries.router, domains.router,
                                               instruments.router) for route in router.routes}
    for path, url in ENCODED_BY_THE_ROUTE.items():
        field = routes[path].response_field
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, url
            value, errors = field.validate(response.json(), {}, loc=("response",))
            assert not errors, url
            assert response.content == field.serialize_json(value), url
            assert response.headers["content-type"] == "application/json", url
        assert response.headers["X-Cache"] == "hit", url


def test_query_over_the_memory_limit_is_503_query_too_large(driver, settings, oversized_query):
    app = FastAPI()
    install_error_handlers(app)
    app.get("/big")(lambda: run_query(driver, oversized_query, settings=settings).as_dict())
    with TestClient(app) as test_client:
        response = test_client.get("/big")
    error = _error(response, 503)
    assert error["code"] == "query_too_large" and "'big' needed more memory" in error["message"]
    assert "Retry-After" not in response.headers


@pytest.mark.timeout(60)  # answered, not left waiting on the driver's retries
def test_neo4j_unreachable_is_503_with_retry_after(settings):
    down = Settings(NEO4J_URI=f"bolt://127.0.0.1:{closed_port()}", NEO4J_PASSWORD="x")
    app = create_app(settings)
    app.dependency_overrides[deps.get_settings] = lambda: down
    with TestClient(app) as test_client:
        response = test_client.get("/countries/UA/partners", params={"domain": "oncology"})
        error = _error(response, 503)
        assert error["code"] == "graph_unavailable" and down.neo4j_uri in error["message"]
        assert int(response.headers["Retry-After"]) > 0
        health = test_client.get("/health")
        assert health.status_code == 200
        assert health.json()["status"] == "degraded" and health.json()["neo4j"]["status"] == "unavailable"
        # what needs no graph still answers
        assert test_client.get("/queries").status_code == 200
        assert _error(test_client.get("/countries/Bielarus"), 404)["code"] == "unknown_country"


def test_signatories_lineage_and_links(client):
    body = client.get("/instruments/az-ua-agreement-health-medical-science/signatories").json()
    assert [(r["country"], r["signatory"], r["signatory_roles"][0]["role"], r["signed"]) for r in body["rows"]] == \
        [("AZ", "teymur-musayev", "minister", True), ("UA", "viktor-liashko", "minister", True)]
    lineage = client.get("/instruments/az-ua-agreement-health-medical-science-earlier/lineage").json()
    assert [(r["id"], r["generation"]) for r in lineage["rows"]] == [
        ("az-ua-agreement-health-medical-science-earlier", 0), ("az-ua-agreement-health-medical-science", 1)]
    links = client.get("/instruments/links", params={"relation": "renews"}).json()
    assert [(r["instrument"], r["target"]) for r in links["rows"]] == [
        ("az-ua-agreement-health-medical-science", "az-ua-agreement-health-medical-science-earlier")]
    assert client.get("/instruments/links", params={"relation": "amends"}).json()["total"] == 0
    _error(client.get("/instruments/links", params={"relation": "cites"}), 422)
    for route in ("signatories", "lineage"):
        error = _error(client.get(f"/instruments/az-ua-moc-oncology-centre/{route}"), 404)
        assert error["code"] == "unknown_instrument"
        assert "az-ua-moc-oncology-centres" in error["details"]["suggestions"]


def test_instrument_parties_and_who_signed(client):
    body = client.get("/instruments/kz-mou-ministry-astrazeneca-2021").json()
    assert body["signed_by"] == ["KZ"]
    assert [(p["organization"], p["state"], p["signed"]) for p in body["parties"]] == \
        [("astrazeneca-kazakhstan", False, True), ("kz-ministry-of-health", True, True)]
    listed = client.get("/instruments", params={"country": "GB", "include_non_state": "true"}).json()
    assert listed["total"] == 0  # the company's office is on Kazakhstan's side; Britain signed nothing
