"""The loader's summaries (graph/summaries.py) and the aggregating queries that read them.

- The canned queries `hubs`, `domain_overview` and `domains` return exactly the rows the same
  queries returned when they expanded every instrument (kept in tests/fixtures/expanding-queries/
  as the oracle), less the instrument ids and sources the summarised answers no longer carry, for
  many parameter sets, on a graph holding the curated records, the invented test fixtures and a
  small synthetic corpus.
- `partners`, `cooperation`, `organization_partners` and `country_profile`, which cap the
  instruments they list (all but `organization_partners` also read each instrument once), return
  the rows their row-by-row versions (tests/fixtures/row-by-row-queries/) return when the cap is
  lifted, on the same graphs.
- `instruments` and `lineage_list`, which read their page in their answer's order when they can
  (else start from a country, the domain or the links' type index), `multilateral`, which reads
  only instruments with more than two parties and, for state parties, the countries the loader
  keeps on each, and `shortest_path`, which works out the
  steps of the page's chains only, return the rows, in order, page by page, that they returned
  before (tests/fixtures/scanning-queries/). So do `cooperation` and `partners`, which rank and
  count pairs of countries from the pair summaries and list the evidence those keep, and
  `country_profile`, which reads the country's, its pairs' and its organizations' summaries, for
  every evidence_limit below, at and above what a summary keeps. `engagements` and
  `company_instruments`, which start from the country asked for, do as well.
- After random sequences of loads, rewrites and retractions of small generated record files,
  every summary equals the same aggregate recomputed from the facts with plain Cypher
  (hypothesis, derandomized and bounded).
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from typing import Any

import neo4j
import pytest
import yaml
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from typer.testing import CliRunner

from benchmarks.generate import write_corpus
from benchmarks.queries import profile
from cli.main import app
from graph import summaries
from graph.model import Label
from graph.queries import run_query
from graph.summaries import ANY_DOMAIN, COUNT_LISTS, RECENT_LISTS, SUMMARY_LABELS, UNDATED, rebuild_summaries
from hdkg import PROJECT_ROOT
from loaders.load import run_load
from queries import parse_query_file, registry
from tests.conftest import RECORDS_DIR, _clear

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
ORACLE = {path.stem: parse_query_file(path) for path in sorted((FIXTURES / "expanding-queries").glob("*.cypher"))}
ROW_BY_ROW = {path.stem: parse_query_file(path)
              for path in sorted((FIXTURES / "row-by-row-queries").glob("*.cypher"))}
SCANNING = {path.stem: parse_query_file(path) for path in sorted((FIXTURES / "scanning-queries").glob("*.cypher"))}
ALL_STATUSES = ["signed", "adopted", "ratified", "in-force", "extended", "approved-for-signing", "proposed"]


def _all_rows(driver, query, params, settings) -> list[dict[str, Any]]:
    rows, offset = [], 0
    while True:
        result = run_query(driver, query, params, settings=settings, limit=settings.row_cap, offset=offset)
        rows += result.rows
        if not result.has_more:
            return rows
        offset += len(result.rows)


@pytest.fixture(scope="module", params=["curated", "synthetic"])
def mixed_graph(request, driver: neo4j.Driver, settings, tmp_path_factory) -> neo4j.Driver:
    """Two graphs: the curated records with the invented fixtures (approved-only instruments,
    non-state signers); and a small synthetic corpus (multilateral instruments, many domains and
    years) with the lifecycle fixtures. The two are not loaded together: the synthetic corpus
    reuses organization ids of the curated records with other facts."""
    _clear(driver, settings)
    if request.param == "curated":
        paths = [RECORDS_DIR, FIXTURES / "approved-only", FIXTURES / "lifecycle"]
    else:
        corpus = tmp_path_factory.mktemp("corpus")
        write_corpus(corpus, instruments=80, seed=11, per_file=40)
        paths = [corpus, FIXTURES / "lifecycle"]
    report = run_load(driver, settings.neo4j_database, paths)
    assert report.ok, [str(problem) for problem in report.all_problems()]
    return driver


def _busiest(driver, database: str, k: int) -> list[str]:
    records = driver.execute_query(
        "MATCH (c:Country)<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(i:Instrument) "
        "RETURN c.id AS id, count(DISTINCT i) AS n ORDER BY n DESC, id LIMIT $k", k=k, database_=database).records
    return [r["id"] for r in records]


def _domains(driver, database: str) -> list[str]:
    # A broad domain (with narrower ones), a leaf, and the domains the fixtures use.
    records = driver.execute_query(
        "MATCH (d:Domain) RETURN d.id AS id, COUNT { (:Domain)-[:BROADER]->(d) } AS narrower "
        "ORDER BY narrower DESC, id", database_=database).records
    broad = [r["id"] for r in records if r["narrower"] > 0][:2]
    leaf = [r["id"] for r in records if r["narrower"] == 0][:1]
    return [*broad, *leaf, "oncology", "pharmaceuticals"]


def _grid(**axes: list[Any]) -> list[dict[str, Any]]:
    names = list(axes)
    return [dict(zip(names, values)) for values in itertools.product(*(axes[n] for n in names))]


STATUS_SETS = [None, ALL_STATUSES, ["approved-for-signing"], ["signed", "in-force"]]
YEARS = [(None, None), (2015, None), (2010, 2020)]


def _with_years(params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for p in params:
        for lo, hi in YEARS:
            out.append({**p, "from_year": lo, "to_year": hi})
    return out


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


def _parameter_sets(name: str, countries: list[str], domains: list[str]) -> list[dict[str, Any]]:
    if name == "domains":
        return _grid(statuses=STATUS_SETS, used_only=[False, True])
    if name == "domain_overview":
        return _grid(domain=domains[:3], statuses=STATUS_SETS[:3], include_non_state=[False, True])
    if name == "hubs":
        return (_grid(domain=[None, domains[0]], statuses=STATUS_SETS[1:3], include_non_state=[False, True])
                + _with_years(_grid(domain=[None], statuses=STATUS_SETS[:2], include_non_state=[False, True])))
    raise AssertionError(name)


#: What the summarised answers leave to `partners`, `cooperation` and `instruments`: lists that grow
#: with the instruments counted.
DROPPED = {"instrument_ids", "sources"}


def _without_lists(value: Any) -> Any:
    if isinstance(value, list):
        return [_without_lists(item) for item in value]
    if isinstance(value, dict):
        return {k: _without_lists(v) for k, v in value.items() if k not in DROPPED}
    return value


@pytest.mark.parametrize("name", sorted(ORACLE))
def test_summarised_queries_answer_as_the_expanding_ones(mixed_graph, settings, name):
    database = settings.neo4j_database
    countries = [*_busiest(mixed_graph, database, 2), "VN", "LA", "UA"]
    domains = _domains(mixed_graph, database)
    canned, oracle = registry().get(name), ORACLE[name]
    assert canned.text != oracle.text, "the canned query should read the summaries"
    compared = non_empty = 0
    for params in _parameter_sets(name, countries, domains):
        params = _clean(params)
        expected = _without_lists(_all_rows(mixed_graph, oracle, params, settings))
        got = _all_rows(mixed_graph, canned, params, settings)
        assert got == expected, f"{name} {params}"
        compared += 1
        non_empty += bool(expected) and expected != [{}]
    assert compared > 0 and non_empty >= max(1, compared // 5), (compared, non_empty)


def _row_by_row_parameter_sets(name: str, countries: list[str], organizations: list[str],
                               domains: list[str]) -> list[dict[str, Any]]:
    if name == "partners":
        # A broad domain and a leaf: the query starts from the country or the domain, whichever has
        # fewer instruments, so both starts are compared.
        return (_grid(country=countries[:3], domain=[None, domains[0], domains[2]], level=["country", "organization"],
                      include_companies=[False, True], include_non_state=[False, True])
                + _with_years(_grid(country=countries[:2], statuses=STATUS_SETS[1:3])))
    if name == "cooperation":
        return (_grid(country=[None, countries[0]], domain=[None, domains[0], domains[2]], statuses=STATUS_SETS[:3],
                      include_non_state=[False, True])
                + _with_years(_grid(statuses=[None], include_non_state=[False, True])))
    if name == "organization_partners":
        return _grid(organization=organizations, domain=[None, domains[0]], statuses=STATUS_SETS[:3],
                     include_non_state=[False, True])
    raise AssertionError(name)


def _busiest_organizations(driver, database: str, k: int) -> list[str]:
    records = driver.execute_query(
        "MATCH (o:Organization)<-[:PARTY_ORGANIZATION]-(:Party)<-[:HAS_PARTY]-(i:Instrument) "
        "RETURN o.id AS id, count(DISTINCT i) AS n ORDER BY n DESC, id LIMIT $k", k=k, database_=database).records
    return [r["id"] for r in records]


def _lists_as_sets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The listed instruments now come most recent first, the row-by-row versions ordered them by id.
    return [{key: sorted(map(repr, value)) if isinstance(value, list) else value
             for key, value in row.items() if key != "evidence_capped"} for row in rows]


#: The columns of a partner or pair row that stop at evidence_limit; the rest covers every instrument.
ROW_CAPPED = ("instrument_ids", "instruments", "sources", "evidence_capped")


@pytest.mark.parametrize("name", ["cooperation", "organization_partners", "partners"])
def test_queries_reading_each_instrument_once_answer_as_the_row_by_row_ones(mixed_graph, settings, name):
    database = settings.neo4j_database
    countries = [*_busiest(mixed_graph, database, 2), "VN", "UA"]
    canned, oracle = registry().get(name), ROW_BY_ROW[name]
    compared = non_empty = 0
    organizations = _busiest_organizations(mixed_graph, database, 3)
    capped_rows = 0
    for params in _row_by_row_parameter_sets(name, countries, organizations, _domains(mixed_graph, database)):
        params = _clean(params)
        expected = _lists_as_sets(_all_rows(mixed_graph, oracle, params, settings))
        got = _all_rows(mixed_graph, canned, {**params, "evidence_limit": 1_000_000}, settings)
        assert not any(row["evidence_capped"] for row in got)
        assert _lists_as_sets(got) == expected, f"{name} {params}"
        compared += 1
        non_empty += bool(expected)
        if compared <= 6:  # capped at one: the same rows and counts, the most recent instrument listed
            capped = _all_rows(mixed_graph, canned, {**params, "evidence_limit": 1}, settings)
            assert len(capped) == len(got), f"{name} {params}"
            for short, whole in zip(capped, got):
                assert short["instrument_ids"] == whole["instrument_ids"][:1]
                assert short["evidence_capped"] == (whole["instrument_count"] > 1)
                assert {k: v for k, v in short.items() if k not in ROW_CAPPED} \
                    == {k: v for k, v in whole.items() if k not in ROW_CAPPED}
                capped_rows += short["evidence_capped"]
    assert compared > 0 and non_empty >= max(1, compared // 5), (compared, non_empty)
    assert capped_rows > 0, "no row was capped: the cap went untested"


#: (offset, size) of the pages compared: a page of one, pages inside and past the first, a long one.
PAGES = [(0, 1), (1, 3), (0, 50), (50, 50), (0, 500)]


def _pages_as_before(driver, canned, oracle, params: dict[str, Any], settings, pages=PAGES) -> list[int]:
    """Each page of the canned query equals the earlier version's, rows and has_more; their sizes."""
    sizes = []
    for offset, size in pages:
        expected = run_query(driver, oracle, params, settings=settings, offset=offset, limit=size)
        got = run_query(driver, canned, params, settings=settings, offset=offset, limit=size)
        assert (got.rows, got.has_more) == (expected.rows, expected.has_more), (canned.name, params, offset, size)
        sizes.append(len(got.rows))
    return sizes


