"""The SPARQL store: an Oxigraph copy of the RDF export, rebuilt after every load, and its queries.

Keeping in step: the store is rebuilt whole from `graph.rdf.export_triples` after each load
(`hdkg load` does it; `hdkg sparql rebuild` does it by hand). A rebuild writes a new store in
its own folder under the store root and, only once it is complete and flushed, points the
`current` symlink at it with one atomic rename; readers open whatever `current` names when a
query starts, so no query ever sees a half-built store, and a failed build leaves the previous
one serving. The previous build is kept (a query may still have it open); older ones are removed.
The export has no named graphs (every triple carries its sources with `dcterms:source`), so
the store holds the default graph only.

Queries: only the SPARQL 1.1 Query forms run (`Store.query` parses nothing else, so Update
cannot run); `check_query` refuses Update operations and `SERVICE` (which would make the server
fetch from the network) by reading the text's tokens, with strings, IRIs and comments set
aside and codepoint escapes decoded first. Each query is evaluated in a child process that opens
the store read-only: the parent waits at most the configured timeout and then kills it, so a
runaway query is really stopped. At most `row_cap` solutions (or triples) are returned.
Results are written as SPARQL JSON, XML, CSV or TSV (SELECT, ASK) or as Turtle / N-Triples
(CONSTRUCT, DESCRIBE).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
import pyoxigraph as ox

from graph import rdf
from hdkg import PROJECT_ROOT
from hdkg.settings import Settings

CURRENT = "current"
BUILD_PREFIX = "build-"
BUILD_INFO = "build.json"
#: Quads handed to the bulk loader at a time.
BULK_CHUNK = 100_000

#: Result formats: name -> media types that ask for it (the first is the one sent).
RESULT_FORMATS: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
GRAPH_FORMATS: dict[str, tuple[str, ...]] = {
    "turtle": ("text/turtle", "application/x-turtle"),
    "ntriples": ("application/n-triples", "text/plain"),
}

_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Set aside before reading keywords: long and short strings, IRIs, comments.
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                     r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*', re.S)
# A bare word: not a variable (?x, $x), not part of a prefixed name (ex:word, word:x), not a blank node.
_WORD = re.compile(r"(?<![\w?$:\-.])([A-Za-z_]+)(?![\w:\-])")
_OX_POSITION = re.compile(r"error at (\d+):(\d+)")


class SparqlRefused(ValueError):
    def __init__(self, reason: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.reason, self.message, self.details = reason, message, {"reason": reason, **(details or {})}


class SparqlSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None, column: int | None, server_message: str) -> None:
        super().__init__(message)
        self.message = message
        self.details = {"line": line, "column": column, "server_message": server_message}


class SparqlTimeout(RuntimeError):
    """The query ran longer than the configured timeout and its process was stopped."""


class StoreMissing(RuntimeError):
    """No complete store has been built yet."""


@dataclass(frozen=True)
class BuildReport:
    path: Path
    triples: int
    seconds: float
    built_at: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "triples": self.triples, "seconds": round(self.seconds, 3),
                "built_at": self.built_at}


@dataclass(frozen=True)
class SparqlAnswer:
    body: bytes
    media_type: str
    form: str
    truncated: bool
    count: int


# -- building ---------------------------------------------------------------------------------

def current_path(root: Path) -> Path | None:
    """The complete store `current` points at, or None before the first build."""
    link = Path(root) / CURRENT
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def build_info(root: Path) -> dict[str, Any] | None:
    path = current_path(root)
    if path is None or not (path / BUILD_INFO).exists():
        return None
    return json.loads((path / BUILD_INFO).read_text(encoding="utf-8"))


def _quads(triples: Iterable[rdf.Triple], count: list[int]) -> Iterable[ox.Quad]:
    make, convert = ox.Quad, rdf.to_oxigraph
    for s, p, o in triples:
        count[0] += 1
        yield make(convert(s), convert(p), convert(o))


def _chunks(items: Iterable[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    chunk: list[ox.Quad] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build(driver: neo4j.Driver | None, settings: Settings, *, triples: Iterable[rdf.Triple] | None = None,
          progress: Callable[[Any, int], None] | None = None) -> BuildReport:
    """Build a new store from the graph's export (or from `triples`) and make it current."""
    root = Path(settings.sparql_store)
    root.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    built_at = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path = root / f"{BUILD_PREFIX}{built_at}-{os.getpid()}"
    if triples is None:
        if driver is None:
            raise ValueError("build needs a driver or triples")
        triples = rdf.export_triples(driver, database=settings.neo4j_database, base=settings.base_iri,
                                     include_ontology=True, progress=progress)
    count = [0]
    try:
        store = ox.Store(str(path))
        # The bulk loader holds what one call gives it in memory before writing it out: chunks
        # keep the build's memory bounded whatever the size of the graph.
        for chunk in _chunks(_quads(triples, count), BULK_CHUNK):
            store.bulk_extend(chunk)
        store.flush()
        store.optimize()
        del store
        seconds = time.monotonic() - started
        report = BuildReport(path, count[0], seconds, built_at)
        (path / BUILD_INFO).write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    _swap(root, path)
    _prune(root)
    return report


