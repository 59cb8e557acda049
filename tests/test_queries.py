"""Canned queries: the registry read from queries/*.cypher, and the runner against real Neo4j."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import ClientError

from graph.model import COOPERATION_STATUSES
from graph.errors import QueryTimeout, QueryTooLarge
from graph.queries import run_query
from hdkg.settings import Settings
from loaders.vocab import vocabularies
from queries import (
    QUERIES_DIR,
    ParameterError,
    QueryFileError,
    UnknownQuery,
    UnknownValue,
    load_queries,
    parse_query_file,
    registry,
)
from tests.conftest import SEED_RECORDS


#: The answers here were worked out by hand from the five seed reports: only their records are loaded.
GRAPH_RECORDS = SEED_RECORDS

EXPECTED_QUERIES = {
    "partners", "cooperation", "instruments", "instrument", "country_profile", "organization_partners",
    "domain_overview", "hubs", "shortest_path", "multilateral", "company_instruments", "lineage",
    "engagements", "domains", "signatories", "lineage_list",
}
#: Queries whose required-parameter example finds nothing in the curated records, and why.
EMPTY_ON_CURATED_DATA = {"multilateral": "no curated instrument has more than two party countries"}


def _run(driver: neo4j.Driver, name: str, params: dict | None = None, **options):
    """The registry's query `name`, run (the runner takes parsed queries; callers look names up)."""
    return run_query(driver, registry().get(name), params, **options)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


# -- the registry (no database needed) -----------------------------------------------------

def test_registry_holds_every_cypher_file():
    files = {path.stem for path in QUERIES_DIR.glob("*.cypher")}
    assert set(registry().names()) == files
    assert EXPECTED_QUERIES <= files


def test_headers_describe_every_parameter():
    for query in registry():
        assert query.description, query.name
        for param in query.params:
            assert param.description, (query.name, param.name)
            assert param.has_example, f"{query.name}.{param.name} has no example"
            assert param.name not in ("limit", "offset"), "limit and offset are the runner's"
            assert param.type.json_schema()
        described = query.describe()
        assert [p["name"] for p in described["params"]] == [p.name for p in query.params]


def test_instrument_status_defaults_are_the_cooperation_statuses():
    checked = 0
    for query in registry():
        for param in query.params:
            if param.type.scheme == "instrument-status":
                assert param.default == list(COOPERATION_STATUSES), (query.name, param.name)
                checked += 1
    assert checked >= 10


def test_every_example_binds():
    for query in registry():
        bound = query.bind(query.example_params())
        assert set(bound) == {p.name for p in query.params}


def test_bind_reads_text_names_and_labels():
    bound = registry().get("partners").bind({
        "country": "Україна", "domain": "онкология", "include_companies": "yes",
        "statuses": "signed, in-force", "from_year": "2020", "level": "organization",
    })
    assert bound == {"country": "UA", "domain": "oncology", "include_companies": True,
                     "statuses": ["signed", "in-force"], "from_year": 2020, "to_year": None,
                     "level": "organization", "include_non_state": False, "evidence_limit": 20}
    assert registry().get("partners").bind({"country": "UKR", "statuses": ["signed", "proposed"]})["statuses"] \
        == ["signed", "proposed"]


@pytest.mark.parametrize(("raw", "parameter"), [
    ({}, "country"),
    ({"country": "UA", "colour": "red"}, "colour"),
    ({"country": "UA", "from_year": "last year"}, "from_year"),
    ({"country": "UA", "level": "planet"}, "level"),
    ({"country": "UA", "include_companies": "perhaps"}, "include_companies"),
    ({"country": "UA", "statuses": "sgned"}, "statuses"),
    ({"country": "UA", "statuses": ""}, "statuses"),
])
def test_bind_names_the_bad_parameter(raw, parameter):
    with pytest.raises(ParameterError) as caught:
        registry().get("partners").bind(raw)
    assert caught.value.parameter == parameter
    assert f"'{parameter}'" in str(caught.value)


def test_unknown_country_and_domain_carry_suggestions():
    with pytest.raises(UnknownValue) as country:
        registry().get("partners").bind({"country": "Bielarus"})
    assert "BY" in [s["code"] for s in country.value.suggestions]
    with pytest.raises(UnknownValue) as domain:
        registry().get("partners").bind({"country": "UA", "domain": "oncolgy"})
    assert "oncology" in domain.value.suggestions