def test_instruments_read_in_date_order_page_as_when_every_match_was_sorted(mixed_graph, settings):
    database = settings.neo4j_database
    canned, oracle = registry().get("instruments"), SCANNING["instruments"]
    countries = _busiest(mixed_graph, database, 2)
    [organization] = _busiest_organizations(mixed_graph, database, 1)
    domains = _domains(mixed_graph, database)
    parameter_sets = (_grid(country=[None, *countries, "VN"], partner=[None, countries[1], "BY"],
                            include_non_state=[False, True])
                      + _grid(domain=[None, *domains[:3]], statuses=STATUS_SETS, type=[None, "memorandum-of-understanding"])
                      + _with_years(_grid(country=[None, countries[0]], organization=[None, organization])))
    full_pages = 0
    for params in map(_clean, parameter_sets):
        sizes = _pages_as_before(mixed_graph, canned, oracle, params, settings)
        full_pages += sum(got == size for got, (_, size) in zip(sizes, PAGES))
    # Pages that fill up are the ones the date-ordered read can answer alone.
    assert full_pages >= len(parameter_sets), full_pages
    # Pages of one at every offset: each that ends inside a run of instruments signed on one date
    # needs the rest of that date's instruments, which the index gives in its own order.
    for params in ({}, {"statuses": ALL_STATUSES}):
        expected = _all_rows(mixed_graph, oracle, params, settings)
        got = [row for offset in range(len(expected))
               for row in run_query(mixed_graph, canned, params, settings=settings, offset=offset, limit=1).rows]
        assert [row["id"] for row in got] == [row["id"] for row in expected], params
    dates = Counter(row["signed_date"] for row in expected if row["signed_date"])
    assert max(dates.values()) > 1, "no two instruments share a date: the runs went untested"
    # Unfiltered, a short page is read from the index alone: a fraction of the work of sorting all.
    read, sorted_all = (profile(mixed_graph, database, query.paged_text,
                                {**query.bind({}), "page_offset": 0, "page_size": 2})["db_hits"]
                        for query in (canned, oracle))
    assert 4 * read < sorted_all, (read, sorted_all)


