"""Data releases: the whole graph as a dated, versioned bundle of files other tools read.

    hdkg-data-2026.12.01/
      README.md, LICENSE.md, datapackage.json, SHA256SUMS
      rdf/hdkg.nt.gz, rdf/hdkg.ttl.gz                       the RDF export (graph.rdf)
      csv/nodes/<Label>.csv, csv/relationships/<TYPE>.csv   `neo4j-admin database import` format
      graphml/hdkg.graphml                                  the full property graph
      graphml/cooperation/<domain>.graphml, all.graphml     country networks weighted by instruments
      jsonl/instruments.jsonl                               instruments with parties, statuses, domains, sources

Every writer streams: nodes and relationships are read from Neo4j as result streams (nodes in
id order through the id index) and written row by row, RDF goes from the export generator
through gzip, so the process never holds the graph. The cooperation networks are aggregated
by Neo4j (one row per country pair and domain). The bundle is written into a hidden folder
and renamed into place when complete; `latest` then points at it (one atomic rename).

CSV: node files have an unnamed `:ID` column holding `Label:id` (one ID space for the whole
graph, so a relationship file per type can link any labels), the `id` property, the other
properties typed in the header (`signed_year:long`, `sources:string[]`) and `:LABEL`. Arrays
use `ARRAY_DELIMITER`. The loader's bookkeeping properties (`graph.model.INTERNAL_PROPERTIES`)
are left out, as the API and the RDF leave them out.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import neo4j
from frictionless import validate

from graph import rdf
from graph.model import COOPERATION_STATUSES, INTERNAL_LABELS, INTERNAL_PROPERTIES, Label, Rel
from graph.server import JVM_FLAGS, LocalNeo4j
from hdkg import __version__
from hdkg.settings import Settings

ARRAY_DELIMITER = "|"
FETCH_SIZE = 1000
LATEST = "latest"
#: neo4j-admin, as the Neo4j distribution's launcher starts it.
ADMIN_ENTRY_POINT = "org.neo4j.cli.AdminTool"

LICENSES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}

#: Cypher value types (valueType()) -> neo4j-admin header types.
_ADMIN_TYPES = {
    "STRING": "string", "INTEGER": "long", "FLOAT": "double", "BOOLEAN": "boolean",
    "DATE": "date", "LOCAL DATETIME": "localdatetime", "ZONED DATETIME": "datetime",
    "LOCAL TIME": "localtime", "ZONED TIME": "time", "DURATION": "duration",
}
#: neo4j-admin header types -> Table Schema types (arrays are delimited strings).
_TABLE_TYPES = {"string": "string", "long": "integer", "double": "number", "boolean": "boolean",
                "date": "date", "datetime": "datetime", "localdatetime": "datetime"}
#: neo4j-admin header types -> GraphML attribute types.
_GRAPHML_TYPES = {"long": "long", "double": "double", "boolean": "boolean"}


class ReleaseError(RuntimeError):
    """The graph holds something a release file cannot carry faithfully; the message says what."""


@dataclass
class Column:
    name: str
    kind: str  # neo4j-admin type: string, long, ... with [] for arrays

    @property
    def header(self) -> str:
        return f"{self.name}:{self.kind}" if self.kind != "string" else self.name

    @property
    def is_array(self) -> bool:
        return self.kind.endswith("[]")


@dataclass
class FileInfo:
    path: str
    kind: str  # nodes, relationships, rdf, graphml, jsonl, doc
    rows: int | None = None
    columns: list[Column] = field(default_factory=list)
    title: str = ""
    mediatype: str = "application/octet-stream"
    fmt: str = ""


@dataclass
class ReleaseReport:
    path: Path
    version: str
    files: list[FileInfo]
    counts: dict[str, int]
    seconds: float


def _admin_type(value_types: list[str]) -> str:
    kinds = set()
    for text in value_types:
        base = text.removesuffix(" NOT NULL")
        if base == "NULL":
            continue
        array = base.startswith("LIST<")
        if array:
            base = base[5:-1].removesuffix(" NOT NULL")
        kind = _ADMIN_TYPES.get(base, "string")
        kinds.add(kind + ("[]" if array else ""))
    if len(kinds) == 1:
        return kinds.pop()
    if {"long", "double"} == kinds:
        return "double"
    if kinds and all(kind.endswith("[]") for kind in kinds):
        return "string[]"
    return "string"


def node_columns(session: neo4j.Session, label: Label) -> list[Column]:
    """The properties of a label's nodes with one neo4j-admin type each, `id` first."""
    records = session.run(
        f"MATCH (n:{label}) UNWIND keys(n) AS key "
        "RETURN key, collect(DISTINCT valueType(n[key])) AS types ORDER BY key").data()
    columns = [Column(r["key"], _admin_type(r["types"])) for r in records
               if r["key"] != "id" and r["key"] not in INTERNAL_PROPERTIES]
    return [Column("id", "string"), *columns]