def test_unknown_query_lists_the_known_ones():
    with pytest.raises(UnknownQuery) as caught:
        registry().get("partner")
    assert "partners" in caught.value.known


#: Query files the registry refuses: (file name, text after the name line, what the error says).
REFUSED_FILES = [
    ("undeclared", "// description: d\nRETURN $x AS x\n", "undeclared parameters"),
    ("unused", "// description: d\n// param: x: int = 1  an x. example: 2\nRETURN 1 AS one\n", "unused"),
    ("renamed", "// description: d\nRETURN 1 AS one\n", "differs"),
    ("bad_type", "// description: d\n// param: x: float = 1  an x\nRETURN $x AS x\n", "unknown type"),
    # the runner pages every query, so a file ends with one RETURN and no page clause of its own
    ("union", "// description: d\nRETURN 1 AS one\nUNION\nRETURN 2 AS one\n", r"union.cypher:4: top-level UNION"),
    ("limited", "// description: d\nRETURN 1 AS one\nLIMIT 5\n", "top-level LIMIT"),
    ("reserved", "// description: d\n// param: page_size: int = 1  rows\nRETURN $page_size AS n\n",
     "reserved for pagination"),
]


@pytest.mark.parametrize(("name", "rest", "message"), REFUSED_FILES, ids=[case[0] for case in REFUSED_FILES])
def test_query_file_refused(tmp_path, name, rest, message):
    declared = "other" if name == "renamed" else name
    with pytest.raises(QueryFileError, match=message):
        parse_query_file(_write(tmp_path, name, f"// name: {declared}\n{rest}"))


def test_union_inside_a_subquery_is_paged_after_the_final_return(tmp_path):
    nested = _write(tmp_path, "nested", "// name: nested\n// description: d\n"
                                        "CALL () {\n  RETURN 1 AS one\n  UNION\n  RETURN 2 AS one\n}\nRETURN one ORDER BY one\n")
    assert parse_query_file(nested).paged_text.endswith("RETURN one ORDER BY one\nSKIP $page_offset LIMIT $page_size")


def test_header_parsing(tmp_path):
    _write(tmp_path, "sample", (
        "// name: sample\n"
        "// description: A sample query\n"
        "//    over two lines.\n"
        '// param: who: country (required)  A country. example: "VN"\n'
        '// param: what: list[str] | null = null  Things, or none. example: ["a", "b"]\n'
        '// param: how: "fast" | "slow" = "slow"  Speed.\n'
        "RETURN $who AS who, $what AS what, $how AS how\n"
    ))
    (query,) = list(load_queries(tmp_path))
    assert query.description == "A sample query over two lines."
    who, what, how = query.params
    assert (who.required, who.example, who.type.base) == (True, "VN", "country")
    assert (what.required, what.default, what.example, what.type.is_list, what.type.nullable) == \
        (False, None, ["a", "b"], True, True)
    assert (how.default, how.type.choices, how.has_example) == ("slow", ("fast", "slow"), False)
    assert query.bind({"who": "Viet Nam", "what": "x,y"}) == {"who": "VN", "what": ["x", "y"], "how": "slow"}


# -- running against the curated graph -----------------------------------------------------