def _kept_lists_parameter_sets(name: str, countries: list[str], domains: list[str], kept: int) -> list[dict[str, Any]]:
    if name == "cooperation":
        return (_grid(country=[None, countries[0], "VN"], domain=[None, domains[0], domains[2]],
                      statuses=STATUS_SETS[:3], include_non_state=[False, True], evidence_limit=[kept])
                + _grid(domain=[None, domains[0]], statuses=[None, ALL_STATUSES],
                        include_non_state=[False, True], evidence_limit=[kept, kept + 1, None])
                + _with_years(_grid(country=[None, countries[0]], include_non_state=[False, True])))
    if name == "partners":
        return (_grid(country=[*countries, "VN"], domain=[None, domains[0], domains[2]], statuses=STATUS_SETS[:3],
                      include_non_state=[False, True], evidence_limit=[kept])
                + _grid(country=countries[:1], domain=[None, domains[0]], statuses=[None, ALL_STATUSES],
                        include_non_state=[False, True], evidence_limit=[kept, kept + 1, None])
                + _grid(country=countries[:1], level=["organization"], include_companies=[False, True],
                        evidence_limit=[kept])
                + _with_years(_grid(country=countries[:1], include_non_state=[False, True])))
    if name == "country_profile":
        return _grid(country=[*countries, "VN", "UA", "AQ"], statuses=STATUS_SETS,
                     include_non_state=[False, True], evidence_limit=[kept, kept + 1, None])
    raise AssertionError(name)


@pytest.mark.parametrize("name", ["cooperation", "partners", "country_profile"])
def test_answers_from_the_pair_summaries_page_as_when_every_instrument_was_read(mixed_graph, settings, monkeypatch,
                                                                                name):
    database = settings.neo4j_database
    canned, oracle = registry().get(name), SCANNING[name]
    countries = _busiest(mixed_graph, database, 2)
    domains = _domains(mixed_graph, database)
    # Summaries keeping one instrument per status, so pairs have more than they keep: evidence
    # lists within what is kept, and longer ones, which read the instruments of the pairs whose
    # kept lists are too short. The query reads how much is kept from the summaries themselves.
    kept = 1
    monkeypatch.setattr(summaries, "RECENT_KEPT", kept)
    with mixed_graph.session(database=database) as session:
        session.execute_write(rebuild_summaries)
    try:
        deepest = mixed_graph.execute_query(
            "MATCH (s:PairSummary) RETURN max(reduce(n = 0, c IN s.counts | CASE WHEN c > n THEN c ELSE n END)) AS n",
            database_=database).records[0]["n"]
        assert deepest > kept + 1, deepest
        capped = 0
        for params in map(_clean, _kept_lists_parameter_sets(name, countries, domains, kept)):
            _pages_as_before(mixed_graph, canned, oracle, params, settings)
            capped += sum(row["evidence_capped"] for row in run_query(mixed_graph, canned, params, settings=settings).rows)
        assert capped > 0, "no row listed less than it counts: the kept lists went untested"
    finally:
        monkeypatch.undo()
        with mixed_graph.session(database=database) as session:
            session.execute_write(rebuild_summaries)


def test_multilateral_from_the_kept_party_counts_answers_as_before(mixed_graph, settings):
    database = settings.neo4j_database
    canned, oracle = registry().get("multilateral"), SCANNING["multilateral"]
    parameter_sets = _grid(country=[None, *_busiest(mixed_graph, database, 2), "VN"],
                           domain=[None, *_domains(mixed_graph, database)[:2]],
                           statuses=STATUS_SETS[:2], include_non_state=[False, True])
    non_empty = 0
    for params in map(_clean, parameter_sets):
        non_empty += sum(map(bool, _pages_as_before(mixed_graph, canned, oracle, params, settings)))
    assert non_empty >= len(parameter_sets), non_empty
    # Non-state parties make an instrument multilateral that is not among the state parties' (a
    # fixture: two states and a hospital of a third), so the two modes' answers are compared apart.
    ids = {mode: {row["id"] for row in run_query(mixed_graph, canned, {"include_non_state": mode}, settings=settings).rows}
           for mode in (False, True)}
    assert "ke-tz-ug-hospital-memorandum-fixture" in ids[True] - ids[False], ids


def test_shortest_path_working_out_the_pages_steps_only_answers_as_before(mixed_graph, settings):
    database = settings.neo4j_database
    canned, oracle = registry().get("shortest_path"), SCANNING["shortest_path"]
    busiest = _busiest(mixed_graph, database, 2)
    # Hubs, their neighbours, countries a few steps apart, and one party to nothing (no path).
    least = [r["id"] for r in mixed_graph.execute_query(
        "MATCH (c:Country) WHERE EXISTS { (c)<-[:PARTY_COUNTRY]-() } "
        "RETURN c.id AS id ORDER BY COUNT { (c)<-[:PARTY_COUNTRY]-() }, id LIMIT 3", database_=database).records]
    pairs = [(a, b) for a, b in itertools.permutations([*busiest, *least, "VN", "IS"], 2) if a < b or a in busiest]
    chains = 0
    for (a, b), extra in itertools.product(pairs, [{}, {"include_non_state": True}, {"statuses": ["signed"]}]):
        params = {"from_country": a, "to_country": b, **extra}
        chains += sum(_pages_as_before(mixed_graph, canned, oracle, params, settings,
                                       pages=[(0, 1), (1, 1), (2, 1), (1, 3), (0, 50)]))
    hops = [[row["hops"] for row in run_query(mixed_graph, canned, {"from_country": a, "to_country": b},
                                              settings=settings).rows] for a, b in pairs]
    # Several pairs are linked, some through another country.
    assert chains > 0 and sum(map(bool, hops)) >= 3 and max(map(max, filter(None, hops))) >= 2, (chains, hops)


