"""Answers by graph version, against real Neo4j: ETags, 304s, the cache, and no stale answer."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from fastapi.testclient import TestClient

from api.caching import CACHE_HEADER, AnswerCache, VersionReads
from api.main import create_app
from graph.errors import GraphUnavailable
from graph.provenance import read_graph_version
from hdkg.settings import Settings
from loaders.load import run_load
from tests.conftest import SEED_RECORDS

AZ_UA = "azertac-undated-azerbaijan-ukraine-health-visit.yaml"
TITLE = ("title: Memorandum of Cooperation between Azerbaijan's National Oncology Center and "
         "Ukraine's National Cancer Institute")
URL = "/instruments/az-ua-moc-oncology-centres"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """Copies of the seed reports' records (a test rewrites one; the curated files stay as they are)."""
    folder = tmp_path / "records"
    folder.mkdir()
    for path in SEED_RECORDS:
        shutil.copy(path, folder / path.name)
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


# -- version reads shared by concurrent requests (a counter stands in for the graph's version) --

class SlowCounter:
    """Each read returns the next number; a read can be held until released."""

    def __init__(self) -> None:
        self.reads = 0
        self.began = threading.Event()
        self.release = threading.Event()
        self.release.set()

    def __call__(self) -> str:
        self.reads += 1
        self.began.set()
        self.release.wait(5)
        return str(self.reads)


def _until_waiting(reads: VersionReads, callers: int) -> None:
    """Return once `callers` threads wait on the read in flight (a fixed pause would race a busy machine)."""
    deadline = time.monotonic() + 5
    while len(reads._turn._waiters) < callers:  # noqa: SLF001 - the condition's queue of waiting threads
        assert time.monotonic() < deadline, f"fewer than {callers} callers waited for the read in flight"
        time.sleep(0.01)


def test_a_lone_caller_reads_each_time():
    counter = SlowCounter()
    reads = VersionReads(counter)
    assert [reads.current() for _ in range(3)] == ["1", "2", "3"]
    assert counter.reads == 3


def test_callers_during_a_read_share_the_next_one_never_the_one_in_flight():
    counter = SlowCounter()
    counter.release.clear()
    reads = VersionReads(counter)
    got: dict[str, str] = {}
    first = threading.Thread(target=lambda: got.__setitem__("first", reads.current()))
    first.start()
    assert counter.began.wait(5)
    # Begun before they asked, read 1 may predate a load they must see: they wait for read 2.
    later = [threading.Thread(target=lambda k=k: got.__setitem__(f"later{k}", reads.current())) for k in range(4)]
    for thread in later:
        thread.start()
    _until_waiting(reads, 4)
    counter.release.set()
    for thread in [first, *later]:
        thread.join(5)
    assert got["first"] == "1"
    assert {got[f"later{k}"] for k in range(4)} == {"2"}
    assert counter.reads == 2


def test_an_unreachable_graph_fails_every_caller_that_shared_the_read():
    began, release = threading.Event(), threading.Event()
    calls = []

    def failing() -> str:
        calls.append(1)
        began.set()
        release.wait(5)
        raise GraphUnavailable("Neo4j is not reachable")

    reads = VersionReads(failing)
    errors: list[str] = []

    def ask() -> None:
        try:
            reads.current()
        except GraphUnavailable as error:
            errors.append(str(error))

    threads = [threading.Thread(target=ask)]
    threads[0].start()
    assert began.wait(5)
    threads += [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads[1:]:
        thread.start()
    _until_waiting(reads, 3)
    release.set()
    for thread in threads:
        thread.join(5)
    assert errors == ["Neo4j is not reachable"] * 4
    assert len(calls) == 2
