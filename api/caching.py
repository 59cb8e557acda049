"""Answers by graph version: ETags, 304s and a bounded in-process cache of canned answers.

Every transaction that writes facts advances the graph version (graph.provenance), in the same
commit. Each canned answer is read after reading the version, and is keyed by (query, bound
parameters, paging, version); a request reads the version afresh, so an answer from before a
load is never served once the load has committed. An answer is kept only when the version read
again after the query is unchanged, so no entry holds facts older than its key.

A kept answer also keeps the JSON bodies routes encoded from it, so a hit answers with the same
bytes without validating and encoding them again.

Concurrent requests share version reads (`VersionReads`): each still uses a read that began after
it asked, so it sees every load committed before, but one Bolt round trip serves every request
that asked while the previous read was in flight.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import neo4j
from cachetools import LRUCache
from fastapi import FastAPI, Request, Response

from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph.errors import GraphUnavailable
from graph.provenance import read_graph_version
from graph.queries import QueryResult
from hdkg.settings import Settings, get_settings

#: Response header saying whether the answer came from the cache.
CACHE_HEADER = "X-Cache"


class NotModified(Exception):
    """The client's copy (If-None-Match) is the current answer."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


@dataclass
class AnswerCache:
    size: int
    hits: int = 0
    misses: int = 0
    _entries: LRUCache = field(init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._entries = LRUCache(maxsize=max(self.size, 1))

    def get(self, key: str) -> Any:
        if not self.size:
            return None
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
            return found

    def put(self, key: str, answer: Any) -> None:
        if self.size:
            with self._lock:
                self._entries[key] = answer

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"size": self.size, "entries": len(self._entries), "hits": self.hits, "misses": self.misses}


class VersionReads:
    """The graph version of one database, read at most once at a time for all threads that ask.

    A caller needs a read that begins after it asks. With none in flight it reads itself; while
    one is in flight, callers arriving meanwhile wait for the next read, made by the first of
    them, and all take its result.
    """

    def __init__(self, read: Callable[[], str]) -> None:
        self._read = read
        self._turn = threading.Condition()
        self._begun = 0  # reads begun so far, numbered from 1
        self._finished = 0  # the number of the last read finished
        self._reading = False
        self._value: str | None = None
        self._failure: GraphUnavailable | None = None

    def current(self) -> str:
        with self._turn:
            needed = self._begun + 1  # the first read to begin after this call
            while self._finished < needed:
                if not self._reading:
                    self._reading = True
                    self._begun += 1
                    mine = self._begun
                    break
                self._turn.wait()
            else:
                if self._failure is not None:
                    raise GraphUnavailable(str(self._failure))
                return self._value  # type: ignore[return-value]
        value, failure = None, None
        try:
            value = self._read()
            return value
        except GraphUnavailable as error:
            failure = error
            raise
        finally:
            # Any other error leaves no value: the waiters' first then reads for itself.
            with self._turn:
                self._reading = False
                if value is not None or failure is not None:
                    self._finished, self._value, self._failure = mine, value, failure
                self._turn.notify_all()


class SharedVersionReads:
    """One VersionReads per driver and database, for an app's lifetime."""

    def __init__(self) -> None:
        self._readers: dict[tuple[int, str], VersionReads] = {}
        self._lock = threading.Lock()

    def reader(self, driver: neo4j.Driver, settings: Settings) -> VersionReads:
        key = (id(driver), settings.neo4j_database)
        with self._lock:
            found = self._readers.get(key)
            if found is None:
                found = self._readers[key] = VersionReads(lambda: _version(driver, settings))
            return found


@dataclass
class Answer:
    """A cached answer, and the bodies routes encoded from it (by the shape each route gives it)."""

    result: QueryResult
    bodies: dict[Hashable, bytes] = field(default_factory=dict)


@dataclass
class Exchange:
    """What the answering code needs of the HTTP request it serves."""

    if_none_match: str | None
    response: Response
    cache: AnswerCache
    versions: SharedVersionReads
    #: The cached answer this request was served from or stored, if any.
    answer: Answer | None = None


