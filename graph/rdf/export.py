"""The whole graph as RDF, streamed: triples (Turtle, N-Triples, JSON-LD) or quads with one named
graph per source (N-Quads, TriG), serialized by pyoxigraph as they arrive.

Reading is streamed (graph.rdf.reading): the next page of nodes is read in a thread while the
current one is mapped. Writing is streamed too: `write_triples` hands the generator to
oxigraph's serializers, which write as the statements arrive; `iter_serialized` turns that into
chunks of bytes for HTTP.

Named graphs: in the N-Quads and TriG export every statement is placed in the graph of each
source that states it, named by the Source resource's IRI (``{base}source/{id}``). What no
source states (the ontology files, countries, domains, load runs) is in the default graph. The
union of all graphs is exactly the plain export.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import neo4j
import pyoxigraph as ox
from rdflib import Graph

from graph.model import Label
from graph.rdf.iris import Iris
from graph.rdf.mapping import NodeRecord, Statements, node_statements
from graph.rdf.ontology import EXPORT_ONTOLOGIES, ontology_triples
from graph.rdf.reading import EXPORT_LABELS, PAGE_SIZE, iter_nodes
from graph.rdf.terms import OXIGRAPH, PREFIXES, Terms, Triple, to_oxigraph
from hdkg.settings import get_settings

#: Subject, predicate, object and graph name (None: the default graph).
Quad = tuple[Any, Any, Any, Any]

#: Output formats: name -> (oxigraph format, rdflib format name, media type).
FORMATS: dict[str, tuple[ox.RdfFormat, str, str]] = {
    "turtle": (ox.RdfFormat.TURTLE, "turtle", "text/turtle"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt", "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld", "application/ld+json"),
    "nquads": (ox.RdfFormat.N_QUADS, "nquads", "application/n-quads"),
    "trig": (ox.RdfFormat.TRIG, "trig", "application/trig"),
}
#: The formats whose export places each statement in its sources' named graphs (JSON-LD could
#: carry graphs too, but stays plain triples, as it always was).
DATASET_FORMATS = frozenset({"nquads", "trig"})
#: Formats whose writer takes prefixes.
_PREFIXED = frozenset({"turtle", "trig"})


def _format(fmt: str) -> tuple[ox.RdfFormat, str, str]:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown RDF format '{fmt}': use one of {', '.join(FORMATS)}") from None


# -- reading in a thread ---------------------------------------------------------------------

class _Closed(Exception):
    """The consumer of a threaded producer went away."""


_DONE = object()


def _in_thread(produce: Callable[[Callable[[object], None]], None], *, name: str, maxsize: int,
               cleanup: Callable[[], None] | None = None) -> Iterator[Any]:
    """What `produce(put)` puts, run in a thread, through a queue of `maxsize` items (memory
    stays at a few items). Closing the iterator stops the producer at its next `put`;
    `cleanup` runs in the thread when the producer ends, however it ends."""
    items: queue.Queue = queue.Queue(maxsize=maxsize)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        raise _Closed()

    def run() -> None:
        try:
            produce(put)
            put(_DONE)
        except _Closed:
            pass
        except BaseException as error:  # handed to the consumer, raised there
            try:
                put(error)
            except _Closed:
                pass
        finally:
            if cleanup is not None:
                cleanup()

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        if threading.current_thread() is not worker:  # a garbage collection may finalize us anywhere
            worker.join(timeout=10)


def _pages(driver: neo4j.Driver, database: str, labels: list[Label], page_size: int, provenance: bool,
           progress: Callable[[Label, int], None] | None) -> Iterator[list[NodeRecord]]:
    """Pages of nodes, read in a thread; `progress(label, n)` once the consumer is done with a page."""
    def read(put: Callable[[object], None]) -> None:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            for label in labels:
                for page in iter_nodes(session, label, page_size, provenance=provenance):
                    put((label, page))

    # Neo4j works on the next page (and the driver decodes it) while this thread maps the current one.
    pages = _in_thread(read, name="rdf-reader", maxsize=1)
    try:
        for label, page in pages:
            yield page
            if progress is not None:
                progress(label, len(page))
    finally:
        pages.close()


def _labels(include_ontology: bool) -> list[Label]:
    return [label for label in EXPORT_LABELS if not (include_ontology and label == Label.DOMAIN)]


# -- the whole graph -------------------------------------------------------------------------

def export_triples(driver: neo4j.Driver, *, database: str | None = None, base: str | None = None,
                   include_ontology: bool = True, page_size: int = PAGE_SIZE,
                   progress: Callable[[Label, int], None] | None = None,
                   terms: Terms | None = None) -> Iterator[Triple]:
    """The whole graph as a stream of triples (a generator, never a Graph).

    Terms are pyoxigraph's unless `terms` says otherwise (`RDFLIB` for rdflib's). With
    `include_ontology`, the ontology, the health domains and the vocabularies come first (and
    the Domain nodes are not repeated from Neo4j). `progress(label, n)` is called after each
    page with the number of nodes just mapped. Database and base default to the settings.
    """
    settings = get_settings()
    terms = terms or OXIGRAPH
    iris = Iris(base or settings.base_iri, terms)
    if include_ontology:
        for name in EXPORT_ONTOLOGIES:
            yield from ontology_triples(name, terms)
    for page in _pages(driver, database or settings.neo4j_database, _labels(include_ontology), page_size,
                       False, progress):
        for record in page:
            for _, triples in node_statements(record, iris):
                yield from triples


def _by_graph(groups: Iterable[Statements], graph_of: Callable[[str], Any]) -> Iterator[Quad]:
    """One node's statement groups as quads, one graph after the other (TriG writes each graph
    once per node)."""
    graphs: dict[Any, list[Triple]] = {}
    for sources, triples in groups:
        if not sources:
            graphs.setdefault(None, []).extend(triples)
        for source_id in sources:
            graphs.setdefault(graph_of(source_id), []).extend(triples)
    for graph_name, triples in graphs.items():
        for s, p, o in triples:
            yield s, p, o, graph_name


def export_quads(driver: neo4j.Driver, *, database: str | None = None, base: str | None = None,
                 include_ontology: bool = True, page_size: int = PAGE_SIZE,
                 progress: Callable[[Label, int], None] | None = None,
                 terms: Terms | None = None) -> Iterator[Quad]:
    """The whole graph as a stream of quads: each statement in the named graph of every source
    stating it (``{base}source/{id}``), what no source states in the default graph (graph None).

    Options as for `export_triples`; the same triples, each once per source that states it.
    """
    settings = get_settings()
    terms = terms or OXIGRAPH
    iris = Iris(base or settings.base_iri, terms)

    def graph_of(source_id: str) -> Any:
        return iris.node(Label.SOURCE, source_id)

    if include_ontology:
        for name in EXPORT_ONTOLOGIES:
            for s, p, o in ontology_triples(name, terms):
                yield s, p, o, None
    for page in _pages(driver, database or settings.neo4j_database, _labels(include_ontology), page_size,
                       True, progress):
        for record in page:
            yield from _by_graph(node_statements(record, iris), graph_of)


def export_statements(driver: neo4j.Driver, fmt: str = "turtle", **options: Any) -> Iterator[Triple | Quad]:
    """What `fmt` carries: quads for the dataset formats (N-Quads, TriG), triples otherwise."""
    _format(fmt)
    return export_quads(driver, **options) if fmt in DATASET_FORMATS else export_triples(driver, **options)


# -- writing ---------------------------------------------------------------------------------

def _oxigraph(term: Any) -> Any:
    return None if term is None else to_oxigraph(term)


def _oxigraph_triples(triples: Iterable[Triple]) -> Iterator[ox.Triple]:
    make = ox.Triple
    for triple in triples:
        try:
            yield make(*triple)
        except TypeError:  # rdflib terms
            yield make(*map(to_oxigraph, triple))


def _oxigraph_quads(statements: Iterable[Triple | Quad]) -> Iterator[ox.Quad]:
    make = ox.Quad
    for statement in statements:
        try:
            yield make(*statement)  # a triple is in the default graph
        except TypeError:  # rdflib terms
            yield make(*map(_oxigraph, statement))


def write_triples(statements: Iterable[Triple | Quad], output: BinaryIO, fmt: str = "turtle") -> None:
    """Serialize a stream of triples (quads for N-Quads and TriG; pyoxigraph or rdflib terms)
    with oxigraph, writing as they come."""
    ox_format = _format(fmt)[0]
    prefixes = PREFIXES if fmt in _PREFIXED else None
    items = _oxigraph_quads(statements) if fmt in DATASET_FORMATS else _oxigraph_triples(statements)
    ox.serialize(items, output, ox_format, prefixes=prefixes)


def iter_serialized(triples: Iterable[Triple | Quad], fmt: str = "turtle",
                    chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """Serialized bytes in chunks, for HTTP streaming.

    oxigraph's serializer pushes bytes into a writer; this runs it in a thread whose writer
    feeds a small bounded queue, so memory stays at a few chunks whatever the graph size.
    Closing the iterator stops the serializer (and with it the Neo4j reads).
    """
    _format(fmt)

    class Sink:
        def __init__(self, put: Callable[[object], None]) -> None:
            self.put = put
            self.buffer = bytearray()

        def write(self, data: bytes) -> int:
            self.buffer += data
            if len(self.buffer) >= chunk_size:
                self.put(bytes(self.buffer))
                self.buffer.clear()
            return len(data)

        def flush(self) -> None:
            pass

    def serialize(put: Callable[[object], None]) -> None:
        sink = Sink(put)
        write_triples(triples, sink, fmt)
        if sink.buffer:
            put(bytes(sink.buffer))

    yield from _in_thread(serialize, name="rdf-serializer", maxsize=8, cleanup=getattr(triples, "close", None))


def export(driver: neo4j.Driver, output: BinaryIO, fmt: str = "turtle", **options: Any) -> None:
    """Write the whole graph to a binary stream (options as for `export_triples`)."""
    write_triples(export_statements(driver, fmt, **options), output, fmt)


def serialize_graph(graph: Graph, fmt: str = "turtle") -> bytes:
    """A small rdflib Graph (one resource, one ontology file) in the given format."""
    rdflib_format = _format(fmt)[1]
    if fmt == "jsonld":
        context = {prefix: iri for prefix, iri in PREFIXES.items()}
        return graph.serialize(format=rdflib_format, context=context, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
