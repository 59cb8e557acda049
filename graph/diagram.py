"""The Mermaid diagram of the graph in docs/model.md, derived from the schema's relationship kinds."""

from __future__ import annotations

from graph.model import SCHEMA, Schema

BEGIN = "<!-- diagram: generated from ontology/hdkg.schema.yaml by `hdkg generate` -->"
END = "<!-- end of diagram -->"


def mermaid(schema: Schema = SCHEMA) -> str:
    lines = ["```mermaid", "flowchart LR"]
    for edge in schema.edges.values():
        starts = [label for label in edge.starts if label != "*"] or ["Node"]
        for start in starts:
            for end in edge.ends:
                if start in ("Organization", "Event") and end in ("Organization", "Event") and start != end:
                    continue  # part_of joins organizations to organizations, events to events
                lines.append(f"  {start} -- {edge.type} --> {end}")
    lines.append("```")
    return "\n".join(lines)


def between_markers(markdown: str, begin: str, end: str, text: str, document: str) -> str:
    """The document with what stands between the two marker lines replaced by `text`."""
    head, found, rest = markdown.partition(begin)
    if not found:
        raise ValueError(f"{document} has no line '{begin}'")
    _, found, tail = rest.partition(end)
    if not found:
        raise ValueError(f"{document} has no line '{end}' after '{begin}'")
    return f"{head}{begin}\n{text}\n{end}{tail}"


def with_diagram(markdown: str, schema: Schema = SCHEMA) -> str:
    """docs/model.md with its diagram generated anew."""
    return between_markers(markdown, BEGIN, END, mermaid(schema), "docs/model.md")


TABLES_BEGIN = "<!-- tables: generated from ontology/hdkg.schema.yaml by `hdkg generate` -->"
TABLES_END = "<!-- end of tables -->"


def _value_kind(slot) -> str:
    if slot.note("vocabulary"):
        return f"concept of `{slot.note('vocabulary')}`"
    if slot.range == "PartialDate":
        return "partial date: `xsd:date`, `xsd:gYearMonth`, `xsd:gYear` or `xsd:gMonthDay`"
    if slot.range in ("integer", "SmallCount"):
        return "`xsd:integer`"
    if slot.range == "boolean":
        return "`xsd:boolean`"
    if slot.range == "datetime":
        return "`xsd:dateTime`"
    if slot.range == "Url":
        return "`xsd:anyURI`"
    if slot.note("iri_prefix") == "wd":
        return "Wikidata item IRI"
    if slot.note("language") or slot.note("keyed_by_language"):
        return f"string tagged `@{slot.note('language') or 'lang'}`"
    if slot.note("language_from"):
        return f"string tagged with `{slot.note('language_from')}`"
    return "string"


def tables(schema: Schema = SCHEMA) -> str:
    """The classes, relationships and literal properties of the export, as Markdown tables."""
    out = ["### Classes", "", "| Graph label | RDF class | What it is |", "|---|---|---|"]
    for label, spec in schema.node_classes.items():
        out.append(f"| `{label}` | `{spec.class_uri}` | {spec.description.strip()} |")
    out += ["", "### Relationships", "",
            "\"inverse\" means the RDF triple runs from the relationship's end to its start.", "",
            "| Graph relationship | RDF property | Direction | What it says |", "|---|---|---|---|"]
    for edge in schema.edges.values():
        # A pipe inside a table cell is escaped, even within code.
        pipe = "\\|"
        ends = f"`({pipe.join(edge.starts)})-[:{edge.type}]->({pipe.join(edge.ends)})`"
        predicate = {"none": "(not exported)"}.get(edge.rdf, f"`{edge.slot_uri}`")
        overrides = "; ".join(f"`{uri}` from {start}" for start, uri in edge.rdf_by_start.items())
        if overrides:
            predicate += f" ({overrides})"
        if edge.rdf_inverse:
            predicate += f", `{edge.rdf_inverse}` back"
        direction = {"forward": "start → end", "inverse": "inverse", "none": ""}[edge.rdf]
        out.append(f"| {ends} | {predicate} | {direction} | {' '.join(edge.description.split())} |")
    out += ["", "### Literal properties", "", "| Graph property | RDF property | Value |", "|---|---|---|"]
    for label, spec in schema.node_classes.items():
        for slot in schema.slots_of(spec.name).values():
            if slot.identifier or not slot.slot_uri or slot.note("rdf") == "none" or slot.edge:
                continue
            out.append(f"| `{label}.{slot.name}` | `{slot.slot_uri}` | {_value_kind(slot)} |")
    out.append(f"| every node's `id` | `{schema.node_predicates['identifier']}` | string |")
    out.append(f"| every node's `sources` | `{schema.node_predicates['provenance']}` | the Source resources |")
    return "\n".join(out)


def with_tables(markdown: str, schema: Schema = SCHEMA) -> str:
    """ontology/README.md with its tables generated anew."""
    return between_markers(markdown, TABLES_BEGIN, TABLES_END, tables(schema), "ontology/README.md")