@pytest.mark.parametrize(("name", "column", "widest"), [("company_instruments", "party_countries", {"include_non_state": True}),
                                                     ("engagements", "countries", {})])
def test_queries_starting_from_the_country_answer_as_before(mixed_graph, settings, name, column, widest):
    database = settings.neo4j_database
    canned, oracle = registry().get(name), SCANNING[name]
    # The busiest countries, the first few the widest unfiltered answer shows, one party to nothing.
    shown = sorted({code for row in _all_rows(mixed_graph, oracle, widest, settings) for code in row[column]})
    countries = [None, *_busiest(mixed_graph, database, 2), *shown[:3], "VN", "IS"]
    beside = {"company_instruments": {"statuses": STATUS_SETS[:2], "include_non_state": [False, True]},
              "engagements": {"domain": [None, _domains(mixed_graph, database)[0]], "statuses": [None, ["opposed"]]}}
    with_country = 0  # answers of a country filter that hold rows
    for params in map(_clean, _grid(country=countries, **beside[name])):
        found = _pages_as_before(mixed_graph, canned, oracle, params, settings)[2]
        with_country += bool(found and "country" in params)
    assert with_country >= 2, with_country


def test_lineage_list_reading_in_id_order_or_from_links_or_a_country_answers_as_before(mixed_graph, settings):
    database = settings.neo4j_database
    canned, oracle = registry().get("lineage_list"), SCANNING["lineage_list"]
    # Per end of a link, the countries party to that end only, least often a party first.
    ends = mixed_graph.execute_query(
        "MATCH (x:Instrument)-[:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->(y:Instrument) "
        "UNWIND [{end: 'source', at: x, other: y}, {end: 'target', at: y, other: x}] AS link "
        "WITH link.end AS end, link.at AS at, link.other AS other "
        "MATCH (c:Country)<-[:PARTY_COUNTRY]-(:Party)<-[:HAS_PARTY]-(at) "
        "WHERE NOT EXISTS { (other)-[:HAS_PARTY]->(:Party)-[:PARTY_COUNTRY]->(c) } "
        "RETURN DISTINCT end, c.id AS id, COUNT { (c)<-[:PARTY_COUNTRY]-() } AS degree "
        "ORDER BY degree, id", database_=database).records
    least = [row["id"] for end in ("source", "target") for row in [r for r in ends if r["end"] == end][:1]]
    # Those, the busiest country of all (read from every link) and one party to nothing.
    countries = [None, *least, *_busiest(mixed_graph, database, 1), "IS"]
    non_empty = 0
    for params in map(_clean, _grid(country=countries, relation=[None, "renews", "refers_to"], statuses=STATUS_SETS[:2])):
        non_empty += sum(map(bool, _pages_as_before(mixed_graph, canned, oracle, params, settings)))
    assert non_empty > len(countries), non_empty
    # Both starts ran: a country that is a party less often than there are links, and one more often.
    [row] = mixed_graph.execute_query(
        "UNWIND $ids AS id MATCH (c:Country {id: id}) "
        "WITH collect(COUNT { (c)<-[:PARTY_COUNTRY]-() }) AS degrees "
        "RETURN degrees, COUNT { ()-[:RENEWS|AMENDS|IMPLEMENTS|REFERS_TO]->() } AS links",
        ids=[c for c in countries if c], database_=database).records
    assert min(row["degrees"]) < row["links"] <= max(row["degrees"]), dict(row)


def _as_sets(value: Any) -> Any:
    # Every list, however deep, as its items sorted: the capped lists now come most recent first.
    # Sorted by their canonical JSON, since a map's repr follows the order its query wrote the keys.
    if isinstance(value, list):
        return sorted((_as_sets(item) for item in value),
                      key=lambda item: json.dumps(item, sort_keys=True, default=str))
    if isinstance(value, dict):
        return {key: _as_sets(item) for key, item in value.items()}
    return value


#: The lists of a profile that stop at evidence_limit; everything else covers every instrument.
PROFILE_CAPPED = ("timeline", "evidence_capped", "partners", "organizations", "sources")


def test_country_profile_reading_each_instrument_once_answers_as_the_row_by_row_one(mixed_graph, settings):
    canned, oracle = registry().get("country_profile"), ROW_BY_ROW["country_profile"]
    countries = [*_busiest(mixed_graph, settings.neo4j_database, 3), "VN", "UA", "AZ"]
    capped = 0
    for params in _grid(country=countries, statuses=STATUS_SETS[:3], include_non_state=[False, True]):
        params = _clean(params)
        (expected,) = _all_rows(mixed_graph, oracle, params, settings)
        (whole,) = _all_rows(mixed_graph, canned, {**params, "evidence_limit": 1_000_000}, settings)
        assert not whole["evidence_capped"], params
        assert _as_sets({k: v for k, v in whole.items() if k not in ("years", "evidence_capped")}) \
            == _as_sets(expected), params
        # The years count the whole timeline the row-by-row version listed.
        per_year = Counter(entry["signed_year"] for entry in expected["timeline"])
        signed = Counter(entry["signed_year"] for entry in expected["timeline"] if entry["signed"])
        assert whole["years"] == [{"year": year, "instruments": n, "signed": signed[year]}
                                  for year, n in sorted(per_year.items(), key=lambda yn: (yn[0] is None, yn[0] or 0))]
        # Most recent first, the undated last.
        undated = [entry["signed_date"] is None for entry in whole["timeline"]]
        dated = [entry["signed_date"] for entry in whole["timeline"] if entry["signed_date"]]
        assert undated == sorted(undated) and dated == sorted(dated, reverse=True), params
        (short,) = _all_rows(mixed_graph, canned, {**params, "evidence_limit": 1}, settings)
        assert short["timeline"] == whole["timeline"][:1]
        assert short["evidence_capped"] == (whole["instrument_count"] > 1)
        for name in ("partners", "organizations"):
            assert short[name] == [{**row, "instrument_ids": row["instrument_ids"][:1]} for row in whole[name]]
        assert {s["id"] for s in short["sources"]} <= {s["id"] for s in whole["sources"]}
        assert {k: v for k, v in short.items() if k not in PROFILE_CAPPED} \
            == {k: v for k, v in whole.items() if k not in PROFILE_CAPPED}
        capped += short["evidence_capped"]
    assert capped > 0, "no profile was capped: the cap went untested"


