"""Resource IRIs: `{base}{segment}/{id}` per resource kind (the schema's `iri_segment`),
vocabulary concepts.

The patterns are those of ontology/README.md; the base is configurable (HDKG_BASE_IRI). A
party's IRI is ``{base}party/{its id}``, ``{instrument}[--{COUNTRY}][--{organization}]``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from graph.model import SCHEMA, Label
from graph.rdf.terms import RDFLIB, VOCAB, Terms

#: IRI path segment of each resource kind (`{base}{segment}/{id}`); domains live under DOM.
SEGMENTS: dict[Label, str] = {Label(label): spec.note("iri_segment") for label, spec in SCHEMA.node_classes.items()}
KINDS: dict[str, Label] = {segment: label for label, segment in SEGMENTS.items()}


class NotFound(LookupError):
    """No resource of that kind and id (or no such kind); the message says which."""


def label_of(kind: str) -> Label:
    """The label of a resource kind (an IRI segment); NotFound names the known kinds."""
    if kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        raise NotFound(f"unknown resource kind '{kind}': known kinds are {known}")
    return KINDS[kind]


_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def segment(text: str) -> str:
    """An id as one IRI path segment (percent-encoded where it must be)."""
    text = str(text)
    return text if _SAFE_SEGMENT.fullmatch(text) else quote(text, safe="-._~")


#: Node IRIs kept built per export: countries, sources, domains and organizations are linked
#: from thousands of nodes. Bounded, so memory stays flat whatever the graph size.
NODE_IRI_CACHE_SIZE = 1024


class Iris:
    """Resource IRIs under one configurable base, as terms of one flavour (rdflib unless given).

    `node(label, id)` and `vocab(scheme, value)` remember recent answers.
    """

    def __init__(self, base: str, terms: Terms | None = None) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.terms = terms or RDFLIB
        self.node = lru_cache(maxsize=NODE_IRI_CACHE_SIZE)(self._node)
        self.vocab = lru_cache(maxsize=4096)(self._vocab)

    def _node(self, label: Label, node_id: str) -> Any:
        if label == Label.DOMAIN:
            return self.terms.DOM[segment(node_id)]
        return self.terms.iri(f"{self.base}{SEGMENTS[label]}/{segment(node_id)}")

    def _vocab(self, scheme: str, value: str) -> Any:
        return self.terms.iri(f"{VOCAB}{scheme}/{segment(value)}")
