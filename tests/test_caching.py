"""Answers by graph version, against real Neo4j: ETags, 304s, the cache, and no stale answer."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from fastapi.testclient import TestClient

from api.caching import CACHE_HEADER, AnswerCache
from api.main import create_app
from graph.provenance import read_graph_version
from hdkg.settings import Settings
from loaders.load import run_load
from tests.conftest import RECORDS_DIR

AZ_UA = "azertac-undated-azerbaijan-ukraine-health-visit.yaml"
TITLE = ("title: Memorandum of Cooperation between Azerbaijan's National Oncology Center and "
         "Ukraine's National Cancer Institute")
URL = "/instruments/az-ua-moc-oncology-centres"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    shutil.copytree(RECORDS_DIR, folder)
    return folder


@pytest.fixture
def client(empty_graph: neo4j.Driver, settings: Settings, records: Path) -> Iterator[TestClient]:
    assert run_load(empty_graph, settings.neo4j_database, [records]).ok
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _load(driver: neo4j.Driver, settings: Settings, records: Path) -> None:
    report = run_load(driver, settings.neo4j_database, [records])
    assert report.ok, [str(problem) for problem in report.all_problems()]


def test_etag_304_and_a_new_answer_after_a_load(client, empty_graph, settings, records):
    first = client.get(URL)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers[CACHE_HEADER] == "miss"

    again = client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    assert not again.content

    cached = client.get(URL)
    assert cached.headers[CACHE_HEADER] == "hit"
    assert cached.json() == first.json()
    assert cached.headers["ETag"] == etag

    # A fixture copy of a curated record, retitled (test data, not a fact).
    path = records / AZ_UA
    text = path.read_text(encoding="utf-8")
    assert TITLE in text
    path.write_text(text.replace(TITLE, "title: Retitled memorandum (test fixture)"), encoding="utf-8")
    _load(empty_graph, settings, records)

    after = client.get(URL, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    assert after.headers[CACHE_HEADER] == "miss"
    assert after.json()["title"] == "Retitled memorandum (test fixture)"
    assert first.json()["title"] != after.json()["title"]


def test_the_version_advances_only_when_a_load_writes(empty_graph, settings, records):
    assert read_graph_version(empty_graph, settings.neo4j_database) == "empty"
    _load(empty_graph, settings, records)
    loaded = read_graph_version(empty_graph, settings.neo4j_database)
    assert loaded != "empty"
    _load(empty_graph, settings, records)  # unchanged files: a LoadRun only, still a new version
    assert read_graph_version(empty_graph, settings.neo4j_database) != loaded


def test_pages_and_parameters_are_cached_apart(client):
    url = "/countries/UA/partners"
    pages = [client.get(url, params={"limit": 1, "offset": offset}) for offset in (0, 1)]
    assert pages[0].headers["ETag"] != pages[1].headers["ETag"]
    # Two spellings of one country bind to the same parameters: one answer.
    by_name = client.get("/countries/Ukraine/partners", params={"limit": 1, "offset": 0})
    assert by_name.headers["ETag"] == pages[0].headers["ETag"]
    assert by_name.headers[CACHE_HEADER] == "hit"
    stats = client.app.state.answer_cache.stats()
    assert stats["hits"] >= 1 and stats["entries"] >= 2


def test_the_cache_is_bounded():
    cache = AnswerCache(2)
    for key in "abc":
        cache.put(key, key)  # type: ignore[arg-type]
    assert cache.stats()["entries"] == 2
    assert cache.get("a") is None and cache.get("c") == "c"
    assert AnswerCache(0).get("a") is None