def rel_columns(session: neo4j.Session, rel: Rel) -> list[Column]:
    records = session.run(
        f"MATCH ()-[r:{rel}]->() UNWIND keys(r) AS key "
        "RETURN key, collect(DISTINCT valueType(r[key])) AS types ORDER BY key").data()
    return [Column(r["key"], _admin_type(r["types"])) for r in records if r["key"] not in INTERNAL_PROPERTIES]


def _cell(value: Any, column: Column, where: str) -> str | None:
    """The CSV text of one property value; None for no value (an empty array is stored as none)."""
    if value is None:
        return None
    if column.is_array:
        items = value if isinstance(value, list) else [value]
        if not items:
            return None
        texts = [_scalar(item) for item in items]
        for text in texts:
            if ARRAY_DELIMITER in text:
                raise ReleaseError(f"{where}: property '{column.name}' holds '{text}', which contains the array "
                                   f"delimiter '{ARRAY_DELIMITER}'")
        return ARRAY_DELIMITER.join(texts)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return _scalar(value)


def csv_line(cells: list[str | None]) -> str:
    """One CSV record in the importer's dialect: a missing value is an empty field, an empty string
    is `""` (so it is imported as an empty string, not as no value), quotes are doubled."""
    out = []
    for cell in cells:
        if cell is None:
            out.append("")
        elif cell == "" or any(ch in cell for ch in ',"\r\n') or cell != cell.strip():
            out.append('"' + cell.replace('"', '""') + '"')
        else:
            out.append(cell)
    return ",".join(out) + "\n"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


# -- reading ----------------------------------------------------------------------------------

def _labels_present(session: neo4j.Session) -> list[Label]:
    present = {record["label"] for record in session.run("CALL db.labels() YIELD label RETURN label")}
    # Summaries are derived from the facts and rebuilt by the loader: a release carries facts only.
    return [label for label in Label if str(label) in present and label not in INTERNAL_LABELS]


def _types_present(session: neo4j.Session) -> list[Rel]:
    present = {record["t"] for record in session.run("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t")}
    return [rel for rel in Rel if str(rel) in present]


def _key_of(labels: list[str], node_id: str) -> str:
    label = next((name for name in labels if name in Label.__members__.values()), labels[0] if labels else "")
    return f"{label}:{node_id}"


def iter_nodes(session: neo4j.Session, label: Label) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, properties) of every node with the label, in id order, streamed."""
    result = session.run(f"MATCH (n:{label}) WHERE n.id IS NOT NULL RETURN n.id AS id, properties(n) AS props "
                         "ORDER BY n.id")
    for record in result:
        yield record["id"], record["props"]


def iter_relationships(session: neo4j.Session, rel: Rel) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(start key, end key, properties) of every relationship of the type, streamed in start-id order."""
    result = session.run(
        f"MATCH (a)-[r:{rel}]->(b) RETURN labels(a) AS al, a.id AS a, labels(b) AS bl, b.id AS b, "
        "properties(r) AS props")
    for record in result:
        yield _key_of(record["al"], record["a"]), _key_of(record["bl"], record["b"]), record["props"]


# -- writers ----------------------------------------------------------------------------------

def write_node_csv(session: neo4j.Session, label: Label, path: Path) -> FileInfo:
    columns = node_columns(session, label)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(csv_line([":ID", *(c.header for c in columns), ":LABEL"]))
        for node_id, props in iter_nodes(session, label):
            where = f"{label} '{node_id}'"
            handle.write(csv_line([f"{label}:{node_id}", *(_cell(props.get(c.name), c, where) for c in columns),
                                   str(label)]))
            rows += 1
    return FileInfo("", "nodes", rows, [Column(":ID", "string"), *columns, Column(":LABEL", "string")],
                    f"{label} nodes", "text/csv", "csv")