# -- summaries against the facts, after random loads, rewrites and retractions --------------------

# Aggregates recomputed from the facts with plain Cypher: one row per summary id and status, with
# each count list's number.
_PARTY = 'coalesce({q}.role, "party") = "party" AND (coalesce({q}.state, false) OR non_state)'
_SIGNED = ('(EXISTS {{ ({c})-[:SIGNED]->(i) }} OR (non_state AND EXISTS {{ (i)-[:HAS_PARTY]->(s:Party)-[:PARTY_COUNTRY]->({c}) '
           'WHERE coalesce(s.role, "party") = "party" AND NOT coalesce(s.state, false) '
           'AND EXISTS {{ (s)-[:PARTY_ORGANIZATION]->(:Organization)-[:SIGNED]->(i) }} }}))')
_SCOPES = (f'UNWIND ["{ANY_DOMAIN}"] + COLLECT {{ MATCH (i)-[:COVERS]->(:Domain)-[:BROADER*0..]->(d:Domain) '
           'RETURN DISTINCT d.id } AS domain '
           'WITH *, CASE WHEN non_state THEN "all" ELSE "state" END + "/" + domain AS scope ')
_FOLDED = ("MATCH (i:Instrument)-[:COVERS]->(:Domain)-[:BROADER*0..]->(d:Domain) WHERE i.status IS NOT NULL "
           "WITH DISTINCT d, i ")
_ONE = "CASE WHEN {} THEN 1 ELSE 0 END"
# Each pair of countries of an instrument, per scope it counts in.
_PAIRS_IN_SCOPES = (
    "UNWIND [false, true] AS non_state "
    "MATCH (a:Country)<-[:PARTY_COUNTRY]-(qa:Party)<-[:HAS_PARTY]-(i:Instrument)-[:HAS_PARTY]->(qb:Party)-[:PARTY_COUNTRY]->(b:Country) "
    "WHERE i.status IS NOT NULL AND a.id < b.id AND " + _PARTY.format(q="qa") + " AND " + _PARTY.format(q="qb") + " "
    "WITH DISTINCT non_state, a, b, i "
    + _SCOPES)

# Each country of an instrument, per scope of every instrument, and whether it signed.
_COUNTRIES_IN_EVERY_SCOPE = (
    "UNWIND [false, true] AS non_state MATCH (i:Instrument)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(c:Country) "
    "WHERE i.status IS NOT NULL AND " + _PARTY.format(q="q") + " WITH DISTINCT non_state, c, i "
    f"WITH c, i, CASE WHEN non_state THEN 'all' ELSE 'state' END + '/{ANY_DOMAIN}' AS scope, "
    + _SIGNED.format(c="c") + " AS signed ")
# Each organization of a country's parties to an instrument, per scope of every instrument.
_ORGANIZATIONS_IN_SCOPES = (
    "UNWIND [false, true] AS non_state MATCH (i:Instrument)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(c:Country) "
    "WHERE i.status IS NOT NULL AND " + _PARTY.format(q="q") + " "
    "MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization) WITH DISTINCT non_state, c, o, i "
    f"WITH c, o, i, CASE WHEN non_state THEN 'all' ELSE 'state' END + '/{ANY_DOMAIN}' AS scope, "
    + _SIGNED.format(c="c") + " AS signed ")

FACTS = {
    Label.DOMAIN_SUMMARY: (
        _FOLDED + "RETURN d.id AS id, {} AS keys, i.status AS status, "
        "[count(*), sum(" + _ONE.format("EXISTS { (i)-[:COVERS]->(d) }") + ")] AS counts"),
    Label.YEAR_SUMMARY: (
        _FOLDED + f"RETURN d.id + '/' + coalesce(toString(i.signed_year), '{UNDATED}') AS id, "
        "{domain: d.id, year: i.signed_year} AS keys, i.status AS status, [count(*)] AS counts"),
    Label.COUNTRY_SUMMARY: (
        "UNWIND [false, true] AS non_state MATCH (i:Instrument)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->(c:Country) "
        "WHERE i.status IS NOT NULL AND " + _PARTY.format(q="q") + " WITH DISTINCT non_state, c, i "
        + _SCOPES +
        "WITH scope, c, i, " + _SIGNED.format(c="c") + " AS signed, "
        "EXISTS { (i)-[:HAS_PARTY]->(o:Party)-[:PARTY_COUNTRY]->(p:Country) WHERE p <> c AND "
        + _PARTY.format(q="o") + " } AS paired "
        "RETURN scope + '/' + c.id AS id, {scope: scope, country: c.id} AS keys, i.status AS status, "
        "[count(*), sum(" + _ONE.format("signed") + "), sum(" + _ONE.format("paired") + "), sum("
        + _ONE.format("paired AND signed") + ")] AS counts"),
    Label.PAIR_SUMMARY: (
        _PAIRS_IN_SCOPES +
        "WITH scope, a, b, i, " + _SIGNED.format(c="a") + " AND " + _SIGNED.format(c="b") + " AS signed "
        "RETURN scope + '/' + a.id + '/' + b.id AS id, {scope: scope, country_a: a.id, country_b: b.id} AS keys, "
        "i.status AS status, [count(*), sum(" + _ONE.format("signed") + ")] AS counts"),
    Label.ORGANIZATION_SUMMARY: (
        _ORGANIZATIONS_IN_SCOPES +
        "RETURN scope + '/' + c.id + '/' + o.id AS id, {scope: scope, country: c.id, organization: o.id} AS keys, "
        "i.status AS status, [count(*)] AS counts"),
}
# A summary's breakdowns from the facts: per id, year, domain or organization of a side's parties
# (pairs), year, signed year or domain (countries, in the scopes of every instrument), and status,
# the count.
_SIDE_ORGANIZATIONS = ("COLLECT {{ MATCH (i)-[:HAS_PARTY]->(q:Party)-[:PARTY_COUNTRY]->({c}) WHERE " + _PARTY.format(q="q")
                       + " MATCH (q)-[:PARTY_ORGANIZATION]->(o:Organization) RETURN DISTINCT ['{name}', o.id] }}")
