"""One SPARQL query in its own process: `python -m graph.sparql_worker` (graph.sparql_store starts it).

Reads a JSON request on standard input ({store, query, form, format, cap, prefixes}), opens the
store read-only, evaluates the query, and writes one JSON header line followed by the result
bytes on standard output. Kept to pyoxigraph and the standard library so it starts quickly; the
parent kills it when the timeout passes.

Results are written here rather than by pyoxigraph's result serializers because those write
every solution, and the row cap must cut the answer.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_field(term: Any) -> str:
    if term is None:
        return ""
    value = f"_:{term.value}" if isinstance(term, ox.BlankNode) else getattr(term, "value", str(term))
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _tsv_field(term: Any) -> str:
    # TSV writes terms as in Turtle / N-Triples, which is how pyoxigraph prints them.
    return "" if term is None else str(term)


def write_select(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results in SPARQL 1.1 JSON, XML, CSV or TSV."""
    if fmt == "json":
        bindings = [{var: _json_term(term) for var, term in zip(variables, row) if term is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = [f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head>']
        out += [f"<variable name={quoteattr(var)}/>" for var in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(var)}>{_xml_term(term)}</binding>"
                    for var, term in zip(variables, row) if term is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_field(term) for term in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join(f"?{var}" for var in variables)] + ["\t".join(_tsv_field(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode("utf-8")
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def evaluate(store_path: str, text: str, form: str, fmt: str, cap: int,
             prefixes: dict[str, str] | None = None) -> tuple[bytes, bool, int]:
    """The query's answer as bytes, whether the cap cut it, and how many rows or triples it holds."""
    store = ox.Store.read_only(store_path)
    result = store.query(text)
    if form == "ASK":
        return write_boolean(bool(result), fmt), False, 1
    if form == "SELECT":
        variables = [var.value for var in result.variables]
        rows: list[list[Any]] = []
        truncated = False
        for solution in result:
            if len(rows) == cap:
                truncated = True
                break
            rows.append([solution[var] for var in variables])
        return write_select(variables, rows, fmt), truncated, len(rows)
    triples, truncated = [], False
    for triple in result:
        if len(triples) == cap:
            truncated = True
            break
        triples.append(triple)
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES,
                 prefixes=prefixes if fmt == "turtle" else None)
    return out.getvalue(), truncated, len(triples)


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    try:
        body, truncated, count = evaluate(request["store"], request["query"], request["form"], request["format"],
                                          request["cap"], request.get("prefixes"))
    except SyntaxError as error:
        out.write(json.dumps({"status": "syntax", "message": str(error)}).encode() + b"\n")
        return 0
    except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it there
        out.write(json.dumps({"status": "error", "message": f"{type(error).__name__}: {error}"}).encode() + b"\n")
        return 0
    out.write(json.dumps({"status": "ok", "truncated": truncated, "count": count}).encode() + b"\n")
    out.write(body)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