def write_rel_csv(session: neo4j.Session, rel: Rel, path: Path) -> FileInfo:
    columns = rel_columns(session, rel)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(csv_line([":START_ID", ":END_ID", ":TYPE", *(c.header for c in columns)]))
        for start, end, props in iter_relationships(session, rel):
            where = f"{rel} {start} -> {end}"
            handle.write(csv_line([start, end, str(rel), *(_cell(props.get(c.name), c, where) for c in columns)]))
            rows += 1
    return FileInfo("", "relationships", rows,
                    [Column(":START_ID", "string"), Column(":END_ID", "string"), Column(":TYPE", "string"), *columns],
                    f"{rel} relationships", "text/csv", "csv")


def write_rdf(driver: neo4j.Driver, settings: Settings, path: Path, fmt: str) -> FileInfo:
    triples = rdf.export_triples(driver, database=settings.neo4j_database, base=settings.base_iri,
                                 include_ontology=True)
    counted = _Counted(triples)
    # mtime=0: the same graph gives the same bytes, so checksums compare across releases.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        rdf.write_triples(counted, handle, fmt)
    media = {"ntriples": "application/n-triples", "turtle": "text/turtle"}[fmt]
    return FileInfo("", "rdf", counted.count, [], f"The graph as RDF ({fmt}, gzipped); rows are triples", media,
                    {"ntriples": "nt", "turtle": "ttl"}[fmt])