_DOMAINS_COVERED = "COLLECT { MATCH (i)-[:COVERS]->(x:Domain) RETURN ['domains', x.id] }"
BREAKDOWN_FACTS = {
    Label.PAIR_SUMMARY: (
        _PAIRS_IN_SCOPES +
        "UNWIND [['years', toString(i.signed_year)]] + " + _DOMAINS_COVERED + " "
        "+ " + _SIDE_ORGANIZATIONS.format(c="a", name="orgs_a") + " + " + _SIDE_ORGANIZATIONS.format(c="b", name="orgs_b")
        + " AS key "
        "WITH scope + '/' + a.id + '/' + b.id AS id, key, i.status AS status, count(*) AS n WHERE key[1] IS NOT NULL "
        "RETURN id, key[0] + ':' + key[1] AS key, status, n"),
    Label.COUNTRY_SUMMARY: (
        _COUNTRIES_IN_EVERY_SCOPE +
        "UNWIND [['years', toString(i.signed_year)]] "
        "+ CASE WHEN signed THEN [['signed_years', toString(i.signed_year)]] ELSE [] END + " + _DOMAINS_COVERED + " AS key "
        "WITH scope + '/' + c.id AS id, key, i.status AS status, count(*) AS n WHERE key[1] IS NOT NULL "
        "RETURN id, key[0] + ':' + key[1] AS key, status, n"),
}
# Every instrument of each summary that keeps a recent list, in the order the canned queries list
# evidence, and whether both sides (a pair) or the country signed it.
_LISTING_ORDER = "ORDER BY id, i.signed_date IS NULL, i.signed_date DESC, i.id "
_RECENT_ENTRY = "RETURN id, i.id AS instrument, i.status AS status, coalesce(i.signed_date, '') AS date, signed"
RECENT_FACTS = {
    Label.PAIR_SUMMARY: (
        _PAIRS_IN_SCOPES +
        "WITH scope + '/' + a.id + '/' + b.id AS id, i, " + _SIGNED.format(c="a") + " AND " + _SIGNED.format(c="b")
        + " AS signed " + _LISTING_ORDER + _RECENT_ENTRY),
    Label.COUNTRY_SUMMARY: (
        _COUNTRIES_IN_EVERY_SCOPE + "WITH scope + '/' + c.id AS id, i, signed " + _LISTING_ORDER + _RECENT_ENTRY),
    Label.ORGANIZATION_SUMMARY: (
        _ORGANIZATIONS_IN_SCOPES + "WITH scope + '/' + c.id + '/' + o.id AS id, i, signed " + _LISTING_ORDER
        + _RECENT_ENTRY),
}
assert RECENT_FACTS.keys() == set(summaries.RECENT_LABELS)
_KEYS = {Label.DOMAIN_SUMMARY: "{}", Label.YEAR_SUMMARY: "{domain: s.domain, year: s.year}",
         Label.COUNTRY_SUMMARY: "{scope: s.scope, country: s.country}",
         Label.PAIR_SUMMARY: "{scope: s.scope, country_a: s.country_a, country_b: s.country_b}",
         Label.ORGANIZATION_SUMMARY: "{scope: s.scope, country: s.country, organization: s.organization}"}


def _from_facts(driver, database: str, label: Label) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for r in driver.execute_query(FACTS[label], database_=database).records:
        keys, lists = found.setdefault(r["id"], (r["keys"], {name: {} for name in COUNT_LISTS[label]}))
        for name, n in zip(COUNT_LISTS[label], r["counts"]):
            lists[name][r["status"]] = n
    return found


def _kept(driver, database: str, label: Label) -> dict[str, tuple]:
    records = driver.execute_query(
        f"MATCH (s:{label}) RETURN s.id AS id, {_KEYS[label]} AS keys, s.statuses AS statuses, "
        f"[{', '.join(f's.{name}' for name in COUNT_LISTS[label])}] AS lists", database_=database).records
    return {r["id"]: (r["keys"], {name: dict(zip(r["statuses"], values))
                                  for name, values in zip(COUNT_LISTS[label], r["lists"])}) for r in records}


def assert_summaries_match_the_facts(driver, database: str) -> int:
    """Every kept summary equals the aggregate of the facts, and none is missing or left over."""
    compared = 0
    for label in SUMMARY_LABELS:
        expected, kept = _from_facts(driver, database, label), _kept(driver, database, label)
        assert kept.keys() == expected.keys(), (
            label, sorted(kept.keys() - expected.keys())[:5], sorted(expected.keys() - kept.keys())[:5])
        for key, value in expected.items():
            assert kept[key] == value, (key, kept[key], value)
        compared += len(expected)
    # The breakdowns the model declares, each as the facts count it.
    assert BREAKDOWN_FACTS.keys() == summaries.BREAKDOWNS.keys()
    for label, breakdowns in summaries.BREAKDOWNS.items():
        expected_breakdowns: dict[str, dict[tuple[str, str], int]] = {}
        for r in driver.execute_query(BREAKDOWN_FACTS[label], database_=database).records:
            expected_breakdowns.setdefault(r["id"], {})[(r["key"], r["status"])] = r["n"]
        kept_breakdowns = {}
        lists = ", ".join(f"[s.{b.keys}, s.{b.counts}]" for b in breakdowns)
        for r in driver.execute_query(f"MATCH (s:{label}) RETURN s.id AS id, s.statuses AS statuses, "
                                      f"[{lists}] AS breakdowns", database_=database).records:
            statuses = r["statuses"]
            kept_breakdowns[r["id"]] = {
                (f"{name}:{key}", status): counts[j * len(statuses) + k]
                for name, (keys, counts) in zip((b.keys for b in breakdowns), r["breakdowns"])
                for j, key in enumerate(keys) for k, status in enumerate(statuses)
                if counts[j * len(statuses) + k]}
            # Keys are listed only when they count something.
            for name, (keys, counts) in zip((b.keys for b in breakdowns), r["breakdowns"]):
                assert keys == sorted(keys) and len(counts) == len(keys) * len(statuses), (r["id"], name)
                assert all(any(counts[j * len(statuses):(j + 1) * len(statuses)]) for j in range(len(keys))), (
                    r["id"], name)
        assert expected_breakdowns or not kept_breakdowns, label
        assert {k: v for k, v in kept_breakdowns.items() if v} == expected_breakdowns, label
    # Recent lists: per status the first instruments in the listing order, at least RECENT_KEPT (or
    # all) and at most RECENT_SLACK times as many, in one list in that order; kept by the summaries
    # keeps_recent names, and by no other.
    least, most = summaries.RECENT_KEPT, summaries.RECENT_KEPT * summaries.RECENT_SLACK
    for label, query in RECENT_FACTS.items():
        ordered: dict[str, list[tuple]] = defaultdict(list)
        for r in driver.execute_query(query, database_=database).records:
            ordered[r["id"]].append((r["instrument"], r["status"], r["date"], r["signed"]))
        records = driver.execute_query(
            f"MATCH (s:{label}) RETURN s.id AS id, [{', '.join(f's.{name}' for name in RECENT_LISTS)}] AS lists",
            database_=database).records
        kept_recent = {r["id"]: list(zip(*r["lists"])) for r in records if summaries.keeps_recent((label, r["id"]))}
        assert all(r["lists"] == [None] * len(RECENT_LISTS) for r in records
                   if not summaries.keeps_recent((label, r["id"]))), label
        assert kept_recent.keys() == ordered.keys(), label
        for summary_id, entries in ordered.items():
            listed = Counter(status for _, status, _, _ in kept_recent[summary_id])
            counted = Counter(status for _, status, _, _ in entries)
            for status, n in counted.items():
                assert min(least, n) <= listed[status] <= min(most, n), (summary_id, status, listed[status], n)
            seen: Counter = Counter()
            prefix = []
            for entry in entries:
                seen[entry[1]] += 1
                if seen[entry[1]] <= listed[entry[1]]:
                    prefix.append(entry)
            assert kept_recent[summary_id] == prefix, summary_id
    return compared


