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


def with_diagram(markdown: str, schema: Schema = SCHEMA) -> str:
    """The document with the text between the diagram markers replaced by the current diagram."""
    head, found, rest = markdown.partition(BEGIN)
    if not found:
        raise ValueError(f"docs/model.md has no line '{BEGIN}'")
    _, found, tail = rest.partition(END)
    if not found:
        raise ValueError(f"docs/model.md has no line '{END}' after the diagram")
    return f"{head}{BEGIN}\n{mermaid(schema)}\n{END}{tail}"