class _Counted:
    def __init__(self, items) -> None:
        self.items, self.count = items, 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _graphml_value(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else _scalar(value)
    if _XML_INVALID.search(text):
        raise ReleaseError(f"{where}: a value holds a control character XML cannot carry: {text[:80]!r}")
    return escape(text)


def _graphml_keys(columns: dict[str, str], domain: str) -> list[tuple[str, str, str]]:
    return [(f"{domain[0]}_{name}", name, _GRAPHML_TYPES.get(kind, "string")) for name, kind in sorted(columns.items())]


def write_full_graphml(session: neo4j.Session, labels: list[Label], rels: list[Rel], path: Path) -> FileInfo:
    """Every node and relationship as GraphML; lists are JSON text (GraphML has no list type)."""
    node_props: dict[str, str] = {"label": "string"}
    for label in labels:
        for column in node_columns(session, label):
            node_props[column.name] = column.kind if node_props.get(column.name, column.kind) == column.kind else "string"
    edge_props: dict[str, str] = {"type": "string"}
    for rel in rels:
        for column in rel_columns(session, rel):
            edge_props[column.name] = column.kind if edge_props.get(column.name, column.kind) == column.kind else "string"
    node_keys, edge_keys = _graphml_keys(node_props, "node"), _graphml_keys(edge_props, "edge")
    nodes = edges = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for key, name, kind in node_keys:
            out.write(f'<key id="{key}" for="node" attr.name={quoteattr(name)} attr.type="{kind}"/>\n')
        for key, name, kind in edge_keys:
            out.write(f'<key id="{key}" for="edge" attr.name={quoteattr(name)} attr.type="{kind}"/>\n')
        out.write('<graph id="hdkg" edgedefault="directed">\n')
        node_key = {name: key for key, name, _ in node_keys}
        for label in labels:
            for node_id, props in iter_nodes(session, label):
                props = {k: v for k, v in props.items() if k not in INTERNAL_PROPERTIES}
                data = [f'<data key="{node_key["label"]}">{label}</data>']
                data += [f'<data key="{node_key[k]}">{_graphml_value(v, f"{label} {node_id!r}")}</data>'
                         for k, v in sorted(props.items()) if v is not None and k in node_key]
                out.write(f"<node id={quoteattr(f'{label}:{node_id}')}>{''.join(data)}</node>\n")
                nodes += 1
        edge_key = {name: key for key, name, _ in edge_keys}
        for rel in rels:
            for start, end, props in iter_relationships(session, rel):
                data = [f'<data key="{edge_key["type"]}">{rel}</data>']
                data += [f'<data key="{edge_key[k]}">{_graphml_value(v, f"{rel} {start} -> {end}")}</data>'
                         for k, v in sorted(props.items()) if v is not None and k in edge_key]
                out.write(f"<edge source={quoteattr(start)} target={quoteattr(end)}>{''.join(data)}</edge>\n")
                edges += 1
        out.write("</graph>\n</graphml>\n")
    return FileInfo("", "graphml", nodes + edges, [], f"The full property graph ({nodes} nodes, {edges} edges)",
                    "application/graphml+xml", "graphml")


_COOPERATION = (
    f"MATCH (a:{Label.COUNTRY})-[:{Rel.SIGNED}]->(i:{Label.INSTRUMENT})<-[:{Rel.SIGNED}]-(b:{Label.COUNTRY}) "
    "WHERE a.id < b.id AND i.status IN $statuses "
    f"MATCH (i)-[:{Rel.COVERS}]->(:{Label.DOMAIN})-[:{Rel.BROADER}*0..]->(d:{Label.DOMAIN}) "
    "WITH d.id AS domain, a.id AS a, b.id AS b, count(DISTINCT i) AS instruments "
    "RETURN domain, a, b, instruments ORDER BY domain, a, b"
)
_COOPERATION_ALL = (
    f"MATCH (a:{Label.COUNTRY})-[:{Rel.SIGNED}]->(i:{Label.INSTRUMENT})<-[:{Rel.SIGNED}]-(b:{Label.COUNTRY}) "
    "WHERE a.id < b.id AND i.status IN $statuses "
    "RETURN a.id AS a, b.id AS b, count(DISTINCT i) AS instruments ORDER BY a, b"
)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _write_network(path: Path, name: str, pairs: list[tuple[str, str, int]], countries: dict[str, str]) -> int:
    present = sorted({c for a, b, _ in pairs for c in (a, b)})
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                  '<key id="name" for="node" attr.name="name" attr.type="string"/>\n'
                  '<key id="weight" for="edge" attr.name="weight" attr.type="long"/>\n'
                  f'<graph id={quoteattr(name)} edgedefault="undirected">\n')
        for code in present:
            out.write(f"<node id={quoteattr(code)}><data key=\"name\">{escape(countries.get(code, code))}</data></node>\n")
        for a, b, weight in pairs:
            out.write(f'<edge source={quoteattr(a)} target={quoteattr(b)}><data key="weight">{weight}</data></edge>\n')
        out.write("</graph>\n</graphml>\n")
    return len(present)


def write_cooperation(session: neo4j.Session, folder: Path) -> list[FileInfo]:
    """Country networks: an edge per pair that signed instruments together, weighted by how many;
    one file for all domains and one per domain (an instrument counts for its domains' broader ones)."""
    statuses = list(COOPERATION_STATUSES)
    countries = {r["id"]: r["name"] or r["id"] for r in session.run(
        f"MATCH (c:{Label.COUNTRY}) RETURN c.id AS id, c.name AS name")}
    infos = []
    pairs = [(r["a"], r["b"], r["instruments"]) for r in session.run(_COOPERATION_ALL, statuses=statuses)]
    count = _write_network(folder / "all.graphml", "all", pairs, countries)
    infos.append(FileInfo("all.graphml", "graphml", len(pairs), [],
                          f"Country cooperation network, all domains ({count} countries, {len(pairs)} pairs)",
                          "application/graphml+xml", "graphml"))
    current, rows = None, []

    def flush() -> None:
        if current is None:
            return
        file_name = _SAFE_NAME.sub("-", current) + ".graphml"
        count = _write_network(folder / file_name, current, rows, countries)
        infos.append(FileInfo(file_name, "graphml", len(rows), [],
                              f"Country cooperation network on {current} ({count} countries, {len(rows)} pairs)",
                              "application/graphml+xml", "graphml"))

    for record in session.run(_COOPERATION, statuses=statuses):
        if record["domain"] != current:
            flush()
            current, rows = record["domain"], []
        rows.append((record["a"], record["b"], record["instruments"]))
    flush()
    return infos