# Record files drawn from a small fixed universe, so files share instruments, countries and
# organizations. Invented data, for this test only: nothing here states a real fact.
COUNTRIES = ["VN", "LA", "KH", "TH"]
ORGS = {  # id: (kind, country)
    "vn-test-ministry-of-health": ("ministry", "VN"),
    "la-test-hospital": ("hospital", "LA"),
    "th-test-university": ("university", "TH"),
    "kh-test-company": ("company", "KH"),
}
DOMAINS = ["oncology", "pharmaceuticals", "public-health"]
# Identity facts (type, signing date, party countries) are the instrument's own, equal in every
# file that reports it; what differs between files is the status history and the domains.
INSTRUMENTS = {
    "test-summary-a": ("agreement", "2019-05-02", [("VN", None), ("LA", None)]),
    "test-summary-b": ("memorandum-of-understanding", "2021-03", [("VN", "vn-test-ministry-of-health"),
                                                                  ("LA", "la-test-hospital"), ("TH", None)]),
    "test-summary-c": ("memorandum-of-understanding", None, [("TH", "th-test-university"), ("KH", "kh-test-company")]),
    "test-summary-d": ("agreement", "2021-11-20", [("KH", None), ("VN", None), ("TH", None), ("LA", None)]),
}
STEPS = ["signed", "approved-for-signing", "in-force", "proposed"]

instrument_entry = st.fixed_dictionaries({
    "steps": st.lists(st.tuples(st.sampled_from(STEPS), st.sampled_from([None, "VN", "LA", "th-test-university",
                                                                         "la-test-hospital"])),
                      min_size=1, max_size=2, unique=True),
    "domains": st.lists(st.sampled_from(DOMAINS), min_size=1, max_size=2, unique=True),
})
file_content = st.dictionaries(st.sampled_from(sorted(INSTRUMENTS)), instrument_entry, max_size=3)
# An action: (file number, what it says now); an empty dict states no instrument (a retraction).
actions = st.lists(st.tuples(st.integers(0, 2), file_content), min_size=1, max_size=4)


def _record_file(number: int, content: dict[str, Any]) -> str:
    source = f"test-summary-source-{number}"
    used_orgs = sorted({org for iid in content for _, org in INSTRUMENTS[iid][2] if org}
                       | {actor for entry in content.values() for _, actor in entry["steps"]
                          if actor in ORGS})
    instruments = []
    for iid, entry in sorted(content.items()):
        kind, signed_date, parties = INSTRUMENTS[iid]
        party_orgs = {org for _, org in parties if org}
        steps = []
        for status, actor in entry["steps"]:
            step: dict[str, Any] = {"status": status}
            if actor in party_orgs or actor in [c for c, _ in parties]:
                step["actor"] = actor
            if status == "signed" and signed_date:
                step["date"] = signed_date
            step["evidence"] = [{"quote": f"Invented for the summary test: {iid} {status}.", "lang": "en"}]
            steps.append(step)
        record: dict[str, Any] = {
            "id": iid, "type": kind, "title": f"Invented instrument {iid} (test fixture)",
            "status_history": steps,
            "parties": [{"country": c, **({"organization": o} if o else {})} for c, o in parties],
            "domains": entry["domains"],
            "evidence": [{"quote": f"Invented for the summary test: {iid}.", "lang": "en"}],
        }
        if signed_date:
            record["signed_date"] = signed_date
        instruments.append(record)
    document = {
        "schema_version": 1,
        "source": {"id": source, "title": f"Invented report {number} (test fixture)", "language": "en",
                   "published": "2025-01-01", "notes": "Invented for tests/test_summaries.py; not a real report."},
        "organizations": [{"id": org, "name": f"Invented {ORGS[org][0]} {org} (test fixture)",
                           "kind": ORGS[org][0], "country": ORGS[org][1],
                           "evidence": [{"quote": f"Invented organization {org}.", "lang": "en"}]}
                          for org in sorted(set(used_orgs) & set(ORGS))],
        "instruments": instruments,
    }
    return "# TEST FIXTURE: invented by tests/test_summaries.py; states no real fact.\n" + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize(("slack", "rounds_of"), [(1, 3), (2, summaries.APPLY_BATCH)])
@hsettings(max_examples=6, derandomize=True, deadline=None, database=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=actions)
def test_summaries_equal_the_aggregates_of_the_facts(empty_graph, settings, tmp_path_factory, monkeypatch, slack,
                                                     rounds_of, steps):
    # Recent lists shorter than a pair's instruments: without slack, taking a listed one away must
    # find the next from the facts; with it, a list shrinks and grows between its bounds. Rounds of
    # three summaries split every file's change across rounds.
    monkeypatch.setattr(summaries, "RECENT_KEPT", 1)
    monkeypatch.setattr(summaries, "RECENT_SLACK", slack)
    monkeypatch.setattr(summaries, "APPLY_BATCH", rounds_of)
    database = settings.neo4j_database
    _clear(empty_graph, settings)
    folder = tmp_path_factory.mktemp("summary-files")
    loaded = 0
    for number, content in steps:
        path = folder / f"file-{number}.yaml"
        path.write_text(_record_file(number, content), encoding="utf-8")
        report = run_load(empty_graph, database, [path])
        assert report.ok, [str(p) for p in report.all_problems()]
        loaded += sum(f.status == "loaded" for f in report.files)
        assert_summaries_match_the_facts(empty_graph, database)
    assert loaded >= 1


