"""The latency benchmarks: their percentile helper, and one cheap run of each against a tiny graph."""

from __future__ import annotations

import json
import random
import statistics
from dataclasses import asdict

import pytest

from benchmarks import api as api_bench, load as load_bench, queries as query_bench
from benchmarks.generate import read_manifest, write_corpus
from benchmarks.load import Results, RunFigures, SizeFigures, TuningFigures, bench_batch_sizes, results_from_dict
from benchmarks.queries import Pool, cases
from benchmarks.run import read_figures
from benchmarks.stats import percentile, summarize
from loaders.load import check_inputs, run_load
from queries import registry
from tests.conftest import _clear

# The query and API benchmarks clear the server's plan cache, as a measurement must.
pytestmark = pytest.mark.plans_cleared


def test_percentile_matches_the_inclusive_quantiles():
    rng = random.Random(3)
    for size in (2, 3, 10, 101, 250):
        values = [rng.expovariate(1.0) for _ in range(size)]
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        for q in (1, 25, 50, 90, 99):
            assert percentile(values, q) == pytest.approx(cuts[q - 1])
        assert percentile(values, 50) == pytest.approx(statistics.median(values))


def test_percentile_edges():
    assert percentile([5.0], 99) == 5.0
    assert percentile([3.0, 1.0, 2.0], 0) == 1.0
    assert percentile([3.0, 1.0, 2.0], 100) == 3.0
    assert percentile([1.0, 2.0], 50) == 1.5  # interpolated, not a rank
    assert percentile(range(1, 201), 99) == pytest.approx(198.01)
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summarize_reports_milliseconds():
    figures = summarize([0.001, 0.002, 0.003, 0.010])
    assert figures["n"] == 4
    assert figures["p50_ms"] == pytest.approx(2.5)
    assert figures["max_ms"] == pytest.approx(10.0)
    assert figures["p50_ms"] <= figures["p99_ms"] <= figures["max_ms"]


def test_every_canned_query_has_benchmark_parameters():
    assert set(cases(Pool())) == set(registry().names())


# -- one cheap run of each benchmark (a 50-instrument corpus) ------------------------------------

@pytest.fixture(scope="module")
def tiny_graph(driver, settings, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("tiny-corpus")
    write_corpus(corpus, instruments=50, seed=1)
    _clear(driver, settings)
    assert run_load(driver, settings.neo4j_database, [corpus]).ok
    return driver


def test_query_benchmark_measures_every_query(tiny_graph, settings):
    figures = query_bench.measure(tiny_graph, settings.neo4j_database, settings, 50, lambda message: None,
                            iterations=3, budget=4.0)  # the budget only caps the run (warm-up stops at a quarter of it); not a timing test
    assert set(figures["queries"]) == set(registry().names())
    for name, query in figures["queries"].items():
        assert "error" not in query, name
        assert query["n"] == 3 and query["p50_ms"] <= query["p99_ms"], name
        assert query["slowest"]["db_hits"] > 0, name
    text = query_bench.render({50: figures})
    assert "### Latency" in text and "`instrument`" in text and "\n## " not in text


def test_api_benchmark_drives_the_server(tiny_graph, settings):
    figures = api_bench.measure(tiny_graph, settings.neo4j_database, settings, 50, lambda message: None,
                            clients=4, seconds=0.3, warm_up=0.2, workers=1)
    assert set(figures["endpoints"]) == {"point lookup", "partners on a domain", "cached answer", "health"}
    for name, endpoint in figures["endpoints"].items():
        assert endpoint["api"]["requests"] > 0 and endpoint["api"]["failures"] == 0, name
    lookup = figures["endpoints"]["point lookup"]
    assert lookup["raw"]["requests"] > 0 and lookup["throughput_ratio"] > 0
    # Cold endpoints are served with the cache off; the cached one from the cache after its warm-up.
    assert lookup["api"]["cache_hits"] == 0
    cached = figures["endpoints"]["cached answer"]
    assert cached["api"]["cache_hits"] > 0 and cached["raw"]["requests"] > 0
    text = api_bench.render({50: figures})
    assert "### Results" in text and "point lookup" in text and "\n## " not in text


def test_saved_figures_read_back_as_measured(tmp_path):
    # `python -m benchmarks.run --from-json` rewrites the report from what a run saved.
    size = SizeFigures(1000, 7, 6, 1150, 150, 98, 1.7, 2.0, 10306, 26933, 8283, 21553, runs=[
        RunFigures("first load", 2.4, {"check": 0.9, "write": 1.4}, {"loaded": 6}, 8283, 21553, 118.0)])
    results = Results({"CPUs available": "2"}, "make bench", 7, 200, 10000, [size],
                      tuning=TuningFigures(5000, 2500, 1, 1, 4, {500: [1.0, 1.1], 2000: [0.9]}))
    saved = tmp_path / "figures.json"
    saved.write_text(json.dumps({"command": "python -m benchmarks.run", "load": asdict(results),
                                 "queries": {"1000": {"instruments": 1000}}, "api": {}, "rdf": {}}, default=str))
    figures = read_figures(saved)
    assert results_from_dict(figures["load"]) == results
    assert figures["queries"] == {1000: {"instruments": 1000}}


def test_batch_size_tuning_writes_checked_files(driver, settings, tmp_path):
    write_corpus(tmp_path, instruments=20, seed=2)
    checked, failed, problems = check_inputs([tmp_path])
    assert not failed and not problems
    _clear(driver, settings)
    figures = bench_batch_sizes(driver, settings.neo4j_database, checked, 20, 200, [100, 1000], 1, lambda message: None)
    assert sorted(figures.seconds) == [100, 1000] and all(times[0] > 0 for times in figures.seconds.values())
    with driver.session(database=settings.neo4j_database) as session:
        assert session.run("MATCH (i:Instrument) RETURN count(i) AS n").single()["n"] == 20


def test_a_timed_load_is_a_process_of_its_own(driver, settings, tmp_path):
    write_corpus(tmp_path, instruments=20, seed=2)
    files = len(list(tmp_path.glob("*.yaml")))
    _clear(driver, settings)
    held = bytearray(512 * 1024 * 1024)  # what the benchmark holds must not count as the load's
    held[::4096] = b"\1" * len(range(0, len(held), 4096))
    outcome = load_bench._run(settings.neo4j_database, "first load", tmp_path, count=True)
    assert sum(outcome.run.statuses.values()) == files and outcome.counts.files == files
    assert outcome.counts.instruments == read_manifest(tmp_path).instrument_entries
    assert outcome.largest_group > 0 and outcome.probe_sources
    assert 0 < outcome.run.start_rss_mib <= outcome.run.peak_rss_mib < len(held) / 2**20
    with driver.session(database=settings.neo4j_database) as session:
        assert session.run("MATCH (i:Instrument) RETURN count(i) AS n").single()["n"] == 20