_INSTRUMENTS = f"""
MATCH (i:{Label.INSTRUMENT}) WHERE i.id IS NOT NULL
WITH i ORDER BY i.id
RETURN i.id AS id, i.title AS title, i.title_original AS title_original, i.type AS type, i.status AS status,
  i.signed_date AS signed_date, i.signed_year AS signed_year, i.multilateral AS multilateral,
  // Parties as the RDF export builds them: one per organization that signed (with the country on
  // the relationship), then one per signing country that has no organization party.
  COLLECT {{ CALL (i) {{
              MATCH (o:{Label.ORGANIZATION})-[s:{Rel.SIGNED}]->(i)
              RETURN {{country: s.country, organization: o.id, organization_name: o.name,
                      signatory: s.signatory}} AS party
              UNION
              MATCH (c:{Label.COUNTRY})-[:{Rel.SIGNED}]->(i)
              WHERE NOT EXISTS {{ MATCH (:{Label.ORGANIZATION})-[s:{Rel.SIGNED}]->(i) WHERE s.country = c.id }}
              RETURN {{country: c.id, organization: null, organization_name: null, signatory: null}} AS party
            }}
            RETURN party ORDER BY party.country, party.organization }} AS parties,
  COLLECT {{ MATCH (i)-[:{Rel.HAS_STATUS_CHANGE}]->(c:{Label.STATUS_CHANGE})
            RETURN {{status: c.status, date: c.date}} AS change ORDER BY c.position }} AS status_history,
  COLLECT {{ MATCH (i)-[:{Rel.COVERS}]->(d:{Label.DOMAIN}) RETURN d.id AS domain ORDER BY domain }} AS domains,
  COLLECT {{ UNWIND coalesce(i.sources, []) AS sid MATCH (s:{Label.SOURCE} {{id: sid}})
            RETURN {{id: s.id, title: s.title, publisher: s.publisher, published: s.published, document: s.document}}
            AS source ORDER BY source.id }} AS sources
"""


def write_instruments_jsonl(session: neo4j.Session, path: Path) -> FileInfo:
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        for record in session.run(_INSTRUMENTS):
            row = {key: value for key, value in record.data().items()}
            out.write(json.dumps(row, ensure_ascii=False, default=_scalar) + "\n")
            rows += 1
    return FileInfo("", "jsonl", rows, [], "Instruments with their parties, status history, domains and sources",
                    "application/jsonl", "jsonl")


# -- the bundle -------------------------------------------------------------------------------

def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _version(out: Path, today: str) -> str:
    version, n = today, 1
    while (out / f"hdkg-data-{version}").exists():
        n += 1
        version = f"{today}.{n}"
    return version


def _resource_name(path: str) -> str:
    return _SAFE_NAME.sub("-", path.lower().replace("/", "-").replace(".", "-")).strip("-")


def _descriptor(version: str, created: str, files: list[FileInfo], folder: Path, license_id: str,
                counts: dict[str, int]) -> dict[str, Any]:
    title, url = LICENSES.get(license_id, (license_id, None))
    license_entry = {"name": license_id, "title": title, **({"path": url} if url else {})}
    resources = []
    for info in files:
        path = folder / info.path
        resource: dict[str, Any] = {
            "name": _resource_name(info.path), "path": info.path, "title": info.title,
            "format": info.fmt, "mediatype": info.mediatype, "encoding": "utf-8",
            "bytes": path.stat().st_size, "hash": f"sha256:{sha256(path)}",
        }
        if info.rows is not None:
            resource["count"] = info.rows
        if info.kind in ("nodes", "relationships"):
            resource["type"] = "table"
            resource["dialect"] = {"delimiter": ",", "quoteChar": '"', "header": True}
            resource["schema"] = {"fields": [
                {"name": c.header if not c.name.startswith(":") else c.name,
                 "type": "string" if c.is_array else _TABLE_TYPES.get(c.kind, "string"),
                 **({"description": f"array of {c.kind[:-2]} joined with '{ARRAY_DELIMITER}'"} if c.is_array else {})}
                for c in info.columns]}
        else:
            resource["type"] = "file"
            if info.path.endswith(".gz"):
                resource["compression"] = "gz"
        resources.append(resource)
    return {
        "name": "hdkg", "id": f"hdkg-data-{version}", "version": version, "created": created,
        "title": "Health diplomacy knowledge graph",
        "description": "Who signs which health agreements with whom, on which health domains, backed by which "
                       "news reports: curated records, with a short evidence quote behind every fact.",
        "licenses": [license_entry],
        "keywords": ["health diplomacy", "agreements", "knowledge graph", "linked data"],
        "hdkg": {"software_version": __version__, "counts": counts, "array_delimiter": ARRAY_DELIMITER},
        "resources": resources,
    }