def _swap(root: Path, target: Path) -> None:
    temporary = root / f".{CURRENT}-{os.getpid()}-{time.monotonic_ns()}"
    temporary.symlink_to(target.name)
    os.replace(temporary, root / CURRENT)  # atomic: readers see the old store or the new one


def _prune(root: Path, keep: int = 2) -> None:
    current = current_path(root)
    builds = sorted((p for p in root.iterdir() if p.name.startswith(BUILD_PREFIX) and p.is_dir()),
                    key=lambda p: p.name, reverse=True)
    kept = 0
    for path in builds:
        if path == current or kept < keep:
            kept += 1
            continue
        shutil.rmtree(path, ignore_errors=True)


# -- checking ---------------------------------------------------------------------------------

def _decoded(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _plain(text: str) -> str:
    return _OPAQUE.sub(" ", _decoded(text))


def _words(plain: str) -> list[str]:
    return [word.upper() for word in _WORD.findall(plain)]


def check_query(text: str, max_chars: int = 20_000) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE); raises SparqlRefused for Update and SERVICE."""
    if not isinstance(text, str) or not text.strip():
        raise SparqlRefused("empty", "the query is empty: send one SPARQL query")
    if len(text) > max_chars:
        raise SparqlRefused("too_long", f"the query has {len(text):,} characters; at most {max_chars:,} are accepted")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise SparqlRefused("encoding", "the query holds characters that are not valid Unicode") from None
    if "\x00" in text:
        raise SparqlRefused("control_character", "the query holds a NUL character")
    plain = _plain(text)
    words = _words(plain)
    if "SERVICE" in words:
        raise SparqlRefused("service", "SERVICE (federated query) is not allowed: this endpoint queries its own "
                            "store only")
    # An update request is operations separated by ';': look at the first keyword of each.
    for segment in plain.split(";"):
        body = [word for word in _words(segment) if word not in ("PREFIX", "BASE")]
        first = body[0] if body else ""
        if first in _UPDATE_KEYWORDS or (first not in _FORMS and any(w in _UPDATE_KEYWORDS[:3] for w in body)):
            raise SparqlRefused("update", f"SPARQL Update ({first or 'an update operation'}) is not allowed: this "
                                "endpoint answers queries only", {"operation": first})
    form = next((word for word in words if word in _FORMS), None)
    if form is None:
        raise SparqlSyntaxError("syntax error: expected SELECT, ASK, CONSTRUCT or DESCRIBE", None, None,
                                "no query form")
    return form


# -- evaluating (in a child process: graph/sparql_worker.py) -------------------------------

def media_type(form: str, fmt: str) -> str:
    formats = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
    return formats[fmt][0]


def run_sparql(text: str, fmt: str, settings: Settings, *, form: str | None = None,
               row_cap: int | None = None) -> SparqlAnswer:
    """Check and evaluate a query against the current store, in a child process bounded by the timeout."""
    form = form or check_query(text)
    allowed = RESULT_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS
    if fmt not in allowed or (form == "ASK" and fmt not in ("json", "xml")):
        usable = ["json", "xml"] if form == "ASK" else list(allowed)
        raise SparqlRefused("format", f"{form} results cannot be written as {fmt}: use {', '.join(usable)}",
                            {"form": form, "format": fmt, "available": usable})
    path = current_path(Path(settings.sparql_store))
    if path is None:
        raise StoreMissing(f"no SPARQL store has been built in {settings.sparql_store}: run `hdkg sparql rebuild` "
                           "(or `hdkg load`, which rebuilds it)")
    cap = max(row_cap if row_cap is not None else settings.row_cap, 1)
    request = {"store": str(path), "query": text, "form": form, "format": fmt, "cap": cap,
               "prefixes": rdf.PREFIXES}
    try:
        # A process of its own: killed when the timeout passes, so a runaway query really stops.
        done = subprocess.run([sys.executable, "-m", "graph.sparql_worker"], input=json.dumps(request).encode(),
                              capture_output=True, timeout=settings.query_timeout_s, cwd=PROJECT_ROOT, check=False)
    except subprocess.TimeoutExpired:
        raise SparqlTimeout(f"the query took longer than {settings.query_timeout_s:g} s and was stopped") from None
    header, _, body = done.stdout.partition(b"\n")
    try:
        message = json.loads(header)
    except ValueError:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"the query process ended without an answer (exit code {done.returncode}): "
                           f"{tail[0]}") from None
    if message["status"] == "syntax":
        text = message["message"]
        match = _OX_POSITION.search(text)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        reason = _OX_POSITION.sub("", text.splitlines()[0]).lstrip(": ")
        if len(reason) > 200:
            reason = reason[:200] + "..."
        where = f" at line {line}, column {column}" if match else ""
        raise SparqlSyntaxError(f"syntax error{where}: {reason}", line, column, text)
    if message["status"] != "ok":
        raise RuntimeError(f"the SPARQL store could not answer: {message['message']}")
    return SparqlAnswer(body, media_type(form, fmt), form, message["truncated"], message["count"])


# -- examples ---------------------------------------------------------------------------------