_exchange: ContextVar[Exchange | None] = ContextVar("hdkg_exchange", default=None)


def answer_cache(app: FastAPI, settings: Settings) -> AnswerCache:
    cache = getattr(app.state, "answer_cache", None)
    if cache is None:
        cache = app.state.answer_cache = AnswerCache(settings.answer_cache_size)
    return cache


def shared_version_reads(app: FastAPI) -> SharedVersionReads:
    reads = getattr(app.state, "version_reads", None)
    if reads is None:
        reads = app.state.version_reads = SharedVersionReads()
    return reads


async def bind_exchange(request: Request, response: Response) -> None:
    """App-wide dependency: the request's If-None-Match and the response its headers go on.

    The context variable is set in the request's task, and sync routes run in a thread that
    copies that context, so api.running sees it.
    """
    settings = getattr(request.app.state, "settings", None) or get_settings()
    _exchange.set(Exchange(request.headers.get("if-none-match"), response, answer_cache(request.app, settings),
                           shared_version_reads(request.app)))


def _version(driver: neo4j.Driver, settings: Settings) -> str:
    try:
        return read_graph_version(driver, settings.neo4j_database)
    except (ServiceUnavailable, SessionExpired, AuthError) as error:
        raise GraphUnavailable(f"Neo4j is not reachable at {settings.uri}: {error}") from error


def etag_for(query: str, bound: dict[str, Any], offset: int, limit: int | None, version: str) -> str:
    text = json.dumps([query, bound, offset, limit, version], sort_keys=True, default=str, ensure_ascii=False)
    return '"' + hashlib.blake2b(text.encode(), digest_size=16).hexdigest() + '"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    return etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def cached_answer(driver: neo4j.Driver, settings: Settings, query: str, bound: dict[str, Any],
                  offset: int, limit: int | None, run: Any) -> QueryResult:
    """The answer for the current graph version: from the client's copy (304), the cache, or `run()`."""
    exchange = _exchange.get()
    if exchange is None:  # not serving HTTP (or the cache is not installed): just answer
        return run()
    versions = exchange.versions.reader(driver, settings)
    version = versions.current()
    etag = etag_for(query, bound, offset, limit, version)
    if _matches(exchange.if_none_match, etag):
        raise NotModified(etag)
    found: Answer | None = exchange.cache.get(etag)
    if found is not None:
        exchange.response.headers["ETag"] = etag
        exchange.response.headers[CACHE_HEADER] = "hit"
        exchange.answer = found
        return found.result
    result = run()
    exchange.response.headers[CACHE_HEADER] = "miss"
    if versions.current() == version:
        # The graph did not change while the query ran: the answer is the version's.
        exchange.answer = Answer(result)
        exchange.cache.put(etag, exchange.answer)
        exchange.response.headers["ETag"] = etag
    return result


def encoded_body(result: QueryResult, shape: Hashable, encode: Callable[[], bytes]) -> bytes:
    """`encode()`, kept with the cached answer `result` came from, so a hit encodes nothing."""
    exchange = _exchange.get()
    answer = exchange.answer if exchange is not None else None
    if answer is None or answer.result is not result:
        return encode()
    body = answer.bodies.get(shape)
    if body is None:
        # Two requests encoding at once store the same bytes.
        body = answer.bodies[shape] = encode()
    return body


def json_response(body: bytes) -> Response:
    """The body as FastAPI sends a route's answer: with the headers the exchange set (ETag, X-Cache)."""
    response = Response(content=body, media_type="application/json")
    exchange = _exchange.get()
    if exchange is not None:
        response.headers.raw.extend(exchange.response.headers.raw)
    return response


def install_caching(app: FastAPI) -> None:
    @app.exception_handler(NotModified)
    def _not_modified(request: Request, error: NotModified) -> Response:
        return Response(status_code=304, headers={"ETag": error.etag, CACHE_HEADER: "revalidated"})