def _readme(version: str, created: str, files: list[FileInfo], counts: dict[str, int], license_id: str) -> str:
    title, url = LICENSES.get(license_id, (license_id, None))
    nodes = " ".join(f"--nodes={f.path}" for f in files if f.kind == "nodes")
    rels = " ".join(f"--relationships={f.path}" for f in files if f.kind == "relationships")
    listing = "\n".join(f"| `{f.path}` | {f.title} | {f.rows if f.rows is not None else ''} |" for f in files)
    count_lines = "\n".join(f"| {name} | {n:,} |" for name, n in counts.items())
    return f"""# Health diplomacy knowledge graph — data release {version}

Created {created} by hdkg {__version__}. Licence: {title}{f' ({url})' if url else ''}; see LICENSE.md.
Every file is listed with its schema, size, row count and SHA-256 in `datapackage.json`
(a Frictionless Data Package); `sha256sum -c SHA256SUMS` checks the files.

## Files

| file | what | rows |
| --- | --- | --- |
{listing}

## Counts

| nodes / relationships | count |
| --- | --- |
{count_lines}

## Use

- **Another Neo4j** (empty database, server stopped; a cluster member too):
  `neo4j-admin database import full neo4j --array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true {nodes} {rels}`
  The `:ID` column (`Label:id`) is not stored; the `id` property is. Create the uniqueness constraints on
  `id` afterwards (one per label), as the project's `graph/schema.py` does, and rebuild the counts the
  aggregating queries read, which a release does not carry: `hdkg summaries` (any `hdkg load` also does).
- **pandas / R**: `pandas.read_json("jsonl/instruments.jsonl", lines=True)`, or the CSV files (arrays are
  joined with `{ARRAY_DELIMITER}`).
- **Gephi / networkx**: `networkx.read_graphml("graphml/cooperation/oncology.graphml")`; edge `weight` is the
  number of instruments (signed or in force) between the two countries on that domain or a narrower one.
- **RDF**: `rdf/hdkg.ttl.gz`, `rdf/hdkg.nt.gz` (the ontology, domains and vocabularies included).
"""


def _license_text(license_id: str) -> str:
    title, url = LICENSES.get(license_id, (license_id, None))
    return (f"# Licence\n\nThe curated data in this release (records written in the project's own words) is "
            f"available under the {title}{f' licence: {url}' if url else ''}.\n\n"
            "Evidence quotes are short extracts of the news reports each record cites; they remain the work of "
            "their publishers and are included to show where each fact comes from.\n")


