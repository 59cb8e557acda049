"""RDF terms: the namespaces, the two term flavours (rdflib, pyoxigraph), literals and partial dates.

Every triple the mapping builds is made of terms of one `Terms` flavour: `RDFLIB` (rdflib terms,
for Graphs: one resource, tests) or `OXIGRAPH` (pyoxigraph terms, which oxigraph's serializers
take as they are: the whole-graph export). Both flavours give the same triples.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.term import Node

#: Subject, predicate, object: rdflib terms or pyoxigraph terms, as the `Terms` flavour made them.
Triple = tuple[Any, Any, Any]

HD = Namespace("https://w3id.org/hdkg/ontology#")
DOM = Namespace("https://w3id.org/hdkg/domain/")
VOCAB = "https://w3id.org/hdkg/vocab/"
WD = Namespace("http://www.wikidata.org/entity/")
DOMAIN_SCHEME = DOM["scheme"]

PREFIXES = {
    "hd": str(HD),
    "dom": str(DOM),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SDO),
    "foaf": str(FOAF),
    "org": str(ORG),
    "wd": str(WD),
}


class _Namespace:
    """The IRIs of one namespace in one flavour: `ns.name` is built on first use, then kept as
    a plain attribute (no new term per triple); `ns[name]` builds one each time."""

    def __init__(self, base: str, iri: Callable[[str], Any]) -> None:
        self._base = base
        self._iri = iri

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self._iri(self._base + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> Any:
        return self._iri(self._base + name)


class Terms:
    """The RDF terms the mapping builds, in one library's classes.

    `iri(text)`; `literal(value, lang=None, datatype=None)` as rdflib's `Literal`; the
    namespaces (`terms.HD.hasParty`); `convert(rdflib_term)` for terms declared with rdflib.
    """

    name = ""

    def __init__(self) -> None:
        self.HD = _Namespace(str(HD), self.iri)
        self.DOM = _Namespace(str(DOM), self.iri)
        self.WD = _Namespace(str(WD), self.iri)
        self.RDF = _Namespace(str(RDF), self.iri)
        self.RDFS = _Namespace(str(RDFS), self.iri)
        self.OWL = _Namespace(str(OWL), self.iri)
        self.XSD = _Namespace(str(XSD), self.iri)
        self.SKOS = _Namespace(str(SKOS), self.iri)
        self.DCTERMS = _Namespace(str(DCTERMS), self.iri)
        self.PROV = _Namespace(str(PROV), self.iri)
        self.SDO = _Namespace(str(SDO), self.iri)

    def __repr__(self) -> str:
        return f"<{self.name} terms>"

    def iri(self, text: str) -> Any:
        raise NotImplementedError

    def literal(self, value: Any, lang: str | None = None, datatype: Any = None) -> Any:
        raise NotImplementedError

    def convert(self, term: Node) -> Any:
        """An rdflib term as a term of this flavour."""
        raise NotImplementedError


class _RdflibTerms(Terms):
    name = "rdflib"
    iri = staticmethod(URIRef)
    literal = staticmethod(Literal)

    def convert(self, term: Node) -> Node:
        return term


class _OxigraphTerms(Terms):
    name = "oxigraph"
    iri = staticmethod(ox.NamedNode)

    def literal(self, value: Any, lang: str | None = None, datatype: Any = None) -> ox.Literal:
        # rdflib keeps plain and language-tagged strings as given, so they are built directly;
        # typed values go through rdflib, whose normalized lexical forms the output keeps.
        if value.__class__ is str and datatype is None:
            if not lang:
                return ox.Literal(value)
            return ox.Literal(value, language=_language_tag(lang))
        lang = lang or None
        datatype = None if datatype is None else datatype.value
        if value.__hash__ is None:
            return to_oxigraph(Literal(value, lang=lang, datatype=datatype))
        return _typed_literal(value, lang, datatype)

    def convert(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        return to_oxigraph(term)


@lru_cache(maxsize=100_000)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_oxigraph(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (pyoxigraph terms pass through)."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and term.datatype != XSD.string:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    raise TypeError(f"cannot write {term!r} as an RDF term")


@lru_cache(maxsize=256)
def _language_tag(lang: str) -> str:
    """rdflib's check of a language tag (ValueError when invalid), once per tag."""
    return Literal("", lang=lang).language


#: Typed literals kept built: dates and small numbers recur across thousands of nodes.
LITERAL_CACHE_SIZE = 16_384


@lru_cache(maxsize=LITERAL_CACHE_SIZE, typed=True)
def _typed_literal(value: Any, lang: str | None, datatype: str | None) -> ox.Literal:
    return to_oxigraph(Literal(value, lang=lang, datatype=datatype))


#: rdflib terms: for Graphs (one resource, the ontology files, tests).
RDFLIB: Terms = _RdflibTerms()
#: pyoxigraph terms: what the streaming writers serialize without converting.
OXIGRAPH: Terms = _OxigraphTerms()


# -- literals ------------------------------------------------------------------------------

_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "date"),
    (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth"),
    (re.compile(r"^\d{4}$"), "gYear"),
    (re.compile(r"^--\d{2}-\d{2}$"), "gMonthDay"),
)


def partial_date(value: str, terms: Terms | None = None) -> Any:
    """YYYY-MM-DD -> xsd:date, YYYY-MM -> xsd:gYearMonth, YYYY -> xsd:gYear, --MM-DD -> xsd:gMonthDay."""
    return _partial_date(str(value), terms or RDFLIB)


@lru_cache(maxsize=LITERAL_CACHE_SIZE)  # dates recur across thousands of nodes
def _partial_date(text: str, terms: Terms) -> Any:
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            return terms.literal(text, datatype=terms.XSD[datatype])
    return terms.literal(text)


def number(value: int | float, terms: Terms) -> Any:
    """xsd:integer for whole numbers (3.0 too), xsd:decimal otherwise; booleans stay booleans."""
    if isinstance(value, bool):
        return terms.literal(value)
    if isinstance(value, int):
        return terms.literal(value, datatype=terms.XSD.integer)
    as_decimal = Decimal(str(value))
    if as_decimal == as_decimal.to_integral_value():
        return terms.literal(int(as_decimal), datatype=terms.XSD.integer)
    return terms.literal(str(as_decimal), datatype=terms.XSD.decimal)