def test_a_recent_list_that_leaves_instruments_out_takes_no_instrument_ranked_after_it(monkeypatch):
    def entry(iid: str, date: str | None) -> summaries.Recent:
        return summaries.Recent("signed", iid, date, True)
    f, d, b, a = entry("f", "2023-01-15"), entry("d", "2021-11-20"), entry("b", "2021-03"), entry("a", "2019-05-02")
    undated = entry("u", None)
    assert sorted([undated, a, b, d, f], key=summaries.Recent.rank) == [f, d, b, a, undated]
    # Kept [f, d] of three (b left out); f goes and a, older than b, comes.
    listed, before, after, change = [f, d], {("counts", "signed"): 3}, {("counts", "signed"): 3}, {f: -1, a: 1}
    monkeypatch.setattr(summaries, "RECENT_KEPT", 1)
    assert summaries._recent_after(listed, before, after, change) == ([d], set())
    monkeypatch.setattr(summaries, "RECENT_KEPT", 2)
    assert summaries._recent_after(listed, before, after, change) == ([], {"signed"})
    # A list holding every instrument takes any new one, up to its bound.
    assert summaries._recent_after([f, d], {("counts", "signed"): 2}, {("counts", "signed"): 3}, {a: 1}) \
        == ([f, d, a], set())
    monkeypatch.setattr(summaries, "RECENT_SLACK", 1)
    assert summaries._recent_after([f, d], {("counts", "signed"): 2}, {("counts", "signed"): 3}, {b: 1}) \
        == ([f, d], set())


def test_a_listed_instrument_taken_away_is_replaced_from_the_facts(empty_graph, settings, tmp_path, monkeypatch):
    database = settings.neo4j_database
    _clear(empty_graph, settings)
    monkeypatch.setattr(summaries, "RECENT_KEPT", 1)
    monkeypatch.setattr(summaries, "RECENT_SLACK", 1)
    read_again = []
    from_facts = summaries._recent_from_facts
    monkeypatch.setattr(summaries, "_recent_from_facts", lambda tx, short, folds: read_again.append(short)
                        or from_facts(tx, short, folds))
    def signed() -> dict[str, Any]:  # a fresh value each time: the YAML dump would alias a shared one
        return {"steps": [("signed", None)], "domains": ["oncology"]}
    path = tmp_path / "file-0.yaml"

    def recent(pair: str) -> list[str]:
        return empty_graph.execute_query("MATCH (s:PairSummary {id: $id}) RETURN s.recent_ids AS ids",
                                         id=pair, database_=database).records[0]["ids"]

    for content in ({iid: signed() for iid in ("test-summary-a", "test-summary-b", "test-summary-d")},
                    {iid: signed() for iid in ("test-summary-a", "test-summary-b")}):
        path.write_text(_record_file(0, content), encoding="utf-8")
        report = run_load(empty_graph, database, [path])
        assert report.ok, [str(p) for p in report.all_problems()]
    # The most recent, d (2021-11-20), went; the next was not listed, and is now: b (2021-03)
    # counting non-state parties (LA's side in b is a hospital), else a (2019-05-02).
    assert recent("all/*/LA/VN") == ["test-summary-b"]
    assert recent("state/*/LA/VN") == ["test-summary-a"]
    assert {key for short in read_again for key in short} >= {
        (Label.PAIR_SUMMARY, "all/*/LA/VN"), (Label.PAIR_SUMMARY, "state/*/LA/VN")}
    assert_summaries_match_the_facts(empty_graph, database)


def test_rebuild_gives_the_summaries_the_loads_kept(mixed_graph, settings):
    database = settings.neo4j_database
    before = {label: _kept(mixed_graph, database, label) for label in SUMMARY_LABELS}
    assert sum(len(v) for v in before.values()) > 100
    with mixed_graph.session(database=database) as session:
        session.execute_write(rebuild_summaries)
    assert {label: _kept(mixed_graph, database, label) for label in SUMMARY_LABELS} == before
    assert assert_summaries_match_the_facts(mixed_graph, database) == sum(len(v) for v in before.values())


def test_hdkg_summaries_rebuilds_what_an_import_lacks(mixed_graph, settings):
    database = settings.neo4j_database
    before = {label: _kept(mixed_graph, database, label) for label in SUMMARY_LABELS}
    with mixed_graph.session(database=database) as session:
        for label in SUMMARY_LABELS:
            session.run(f"MATCH (s:{label}) DELETE s").consume()
    assert not any(_kept(mixed_graph, database, label) for label in SUMMARY_LABELS)
    result = CliRunner().invoke(app, ["summaries"])
    assert result.exit_code == 0, result.output
    assert "summaries rebuilt" in result.output
    assert {label: _kept(mixed_graph, database, label) for label in SUMMARY_LABELS} == before


@pytest.mark.parametrize("label, removed", [
    # as graphs loaded before pair summaries kept `signed` counts, breakdowns and recent lists
    (Label.PAIR_SUMMARY, ("signed", "years", "year_counts", "domains", "domain_counts", *RECENT_LISTS)),
    # as graphs loaded before they kept the organizations of each side
    (Label.PAIR_SUMMARY, ("orgs_a", "org_a_counts", "orgs_b", "org_b_counts")),
    # as graphs loaded before country summaries kept what a profile reads, and organizations none
    (Label.COUNTRY_SUMMARY, ("signed", "years", "year_counts", "signed_years", "signed_year_counts", "domains",
                             "domain_counts", *RECENT_LISTS)),
], ids=["before-breakdowns", "before-organizations", "before-profiles"])
def test_a_load_rebuilds_summaries_kept_in_an_earlier_shape(mixed_graph, settings, label, removed):
    database = settings.neo4j_database
    before = {label: _kept(mixed_graph, database, label) for label in SUMMARY_LABELS}
    with mixed_graph.session(database=database) as session:
        session.run(f"MATCH (s:{label}) REMOVE " + ", ".join(f"s.{name}" for name in removed)).consume()
        if label == Label.COUNTRY_SUMMARY:
            session.run(f"MATCH (s:{Label.ORGANIZATION_SUMMARY}) DELETE s").consume()
    with mixed_graph.session(database=database) as session:
        assert session.execute_read(summaries.summaries_missing)
    report = run_load(mixed_graph, database, [FIXTURES / "lifecycle"])
    assert report.ok, [str(problem) for problem in report.all_problems()]
    assert {label: _kept(mixed_graph, database, label) for label in SUMMARY_LABELS} == before
    assert_summaries_match_the_facts(mixed_graph, database)