def _plain(value) -> bool:
    """Maps, lists and scalars only: the runner hands rows on without converting graph entities."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_every_query_runs_with_its_examples(loaded_graph: neo4j.Driver, settings: Settings, name: str):
    query = registry().get(name)
    full = run_query(loaded_graph, query, query.example_params(), settings=settings)
    assert full.columns and full.total == len(full.rows) and not full.has_more
    assert all(_plain(row) for row in full.rows), "rows must hold maps, lists and scalars only"
    required_only = run_query(loaded_graph, query, query.example_params(required_only=True), settings=settings)
    if name in EMPTY_ON_CURATED_DATA:
        assert required_only.total == 0, EMPTY_ON_CURATED_DATA[name]
    else:
        assert required_only.rows, f"{name} finds nothing with {query.example_params(required_only=True)}"


def test_ukraine_oncology_partner_is_azerbaijan_through_its_hospitals(loaded_graph, settings):
    # The oncology memorandum is between two centres: neither state is a party, so by default
    # Ukraine has no oncology partner; counting non-state parties, the centres' countries are.
    assert _run(loaded_graph, "partners", {"country": "Ukraine", "domain": "oncology"}, settings=settings).total == 0
    result = _run(loaded_graph, "partners", {"country": "Ukraine", "domain": "oncology", "include_non_state": True},
                  settings=settings)
    assert [row["partner_id"] for row in result.rows] == ["AZ"]
    (row,) = result.rows
    assert row["instrument_ids"] == ["az-ua-moc-oncology-centres"]
    assert row["instruments"] == [{"id": "az-ua-moc-oncology-centres", "status": "signed", "signed_date": None,
                                   "signed": True}]
    assert (row["signed_count"], row["status_counts"]) == (1, [{"status": "signed", "instruments": 1}])
    assert row["partner_organizations"] == ["az-national-oncology-center"]
    assert row["own_organizations"] == ["ua-national-cancer-institute"]
    assert [s["id"] for s in row["sources"]] == ["azertac-undated-azerbaijan-ukraine-health-visit"]
    assert row["sources"][0]["publisher"] == "AZERTAC" and "url" in row["sources"][0]


def test_kazakhstan_partners_include_astrazeneca_only_when_asked(loaded_graph, settings):
    without = _run(loaded_graph, "partners", {"country": "KZ"}, settings=settings)
    assert without.total == 0
    with_companies = _run(loaded_graph, "partners", {"country": "Kazakhstan", "include_companies": True},
                          settings=settings)
    (row,) = with_companies.rows
    assert (row["partner_id"], row["parent_organization"]) == ("astrazeneca-kazakhstan", "astrazeneca")
    assert row["organization_kind"] == "company-office"
    assert row["instrument_ids"] == ["kz-mou-ministry-astrazeneca-2021"]
    assert row["sources"][0]["id"] == "kazinform-2021-11-04-kazakhstan-astrazeneca-mou"


def test_broader_domain_counts_narrower_instruments(loaded_graph, settings):
    # ontology/domains.ttl: oncology skos:broader clinical-medicine.
    broader = _run(loaded_graph, "cooperation", {"domain": "clinical-medicine", "include_non_state": True},
                   settings=settings)
    (pair,) = broader.rows
    assert (pair["country_a"], pair["country_b"]) == ("AZ", "UA")
    assert "az-ua-moc-oncology-centres" in pair["instrument_ids"]
    assert pair["instrument_count"] == 4  # oncology, cardiology, pediatrics, traditional medicine
    # between the states themselves, only the ministries' agreement (traditional medicine)
    (states,) = _run(loaded_graph, "cooperation", {"domain": "clinical-medicine"}, settings=settings).rows
    assert states["instrument_ids"] == ["az-ua-agreement-health-medical-science"]
    # ...but not the other way: pediatric oncology is narrower than oncology and nothing covers it.
    narrower = _run(loaded_graph, "cooperation", {"domain": "pediatric-oncology"}, settings=settings)
    assert narrower.total == 0
    overview = _run(loaded_graph, "domain_overview", {"domain": "clinical-medicine"}, settings=settings)
    assert "oncology" in overview.rows[0]["included_domains"]
    assert overview.rows[0]["instrument_count"] == 4


def test_counting_is_status_aware(loaded_graph, settings):
    signed = _run(loaded_graph, "partners", {"country": "UA"}, settings=settings)
    assert (signed.rows[0]["instrument_count"], signed.rows[0]["signed_count"]) == (2, 2)
    assert signed.rows[0]["status_counts"] == [{"status": "signed", "instruments": 2}]
    wider = _run(loaded_graph, "partners", {"country": "UA", "include_non_state": True}, settings=settings)
    assert (wider.rows[0]["instrument_count"], wider.rows[0]["signed_count"]) == (6, 6)
    proposed_only = _run(loaded_graph, "partners", {"country": "UA", "statuses": ["proposed"]}, settings=settings)
    assert proposed_only.total == 0


def test_period_filters_drop_undated_instruments(loaded_graph, settings):
    dated = _run(loaded_graph, "instruments", {"from_year": 2024, "to_year": 2024}, settings=settings)
    assert [row["id"] for row in dated.rows] == ["by-vn-mou-health-cooperation-2024"]
    earlier = _run(loaded_graph, "instruments", {"to_year": 2023}, settings=settings)
    assert earlier.total == 0


def test_instruments_between_vietnam_and_belarus(loaded_graph, settings):
    result = _run(loaded_graph, "instruments", {"country": "Việt Nam", "partner": "Беларусь"}, settings=settings)
    (row,) = result.rows
    assert row["id"] == "by-vn-mou-health-cooperation-2024"
    assert row["party_countries"] == ["BY", "VN"]
    assert row["sources"][0]["id"] == "vietnam-belarus-2024-10-08-health-mou-signing"


def test_instrument_in_full(loaded_graph, settings):
    (row,) = _run(loaded_graph, "instrument", {"id": "az-ua-agreement-health-medical-science"},
                  settings=settings).rows
    assert [p["signatory"] for p in row["parties"]] == ["teymur-musayev", "viktor-liashko"]
    assert [(p["country"], p["role"], p["state"], p["signed"]) for p in row["parties"]] == \
        [("AZ", "party", True, True), ("UA", "party", True, True)]
    assert row["signed_by"] == ["AZ", "UA"] and row["forum"] is None
    assert [(s["status"], s["actor"]) for s in row["status_history"]] == [("signed", None)]
    (memorandum,) = _run(loaded_graph, "instrument", {"id": "az-ua-moc-oncology-centres"}, settings=settings).rows
    assert memorandum["signed_by"] == [] and {p["state"] for p in memorandum["parties"]} == {False}
    assert memorandum["signed_by_organizations"] == ["az-national-oncology-center", "ua-national-cancer-institute"]
    assert row["renews"] == ["az-ua-agreement-health-medical-science-earlier"]
    assert row["events"][0]["id"] == "az-ua-health-agreement-signing-undated"
    (source,) = row["sources"]
    assert source["id"] == "azertac-undated-azerbaijan-ukraine-health-visit"
    assert any("Teymur Musayev" in quote["quote"] for quote in source["quotes"])


def test_lineage_orders_generations(loaded_graph, settings):
    for start in ("az-ua-agreement-health-medical-science", "az-ua-agreement-health-medical-science-earlier"):
        rows = _run(loaded_graph, "lineage", {"instrument": start}, settings=settings).rows
        assert [(r["id"], r["generation"]) for r in rows] == [
            ("az-ua-agreement-health-medical-science-earlier", 0), ("az-ua-agreement-health-medical-science", 1)]
    (link,) = _run(loaded_graph, "lineage_list", {}, settings=settings).rows
    assert (link["instrument"], link["relation"], link["target"], link["status"], link["target_status"]) == \
        ("az-ua-agreement-health-medical-science", "renews", "az-ua-agreement-health-medical-science-earlier",
         "signed", "signed")
    assert link["sources"][0]["id"] == "azertac-undated-azerbaijan-ukraine-health-visit"
    assert _run(loaded_graph, "lineage_list", {"relation": "amends"}, settings=settings).total == 0
    assert _run(loaded_graph, "lineage_list", {"country": "VN"}, settings=settings).total == 0


def test_shortest_path_and_hubs(loaded_graph, settings):
    paths = _run(loaded_graph, "shortest_path", {"from_country": "AZ", "to_country": "Ukraine"},
                 settings=settings)
    assert paths.total == 2 and {r["hops"] for r in paths.rows} == {1}
    assert paths.rows[0]["steps"][0]["from_country"] == "AZ" and paths.rows[0]["sources"]
    assert paths.rows[0]["steps"][0]["status"] == "signed" and paths.rows[0]["signed"]
    wider = _run(loaded_graph, "shortest_path", {"from_country": "AZ", "to_country": "UA", "include_non_state": True},
                 settings=settings)
    assert wider.total == 6
    unconnected = _run(loaded_graph, "shortest_path", {"from_country": "VN", "to_country": "UA"},
                       settings=settings)
    assert unconnected.total == 0
    hubs = _run(loaded_graph, "hubs", {}, settings=settings)
    assert [row["country"] for row in hubs.rows] == ["AZ", "UA", "BY", "VN"]


def test_companies_and_engagements(loaded_graph, settings):
    companies = _run(loaded_graph, "company_instruments", {}, settings=settings)
    assert [row["id"] for row in companies.rows] == ["kz-mou-ministry-astrazeneca-2021"]
    opposed = _run(loaded_graph, "engagements", {"statuses": ["opposed"]}, settings=settings)
    (row,) = opposed.rows
    assert row["id"] == "kg-ru-bsl3-laboratory-proposal"
    assert row["opposed_by"] == ["KG"] and row["countries"] == ["KG", "RU"]
    assert row["sources"][0]["id"] == "kyrgyzstan-russia-undated-intergovernmental-commission-health"
    # biosafety is narrower than health-security
    security = _run(loaded_graph, "engagements", {"domain": "health-security"}, settings=settings)
    assert "kg-ru-bsl3-laboratory-proposal" in [r["id"] for r in security.rows]


def test_engagements_of_a_country_are_those_it_or_its_organizations_took_part_in(loaded_graph, settings):
    # The country filter starts from the country and its organizations; every engagement the
    # unfiltered answer shows with that country must still be found, and no other.
    whole = _run(loaded_graph, "engagements", {}, settings=settings)
    assert not whole.has_more
    every = whole.rows
    codes = sorted({code for row in every for code in row["countries"]})
    assert len(codes) > 5
    # by-vn-health-cooperation-follow-up-2024 names only the two ministries: found through their country
    assert "by-vn-health-cooperation-follow-up-2024" in [r["id"] for r in every if "BY" in r["countries"]]
    for code in codes:
        found = _run(loaded_graph, "engagements", {"country": code}, settings=settings).rows
        assert found == [row for row in every if code in row["countries"]], code


@pytest.mark.parametrize("include_non_state", [False, True])
def test_company_instruments_of_a_country_are_those_it_is_a_party_country_of(loaded_graph, settings, include_non_state):
    whole = _run(loaded_graph, "company_instruments", {"include_non_state": include_non_state}, settings=settings)
    assert whole.rows and not whole.has_more
    codes = sorted({code for row in whole.rows for code in row["party_countries"]})
    assert "KZ" in codes
    for code in [*codes, "VN"]:
        found = _run(loaded_graph, "company_instruments", {"country": code, "include_non_state": include_non_state},
                     settings=settings).rows
        assert found == [row for row in whole.rows if code in row["party_countries"]], code


def test_pagination_and_row_cap(loaded_graph, settings):
    total = len(vocabularies().domains.concepts)  # one row per concept of ontology/domains.ttl
    every = _run(loaded_graph, "domains", {}, settings=settings)
    assert every.total == total and not every.truncated and not every.has_more
    first = _run(loaded_graph, "domains", {}, settings=settings, limit=10)
    assert (first.total, first.has_more, first.truncated) == (None, True, False)
    assert [r["id"] for r in first.rows] == [r["id"] for r in every.rows[:10]]
    last = _run(loaded_graph, "domains", {}, settings=settings, offset=total - 5, limit=10)
    assert (last.total, last.has_more) == (total, False)
    assert [r["id"] for r in last.rows] == [r["id"] for r in every.rows[total - 5:]]
    exact = _run(loaded_graph, "domains", {}, settings=settings, offset=total - 10, limit=10)
    assert (exact.total, exact.has_more, len(exact.rows)) == (total, False, 10)  # ends exactly at the last row
    beyond = _run(loaded_graph, "domains", {}, settings=settings, offset=total + 5, limit=10)
    assert (beyond.rows, beyond.total, beyond.has_more) == ([], None, False)
    with pytest.raises(ParameterError, match="'offset': must be at most"):
        _run(loaded_graph, "domains", {}, settings=settings, offset=2**63)
    small_cap = settings.model_copy(update={"row_cap": 10})
    capped = _run(loaded_graph, "domains", {}, settings=small_cap)
    assert (capped.total, capped.truncated, capped.has_more, len(capped.rows)) == (None, True, True, 10)
    within_cap = _run(loaded_graph, "domains", {}, settings=small_cap, limit=3)
    assert (within_cap.truncated, within_cap.has_more, len(within_cap.rows)) == (False, True, 3)


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_pages_put_together_are_the_whole_answer(loaded_graph: neo4j.Driver, settings: Settings, name: str):
    # The server pages each query; small pages must neither repeat nor lose rows.
    query = registry().get(name)
    params = query.example_params(required_only=True)  # the broadest answer each query gives
    whole = run_query(loaded_graph, query, params, settings=settings)
    assert whole.rows or name in EMPTY_ON_CURATED_DATA
    pieces, offset = [], 0
    while True:
        page = run_query(loaded_graph, query, params, settings=settings, offset=offset, limit=2)
        pieces += page.rows
        offset += len(page.rows)
        if not page.has_more:
            break
    assert pieces == whole.rows and page.total == len(whole.rows)


def test_queries_run_read_only_and_time_out(loaded_graph, settings, tmp_path):
    write = parse_query_file(_write(tmp_path, "write", "// name: write\n// description: d\n"
                                                       "CREATE (n:Scratch) RETURN 1 AS one\n"))
    with pytest.raises(ClientError, match="AccessMode|read access"):
        run_query(loaded_graph, write, settings=settings)
    slow = parse_query_file(_write(tmp_path, "slow", "// name: slow\n// description: d\n"
                                                     "// param: n: int = 1000000000  rows. example: 10\n"
                                                     "UNWIND range(1, $n) AS x WITH x WHERE x < 0 RETURN count(*) AS n\n"))
    with pytest.raises(QueryTimeout, match="slow"):
        run_query(loaded_graph, slow, settings=settings.model_copy(update={"query_timeout_s": 0.5}))


def test_query_over_the_transaction_memory_limit_is_refused_by_name(driver, settings, oversized_query):
    with pytest.raises(QueryTooLarge, match="'big' needed more memory"):
        run_query(driver, oversized_query, settings=settings, limit=1)


@pytest.mark.parametrize("name, key", [("partners", ("partner_kind", "partner_id")),
                                       ("cooperation", ("country_a", "country_b"))])
def test_evidence_lists_are_capped_and_the_counts_are_not(loaded_graph, settings, name, key):
    params = {"country": "UA"}  # Azerbaijan and Ukraine are parties to two instruments together
    whole = {tuple(row[k] for k in key): row
             for row in _run(loaded_graph, name, {**params, "evidence_limit": 10_000}, settings=settings).rows}
    capped = _run(loaded_graph, name, {**params, "evidence_limit": 1}, settings=settings).rows
    assert any(row["instrument_count"] > 1 for row in capped), "no row to cap: the test proves nothing"
    for row in capped:
        full = whole[tuple(row[k] for k in key)]
        for column in ("instrument_count", "signed_count", "status_counts", "domains", "first_year", "last_year"):
            assert row[column] == full[column], (column, row, full)
        # The one listed is the most recent, its sources are those of that instrument.
        assert row["instrument_ids"] == full["instrument_ids"][:1] and row["instruments"] == full["instruments"][:1]
        assert row["evidence_capped"] == (full["instrument_count"] > 1) and not full["evidence_capped"]
        dates = [entry["signed_date"] for entry in full["instruments"] if entry["signed_date"]]
        assert dates == sorted(dates, reverse=True)
        assert {s["id"] for s in row["sources"]} <= {s["id"] for s in full["sources"]}
    none_listed = _run(loaded_graph, name, {**params, "evidence_limit": 0}, settings=settings).rows
    assert all(row["instrument_ids"] == [] and row["sources"] == [] and row["evidence_capped"] for row in none_listed)


def test_an_evidence_limit_below_zero_is_refused_by_name():
    query = registry().get("partners")
    with pytest.raises(ParameterError, match="'evidence_limit': must be 0 or more, not -1"):
        query.bind({"country": "VN", "evidence_limit": "-1"})
    assert query.param("evidence_limit").type.json_schema() == {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}


def test_an_evidence_limit_past_a_list_index_is_refused_by_name_and_the_largest_runs(loaded_graph, settings):
    query = registry().get("partners")
    with pytest.raises(ParameterError, match="'evidence_limit': must be at most 2,147,483,647, not 2,147,483,648"):
        query.bind({"country": "VN", "evidence_limit": 2**31})
    rows = _run(loaded_graph, "partners", {"country": "VN", "evidence_limit": 2**31 - 1}, settings=settings).rows
    assert rows and not any(row["evidence_capped"] for row in rows)


def test_integer_parameters_fit_cypher_integers():
    query = registry().get("cooperation")
    with pytest.raises(ParameterError, match="'from_year': must be a 64-bit integer"):
        query.bind({"from_year": 2**63})
    assert query.bind({"from_year": "2020"})["from_year"] == 2020