def make_release(driver: neo4j.Driver, settings: Settings, out: Path, *, license_id: str = "CC-BY-4.0",
                 progress: Callable[[str], None] | None = None, today: str | None = None) -> ReleaseReport:
    """Write a complete bundle under `out` and point `out/latest` at it."""
    started = time.monotonic()
    say = progress or (lambda message: None)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    version = _version(out, today or datetime.now(UTC).strftime("%Y.%m.%d"))
    created = datetime.now(UTC).isoformat(timespec="seconds")
    name = f"hdkg-data-{version}"
    work = out / f".{name}.partial"
    shutil.rmtree(work, ignore_errors=True)
    try:
        files, counts = _write_files(driver, settings, work, say)
        (work / "README.md").write_text(_readme(version, created, files, counts, license_id), encoding="utf-8")
        (work / "LICENSE.md").write_text(_license_text(license_id), encoding="utf-8")
        docs = [FileInfo("README.md", "doc", None, [], "What the release holds and how to load it", "text/markdown", "md"),
                FileInfo("LICENSE.md", "doc", None, [], "The data licence", "text/markdown", "md")]
        descriptor = _descriptor(version, created, files + docs, work, license_id, counts)
        (work / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
        listed = [f.path for f in files + docs] + ["datapackage.json"]
        (work / "SHA256SUMS").write_text("".join(f"{sha256(work / p)}  {p}\n" for p in listed), encoding="utf-8")
        final = out / name
        os.rename(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    temporary = out / f".{LATEST}-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(name)
    os.replace(temporary, out / LATEST)
    return ReleaseReport(final, version, files + docs, counts, time.monotonic() - started)


def _write_files(driver: neo4j.Driver, settings: Settings, work: Path,
                 say: Callable[[str], None]) -> tuple[list[FileInfo], dict[str, int]]:
    for sub in ("rdf", "csv/nodes", "csv/relationships", "graphml/cooperation", "jsonl"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    files: list[FileInfo] = []
    counts: dict[str, int] = {}

    def add(info: FileInfo, path: str) -> None:
        info.path = path
        files.append(info)
        say(f"wrote {path}" + (f" ({info.rows:,} rows)" if info.rows is not None else ""))

    with driver.session(database=settings.neo4j_database, default_access_mode=neo4j.READ_ACCESS,
                        fetch_size=FETCH_SIZE,
                        notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF) as session:
        labels, rels = _labels_present(session), _types_present(session)
        for label in labels:
            info = write_node_csv(session, label, work / "csv" / "nodes" / f"{label}.csv")
            counts[str(label)] = info.rows or 0
            add(info, f"csv/nodes/{label}.csv")
        for rel in rels:
            info = write_rel_csv(session, rel, work / "csv" / "relationships" / f"{rel}.csv")
            counts[str(rel)] = info.rows or 0
            add(info, f"csv/relationships/{rel}.csv")
        add(write_full_graphml(session, labels, rels, work / "graphml" / "hdkg.graphml"), "graphml/hdkg.graphml")
        for info in write_cooperation(session, work / "graphml" / "cooperation"):
            add(info, f"graphml/cooperation/{info.path}")
        add(write_instruments_jsonl(session, work / "jsonl" / "instruments.jsonl"), "jsonl/instruments.jsonl")
    add(write_rdf(driver, settings, work / "rdf" / "hdkg.nt.gz", "ntriples"), "rdf/hdkg.nt.gz")
    add(write_rdf(driver, settings, work / "rdf" / "hdkg.ttl.gz", "turtle"), "rdf/hdkg.ttl.gz")
    return files, counts


def validate_release(folder: Path) -> list[str]:
    """Problems frictionless finds in the bundle's datapackage.json (schemas, sizes, checksums); [] if none."""
    report = validate(str(Path(folder) / "datapackage.json"))
    if report.valid:
        return []
    problems = [f"datapackage.json: {error.type}: {error.note}" for error in report.errors]
    for task in report.tasks:
        problems += [f"{task.name}: {error.type}: {error.note}" for error in task.errors]
    return problems


# -- loading a release back -------------------------------------------------------------------

def import_arguments(bundle: Path, database: str = "neo4j", report_file: Path | None = None) -> list[str]:
    """`neo4j-admin database import full` arguments that load the bundle's CSV files."""
    bundle = Path(bundle)
    nodes = sorted((bundle / "csv" / "nodes").glob("*.csv"))
    rels = sorted((bundle / "csv" / "relationships").glob("*.csv"))
    # The database comes first: --nodes and --relationships take several files each.
    return ["database", "import", "full", database, f"--array-delimiter={ARRAY_DELIMITER}",
            "--multiline-fields=true", "--overwrite-destination=true",
            *([f"--report-file={report_file}"] if report_file else []), *(f"--nodes={path}" for path in nodes),
            *(f"--relationships={path}" for path in rels)]


def admin_import(server: LocalNeo4j, bundle: Path, database: str = "neo4j") -> subprocess.CompletedProcess:
    """Run neo4j-admin's importer from the project's jars into a stopped LocalNeo4j's home."""
    conf = server.write_conf()
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(conf.parent)}
    command = [server._java(), "-Xmx512m", *JVM_FLAGS, "-cp", str(server.jars / "*"), ADMIN_ENTRY_POINT,
               *import_arguments(bundle, database, report_file=server.logs_dir / "import.report")]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=600)
